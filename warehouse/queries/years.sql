-- Years with at least one loaded report.
SELECT DISTINCT year FROM v_reports ORDER BY year
