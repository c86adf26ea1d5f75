-- {table} and {target} are filled in by export.py (a table name from list_tables, a quoted path).
COPY (SELECT * FROM "{table}") TO {target} (FORMAT PARQUET)
