-- How many parsed files of other parser versions, and checked files of other checks versions, the cache holds.
SELECT (SELECT count(*) FROM parsed WHERE parser_version <> $pv)
     + (SELECT count(*) FROM checked WHERE parser_version <> $pv OR checks_version <> $cv)
