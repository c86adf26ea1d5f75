-- Dashboard sidebar: the years, areas and unit kinds the warehouse knows.
SELECT 'year' AS kind, CAST(year AS VARCHAR) AS value FROM (SELECT DISTINCT year FROM v_coverage WHERE year IS NOT NULL)
UNION ALL
SELECT 'area', area FROM (SELECT DISTINCT area FROM v_units WHERE area IS NOT NULL)
UNION ALL
SELECT 'unit_kind', kind FROM (SELECT DISTINCT kind FROM v_units WHERE kind IS NOT NULL)
ORDER BY 1, 2
