-- 办理结果: every outcome row (each 不予公开 reason …) per year, with its group and share of the
-- year. Without a unit search from cell_totals; with one, from the searched units' cells.
WITH cells AS (
    SELECT year, row_code AS item, value FROM cell_totals
    WHERE $search IS NULL AND table_name = 'requests' AND column_code = 'total'
      AND year BETWEEN $year_from AND $year_to
      AND in_selection(area, kind, NULL, NULL, $areas, $kinds, $search)
    UNION ALL
    SELECT q.year, q.item, coalesce(q.value, 0) FROM requests q JOIN reports r USING (unit_id, year)
    WHERE $search IS NOT NULL AND q.applicant = 'total' AND q.year BETWEEN $year_from AND $year_to
      AND q.unit_id IN (SELECT unit_id FROM selected_units($areas, $kinds, $search))
)
SELECT c.year, c.item, o.outcome_group,
       sum(c.value) AS value,
       sum(c.value) / nullif(sum(sum(c.value)) OVER (PARTITION BY c.year), 0) AS share
FROM cells c JOIN outcome_items o USING (item)
GROUP BY c.year, c.item, o.outcome_group
ORDER BY c.year, c.item
