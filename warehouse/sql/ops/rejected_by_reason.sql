SELECT reason, count(*) FROM rejected_files GROUP BY reason ORDER BY reason
