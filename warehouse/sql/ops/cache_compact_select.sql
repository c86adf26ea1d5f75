-- The rows of several parts ($files) of one result table, renamed to the part $part.
SELECT * EXCLUDE (part), $part AS part FROM read_parquet($files)
