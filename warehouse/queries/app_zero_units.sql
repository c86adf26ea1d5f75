-- 零申请单位: every zero-activity unit-year with how many consecutive years it has been at zero.
SELECT unit_id, name, area, kind, year, zero_streak
FROM v_zero_activity
WHERE is_zero
  AND year BETWEEN $year_from AND $year_to
  AND ($areas IS NULL OR list_contains($areas, area))
  AND ($kinds IS NULL OR list_contains($kinds, kind))
  AND ($search IS NULL OR contains(lower(name), lower($search)) OR unit_id = $search)
ORDER BY year DESC, zero_streak DESC, unit_id
