-- Summaries: what the dashboard's pages read, derived once per warehouse from the base tables,
-- so that no page scans the cell tables. Run after the cross-year checks (they count as issues)
-- and before views.sql (the views read these tables): by warehouse/build.py for a real build and
-- by warehouse/synthetic.py for the benchmark's generated warehouse, the same script for both.
-- Unit-level tables carry the unit's name, area and kind, so the sidebar's filter
-- (the in_selection macro, views.sql) applies to them without a join.

CREATE TABLE unit_year_review (
    unit_id    VARCHAR NOT NULL,
    year       INTEGER NOT NULL,
    template   VARCHAR NOT NULL,
    name       VARCHAR NOT NULL,
    area       VARCHAR NOT NULL,
    kind       VARCHAR NOT NULL,
    proceeding VARCHAR NOT NULL,
    upheld     DOUBLE NOT NULL,
    corrected  DOUBLE NOT NULL,
    other      DOUBLE NOT NULL,
    pending    DOUBLE NOT NULL,
    total      DOUBLE NOT NULL
);
COMMENT ON TABLE unit_year_review IS '汇总·复议与诉讼：one row per loaded unit-year and proceeding with any case, the outcomes of section 四 as columns (NULL read as 0); proceedings where all five are 0 are left out (v_review_litigation has every one)';
COMMENT ON COLUMN unit_year_review.unit_id IS 'Unit (units.unit_id)';
COMMENT ON COLUMN unit_year_review.year IS 'Year reported on';
COMMENT ON COLUMN unit_year_review.template IS 'Template of the report (2019 or 2021)';
COMMENT ON COLUMN unit_year_review.name IS 'Unit name (units.name)';
COMMENT ON COLUMN unit_year_review.area IS 'Unit area (units.area)';
COMMENT ON COLUMN unit_year_review.kind IS 'Unit kind code (units.kind)';
COMMENT ON COLUMN unit_year_review.proceeding IS 'review, litigation_direct, litigation_after_review';
COMMENT ON COLUMN unit_year_review.upheld IS '结果维持';
COMMENT ON COLUMN unit_year_review.corrected IS '结果纠正';
COMMENT ON COLUMN unit_year_review.other IS '其他结果';
COMMENT ON COLUMN unit_year_review.pending IS '尚未审结';
COMMENT ON COLUMN unit_year_review.total IS '总计 as printed';

INSERT INTO unit_year_review
SELECT r.unit_id, r.year, r.template, u.name, u.area, u.kind, v.proceeding,
       coalesce(sum(v.value) FILTER (WHERE v.outcome = 'upheld'), 0),
       coalesce(sum(v.value) FILTER (WHERE v.outcome = 'corrected'), 0),
       coalesce(sum(v.value) FILTER (WHERE v.outcome = 'other'), 0),
       coalesce(sum(v.value) FILTER (WHERE v.outcome = 'pending'), 0),
       coalesce(sum(v.value) FILTER (WHERE v.outcome = 'total'), 0)
FROM reports r
JOIN units u USING (unit_id)
JOIN review_litigation v ON v.unit_id = r.unit_id AND v.year = r.year
GROUP BY r.unit_id, r.year, r.template, u.name, u.area, u.kind, v.proceeding
HAVING bool_or(coalesce(v.value, 0) <> 0)
ORDER BY r.unit_id, r.year, v.proceeding;

