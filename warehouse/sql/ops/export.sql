-- Statements of the Parquet export (warehouse/export.py).
-- Each block is one named statement (or a few run together): `-- name: <name>`, loaded by
-- warehouse.db.sql_text("ops/export:<name>").

-- name: list_tables
-- Tables of the warehouse and whether each has a year column (for the Parquet export).
SELECT t.table_name, bool_or(c.column_name = 'year') AS has_year
FROM duckdb_tables() t JOIN duckdb_columns() c USING (database_name, schema_name, table_name)
WHERE t.database_name = current_database() AND t.schema_name = 'main'
GROUP BY t.table_name ORDER BY t.table_name

-- name: partitioned
-- {table} and {target} are filled in by export.py (a table name from list_tables, a quoted path).
COPY (SELECT * FROM "{table}") TO {target} (FORMAT PARQUET, PARTITION_BY (year))

-- name: single
-- {table} and {target} are filled in by export.py (a table name from list_tables, a quoted path).
COPY (SELECT * FROM "{table}") TO {target} (FORMAT PARQUET)
