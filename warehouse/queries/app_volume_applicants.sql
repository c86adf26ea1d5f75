-- 申请量: new requests per year by applicant type (the six applicant columns, not 总计).
SELECT year, applicant,
       sum(coalesce(new_received, 0)) AS new_received,
       sum(coalesce(carried_over, 0)) AS carried_over
FROM v_request_volume
WHERE applicant <> 'total'
  AND year BETWEEN $year_from AND $year_to
  AND ($areas IS NULL OR list_contains($areas, area))
  AND ($kinds IS NULL OR list_contains($kinds, kind))
  AND ($search IS NULL OR contains(lower(name), lower($search)) OR unit_id = $search)
GROUP BY year, applicant
ORDER BY year, applicant
