-- 复议与诉讼: per year and proceeding, cases by outcome and the correction rate
-- (corrected / concluded cases, as in v_review_litigation).
SELECT year, proceeding,
       sum(coalesce(upheld, 0)) AS upheld,
       sum(coalesce(corrected, 0)) AS corrected,
       sum(coalesce(other, 0)) AS other,
       sum(coalesce(pending, 0)) AS pending,
       sum(coalesce(total, 0)) AS total,
       sum(coalesce(corrected, 0))
           / nullif(sum(coalesce(upheld, 0) + coalesce(corrected, 0) + coalesce(other, 0)), 0) AS correction_rate
FROM v_review_litigation
WHERE year BETWEEN $year_from AND $year_to
  AND ($areas IS NULL OR list_contains($areas, area))
  AND ($kinds IS NULL OR list_contains($kinds, kind))
  AND ($search IS NULL OR contains(lower(name), lower($search)) OR unit_id = $search)
GROUP BY year, proceeding
ORDER BY year, proceeding