CREATE TABLE unit_year_outcomes (
    unit_id       VARCHAR NOT NULL,
    year          INTEGER NOT NULL,
    name          VARCHAR NOT NULL,
    area          VARCHAR NOT NULL,
    kind          VARCHAR NOT NULL,
    outcome_group VARCHAR NOT NULL,
    value         DOUBLE NOT NULL
);
COMMENT ON TABLE unit_year_outcomes IS '汇总·办理结果：one row per loaded unit-year and outcome group (outcome_items) with requests answered so, the 总计 column summed over the group''s rows (NULL read as 0; groups at 0 left out)';
COMMENT ON COLUMN unit_year_outcomes.unit_id IS 'Unit (units.unit_id)';
COMMENT ON COLUMN unit_year_outcomes.year IS 'Year reported on';
COMMENT ON COLUMN unit_year_outcomes.name IS 'Unit name (units.name)';
COMMENT ON COLUMN unit_year_outcomes.area IS 'Unit area (units.area)';
COMMENT ON COLUMN unit_year_outcomes.kind IS 'Unit kind code (units.kind)';
COMMENT ON COLUMN unit_year_outcomes.outcome_group IS 'Outcome group code (outcome_items.outcome_group)';
COMMENT ON COLUMN unit_year_outcomes.value IS 'Requests answered this way (sum of the group''s items, 总计 column)';

INSERT INTO unit_year_outcomes
SELECT r.unit_id, r.year, u.name, u.area, u.kind, o.outcome_group, sum(coalesce(q.value, 0))
FROM reports r
JOIN units u USING (unit_id)
JOIN requests q ON q.unit_id = r.unit_id AND q.year = r.year AND q.applicant = 'total'
JOIN outcome_items o ON o.item = q.item
GROUP BY r.unit_id, r.year, u.name, u.area, u.kind, o.outcome_group
HAVING sum(coalesce(q.value, 0)) <> 0
ORDER BY r.unit_id, r.year, o.outcome_group;

CREATE TABLE unit_year_summary (
    unit_id           VARCHAR NOT NULL,
    year              INTEGER NOT NULL,
    template          VARCHAR NOT NULL,
    name              VARCHAR NOT NULL,
    area              VARCHAR NOT NULL,
    kind              VARCHAR NOT NULL,
    new_received      DOUBLE NOT NULL,
    carried_over      DOUBLE NOT NULL,
    total_processed   DOUBLE NOT NULL,
    carried_forward   DOUBLE NOT NULL,
    review_total      DOUBLE NOT NULL,
    litigation_total  DOUBLE NOT NULL,
    corrected         DOUBLE NOT NULL,
    concluded         DOUBLE NOT NULL,
    is_zero           BOOLEAN NOT NULL,
    zero_streak       INTEGER NOT NULL,
    failed_checks     INTEGER NOT NULL,
    cross_year_breaks INTEGER NOT NULL,
    problem_cells     INTEGER NOT NULL,
    note_cells        INTEGER NOT NULL,
    empty_cells       INTEGER NOT NULL,
    warnings          INTEGER NOT NULL
);
COMMENT ON TABLE unit_year_summary IS '汇总·单位年度：one row per loaded report (unit-year) with its flows, cases, zero activity and data-quality counts; NULL read as 0';
COMMENT ON COLUMN unit_year_summary.unit_id IS 'Unit (units.unit_id)';
COMMENT ON COLUMN unit_year_summary.year IS 'Year reported on';
COMMENT ON COLUMN unit_year_summary.template IS 'Template of the report (2019 or 2021)';
COMMENT ON COLUMN unit_year_summary.name IS 'Unit name (units.name)';
COMMENT ON COLUMN unit_year_summary.area IS 'Unit area (units.area)';
COMMENT ON COLUMN unit_year_summary.kind IS 'Unit kind code (units.kind)';
COMMENT ON COLUMN unit_year_summary.new_received IS '本年新收 (总计 column)';
COMMENT ON COLUMN unit_year_summary.carried_over IS '上年结转 (总计 column)';
COMMENT ON COLUMN unit_year_summary.total_processed IS '办理结果（七）总计 (总计 column)';
COMMENT ON COLUMN unit_year_summary.carried_forward IS '结转下年度继续办理 (总计 column)';
COMMENT ON COLUMN unit_year_summary.review_total IS '行政复议总计';
COMMENT ON COLUMN unit_year_summary.litigation_total IS '行政诉讼总计 (未经复议直接起诉 + 复议后起诉)';
COMMENT ON COLUMN unit_year_summary.corrected IS '结果纠正, review and litigation';
COMMENT ON COLUMN unit_year_summary.concluded IS 'Concluded cases (结果维持 + 结果纠正 + 其他结果), review and litigation: the correction rate''s denominator';
COMMENT ON COLUMN unit_year_summary.is_zero IS 'Zero activity: no new or carried-over requests (any column) and no review or litigation case';
COMMENT ON COLUMN unit_year_summary.zero_streak IS 'Consecutive loaded years at zero activity up to this one (0 when not at zero)';
COMMENT ON COLUMN unit_year_summary.failed_checks IS 'Failed report-level checks (勾稽关系)';
COMMENT ON COLUMN unit_year_summary.cross_year_breaks IS 'Failed cross-year checks recorded against this year';
COMMENT ON COLUMN unit_year_summary.problem_cells IS 'Cells whose state is of quality class problem (cell_states.quality): no number where one belongs';
COMMENT ON COLUMN unit_year_summary.note_cells IS 'Cells whose state is of quality class note (recovered run-together digits)';
COMMENT ON COLUMN unit_year_summary.empty_cells IS 'Cells whose state is of quality class empty (blank or dash, read as 0)';
COMMENT ON COLUMN unit_year_summary.warnings IS 'Parser warnings for the loaded file';

