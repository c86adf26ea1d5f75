-- 办理结果: each unit's outcomes by group over the selected years, with the unit's shares, for
-- the $top units that answered the most requests (`rank` 1 = most); `units` counts the units with any outcome.
WITH s AS NOT MATERIALIZED (
    SELECT unit_id, name, area, kind, outcome_group, value FROM unit_year_outcomes
    WHERE year BETWEEN $year_from AND $year_to
      AND in_selection(area, kind, name, unit_id, $areas, $kinds, $search)
), per_unit AS (
    SELECT unit_id, sum(value) AS n FROM s GROUP BY unit_id HAVING sum(value) > 0
), top AS (
    SELECT unit_id, row_number() OVER (ORDER BY n DESC, unit_id) AS rank
    FROM (SELECT * FROM per_unit ORDER BY n DESC, unit_id LIMIT $top)
)
SELECT s.unit_id, s.name, s.area, s.kind, s.outcome_group,
       sum(s.value) AS value,
       sum(s.value) / nullif(sum(sum(s.value)) OVER (PARTITION BY s.unit_id), 0) AS share,
       (SELECT count(*) FROM per_unit) AS units, any_value(top.rank) AS rank
FROM s JOIN top USING (unit_id)
GROUP BY s.unit_id, s.name, s.area, s.kind, s.outcome_group
ORDER BY s.unit_id, s.outcome_group
