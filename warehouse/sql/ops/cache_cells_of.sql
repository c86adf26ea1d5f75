-- The cached cells of some contents (want_df(sha256, part)) from their Parquet parts $files, in
-- the order the parse wrote them.
SELECT c.sha256, c.table_name, c.row_code, c.column_code, c.value, c.state, c.raw
FROM read_parquet($files, file_row_number = true) c
JOIN want_df w ON w.part = c.part AND w.sha256 = c.sha256
WHERE c.parser_version = $pv
ORDER BY c.sha256, c.file_row_number
