-- Dashboard banner: is this demo data (演示数据)? How many reports, parsed when?
SELECT
    coalesce((SELECT bool_or(lower(trim(value)) IN ('true', '1', 'yes')) FROM meta WHERE key = 'synthetic'), false)
        OR coalesce((SELECT bool_or(synthetic) FROM reports), false) AS synthetic,
    (SELECT count(*) FROM reports) AS reports,
    (SELECT max(parsed_at) FROM reports) AS last_parsed
