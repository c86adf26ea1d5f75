-- 数据质量: how many issues of each type (issue_types, most serious first) and rule or reason.
-- Listed types are counted from quality_issues; the others (recovered, blank/dash cells), counted
-- per unit-year in unit_year_summary's column of their cell quality class, with rule NULL.
-- Issues without a unit (files attributed to no unit) count only when no area, kind or unit
-- search is selected; those without a year in any year range.
WITH listed AS (
    SELECT issue_type, rule, count(*) AS issues
    FROM quality_issues
    WHERE (year IS NULL OR year BETWEEN $year_from AND $year_to)
      AND in_selection(area, kind, name, unit_id, $areas, $kinds, $search)
    GROUP BY issue_type, rule
), s AS (
    SELECT sum(note_cells) AS note, sum(empty_cells) AS empty, sum(problem_cells) AS problem
    FROM unit_year_summary
    WHERE year BETWEEN $year_from AND $year_to
      AND in_selection(area, kind, name, unit_id, $areas, $kinds, $search)
), counted AS (
    SELECT it.issue_type, NULL AS rule,
           CASE it.cell_quality WHEN 'note' THEN s.note WHEN 'empty' THEN s.empty WHEN 'problem' THEN s.problem END
               ::BIGINT AS issues
    FROM issue_types it CROSS JOIN s
    WHERE NOT it.listed
)
SELECT x.issue_type, it.label, it.severity, it.ranked, x.rule, x.issues
FROM (SELECT * FROM listed UNION ALL SELECT * FROM counted WHERE issues > 0) x
JOIN issue_types it USING (issue_type)
ORDER BY it.severity, x.issues DESC, x.rule
