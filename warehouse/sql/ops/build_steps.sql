-- Statements of the build (warehouse/build.py) around its scripts build.sql, cross_year.sql,
-- runs.sql and views.sql: staging the cache and the files, matching units, the counts.
-- Each block is one named statement (or a few run together): `-- name: <name>`, loaded by
-- warehouse.db.sql_text("ops/build_steps:<name>").

-- name: stage_files
-- Staging: the parse cache, attached read-only (detached at the end of build.sql), and the
-- current file manifest (registered by the loader as cur_files_df).
ATTACH $path AS cache (READ_ONLY);
CREATE TEMP TABLE cur_files AS SELECT * FROM cur_files_df;

-- name: printed_names
-- Unit names as printed in the reports of the current files (to match against the registry).
SELECT DISTINCT p.unit
FROM cur_files f JOIN cache.parsed p ON p.sha256 = f.parse_key AND p.parser_version = $pv
WHERE p.unit IS NOT NULL
ORDER BY 1

-- name: rejected_parses
-- Current files that could not become a report, with whatever unit and year the parse found.
SELECT f.path, p.unit, p.year
FROM cur_files f JOIN cache.parsed p ON p.sha256 = f.parse_key AND p.parser_version = $pv
WHERE NOT p.ok
ORDER BY 1

-- name: stage_units
-- Staging: printed name -> unit, rejected-file attribution, and the units table itself.
CREATE TEMP TABLE unit_map AS SELECT * FROM unit_map_df;
CREATE TEMP TABLE rej_attr AS SELECT * FROM rej_attr_df;
INSERT INTO units SELECT * FROM units_df;

-- name: counts
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

-- name: rejected_by_reason
SELECT reason, count(*) FROM rejected_files GROUP BY reason ORDER BY reason
