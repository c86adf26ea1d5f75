-- 申请量: one row per unit and year (the 总计 column): new, carried over, processed, carried forward.
SELECT unit_id, name, area, kind, year, template,
       coalesce(new_received, 0) AS new_received,
       coalesce(carried_over, 0) AS carried_over,
       coalesce(total_processed, 0) AS total_processed,
       coalesce(carried_forward, 0) AS carried_forward
FROM v_request_volume
WHERE applicant = 'total'
  AND year BETWEEN $year_from AND $year_to
  AND ($areas IS NULL OR list_contains($areas, area))
  AND ($kinds IS NULL OR list_contains($kinds, kind))
  AND ($search IS NULL OR contains(lower(name), lower($search)) OR unit_id = $search)
ORDER BY unit_id, year
