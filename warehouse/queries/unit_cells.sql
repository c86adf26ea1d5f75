-- 单位档案: every cell of one unit ($unit_id) with row and column labels of the report's template.
SELECT c.year, r.template, c.table_name, c.row_code, rl.label AS row_label, rl.position AS row_position,
       c.column_code, cl.label AS column_label, cl.position AS column_position, c.value, c.state, c.raw
FROM v_cells c
JOIN reports r USING (unit_id, year)
LEFT JOIN labels rl ON rl.table_name = c.table_name AND rl.dimension = 'row' AND rl.code = c.row_code AND rl.template = r.template
LEFT JOIN labels cl ON cl.table_name = c.table_name AND cl.dimension = 'column' AND cl.code = c.column_code AND cl.template = r.template
WHERE c.unit_id = $unit_id
ORDER BY c.year, c.table_name, row_position, column_position
