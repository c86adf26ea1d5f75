-- Paths of the files in a conflict, kept or dropped (see warehouse.db.conflict_paths).
SELECT kept_path FROM conflicts UNION SELECT dropped_path FROM conflicts;