INSERT INTO unit_year_summary
WITH flows AS (
    SELECT unit_id, year,
           coalesce(sum(value) FILTER (WHERE applicant = 'total' AND item = 'new_received'), 0) AS new_received,
           coalesce(sum(value) FILTER (WHERE applicant = 'total' AND item = 'carried_over'), 0) AS carried_over,
           coalesce(sum(value) FILTER (WHERE applicant = 'total' AND item = 'total_processed'), 0) AS total_processed,
           coalesce(sum(value) FILTER (WHERE applicant = 'total' AND item = 'carried_forward'), 0) AS carried_forward,
           coalesce(sum(abs(value)) FILTER (WHERE item IN ('new_received', 'carried_over')), 0) AS activity
    FROM requests
    WHERE item IN ('new_received', 'carried_over', 'total_processed', 'carried_forward')
    GROUP BY unit_id, year
), rl AS (
    SELECT unit_id, year,
           sum(total) FILTER (WHERE proceeding = 'review') AS review_total,
           sum(total) FILTER (WHERE proceeding <> 'review') AS litigation_total,
           sum(corrected) AS corrected,
           sum(upheld + corrected + other) AS concluded
    FROM unit_year_review
    GROUP BY unit_id, year
), rl_activity AS (
    SELECT unit_id, year, sum(abs(value)) AS activity FROM review_litigation GROUP BY unit_id, year
), failed AS (
    SELECT unit_id, year, count(*) FILTER (WHERE scope = 'report') AS report_scope,
           count(*) FILTER (WHERE scope = 'warehouse') AS warehouse_scope
    FROM checks WHERE NOT passed GROUP BY unit_id, year
), odd AS (
    SELECT unit_id, year, state, count(*) AS n FROM requests
    WHERE state IN (SELECT state FROM cell_states WHERE quality <> 'none') GROUP BY ALL
    UNION ALL
    SELECT unit_id, year, state, count(*) FROM review_litigation
    WHERE state IN (SELECT state FROM cell_states WHERE quality <> 'none') GROUP BY ALL
    UNION ALL
    SELECT unit_id, year, state, count(*) FROM proactive
    WHERE state IN (SELECT state FROM cell_states WHERE quality <> 'none') GROUP BY ALL
), cells AS (
    SELECT unit_id, year,
           coalesce(sum(n) FILTER (WHERE cs.quality = 'problem'), 0) AS problem,
           coalesce(sum(n) FILTER (WHERE cs.quality = 'note'), 0) AS note,
           coalesce(sum(n) FILTER (WHERE cs.quality = 'empty'), 0) AS empty
    FROM odd JOIN cell_states cs USING (state) GROUP BY unit_id, year
), warn AS (
    SELECT unit_id, year, count(*) AS n FROM warnings GROUP BY unit_id, year
), z AS (
    SELECT r.unit_id, r.year, r.template,
           coalesce(flows.activity, 0) = 0 AND coalesce(rl_activity.activity, 0) = 0 AS is_zero
    FROM reports r
    LEFT JOIN flows USING (unit_id, year)
    LEFT JOIN rl_activity USING (unit_id, year)
), islands AS (
    SELECT *, year - row_number() OVER (PARTITION BY unit_id, is_zero ORDER BY year) AS island FROM z
)
SELECT i.unit_id, i.year, i.template, u.name, u.area, u.kind,
       coalesce(flows.new_received, 0), coalesce(flows.carried_over, 0),
       coalesce(flows.total_processed, 0), coalesce(flows.carried_forward, 0),
       coalesce(rl.review_total, 0), coalesce(rl.litigation_total, 0),
       coalesce(rl.corrected, 0), coalesce(rl.concluded, 0),
       i.is_zero,
       CASE WHEN i.is_zero THEN row_number() OVER (PARTITION BY i.unit_id, i.is_zero, i.island ORDER BY i.year)
            ELSE 0 END,
       coalesce(failed.report_scope, 0), coalesce(failed.warehouse_scope, 0),
       coalesce(cells.problem, 0), coalesce(cells.note, 0), coalesce(cells.empty, 0),
       coalesce(warn.n, 0)
