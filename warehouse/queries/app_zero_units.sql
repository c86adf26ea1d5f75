-- 零申请单位: zero-activity unit-years with how many consecutive years each has been at zero,
-- latest year and longest streak first, the first $top of them (app_zero_years counts them all).
SELECT unit_id, name, area, kind, year, zero_streak
FROM unit_year_summary
WHERE is_zero AND year BETWEEN $year_from AND $year_to
  AND in_selection(area, kind, name, unit_id, $areas, $kinds, $search)
ORDER BY year DESC, zero_streak DESC, unit_id
LIMIT $top
