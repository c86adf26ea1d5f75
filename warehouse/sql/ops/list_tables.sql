-- Tables of the warehouse and whether each has a year column (for the Parquet export).
SELECT t.table_name, bool_or(c.column_name = 'year') AS has_year
FROM duckdb_tables() t JOIN duckdb_columns() c USING (database_name, schema_name, table_name)
WHERE t.database_name = current_database() AND t.schema_name = 'main'
GROUP BY t.table_name ORDER BY t.table_name
