-- Staging: printed name -> unit, rejected-file attribution, and the units table itself.
CREATE TEMP TABLE unit_map AS SELECT * FROM unit_map_df;
CREATE TEMP TABLE rej_attr AS SELECT * FROM rej_attr_df;
INSERT INTO units SELECT * FROM units_df;
