-- 覆盖情况: the unit × year matrix of statuses (loaded, zero_activity, failed_checks, rejected, missing).
SELECT unit_id, name, area, kind, year, status, status_label, detail
FROM v_coverage
WHERE year BETWEEN $year_from AND $year_to
  AND ($areas IS NULL OR list_contains($areas, area))
  AND ($kinds IS NULL OR list_contains($kinds, kind))
  AND ($search IS NULL OR contains(lower(name), lower($search)) OR unit_id = $search)
ORDER BY unit_id, year
