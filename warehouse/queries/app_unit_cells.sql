-- 单位档案: every cell of one unit's reports (all three tables, every state).
SELECT year, table_name, row_code, column_code, value, state, raw
FROM v_cells
WHERE unit_id = $unit
ORDER BY year, table_name, row_code, column_code
