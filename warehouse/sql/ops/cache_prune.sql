-- Drop the results of other parser versions: they can never be used again by this code, and
-- each version's rows would otherwise stay in the cache for good (the freed space is reused).
DELETE FROM parsed_cells WHERE parser_version <> $pv;
DELETE FROM parsed_checks WHERE parser_version <> $pv;
DELETE FROM parsed_warnings WHERE parser_version <> $pv;
DELETE FROM parsed WHERE parser_version <> $pv;
