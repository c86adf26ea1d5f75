-- Staging: the current file manifest (registered by the loader as cur_files_df).
CREATE TEMP TABLE cur_files AS SELECT * FROM cur_files_df;