FROM islands i
JOIN units u USING (unit_id)
LEFT JOIN flows USING (unit_id, year)
LEFT JOIN rl USING (unit_id, year)
LEFT JOIN failed USING (unit_id, year)
LEFT JOIN cells USING (unit_id, year)
LEFT JOIN warn USING (unit_id, year)
ORDER BY i.unit_id, i.year;

CREATE TABLE year_area_kind_summary (
    year             INTEGER NOT NULL,
    area             VARCHAR NOT NULL,
    kind             VARCHAR NOT NULL,
    reports          BIGINT NOT NULL,
    zero_units       BIGINT NOT NULL,
    new_received     DOUBLE NOT NULL,
    carried_over     DOUBLE NOT NULL,
    total_processed  DOUBLE NOT NULL,
    carried_forward  DOUBLE NOT NULL,
    review_total     DOUBLE NOT NULL,
    litigation_total DOUBLE NOT NULL,
    corrected        DOUBLE NOT NULL,
    concluded        DOUBLE NOT NULL
);
COMMENT ON TABLE year_area_kind_summary IS '汇总·年度×地区×单位类型：unit_year_summary summed per year, area and unit kind; the pages read this when no unit search is set';
COMMENT ON COLUMN year_area_kind_summary.year IS 'Year reported on';
COMMENT ON COLUMN year_area_kind_summary.area IS 'Area (units.area)';
COMMENT ON COLUMN year_area_kind_summary.kind IS 'Unit kind code (units.kind)';
COMMENT ON COLUMN year_area_kind_summary.reports IS 'Loaded reports (units reporting)';
COMMENT ON COLUMN year_area_kind_summary.zero_units IS 'Of these, at zero activity';
COMMENT ON COLUMN year_area_kind_summary.new_received IS '本年新收 (总计 column)';
COMMENT ON COLUMN year_area_kind_summary.carried_over IS '上年结转 (总计 column)';
COMMENT ON COLUMN year_area_kind_summary.total_processed IS '办理结果（七）总计 (总计 column)';
COMMENT ON COLUMN year_area_kind_summary.carried_forward IS '结转下年度继续办理 (总计 column)';
COMMENT ON COLUMN year_area_kind_summary.review_total IS '行政复议总计';
COMMENT ON COLUMN year_area_kind_summary.litigation_total IS '行政诉讼总计';
COMMENT ON COLUMN year_area_kind_summary.corrected IS '结果纠正, review and litigation';
COMMENT ON COLUMN year_area_kind_summary.concluded IS 'Concluded cases (结果维持 + 结果纠正 + 其他结果)';

