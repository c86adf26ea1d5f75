-- The run history of a published warehouse (see warehouse.db.published_runs).
SELECT run_id, started, finished, seen, new, changed, unchanged, deleted, parsed, rejected, conflicts, outcome, detail
FROM ingest_runs ORDER BY run_id;
