-- Dashboard sidebar: the years (the span of v_coverage: reports and attributed rejected
-- files), areas and unit kinds the warehouse knows. Read from the tables, not v_coverage,
-- because every page runs this query.
WITH span AS (
    SELECT min(year) AS lo, max(year) AS hi
    FROM (SELECT year FROM reports UNION ALL SELECT year FROM rejected_files WHERE year IS NOT NULL)
)
SELECT 'year' AS kind, CAST(y AS VARCHAR) AS value
FROM (SELECT unnest(generate_series(lo, hi)) AS y FROM span WHERE lo IS NOT NULL)
UNION ALL
SELECT 'area', area FROM (SELECT DISTINCT area FROM units)
UNION ALL
SELECT 'unit_kind', kind FROM (SELECT DISTINCT kind FROM units)
ORDER BY 1, 2
