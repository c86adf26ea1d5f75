-- 办理结果: every outcome row (each 不予公开 reason …) per year, with its group and share of the year.
SELECT year, item, outcome_group,
       sum(coalesce(value, 0)) AS value,
       sum(coalesce(value, 0)) / nullif(sum(sum(coalesce(value, 0))) OVER (PARTITION BY year), 0) AS share
FROM v_outcomes
WHERE year BETWEEN $year_from AND $year_to
  AND ($areas IS NULL OR list_contains($areas, area))
  AND ($kinds IS NULL OR list_contains($kinds, kind))
  AND ($search IS NULL OR contains(lower(name), lower($search)) OR unit_id = $search)
GROUP BY year, item, outcome_group
ORDER BY year, item
