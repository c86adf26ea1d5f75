-- The file manifest of the last published run.
SELECT path, size, mtime_ns, sha256, first_seen FROM files
