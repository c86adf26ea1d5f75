INSERT INTO ingest_runs SELECT * FROM runs_df;