INSERT INTO year_area_kind_summary
SELECT year, area, kind, count(*), count(*) FILTER (WHERE is_zero), sum(new_received), sum(carried_over),
       sum(total_processed), sum(carried_forward), sum(review_total), sum(litigation_total), sum(corrected),
       sum(concluded)
FROM unit_year_summary
GROUP BY year, area, kind
ORDER BY year, area, kind;

CREATE TABLE cell_totals (
    year        INTEGER NOT NULL,
    area        VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL,
    template    VARCHAR NOT NULL,
    table_name  VARCHAR NOT NULL,
    row_code    VARCHAR NOT NULL,
    column_code VARCHAR NOT NULL,
    value       DOUBLE NOT NULL,
    cells       BIGINT NOT NULL,
    non_numeric BIGINT NOT NULL
);
COMMENT ON TABLE cell_totals IS '汇总·逐格合计：the three tables summed cell by cell per year, area, unit kind and template (NULL read as 0): 全市汇总 and the per-year charts read this instead of the cell tables';
COMMENT ON COLUMN cell_totals.year IS 'Year reported on';
COMMENT ON COLUMN cell_totals.area IS 'Area of the units summed (units.area)';
COMMENT ON COLUMN cell_totals.kind IS 'Kind of the units summed (units.kind)';
COMMENT ON COLUMN cell_totals.template IS 'Template of the reports summed (2019 or 2021)';
COMMENT ON COLUMN cell_totals.table_name IS 'requests, review_litigation or proactive';
COMMENT ON COLUMN cell_totals.row_code IS 'Row code (item or proceeding)';
COMMENT ON COLUMN cell_totals.column_code IS 'Column code (applicant, outcome or measure)';
COMMENT ON COLUMN cell_totals.value IS 'Sum of the cells'' values, NULL read as 0';
COMMENT ON COLUMN cell_totals.cells IS 'Cells summed (one per report that has the place)';
COMMENT ON COLUMN cell_totals.non_numeric IS 'Of these, cells without a number (cell_states.has_value false: blank, dash, text, missing …)';

-- Sorted so that DuckDB's zone maps skip what a page does not read: one year (全市汇总), one
-- table and column (the 总计 column of section 三), a few rows (new and carried-over requests).
INSERT INTO cell_totals
WITH c AS (
    SELECT unit_id, year, 'requests' AS table_name, item AS row_code, applicant AS column_code, value, state
    FROM requests
    UNION ALL
    SELECT unit_id, year, 'review_litigation', proceeding, outcome, value, state FROM review_litigation
    UNION ALL
    SELECT unit_id, year, 'proactive', item, measure, value, state FROM proactive
)
SELECT c.year, u.area, u.kind, r.template, c.table_name, c.row_code, c.column_code, sum(coalesce(c.value, 0)),
       count(*), count(*) FILTER (WHERE NOT cs.has_value)
FROM c JOIN reports r USING (unit_id, year) JOIN units u USING (unit_id) JOIN cell_states cs USING (state)
GROUP BY ALL
ORDER BY c.year, c.table_name, c.column_code, c.row_code, u.area, u.kind, r.template;

