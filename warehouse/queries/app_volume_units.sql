-- 申请量: one row per unit and year (the 总计 column): new, carried over, processed, carried forward.
-- Same numbers as v_request_volume (NULL read as 0), but filtered to the four rows before
-- aggregating, so that the page stays fast on large warehouses.
SELECT r.unit_id, u.name, u.area, u.kind, r.year, r.template,
       coalesce(sum(q.value) FILTER (WHERE q.item = 'new_received'), 0) AS new_received,
       coalesce(sum(q.value) FILTER (WHERE q.item = 'carried_over'), 0) AS carried_over,
       coalesce(sum(q.value) FILTER (WHERE q.item = 'total_processed'), 0) AS total_processed,
       coalesce(sum(q.value) FILTER (WHERE q.item = 'carried_forward'), 0) AS carried_forward
FROM reports r
JOIN units u USING (unit_id)
JOIN requests q ON q.unit_id = r.unit_id AND q.year = r.year
WHERE q.applicant = 'total'
  AND q.item IN ('new_received', 'carried_over', 'total_processed', 'carried_forward')
  AND r.year BETWEEN $year_from AND $year_to
  AND ($areas IS NULL OR list_contains($areas, u.area))
  AND ($kinds IS NULL OR list_contains($kinds, u.kind))
  AND ($search IS NULL OR contains(lower(u.name), lower($search)) OR u.unit_id = $search)
GROUP BY r.unit_id, u.name, u.area, u.kind, r.year, r.template
ORDER BY r.unit_id, r.year
