-- The Parquet parts some parsed content still needs.
SELECT DISTINCT part FROM parsed WHERE part IS NOT NULL
