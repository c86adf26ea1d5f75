-- 单位档案: the units that match the sidebar (area, kind, search), for the unit picker.
SELECT unit_id, name, area, kind, kind_label, parent, registered
FROM v_units
WHERE ($areas IS NULL OR list_contains($areas, area))
  AND ($kinds IS NULL OR list_contains($kinds, kind))
  AND ($search IS NULL OR contains(lower(name), lower($search)) OR unit_id = $search)
ORDER BY area, kind, name
