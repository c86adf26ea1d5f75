-- 数据质量: the units with ranked issues, most serious first: ordered by their count of the most
-- serious issue type, then of the next (issue_types.severity) and so on, for the first $top units
-- (`rank` 1 = most serious); one row per unit and issue type; `units` counts the units with issues.
-- Parser notes, blank/dash and recovered cells do not rank a unit. The order compares the counts as the digits
-- of one number, four digits per type: counts above 9,999 of one type rank as 9,999.
WITH s AS (
    SELECT unit_id, any_value(name) AS name, any_value(area) AS area, any_value(kind) AS kind,
           issue_type, any_value(severity) AS severity, count(*) AS issues
    FROM quality_issues JOIN issue_types it USING (issue_type, severity)
    WHERE it.ranked AND unit_id IS NOT NULL
      AND (year IS NULL OR year BETWEEN $year_from AND $year_to)
      AND in_selection(area, kind, name, unit_id, $areas, $kinds, $search)
    GROUP BY unit_id, issue_type
), place AS (  -- each ranked type's weight: 10000^(types after it)
    SELECT issue_type, pow(10000, count(*) OVER () - row_number() OVER (ORDER BY severity))::HUGEINT AS weight
    FROM issue_types WHERE ranked
), keys AS (
    SELECT s.unit_id, sum(least(s.issues, 9999)::HUGEINT * place.weight) AS key
    FROM s JOIN place USING (issue_type) GROUP BY s.unit_id
), top AS (
    SELECT unit_id, row_number() OVER (ORDER BY key DESC, unit_id) AS rank
    FROM (SELECT * FROM keys ORDER BY key DESC, unit_id LIMIT $top)
)
SELECT s.unit_id, s.name, s.area, s.kind, s.issue_type, s.severity, s.issues, top.rank,
       (SELECT count(*) FROM keys) AS units
FROM s JOIN top USING (unit_id)
ORDER BY top.rank, s.severity
