-- Rejected files per reason, with the Chinese label.
SELECT f.reason, coalesce(r.label, f.reason) AS label, count(*) AS files
FROM rejected_files f LEFT JOIN reject_reasons r USING (reason)
GROUP BY f.reason, label ORDER BY files DESC, f.reason
