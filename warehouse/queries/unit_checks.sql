-- 单位档案: every check of one unit ($unit_id), failed first.
SELECT * FROM v_checks WHERE unit_id = $unit_id ORDER BY year, passed, rule, "where"
