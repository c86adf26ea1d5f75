-- How many parsed contents each Parquet part holds.
SELECT part, count(*) FROM parsed WHERE part IS NOT NULL GROUP BY part
