-- 复议与诉讼: per unit and proceeding over the selected years, for the $top units with the most
-- cases (units with cases only; `rank` 1 = most); `units` counts the units with cases.
WITH s AS NOT MATERIALIZED (
    SELECT unit_id, name, area, kind, proceeding, upheld, corrected, other, pending, total
    FROM unit_year_review
    WHERE year BETWEEN $year_from AND $year_to
      AND in_selection(area, kind, name, unit_id, $areas, $kinds, $search)
), per_unit AS (
    SELECT unit_id, sum(total) AS n FROM s GROUP BY unit_id HAVING sum(total) > 0
), top AS (
    SELECT unit_id, row_number() OVER (ORDER BY n DESC, unit_id) AS rank
    FROM (SELECT * FROM per_unit ORDER BY n DESC, unit_id LIMIT $top)
)
SELECT s.unit_id, s.name, s.area, s.kind, s.proceeding,
       sum(s.upheld) AS upheld, sum(s.corrected) AS corrected, sum(s.other) AS other,
       sum(s.pending) AS pending, sum(s.total) AS total,
       sum(s.corrected) / nullif(sum(s.upheld + s.corrected + s.other), 0) AS correction_rate,
       (SELECT count(*) FROM per_unit) AS units, any_value(top.rank) AS rank
FROM s JOIN top USING (unit_id)
GROUP BY s.unit_id, s.name, s.area, s.kind, s.proceeding
HAVING sum(s.total) > 0
ORDER BY s.unit_id, s.proceeding
