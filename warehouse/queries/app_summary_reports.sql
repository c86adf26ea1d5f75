-- 全市汇总: the reports summed for one year (which units, which template version, which file).
SELECT u.unit_id, u.name, u.area, u.kind, r.template, r.variant, r.source_path
FROM reports r
JOIN v_units u ON u.unit_id = r.unit_id
WHERE r.year = $year
  AND r.unit_id IN (SELECT DISTINCT unit_id FROM v_cells WHERE year = $year)
  AND ($areas IS NULL OR list_contains($areas, u.area))
  AND ($kinds IS NULL OR list_contains($kinds, u.kind))
  AND ($search IS NULL OR contains(lower(u.name), lower($search)) OR u.unit_id = $search)
ORDER BY u.area, u.kind, u.name
