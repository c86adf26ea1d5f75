-- Drop the results of other parser versions and the checks of other checks versions: they can
-- never be used again by this code (their Parquet parts are deleted once no row names them).
DELETE FROM parsed WHERE parser_version <> $pv;
DELETE FROM checked WHERE parser_version <> $pv OR checks_version <> $cv;
