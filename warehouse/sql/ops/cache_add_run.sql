-- Record one run (also a run that published nothing).
INSERT INTO runs (run_id, started, finished, seen, new, changed, unchanged, deleted, parsed, rejected, conflicts,
                  outcome, detail)
VALUES ($run_id, $started, $finished, $seen, $new, $changed, $unchanged, $deleted, $parsed, $rejected, $conflicts,
        $outcome, $detail);
