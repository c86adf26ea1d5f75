-- 全市汇总: how many reports of each template version the sum for one year takes in.
SELECT template, count(*) AS reports
FROM unit_year_summary
WHERE year = $year AND in_selection(area, kind, name, unit_id, $areas, $kinds, $search)
GROUP BY template
ORDER BY template
