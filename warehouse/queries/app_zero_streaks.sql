-- 零申请单位: per year, zero-activity units by how many consecutive loaded years they have been at zero.
SELECT year, zero_streak, count(*) AS units
FROM unit_year_summary
WHERE is_zero AND year BETWEEN $year_from AND $year_to
  AND in_selection(area, kind, name, unit_id, $areas, $kinds, $search)
GROUP BY year, zero_streak
ORDER BY year, zero_streak
