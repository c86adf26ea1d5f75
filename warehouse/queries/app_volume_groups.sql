-- 申请量: the four flows (总计 column) per year by area and by unit kind, and per year
-- (`grouped_by` = area, kind or year; the other grouping column is NULL), from
-- year_area_kind_summary (or unit_year_summary with a unit search). Areas beyond the
-- $areas_shown with the most new requests are summed in one row with area NULL; `areas` says how many.
WITH g AS NOT MATERIALIZED (
    SELECT year, area, kind, new_received, carried_over, total_processed, carried_forward
    FROM year_area_kind_summary
    WHERE $search IS NULL AND year BETWEEN $year_from AND $year_to
      AND in_selection(area, kind, NULL, NULL, $areas, $kinds, $search)
    UNION ALL
    SELECT year, area, kind, new_received, carried_over, total_processed, carried_forward
    FROM unit_year_summary
    WHERE $search IS NOT NULL AND year BETWEEN $year_from AND $year_to
      AND in_selection(area, kind, name, unit_id, $areas, $kinds, $search)
), by_area AS (
    SELECT year, area, sum(new_received) AS new_received, sum(carried_over) AS carried_over,
           sum(total_processed) AS total_processed, sum(carried_forward) AS carried_forward
    FROM g GROUP BY year, area
), shown AS (
    SELECT area FROM by_area GROUP BY area ORDER BY sum(new_received) DESC, area LIMIT $areas_shown
)
SELECT 'area' AS grouped_by, b.year, shown.area, NULL AS kind, count(*) AS areas,
       sum(b.new_received) AS new_received, sum(b.carried_over) AS carried_over,
       sum(b.total_processed) AS total_processed, sum(b.carried_forward) AS carried_forward
FROM by_area b LEFT JOIN shown USING (area)
GROUP BY b.year, shown.area
UNION ALL
SELECT 'kind', year, NULL, kind, NULL, sum(new_received), sum(carried_over), sum(total_processed), sum(carried_forward)
FROM g GROUP BY year, kind
UNION ALL
SELECT 'year', year, NULL, NULL, NULL, sum(new_received), sum(carried_over), sum(total_processed), sum(carried_forward)
FROM g GROUP BY year
ORDER BY grouped_by, year, area NULLS LAST, kind
