-- A cache written by an older nianbao: cells inside the database (a parsed_cells table), or
-- checks counted with the parse (parsed.n_failed) instead of apart.
SELECT count(*) FROM duckdb_tables() WHERE table_name = 'parsed_cells'
UNION ALL SELECT count(*) FROM duckdb_columns() WHERE table_name = 'parsed' AND column_name = 'n_failed'
ORDER BY 1 DESC LIMIT 1
