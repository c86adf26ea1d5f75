SELECT * FROM runs ORDER BY run_id
