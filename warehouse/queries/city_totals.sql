-- 全市汇总: the three tables summed over all units for one year ($year), by template layout (cell_totals).
SELECT template, table_name, row_code, column_code, sum(value) AS value, sum(cells) AS units
FROM cell_totals
WHERE year = $year
GROUP BY template, table_name, row_code, column_code
ORDER BY template, table_name, row_code, column_code
