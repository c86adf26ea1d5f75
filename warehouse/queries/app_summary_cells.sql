-- 全市汇总: the three tables summed over the selected units for one year, per template version
-- (NULL counts as 0; non-number cells counted so the sum's gaps are visible). Without a unit
-- search from cell_totals; with one, from the searched units' cells.
WITH cells AS (
    SELECT template, table_name, row_code, column_code, value, non_numeric FROM cell_totals
    WHERE $search IS NULL AND year = $year AND in_selection(area, kind, NULL, NULL, $areas, $kinds, $search)
    UNION ALL
    SELECT r.template, c.table_name, c.row_code, c.column_code, coalesce(c.value, 0), (NOT cs.has_value)::INTEGER
    FROM v_cells c
    JOIN reports r USING (unit_id, year)
    JOIN cell_states cs USING (state)
    WHERE $search IS NOT NULL AND c.year = $year
      AND c.unit_id IN (SELECT unit_id FROM selected_units($areas, $kinds, $search))
)
SELECT template, table_name, row_code, column_code, sum(value) AS value, sum(non_numeric)::BIGINT AS non_numeric
FROM cells
GROUP BY template, table_name, row_code, column_code
ORDER BY template, table_name, row_code, column_code
