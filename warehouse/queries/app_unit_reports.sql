-- 单位档案: one unit's reports, one row per year, with the source file.
SELECT year, template, variant, status, format, source_path, sha256, parsed_at, parser_version, synthetic
FROM reports
WHERE unit_id = $unit
ORDER BY year
