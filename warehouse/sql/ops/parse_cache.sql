-- Statements of the parse cache (warehouse/cache.py, on data/cache/<db stem>/parsed.duckdb;
-- its tables: warehouse/sql/cache.sql).
-- Each block is one named statement (or a few run together): `-- name: <name>`, loaded by
-- warehouse.db.sql_text("ops/parse_cache:<name>").

-- name: settings
-- The parse cache is written while the parser workers use every core: one DuckDB thread
-- for its inserts leaves the cores to them (two threads cost ~20% more CPU for the same batch).
SET threads = 1;

-- name: old_format
-- A cache written by an older nianbao: cells inside the database (a parsed_cells table), or
-- checks counted with the parse (parsed.n_failed) instead of apart.
SELECT count(*) FROM duckdb_tables() WHERE table_name = 'parsed_cells'
UNION ALL SELECT count(*) FROM duckdb_columns() WHERE table_name = 'parsed' AND column_name = 'n_failed'
ORDER BY 1 DESC LIMIT 1

-- name: manifest
-- The file manifest of the last published run.
SELECT path, size, mtime_ns, sha256, first_seen FROM files

-- name: save_manifest
-- Replace the manifest with the current files (registered as files_df); run inside a transaction.
DELETE FROM files;
INSERT INTO files SELECT path, size, mtime_ns, sha256, first_seen FROM files_df;

-- name: set_state
INSERT OR REPLACE INTO state VALUES ($key, $value);

-- name: get_state
SELECT value FROM state WHERE key = $key

-- name: next_run
SELECT coalesce(max(run_id), 0) + 1 FROM runs

-- name: add_run
-- Record one run (also a run that published nothing).
INSERT INTO runs (run_id, started, finished, seen, new, changed, unchanged, deleted, parsed, rejected, conflicts,
                  outcome, detail)
VALUES ($run_id, $started, $finished, $seen, $new, $changed, $unchanged, $deleted, $parsed, $rejected, $conflicts,
        $outcome, $detail);

-- name: runs
SELECT * FROM runs ORDER BY run_id

-- name: cached
-- Contents already parsed by this parser version.
SELECT sha256 FROM parsed WHERE parser_version = $pv

-- name: forget_rejected
-- Forget the rejections of this parser version for the contents in retry_df(sha256), so that
-- those files are parsed again (after a library was installed or a limit raised).
DELETE FROM parsed
WHERE parser_version = $pv AND NOT ok AND sha256 IN (SELECT sha256 FROM retry_df);

-- name: insert_batch
-- One batch of worker results (parsed_batch, checked_batch) whose cells, checks and warnings
-- were written to the Parquet part $part (NULL: the batch has none, only rejections); run
-- inside a transaction, after the part is in place. Rejections name no part.
INSERT INTO parsed SELECT *, CASE WHEN ok THEN $part END AS part FROM parsed_batch;
INSERT INTO checked SELECT *, $part AS part FROM checked_batch;

-- name: unchecked
-- The current parse keys (keys_df(sha256)) parsed by this parser version without checks of this
-- checks version: what a re-check evaluates from the cached cells, with where they are.
SELECT p.sha256, p.template, p.variant, p.meta_json, p.part
FROM parsed p
WHERE p.parser_version = $pv AND p.ok AND p.sha256 IN (SELECT sha256 FROM keys_df)
  AND NOT EXISTS (SELECT 1 FROM checked k WHERE k.sha256 = p.sha256 AND k.parser_version = $pv
                                           AND k.checks_version = $cv)
ORDER BY p.part, p.sha256

-- name: cells_of
-- The cached cells of some contents (want_df(sha256, part)) from their Parquet parts $files, in
-- the order the parse wrote them: a content's cells are consecutive rows of one part, so the
-- part and the row number order them (cheaper than sorting by sha256).
SELECT c.sha256, c.table_name, c.row_code, c.column_code, c.value, c.state, c.raw
FROM read_parquet($files, file_row_number = true, filename = true) c
JOIN want_df w ON w.part = c.part AND w.sha256 = c.sha256
WHERE c.parser_version = $pv
ORDER BY c.filename, c.file_row_number

-- name: other_versions
-- How many parsed files of other parser versions, and checked files of other checks versions, the cache holds.
SELECT (SELECT count(*) FROM parsed WHERE parser_version <> $pv)
     + (SELECT count(*) FROM checked WHERE parser_version <> $pv OR checks_version <> $cv)

-- name: prune
-- Drop the results of other parser versions and the checks of other checks versions: they can
-- never be used again by this code (their Parquet parts are deleted once no row names them).
DELETE FROM parsed WHERE parser_version <> $pv;
DELETE FROM checked WHERE parser_version <> $pv OR checks_version <> $cv;

-- name: parts
-- The Parquet parts some parsed or checked content still needs.
SELECT part FROM parsed WHERE part IS NOT NULL UNION SELECT part FROM checked

-- name: forget_parts
-- Forget the contents whose part file is gone (missing_df(part)): they are parsed or checked again.
DELETE FROM parsed WHERE part IN (SELECT part FROM missing_df);
DELETE FROM checked WHERE part IN (SELECT part FROM missing_df);

-- name: part_sizes
-- How many contents each Parquet part holds (parsed or checked).
SELECT part, count(DISTINCT sha256)
FROM (SELECT part, sha256 FROM parsed WHERE part IS NOT NULL UNION ALL SELECT part, sha256 FROM checked)
GROUP BY part

-- name: compact_select
-- The rows of several parts ($files) of one result table, renamed to the part $part.
SELECT * EXCLUDE (part), $part AS part FROM read_parquet($files)

-- name: rename_parts
-- The contents of the merged parts (merged_df(part)) are now in the part $part; run inside a
-- transaction, after the merged part is in place.
UPDATE parsed SET part = $part WHERE part IN (SELECT part FROM merged_df);
UPDATE checked SET part = $part WHERE part IN (SELECT part FROM merged_df);
