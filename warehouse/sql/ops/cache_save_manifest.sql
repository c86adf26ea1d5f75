-- Replace the manifest with the current files (registered as files_df); run inside a transaction.
DELETE FROM files;
INSERT INTO files SELECT path, size, mtime_ns, sha256, first_seen FROM files_df;
