-- 全市汇总: the reports summed for one year (which units, which template version, which file),
-- the first $top in area, kind, name order (app_summary_templates counts them all).
SELECT s.unit_id, s.name, s.area, s.kind, s.template, r.variant, r.source_path
FROM (SELECT unit_id, name, area, kind, template, year FROM unit_year_summary
      WHERE year = $year AND in_selection(area, kind, name, unit_id, $areas, $kinds, $search)
      ORDER BY area, kind, name, unit_id LIMIT $top) s
JOIN reports r USING (unit_id, year)
ORDER BY s.area, s.kind, s.name, s.unit_id
