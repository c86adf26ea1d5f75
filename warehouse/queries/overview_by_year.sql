-- 总览: per year, units reporting, requests, zero-activity share, review and litigation totals (unit_year_summary).
SELECT year, count(*) AS units_reporting, sum(new_received) AS new_received, sum(carried_over) AS carried_over,
       sum(total_processed) AS total_processed, sum(carried_forward) AS carried_forward,
       count(*) FILTER (WHERE is_zero) AS zero_units, count(*) FILTER (WHERE is_zero) / count(*) AS zero_share,
       sum(review_total) AS review_total, sum(litigation_total) AS litigation_total,
       CASE WHEN sum(concluded) > 0 THEN sum(corrected) / sum(concluded) END AS correction_rate
FROM unit_year_summary
GROUP BY year
ORDER BY year
