-- 单位档案: every consistency check of one unit, passed or not.
SELECT year, rule, passed, "where", expected, actual
FROM checks
WHERE unit_id = $unit
ORDER BY year, passed, rule, "where"
