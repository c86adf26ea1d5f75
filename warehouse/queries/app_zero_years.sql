-- 零申请单位: per year, units with a loaded report, how many had zero activity, and the share.
SELECT year,
       count(*) AS units_reporting,
       count(*) FILTER (WHERE is_zero) AS zero_units,
       count(*) FILTER (WHERE is_zero) / nullif(count(*), 0) AS zero_share
FROM v_zero_activity
WHERE year BETWEEN $year_from AND $year_to
  AND ($areas IS NULL OR list_contains($areas, area))
  AND ($kinds IS NULL OR list_contains($kinds, kind))
  AND ($search IS NULL OR contains(lower(name), lower($search)) OR unit_id = $search)
GROUP BY year
ORDER BY year
