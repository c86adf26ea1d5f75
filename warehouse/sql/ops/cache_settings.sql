-- The parse cache is written while the parser workers use every core: one DuckDB thread
-- for its inserts leaves the cores to them (two threads cost ~20% more CPU for the same batch).
SET threads = 1;
