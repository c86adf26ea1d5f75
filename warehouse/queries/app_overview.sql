-- 总览: per year, units reporting, requests, zero-activity share, review and litigation
-- (year_area_kind_summary, or unit_year_summary with a unit search).
-- correction_rate = corrected / concluded cases (upheld + corrected + other).
WITH s AS (
    SELECT year, reports, zero_units, new_received, carried_over, total_processed, carried_forward,
           review_total, litigation_total, corrected, concluded
    FROM year_area_kind_summary
    WHERE $search IS NULL AND year BETWEEN $year_from AND $year_to
      AND in_selection(area, kind, NULL, NULL, $areas, $kinds, $search)
    UNION ALL
    SELECT year, 1, is_zero::INTEGER, new_received, carried_over, total_processed, carried_forward,
           review_total, litigation_total, corrected, concluded
    FROM unit_year_summary
    WHERE $search IS NOT NULL AND year BETWEEN $year_from AND $year_to
      AND in_selection(area, kind, name, unit_id, $areas, $kinds, $search)
)
SELECT year,
       sum(reports) AS units_reporting,
       sum(zero_units) AS zero_units,
       sum(zero_units) / sum(reports) AS zero_share,
       sum(new_received) AS new_received,
       sum(carried_over) AS carried_over,
       sum(total_processed) AS total_processed,
       sum(carried_forward) AS carried_forward,
       sum(review_total) AS review_total,
       sum(litigation_total) AS litigation_total,
       sum(corrected) AS corrected,
       sum(corrected) / nullif(sum(concluded), 0) AS correction_rate
FROM s
GROUP BY year
ORDER BY year
