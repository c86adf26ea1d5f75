-- The generated warehouse's meta rows; returns the row count of each table. Parameters: $now, $schema_version.
INSERT INTO meta
SELECT 'rows.' || name, n::VARCHAR FROM (
    SELECT 'units' AS name, count(*) AS n FROM units UNION ALL SELECT 'reports', count(*) FROM reports
    UNION ALL SELECT 'requests', count(*) FROM requests UNION ALL SELECT 'review_litigation', count(*) FROM review_litigation
    UNION ALL SELECT 'proactive', count(*) FROM proactive UNION ALL SELECT 'checks', count(*) FROM checks
    UNION ALL SELECT 'warnings', count(*) FROM warnings UNION ALL SELECT 'rejected_files', count(*) FROM rejected_files
    UNION ALL SELECT 'conflicts', count(*) FROM conflicts)
UNION ALL
SELECT key, value FROM (VALUES ('built_at', strftime($now::TIMESTAMP, '%Y-%m-%dT%H:%M:%S')), ('parser_version', 'synthetic'),
                               ('schema_version', $schema_version), ('synthetic', 'true'),
                               ('sources', 'nianbao bench app (generated)')) v(key, value)
UNION ALL
SELECT 'synthetic_reports', count(*)::VARCHAR FROM reports;

SELECT substr(key, 6) AS table_name, value::BIGINT AS n FROM meta WHERE key LIKE 'rows.%' ORDER BY 1;
