-- 申请量: the four flows (总计 column) per year by area and by unit kind, and per year
-- (`grouped_by` = area, kind or year; the other grouping column is NULL). Areas beyond the
-- $areas_shown with the most new requests are summed in one row with area NULL; `areas` says how many.
WITH g AS (
    SELECT year, area, kind, sum(new_received) AS new_received, sum(carried_over) AS carried_over,
           sum(total_processed) AS total_processed, sum(carried_forward) AS carried_forward
    FROM unit_year_summary
    WHERE year BETWEEN $year_from AND $year_to
      AND in_selection(area, kind, name, unit_id, $areas, $kinds, $search)
    GROUP BY year, area, kind
), shown AS (
    SELECT area FROM g GROUP BY area ORDER BY sum(new_received) DESC, area LIMIT $areas_shown
), a AS (
    SELECT g.*, shown.area AS shown_area FROM g LEFT JOIN shown USING (area)
)
SELECT CASE WHEN grouping(shown_area) = 0 THEN 'area' WHEN grouping(kind) = 0 THEN 'kind' ELSE 'year' END AS grouped_by,
       year, shown_area AS area, kind, count(DISTINCT area) AS areas,
       sum(new_received) AS new_received, sum(carried_over) AS carried_over,
       sum(total_processed) AS total_processed, sum(carried_forward) AS carried_forward
FROM a
GROUP BY GROUPING SETS ((year, shown_area), (year, kind), (year))
ORDER BY grouped_by, year, area NULLS LAST, kind
