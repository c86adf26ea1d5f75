-- 复议与诉讼: per year and proceeding, cases by outcome and the correction rate
-- (corrected / concluded cases, as in v_review_litigation).
SELECT year, proceeding,
       sum(upheld) AS upheld, sum(corrected) AS corrected, sum(other) AS other, sum(pending) AS pending,
       sum(total) AS total,
       sum(corrected) / nullif(sum(upheld + corrected + other), 0) AS correction_rate
FROM unit_year_review
WHERE year BETWEEN $year_from AND $year_to
  AND in_selection(area, kind, name, unit_id, $areas, $kinds, $search)
GROUP BY year, proceeding
ORDER BY year, proceeding