CREATE TABLE unit_year_status (
    unit_id     VARCHAR NOT NULL,
    year        INTEGER NOT NULL,
    name        VARCHAR NOT NULL,
    area        VARCHAR NOT NULL,
    kind        VARCHAR NOT NULL,
    registered  BOOLEAN NOT NULL,
    status      VARCHAR NOT NULL,
    follow_up   BOOLEAN NOT NULL,
    detail      VARCHAR,
    source_path VARCHAR
);
COMMENT ON TABLE unit_year_status IS '汇总·覆盖情况：unit × year over the loaded year range (every registered unit, and unregistered units where they have data) with the report''s status';
COMMENT ON COLUMN unit_year_status.unit_id IS 'Unit (units.unit_id)';
COMMENT ON COLUMN unit_year_status.year IS 'Year';
COMMENT ON COLUMN unit_year_status.name IS 'Unit name (units.name)';
COMMENT ON COLUMN unit_year_status.area IS 'Unit area (units.area)';
COMMENT ON COLUMN unit_year_status.kind IS 'Unit kind code (units.kind)';
COMMENT ON COLUMN unit_year_status.registered IS 'True when the unit is listed in the registry';
COMMENT ON COLUMN unit_year_status.status IS 'loaded, zero_activity, failed_checks (report or cross-year), rejected (a file was attributed but could not be loaded), missing';
COMMENT ON COLUMN unit_year_status.follow_up IS 'True for the statuses someone has to follow up: missing, rejected, failed_checks';
COMMENT ON COLUMN unit_year_status.detail IS 'Why a year is to follow up: the rejected files with their reasons, the number of failed checks, or that no report came; NULL otherwise (kept apart from the file name so that reading the reasons stays cheap)';
COMMENT ON COLUMN unit_year_status.source_path IS 'The loaded file, NULL when none';

INSERT INTO unit_year_status
WITH span AS (
    SELECT min(year) AS lo, max(year) AS hi FROM (
        SELECT year FROM reports UNION ALL SELECT year FROM rejected_files WHERE year IS NOT NULL)
), yrs AS (
    SELECT unnest(generate_series(lo, hi))::INTEGER AS year FROM span WHERE lo IS NOT NULL
), rej AS (
    SELECT unit_id, year, count(*) AS n, string_agg(reason || ': ' || path, '; ' ORDER BY path) AS detail
    FROM rejected_files WHERE unit_id IS NOT NULL AND year IS NOT NULL GROUP BY unit_id, year
), grid AS (
    SELECT u.unit_id, y.year FROM units u CROSS JOIN yrs y WHERE u.registered
    UNION SELECT unit_id, year FROM reports
    UNION SELECT unit_id, year FROM rej
)
SELECT g.unit_id, g.year, u.name, u.area, u.kind, u.registered,
       CASE WHEN r.unit_id IS NULL AND rej.n > 0 THEN 'rejected'
            WHEN r.unit_id IS NULL THEN 'missing'
            WHEN s.failed_checks + s.cross_year_breaks > 0 THEN 'failed_checks'
            WHEN s.is_zero THEN 'zero_activity'
            ELSE 'loaded' END,
       r.unit_id IS NULL OR s.failed_checks + s.cross_year_breaks > 0,
       CASE WHEN r.unit_id IS NULL AND rej.n > 0 THEN rej.detail
            WHEN r.unit_id IS NULL THEN '登记册中有此单位，但没有该年度的报告'
            WHEN s.failed_checks + s.cross_year_breaks > 0
                THEN (s.failed_checks + s.cross_year_breaks) || ' 项检查未通过：' || r.source_path END,
       r.source_path
FROM grid g
JOIN units u USING (unit_id)
LEFT JOIN reports r USING (unit_id, year)
LEFT JOIN unit_year_summary s USING (unit_id, year)
LEFT JOIN rej USING (unit_id, year)
ORDER BY g.unit_id, g.year;

