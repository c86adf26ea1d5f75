-- 零申请单位: per year, units with a loaded report, how many had zero activity, and the share.
SELECT year,
       count(*) AS units_reporting,
       count(*) FILTER (WHERE is_zero) AS zero_units,
       count(*) FILTER (WHERE is_zero) / count(*) AS zero_share
FROM unit_year_summary
WHERE year BETWEEN $year_from AND $year_to
  AND in_selection(area, kind, name, unit_id, $areas, $kinds, $search)
GROUP BY year
ORDER BY year
