-- 申请量: one row per unit and year (总计 column: new, carried over, processed, carried forward)
-- for the $top units with the most new requests over the selected years (`rank` 1 = most);
-- `units` is the number of units selected, so the page can say how many it leaves out.
WITH s AS NOT MATERIALIZED (
    SELECT unit_id, name, area, kind, year, template, new_received, carried_over, total_processed, carried_forward
    FROM unit_year_summary
    WHERE year BETWEEN $year_from AND $year_to
      AND in_selection(area, kind, name, unit_id, $areas, $kinds, $search)
), per_unit AS (
    SELECT unit_id, sum(new_received) AS n FROM s GROUP BY unit_id
), top AS (
    SELECT unit_id, row_number() OVER (ORDER BY n DESC, unit_id) AS rank
    FROM (SELECT * FROM per_unit ORDER BY n DESC, unit_id LIMIT $top)
)
SELECT s.*, (SELECT count(*) FROM per_unit) AS units, top.rank
FROM s JOIN top USING (unit_id)
ORDER BY s.unit_id, s.year
