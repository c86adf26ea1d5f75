-- Views: one per question the dashboard asks. The app and the notebooks read only
-- these views and the named queries in warehouse/queries/. Sums read NULL as 0.

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
    SELECT r.unit_id, r.year, r.template, v.proceeding,
           coalesce(sum(v.value) FILTER (WHERE v.outcome = 'upheld'), 0)    AS upheld,
           coalesce(sum(v.value) FILTER (WHERE v.outcome = 'corrected'), 0) AS corrected,
           coalesce(sum(v.value) FILTER (WHERE v.outcome = 'other'), 0)     AS other,
           coalesce(sum(v.value) FILTER (WHERE v.outcome = 'pending'), 0)   AS pending,
           coalesce(sum(v.value) FILTER (WHERE v.outcome = 'total'), 0)     AS total
    FROM reports r JOIN review_litigation v ON v.unit_id = r.unit_id AND v.year = r.year
    GROUP BY r.unit_id, r.year, r.template, v.proceeding
)
SELECT t.unit_id, u.name, u.area, u.kind, t.year, t.proceeding, l.label AS proceeding_label,
       t.upheld, t.corrected, t.other, t.pending, t.total,
       CASE WHEN t.upheld + t.corrected + t.other > 0
            THEN t.corrected / (t.upheld + t.corrected + t.other) END AS correction_rate
FROM t
JOIN units u USING (unit_id)
LEFT JOIN labels l ON l.table_name = 'review_litigation' AND l.dimension = 'row' AND l.code = t.proceeding AND l.template = t.template;
COMMENT ON VIEW v_review_litigation IS '复议与诉讼：per unit, year and proceeding; correction_rate = corrected / concluded cases (upheld + corrected + other), NULL when none concluded';

CREATE VIEW v_zero_activity AS
WITH req AS (
    SELECT unit_id, year, sum(abs(value)) AS n FROM requests
    WHERE item IN ('new_received', 'carried_over') GROUP BY unit_id, year
), rl AS (
    SELECT unit_id, year, sum(abs(value)) AS n FROM review_litigation GROUP BY unit_id, year
), z AS (
    SELECT r.unit_id, r.year, (coalesce(req.n, 0) = 0 AND coalesce(rl.n, 0) = 0) AS is_zero
    FROM reports r LEFT JOIN req USING (unit_id, year) LEFT JOIN rl USING (unit_id, year)
), g AS (
    SELECT *, year - row_number() OVER (PARTITION BY unit_id, is_zero ORDER BY year) AS island FROM z
)
SELECT g.unit_id, u.name, u.area, u.kind, g.year, g.is_zero,
       CASE WHEN g.is_zero THEN row_number() OVER (PARTITION BY g.unit_id, g.is_zero, g.island ORDER BY g.year)
            ELSE 0 END::INTEGER AS zero_streak
FROM g JOIN units u USING (unit_id);
COMMENT ON VIEW v_zero_activity IS '零申请单位：a loaded report with no new or carried-over requests and no review or litigation; zero_streak = consecutive loaded years at zero up to this year';

CREATE VIEW v_coverage AS
WITH span AS (
    SELECT min(year) AS lo, max(year) AS hi FROM (
        SELECT year FROM reports UNION ALL SELECT year FROM rejected_files WHERE year IS NOT NULL)
), yrs AS (
    SELECT unnest(generate_series(lo, hi))::INTEGER AS year FROM span WHERE lo IS NOT NULL
), fail AS (
    SELECT unit_id, year, count(*) AS n FROM checks WHERE NOT passed GROUP BY unit_id, year
), rej AS (
    SELECT unit_id, year, count(*) AS n,
           string_agg(reason || ': ' || path, '; ' ORDER BY path) AS detail
    FROM rejected_files WHERE unit_id IS NOT NULL AND year IS NOT NULL GROUP BY unit_id, year
), grid AS (
    SELECT u.unit_id, y.year FROM units u CROSS JOIN yrs y WHERE u.registered
    UNION SELECT unit_id, year FROM reports
    UNION SELECT unit_id, year FROM rej
), s AS (
    SELECT g.unit_id, g.year,
           CASE WHEN r.unit_id IS NULL AND rej.n > 0 THEN 'rejected'
                WHEN r.unit_id IS NULL THEN 'missing'
                WHEN fail.n > 0 THEN 'failed_checks'
                WHEN z.is_zero THEN 'zero_activity'
                ELSE 'loaded' END AS status,
           CASE WHEN r.unit_id IS NULL AND rej.n > 0 THEN rej.detail
                WHEN r.unit_id IS NULL THEN '登记册中有此单位，但没有该年度的报告'
                WHEN fail.n > 0 THEN fail.n || ' 项检查未通过：' || r.source_path
                ELSE r.source_path END AS detail,
           r.source_path
    FROM grid g
    LEFT JOIN reports r USING (unit_id, year)
    LEFT JOIN fail USING (unit_id, year)
    LEFT JOIN rej USING (unit_id, year)
    LEFT JOIN v_zero_activity z USING (unit_id, year)
)
SELECT s.unit_id, u.name, u.area, u.kind, u.registered, s.year, s.status,
       CASE s.status WHEN 'loaded' THEN '已入库' WHEN 'zero_activity' THEN '零申请'
            WHEN 'failed_checks' THEN '未通过检查' WHEN 'rejected' THEN '文件被拒'
            ELSE '缺失' END AS status_label,
       s.detail, s.source_path
