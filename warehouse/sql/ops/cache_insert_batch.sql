-- One batch of worker results (registered as <table>_batch); run inside a transaction.
INSERT INTO parsed SELECT * FROM parsed_batch;
INSERT INTO parsed_cells SELECT * FROM parsed_cells_batch;
INSERT INTO parsed_checks SELECT * FROM parsed_checks_batch;
INSERT INTO parsed_warnings SELECT * FROM parsed_warnings_batch;
