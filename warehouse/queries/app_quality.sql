-- 数据质量: the ranked issues one by one with their evidence, most serious first (issue_types.severity),
-- of one type ($issue_type, NULL: all) and rules or reasons ($rules, NULL: all), the first $top;
-- `issues` counts them all. Issues without a unit (files attributed to no unit) are kept only when
-- no area, kind or unit search is selected; those without a year in any year range.
SELECT issue_type, severity, unit_id, name, area, kind, year, rule, "where", expected, actual, detail, source_path,
       count(*) OVER () AS issues
FROM quality_issues
WHERE (year IS NULL OR year BETWEEN $year_from AND $year_to)
  AND in_selection(area, kind, name, unit_id, $areas, $kinds, $search)
  AND ($issue_type IS NULL OR issue_type = $issue_type)
  AND ($rules IS NULL OR list_contains($rules, rule))
ORDER BY severity, unit_id NULLS LAST, year, rule, "where"
LIMIT $top
