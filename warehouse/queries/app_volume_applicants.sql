-- 申请量: new and carried-over requests per year by applicant type (the six applicant
-- columns, not 总计); as v_request_volume, filtered to the two rows before aggregating.
SELECT r.year, q.applicant,
       coalesce(sum(q.value) FILTER (WHERE q.item = 'new_received'), 0) AS new_received,
       coalesce(sum(q.value) FILTER (WHERE q.item = 'carried_over'), 0) AS carried_over
FROM reports r
JOIN units u USING (unit_id)
JOIN requests q ON q.unit_id = r.unit_id AND q.year = r.year
WHERE q.applicant <> 'total'
  AND q.item IN ('new_received', 'carried_over')
  AND r.year BETWEEN $year_from AND $year_to
  AND ($areas IS NULL OR list_contains($areas, u.area))
  AND ($kinds IS NULL OR list_contains($kinds, u.kind))
  AND ($search IS NULL OR contains(lower(u.name), lower($search)) OR u.unit_id = $search)
GROUP BY r.year, q.applicant
ORDER BY r.year, q.applicant
