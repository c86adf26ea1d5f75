-- Staging: the parse cache, attached read-only (detached at the end of build.sql), and the
-- current file manifest (registered by the loader as cur_files_df).
ATTACH $path AS cache (READ_ONLY);
CREATE TEMP TABLE cur_files AS SELECT * FROM cur_files_df;
