-- Statements of warehouse/db.py: the settings every connection the refresh writes with
-- starts with, and reads of the published warehouse.
-- Each block is one named statement (or a few run together): `-- name: <name>`, loaded by
-- warehouse.db.sql_text("ops/db:<name>").

-- name: settings
-- Keep the refresh within the memory budget (the whole process tree stays under 2 GB);
-- DuckDB spills larger joins to disk beside the database file.
SET memory_limit = '512MB';
SET preserve_insertion_order = false;
SET enable_progress_bar = false;

-- name: published_runs
-- The run history of a published warehouse (see warehouse.db.published_runs).
SELECT run_id, started, finished, seen, new, changed, unchanged, deleted, parsed, rejected, conflicts, outcome, detail
FROM ingest_runs ORDER BY run_id;

-- name: conflict_paths
-- Paths of the files in a conflict, kept or dropped (see warehouse.db.conflict_paths).
SELECT kept_path FROM conflicts UNION SELECT dropped_path FROM conflicts;
