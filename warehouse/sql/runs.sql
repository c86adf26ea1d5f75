-- Complete the current run's row once the build knows its rejected files and conflicts.
UPDATE ingest_runs
SET rejected = (SELECT count(*) FROM rejected_files),
    conflicts = (SELECT count(*) FROM conflicts)
WHERE run_id = $run_id;
