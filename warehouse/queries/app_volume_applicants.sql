-- 申请量: new and carried-over requests per year by applicant type (the six applicant columns,
-- not 总计). Without a unit search from cell_totals; with one, from the searched units' cells.
WITH cells AS (
    SELECT year, row_code AS item, column_code AS applicant, value FROM cell_totals
    WHERE $search IS NULL AND table_name = 'requests' AND column_code <> 'total'
      AND row_code IN ('new_received', 'carried_over') AND year BETWEEN $year_from AND $year_to
      AND in_selection(area, kind, NULL, NULL, $areas, $kinds, $search)
    UNION ALL
    SELECT q.year, q.item, q.applicant, coalesce(q.value, 0) FROM requests q JOIN reports r USING (unit_id, year)
    WHERE $search IS NOT NULL AND q.applicant <> 'total' AND q.item IN ('new_received', 'carried_over')
      AND q.year BETWEEN $year_from AND $year_to
      AND q.unit_id IN (SELECT unit_id FROM selected_units($areas, $kinds, $search))
)
SELECT year, applicant,
       coalesce(sum(value) FILTER (WHERE item = 'new_received'), 0) AS new_received,
       coalesce(sum(value) FILTER (WHERE item = 'carried_over'), 0) AS carried_over
FROM cells
GROUP BY year, applicant
ORDER BY year, applicant
