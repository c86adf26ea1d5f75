-- 总览: per year, units reporting, requests, zero-activity share, review and litigation
-- (unit_year_summary). correction_rate = corrected / concluded cases (upheld + corrected + other).
SELECT year,
       count(*) AS units_reporting,
       count(*) FILTER (WHERE is_zero) AS zero_units,
       count(*) FILTER (WHERE is_zero) / count(*) AS zero_share,
       sum(new_received) AS new_received,
       sum(carried_over) AS carried_over,
       sum(total_processed) AS total_processed,
       sum(carried_forward) AS carried_forward,
       sum(review_total) AS review_total,
       sum(litigation_total) AS litigation_total,
       sum(corrected) AS corrected,
       sum(corrected) / nullif(sum(concluded), 0) AS correction_rate
FROM unit_year_summary
WHERE year BETWEEN $year_from AND $year_to
  AND in_selection(area, kind, name, unit_id, $areas, $kinds, $search)
GROUP BY year
ORDER BY year
