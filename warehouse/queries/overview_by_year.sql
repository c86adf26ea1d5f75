-- 总览: per year, units reporting, requests, zero-activity share, review and litigation totals.
WITH req AS (
    SELECT year, count(DISTINCT unit_id) AS units_reporting, sum(new_received) AS new_received,
           sum(carried_over) AS carried_over, sum(total_processed) AS total_processed,
           sum(carried_forward) AS carried_forward
    FROM v_request_volume WHERE applicant = 'total' GROUP BY year
), z AS (
    SELECT year, count(*) FILTER (WHERE is_zero) AS zero_units, count(*) AS loaded_units FROM v_zero_activity GROUP BY year
), rl AS (
    SELECT year,
           sum(total) FILTER (WHERE proceeding = 'review') AS review_total,
           sum(total) FILTER (WHERE proceeding <> 'review') AS litigation_total,
           sum(corrected) AS corrected, sum(upheld + corrected + other) AS concluded
    FROM v_review_litigation GROUP BY year
)
SELECT z.year, coalesce(req.units_reporting, 0) AS units_reporting, coalesce(req.new_received, 0) AS new_received,
       coalesce(req.carried_over, 0) AS carried_over, coalesce(req.total_processed, 0) AS total_processed,
       coalesce(req.carried_forward, 0) AS carried_forward,
       z.zero_units, z.zero_units / z.loaded_units AS zero_share,
       coalesce(rl.review_total, 0) AS review_total, coalesce(rl.litigation_total, 0) AS litigation_total,
       CASE WHEN rl.concluded > 0 THEN rl.corrected / rl.concluded END AS correction_rate
FROM z LEFT JOIN req USING (year) LEFT JOIN rl USING (year)
ORDER BY z.year
