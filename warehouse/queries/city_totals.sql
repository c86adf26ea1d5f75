-- 全市汇总: the three tables summed over all units for one year ($year), by template layout.
SELECT r.template, c.table_name, c.row_code, c.column_code, sum(coalesce(c.value, 0)) AS value,
       count(DISTINCT c.unit_id) AS units
FROM v_cells c JOIN reports r USING (unit_id, year)
WHERE c.year = $year
GROUP BY r.template, c.table_name, c.row_code, c.column_code
ORDER BY r.template, c.table_name, c.row_code, c.column_code
