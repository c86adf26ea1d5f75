-- 单位档案: one unit's loaded reports ($unit_id).
SELECT * FROM v_reports WHERE unit_id = $unit_id ORDER BY year
