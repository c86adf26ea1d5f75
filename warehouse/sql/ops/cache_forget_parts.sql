-- Forget the contents whose part file is gone (missing_df(part)): they are parsed or checked again.
DELETE FROM parsed WHERE part IN (SELECT part FROM missing_df);
DELETE FROM checked WHERE part IN (SELECT part FROM missing_df);
