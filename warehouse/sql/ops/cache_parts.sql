-- The Parquet parts some parsed or checked content still needs.
SELECT part FROM parsed WHERE part IS NOT NULL UNION SELECT part FROM checked
