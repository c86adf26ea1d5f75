-- Summaries 1/3 (warehouse/summaries.py runs them in order): per unit-year flows, cases,
-- outcome groups, zero activity and quality counts, and their sums per year × area × kind.
-- Unit-level tables carry the unit's name, area and kind, so that the sidebar's selection
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

