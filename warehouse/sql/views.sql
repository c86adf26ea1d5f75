-- Views: one per question the dashboard asks. The app and the notebooks read only
-- these views, the summary tables (sql/summaries/) and the named queries in
-- warehouse/queries/. Sums read NULL as 0.

-- The sidebar's selection, written once: a unit is selected when its area is among $areas,
-- its kind among $kinds (NULL: any) and $search is part of its name or is its id (NULL: any).
-- Rows without a unit (area, kind and name NULL) pass only when nothing is selected.
CREATE MACRO in_selection(area, kind, name, unit_id, areas, kinds, search) AS
    (areas IS NULL OR list_contains(areas, area))
    AND (kinds IS NULL OR list_contains(kinds, kind))
    AND (search IS NULL OR contains(lower(name), lower(search)) OR unit_id = search);

-- The units the sidebar selects, for tables that carry only unit_id (the cell tables).
CREATE MACRO selected_units(areas, kinds, search) AS TABLE
    SELECT unit_id FROM units WHERE in_selection(area, kind, name, unit_id, areas, kinds, search);

CREATE VIEW v_units AS
SELECT u.unit_id, u.name, u.kind, k.kind_label, u.area, u.parent, u.registered
FROM units u LEFT JOIN unit_kinds k USING (kind);
COMMENT ON VIEW v_units IS '单位：unit with its kind label and area';

CREATE VIEW v_reports AS
SELECT r.unit_id, u.name, u.area, u.kind, r.year, r.template, r.variant, r.status, r.failed_checks,
       r.synthetic, r.format, r.source_path, r.sha256, r.parsed_at, r.unit_name_printed
FROM reports r JOIN units u USING (unit_id);
COMMENT ON VIEW v_reports IS '已入库报告：one row per loaded unit-year with the unit''s name, area and kind';

CREATE VIEW v_cells AS
SELECT unit_id, year, 'requests' AS table_name, item AS row_code, applicant AS column_code, value, state, raw FROM requests
UNION ALL
SELECT unit_id, year, 'review_litigation', proceeding, outcome, value, state, raw FROM review_litigation
UNION ALL
SELECT unit_id, year, 'proactive', item, measure, value, state, raw FROM proactive;
COMMENT ON VIEW v_cells IS '全部单元格（长表）：the three template tables in one long table';

CREATE VIEW v_request_volume AS
SELECT r.unit_id, u.name, u.area, u.kind, r.year, r.template, q.applicant,
       any_value(l.label) AS applicant_label,
       coalesce(sum(q.value) FILTER (WHERE q.item = 'new_received'), 0)    AS new_received,
       coalesce(sum(q.value) FILTER (WHERE q.item = 'carried_over'), 0)    AS carried_over,
       coalesce(sum(q.value) FILTER (WHERE q.item = 'total_processed'), 0) AS total_processed,
       coalesce(sum(q.value) FILTER (WHERE q.item = 'carried_forward'), 0) AS carried_forward,
       r.synthetic
FROM reports r
JOIN units u USING (unit_id)
JOIN requests q ON q.unit_id = r.unit_id AND q.year = r.year
LEFT JOIN labels l ON l.table_name = 'requests' AND l.dimension = 'column' AND l.code = q.applicant AND l.template = r.template
GROUP BY r.unit_id, u.name, u.area, u.kind, r.year, r.template, q.applicant, r.synthetic;
COMMENT ON VIEW v_request_volume IS '申请量：per unit, year and applicant (total = 总计 column): new_received, carried_over, total_processed, carried_forward; NULL read as 0';

CREATE VIEW v_outcomes AS
SELECT r.unit_id, u.name, u.area, u.kind, r.year, q.item, o.outcome_group, o.outcome_label, o.item_label,
       o.group_order, o.item_order, coalesce(q.value, 0) AS value, q.state
