-- 总览: per year, units reporting, requests, zero-activity share, review and litigation.
-- correction_rate = corrected / concluded cases (upheld + corrected + other), as in v_review_litigation.
WITH rep AS (
    SELECT year, count(*) AS units_reporting, count(*) FILTER (WHERE is_zero) AS zero_units
    FROM v_zero_activity
    WHERE year BETWEEN $year_from AND $year_to
      AND ($areas IS NULL OR list_contains($areas, area))
      AND ($kinds IS NULL OR list_contains($kinds, kind))
      AND ($search IS NULL OR contains(lower(name), lower($search)) OR unit_id = $search)
    GROUP BY year
), vol AS (
    SELECT year,
           sum(coalesce(new_received, 0)) AS new_received,
           sum(coalesce(carried_over, 0)) AS carried_over,
           sum(coalesce(total_processed, 0)) AS total_processed,
           sum(coalesce(carried_forward, 0)) AS carried_forward
    FROM v_request_volume
    WHERE applicant = 'total'
      AND year BETWEEN $year_from AND $year_to
      AND ($areas IS NULL OR list_contains($areas, area))
      AND ($kinds IS NULL OR list_contains($kinds, kind))
      AND ($search IS NULL OR contains(lower(name), lower($search)) OR unit_id = $search)
    GROUP BY year
), rl AS (
    SELECT year,
           sum(coalesce(total, 0)) FILTER (WHERE proceeding = 'review') AS review_total,
           sum(coalesce(total, 0)) FILTER (WHERE proceeding <> 'review') AS litigation_total,
           sum(coalesce(corrected, 0)) AS corrected,
           sum(coalesce(upheld, 0) + coalesce(corrected, 0) + coalesce(other, 0)) AS concluded
    FROM v_review_litigation
    WHERE year BETWEEN $year_from AND $year_to
      AND ($areas IS NULL OR list_contains($areas, area))
      AND ($kinds IS NULL OR list_contains($kinds, kind))
      AND ($search IS NULL OR contains(lower(name), lower($search)) OR unit_id = $search)
    GROUP BY year
)
SELECT rep.year,
       rep.units_reporting,
       rep.zero_units,
       rep.zero_units / nullif(rep.units_reporting, 0) AS zero_share,
       coalesce(vol.new_received, 0) AS new_received,
       coalesce(vol.carried_over, 0) AS carried_over,
       coalesce(vol.total_processed, 0) AS total_processed,
       coalesce(vol.carried_forward, 0) AS carried_forward,
       coalesce(rl.review_total, 0) AS review_total,
       coalesce(rl.litigation_total, 0) AS litigation_total,
       coalesce(rl.corrected, 0) AS corrected,
       rl.corrected / nullif(rl.concluded, 0) AS correction_rate
FROM rep
LEFT JOIN vol USING (year)
LEFT JOIN rl USING (year)
ORDER BY rep.year