CREATE TABLE quality_issues (
    issue_type  VARCHAR NOT NULL,
    severity    INTEGER NOT NULL,
    unit_id     VARCHAR,
    name        VARCHAR,
    area        VARCHAR,
    kind        VARCHAR,
    year        INTEGER,
    rule        VARCHAR,
    "where"     VARCHAR,
    expected    DOUBLE,
    actual      DOUBLE,
    detail      VARCHAR,
    source_path VARCHAR
);
COMMENT ON TABLE quality_issues IS '汇总·数据质量问题：every ranked issue (issue_types.ranked) one by one, most serious first; blank/dash and recovered cells are counted in unit_year_summary instead (v_quality lists them too)';
COMMENT ON COLUMN quality_issues.issue_type IS 'Issue type code (issue_types)';
COMMENT ON COLUMN quality_issues.severity IS 'issue_types.severity (1 = most serious)';
COMMENT ON COLUMN quality_issues.unit_id IS 'Unit, NULL for a rejected file attributed to no unit';
COMMENT ON COLUMN quality_issues.name IS 'Unit name';
COMMENT ON COLUMN quality_issues.area IS 'Unit area';
COMMENT ON COLUMN quality_issues.kind IS 'Unit kind code';
COMMENT ON COLUMN quality_issues.year IS 'Year, NULL for a rejected file attributed to no year';
COMMENT ON COLUMN quality_issues.rule IS 'Rule code (checks), cell state (cells), reject reason (files), conflict rule (conflicts), warning';
COMMENT ON COLUMN quality_issues."where" IS 'The place: a check''s place, or table.row.column of a cell';
COMMENT ON COLUMN quality_issues.expected IS 'What the rule expects (checks)';
COMMENT ON COLUMN quality_issues.actual IS 'What was printed (checks; a cell''s value)';
COMMENT ON COLUMN quality_issues.detail IS 'The rule''s label, the cell''s state and text, the reason and message, or the kept file';
COMMENT ON COLUMN quality_issues.source_path IS 'The file concerned (for a conflict: the dropped file)';

INSERT INTO quality_issues
WITH cell_issue AS (  -- the cell states listed as ranked issues, by their quality class
    SELECT cs.state, cs.label, it.issue_type
    FROM cell_states cs JOIN issue_types it ON it.cell_quality = cs.quality AND it.ranked
), q AS (
    SELECT CASE WHEN c.scope = 'warehouse' THEN 'cross_year_break' ELSE 'failed_check' END AS issue_type,
           c.unit_id, c.year, c.rule, c."where", c.expected, c.actual, ru.label AS detail, r.source_path
    FROM checks c LEFT JOIN reports r USING (unit_id, year) LEFT JOIN rules ru USING (rule)
    WHERE NOT c.passed
    UNION ALL
    SELECT ci.issue_type, x.unit_id, x.year, x.state, x."where", NULL, x.value,
           ci.label || coalesce('：' || x.raw, ''), r.source_path
    FROM (SELECT unit_id, year, state, 'requests.' || item || '.' || applicant AS "where", value, raw
          FROM requests WHERE state IN (SELECT state FROM cell_issue)
          UNION ALL
          SELECT unit_id, year, state, 'review_litigation.' || proceeding || '.' || outcome, value, raw
          FROM review_litigation WHERE state IN (SELECT state FROM cell_issue)
          UNION ALL
          SELECT unit_id, year, state, 'proactive.' || item || '.' || measure, value, raw
          FROM proactive WHERE state IN (SELECT state FROM cell_issue)) x
    JOIN cell_issue ci USING (state)
    JOIN reports r USING (unit_id, year)
    UNION ALL
    SELECT 'rejected_file', f.unit_id, f.year, f.reason, NULL, NULL, NULL,
           coalesce(rr.label, f.reason) || coalesce('：' || f.detail, ''), f.path
    FROM rejected_files f LEFT JOIN reject_reasons rr USING (reason)
    UNION ALL
    SELECT 'conflict', k.unit_id, k.year, k.rule, NULL, NULL, NULL,
           '同一单位同一年度有多个文件，保留：' || k.kept_path, k.dropped_path
    FROM conflicts k
    UNION ALL
    SELECT 'warning', w.unit_id, w.year, 'warning', NULL, NULL, NULL, w.message, w.source_path
    FROM warnings w
)
SELECT q.issue_type, it.severity, q.unit_id, u.name, u.area, u.kind, q.year, q.rule, q."where", q.expected, q.actual,
       q.detail, q.source_path
FROM q
JOIN issue_types it USING (issue_type)
LEFT JOIN units u USING (unit_id)
WHERE it.ranked
ORDER BY it.severity, q.unit_id NULLS LAST, q.year, q.rule, q."where";
