-- 办理结果: each unit's outcomes by group over the selected years, with the unit's shares.
SELECT unit_id, name, area, kind, outcome_group,
       sum(coalesce(value, 0)) AS value,
       sum(coalesce(value, 0)) / nullif(sum(sum(coalesce(value, 0))) OVER (PARTITION BY unit_id), 0) AS share
FROM v_outcomes
WHERE year BETWEEN $year_from AND $year_to
  AND ($areas IS NULL OR list_contains($areas, area))
  AND ($kinds IS NULL OR list_contains($kinds, kind))
  AND ($search IS NULL OR contains(lower(name), lower($search)) OR unit_id = $search)
GROUP BY unit_id, name, area, kind, outcome_group
ORDER BY unit_id, outcome_group
