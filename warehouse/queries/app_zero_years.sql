-- 零申请单位: per year, units with a loaded report, how many had zero activity, and the share
-- (year_area_kind_summary, or unit_year_summary with a unit search).
WITH s AS (
    SELECT year, reports, zero_units FROM year_area_kind_summary
    WHERE $search IS NULL AND year BETWEEN $year_from AND $year_to
      AND in_selection(area, kind, NULL, NULL, $areas, $kinds, $search)
    UNION ALL
    SELECT year, 1, is_zero::INTEGER FROM unit_year_summary
    WHERE $search IS NOT NULL AND year BETWEEN $year_from AND $year_to
      AND in_selection(area, kind, name, unit_id, $areas, $kinds, $search)
)
SELECT year, sum(reports) AS units_reporting, sum(zero_units) AS zero_units,
       sum(zero_units) / sum(reports) AS zero_share
FROM s
GROUP BY year
ORDER BY year
