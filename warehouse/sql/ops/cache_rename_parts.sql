-- The contents of the merged parts (merged_df(part)) are now in the part $part; run inside a
-- transaction, after the merged part is in place.
UPDATE parsed SET part = $part WHERE part IN (SELECT part FROM merged_df);
UPDATE checked SET part = $part WHERE part IN (SELECT part FROM merged_df);
