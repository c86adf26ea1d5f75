-- How many parsed files of other parser versions the cache holds.
SELECT count(*) FROM parsed WHERE parser_version <> $pv
