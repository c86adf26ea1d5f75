-- 覆盖情况: the unit × year matrix of statuses for at most $top units, those with a year to follow
-- up first (`follow_up`: missing, rejected or failed checks; most such years first, then by
-- unit_id); `units` counts the selected units, `follow_up_units` those with a year to follow up;
-- `detail` says why (rows to follow up only).
WITH c AS NOT MATERIALIZED (
    SELECT unit_id, name, area, kind, year, status, status_label, follow_up
    FROM v_coverage
    WHERE year BETWEEN $year_from AND $year_to
      AND in_selection(area, kind, name, unit_id, $areas, $kinds, $search)
), per_unit AS (
    SELECT unit_id, count(*) FILTER (WHERE follow_up) AS follow_ups FROM c GROUP BY unit_id
), top AS (
    SELECT unit_id, follow_ups FROM per_unit ORDER BY follow_ups DESC, unit_id LIMIT $top
), totals AS (
    SELECT count(*) AS units, count(*) FILTER (WHERE follow_ups > 0) AS follow_up_units FROM per_unit
), why AS (
    SELECT unit_id, year, detail FROM unit_year_status
    WHERE follow_up AND year BETWEEN $year_from AND $year_to
      AND unit_id IN (SELECT unit_id FROM top WHERE follow_ups > 0)
)
SELECT c.unit_id, c.name, c.area, c.kind, c.year, c.status, c.status_label, c.follow_up, why.detail,
       top.follow_ups, totals.units, totals.follow_up_units
FROM c JOIN top USING (unit_id) CROSS JOIN totals LEFT JOIN why USING (unit_id, year)
ORDER BY c.unit_id, c.year
