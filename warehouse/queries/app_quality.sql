-- 数据质量: every issue with its evidence. Issues without a unit (e.g. rejected files)
-- are kept unless the selection names areas, kinds or a unit; those without a year likewise.
SELECT issue_type, unit_id, name, area, year, rule, "where", expected, actual, detail, source_path
FROM v_quality
WHERE (year IS NULL OR year BETWEEN $year_from AND $year_to)
  AND (($areas IS NULL AND $kinds IS NULL AND $search IS NULL AND unit_id IS NULL)
       OR (unit_id IS NOT NULL
           AND ($areas IS NULL OR list_contains($areas, area))
           AND ($kinds IS NULL OR unit_id IN (SELECT unit_id FROM v_units WHERE list_contains($kinds, kind)))
           AND ($search IS NULL OR contains(lower(coalesce(name, '')), lower($search)) OR unit_id = $search)))
ORDER BY issue_type, unit_id NULLS LAST, year, rule, "where"