FROM reports r
JOIN units u USING (unit_id)
JOIN requests q ON q.unit_id = r.unit_id AND q.year = r.year AND q.applicant = 'total'
JOIN outcome_items o ON o.item = q.item;
COMMENT ON VIEW v_outcomes IS '办理结果：the 总计 column of every outcome item (they add up to total_processed), grouped as in template.OUTCOME_GROUPS; NULL read as 0';

CREATE VIEW v_review_litigation AS
WITH t AS (
    SELECT r.unit_id, u.name, u.area, u.kind, r.year, l.code AS proceeding, l.label AS proceeding_label,
           coalesce(s.upheld, 0) AS upheld, coalesce(s.corrected, 0) AS corrected, coalesce(s.other, 0) AS other,
           coalesce(s.pending, 0) AS pending, coalesce(s.total, 0) AS total
    FROM reports r
    JOIN units u USING (unit_id)
    JOIN labels l ON l.table_name = 'review_litigation' AND l.dimension = 'row' AND l.template = r.template
    LEFT JOIN unit_year_review s ON s.unit_id = r.unit_id AND s.year = r.year AND s.proceeding = l.code
)
SELECT *, CASE WHEN upheld + corrected + other > 0 THEN corrected / (upheld + corrected + other) END AS correction_rate
FROM t;
COMMENT ON VIEW v_review_litigation IS '复议与诉讼：per unit, year and proceeding; correction_rate = corrected / concluded cases (upheld + corrected + other), NULL when none concluded';

CREATE VIEW v_zero_activity AS
SELECT unit_id, name, area, kind, year, is_zero, zero_streak FROM unit_year_summary;
COMMENT ON VIEW v_zero_activity IS '零申请单位：a loaded report with no new or carried-over requests and no review or litigation; zero_streak = consecutive loaded years at zero up to this year';

CREATE VIEW v_coverage AS
SELECT unit_id, name, area, kind, registered, year, status,
       CASE status WHEN 'loaded' THEN '已入库' WHEN 'zero_activity' THEN '零申请'
            WHEN 'failed_checks' THEN '未通过检查' WHEN 'rejected' THEN '文件被拒'
            ELSE '缺失' END AS status_label,
       follow_up, coalesce(detail, source_path) AS detail, source_path
FROM unit_year_status;
COMMENT ON VIEW v_coverage IS '覆盖情况：unit × year over the loaded year range (every registered unit, and unregistered units where they have data); status loaded / zero_activity / failed_checks / rejected / missing';

CREATE VIEW v_quality AS
SELECT q.issue_type, q.unit_id, q.name, q.area, q.year, q.rule, q."where", q.expected, q.actual, q.detail,
       q.source_path, it.label AS issue_label, q.severity, it.ranked, it.listed, q.kind
FROM quality_issues q JOIN issue_types it USING (issue_type)
UNION ALL
SELECT it.issue_type, x.unit_id, u.name, u.area, x.year, x.state,
       x.table_name || '.' || x.row_code || '.' || x.column_code, NULL, x.value,
       cs.label || coalesce('：' || x.raw, ''), r.source_path, it.label, it.severity, it.ranked, it.listed, u.kind
FROM v_cells x
JOIN cell_states cs USING (state)
JOIN issue_types it ON it.cell_quality = cs.quality AND NOT it.listed
JOIN reports r USING (unit_id, year)
JOIN units u USING (unit_id);
COMMENT ON VIEW v_quality IS '数据质量：every issue (issue_types), most serious first by severity: failed rules with evidence, cross-year breaks, rejected files, cells without a number, conflicts, parser warnings (listed, not ranked); then, only counted in the summaries, recovered and blank/dash cells';

CREATE VIEW v_checks AS
SELECT c.unit_id, u.name, u.area, u.kind, c.year, c.rule, ru.label AS rule_label, c.passed, c."where",
       c.expected, c.actual, c.scope
FROM checks c JOIN units u USING (unit_id) LEFT JOIN rules ru USING (rule);
COMMENT ON VIEW v_checks IS '检查结果：every rule evaluated, with the unit and the rule''s label';
