-- 覆盖情况: per year and status, the number of units (loaded, zero_activity, failed_checks, rejected, missing).
SELECT year, status, any_value(status_label) AS status_label, count(*) AS units
FROM v_coverage
WHERE year BETWEEN $year_from AND $year_to
  AND in_selection(area, kind, name, unit_id, $areas, $kinds, $search)
GROUP BY year, status
ORDER BY year, status
