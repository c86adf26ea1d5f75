-- How many contents each Parquet part holds (parsed or checked).
SELECT part, count(DISTINCT sha256)
FROM (SELECT part, sha256 FROM parsed WHERE part IS NOT NULL UNION ALL SELECT part, sha256 FROM checked)
GROUP BY part
