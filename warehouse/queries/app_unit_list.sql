-- 单位档案: the units that match the sidebar (area, kind, search), for the unit picker: the first
-- $top in area, kind, name order, and $unit (the unit asked for) wherever it falls; `units` counts them all.
WITH u AS NOT MATERIALIZED (
    SELECT unit_id, name, area, kind, kind_label, parent, registered FROM v_units
    WHERE in_selection(area, kind, name, unit_id, $areas, $kinds, $search)
)
SELECT *, (SELECT count(*) FROM u) AS units
FROM (SELECT * FROM (SELECT * FROM u ORDER BY area, kind, name, unit_id LIMIT $top)
      UNION SELECT * FROM u WHERE unit_id = $unit)
ORDER BY area, kind, name, unit_id
