-- A cache written before the cells moved to Parquet parts (it holds a parsed_cells table).
SELECT count(*) FROM duckdb_tables() WHERE table_name = 'parsed_cells'
