-- 全市汇总: the three tables summed over the selected units for one year, per template
-- version (NULL counts as 0; non-number cells counted so the sum's gaps are visible).
SELECT r.template, c.table_name, c.row_code, c.column_code,
       sum(coalesce(c.value, 0)) AS value,
       count(DISTINCT c.unit_id) AS reports,
       count(*) FILTER (WHERE NOT cs.has_value) AS non_numeric
FROM v_cells c
JOIN cell_states cs USING (state)
JOIN reports r ON r.unit_id = c.unit_id AND r.year = c.year
JOIN v_units u ON u.unit_id = c.unit_id
WHERE c.year = $year
  AND ($areas IS NULL OR list_contains($areas, u.area))
  AND ($kinds IS NULL OR list_contains($kinds, u.kind))
  AND ($search IS NULL OR contains(lower(u.name), lower($search)) OR u.unit_id = $search)
GROUP BY r.template, c.table_name, c.row_code, c.column_code
ORDER BY r.template, c.table_name, c.row_code, c.column_code
