-- Row counts written to meta (rows.<table>) so that readers can verify a complete file.
SELECT 'units', count(*) FROM units UNION ALL
SELECT 'reports', count(*) FROM reports UNION ALL
SELECT 'requests', count(*) FROM requests UNION ALL
SELECT 'review_litigation', count(*) FROM review_litigation UNION ALL
SELECT 'proactive', count(*) FROM proactive UNION ALL
SELECT 'checks', count(*) FROM checks UNION ALL
SELECT 'warnings', count(*) FROM warnings UNION ALL
SELECT 'rejected_files', count(*) FROM rejected_files UNION ALL
SELECT 'conflicts', count(*) FROM conflicts UNION ALL
SELECT 'synthetic_reports', count(*) FROM reports WHERE synthetic
