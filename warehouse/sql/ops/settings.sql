-- Keep the refresh within the memory budget (the whole process tree stays under 2 GB);
-- DuckDB spills larger joins to disk beside the database file.
SET memory_limit = '512MB';
SET preserve_insertion_order = false;
SET enable_progress_bar = false;
