-- One batch of worker results (parsed_batch, checked_batch) whose cells, checks and warnings
-- were written to the Parquet part $part (NULL: the batch has none, only rejections); run
-- inside a transaction, after the part is in place. Rejections name no part.
INSERT INTO parsed SELECT *, CASE WHEN ok THEN $part END AS part FROM parsed_batch;
INSERT INTO checked SELECT *, $part AS part FROM checked_batch;