FROM s JOIN units u USING (unit_id);
COMMENT ON VIEW v_coverage IS '覆盖情况：unit × year over the loaded year range (every registered unit, and unregistered units where they have data); status loaded / zero_activity / failed_checks / rejected / missing';

CREATE VIEW v_quality AS
WITH q AS (
SELECT CASE WHEN c.scope = 'warehouse' THEN 'cross_year_break' ELSE 'failed_check' END AS issue_type,
       c.unit_id, u.name, u.area, c.year, c.rule, c."where", c.expected, c.actual,
       ru.label AS detail, r.source_path
FROM checks c JOIN units u USING (unit_id)
LEFT JOIN reports r USING (unit_id, year)
LEFT JOIN rules ru USING (rule)
WHERE NOT c.passed
UNION ALL
SELECT 'cell_state', x.unit_id, u.name, u.area, x.year, x.state,
       x.table_name || '.' || x.row_code || '.' || x.column_code, NULL, x.value,
       cs.label || coalesce('：' || x.raw, ''), r.source_path
FROM v_cells x JOIN units u USING (unit_id)
JOIN reports r USING (unit_id, year)
JOIN cell_states cs USING (state)
WHERE cs.quality <> 'none'
UNION ALL
SELECT 'rejected_file', f.unit_id, u.name, u.area, f.year, f.reason, NULL, NULL, NULL,
       coalesce(rr.label, f.reason) || coalesce('：' || f.detail, ''), f.path
FROM rejected_files f LEFT JOIN units u USING (unit_id) LEFT JOIN reject_reasons rr USING (reason)
UNION ALL
SELECT 'conflict', k.unit_id, u.name, u.area, k.year, k.rule, NULL, NULL, NULL,
       '同一单位同一年度有多个文件，保留：' || k.kept_path, k.dropped_path
FROM conflicts k JOIN units u USING (unit_id)
UNION ALL
SELECT 'warning', w.unit_id, u.name, u.area, w.year, 'warning', NULL, NULL, NULL, w.message, w.source_path
FROM warnings w JOIN units u USING (unit_id)
)
SELECT q.*, CASE q.issue_type WHEN 'failed_check' THEN '勾稽关系不符' WHEN 'cross_year_break' THEN '跨年度不衔接'
       WHEN 'cell_state' THEN '非数字单元格' WHEN 'rejected_file' THEN '文件未入库' WHEN 'conflict' THEN '重复文件'
       ELSE '解析提示' END AS issue_label
FROM q;
COMMENT ON VIEW v_quality IS '数据质量：failed rules with evidence, cross-year breaks, cells whose state is not a plain number (cell_states.quality other than none), rejected files, conflicts, parser warnings';

CREATE VIEW v_checks AS
SELECT c.unit_id, u.name, u.area, u.kind, c.year, c.rule, ru.label AS rule_label, c.passed, c."where",
       c.expected, c.actual, c.scope
FROM checks c JOIN units u USING (unit_id) LEFT JOIN rules ru USING (rule);
COMMENT ON VIEW v_checks IS '检查结果：every rule evaluated, with the unit and the rule''s label';
