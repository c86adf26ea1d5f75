-- Current files that could not become a report, with whatever unit and year the parse found.
SELECT f.path, p.unit, p.year
FROM cur_files f JOIN cache.parsed p ON p.sha256 = f.parse_key AND p.parser_version = $pv
WHERE NOT p.ok
ORDER BY 1
