-- Unit names as printed in the reports of the current files (to match against the registry).
SELECT DISTINCT p.unit
FROM cur_files f JOIN cache.parsed p ON p.sha256 = f.parse_key AND p.parser_version = $pv
WHERE p.unit IS NOT NULL
ORDER BY 1
