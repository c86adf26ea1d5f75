-- Summaries 3/3: what to follow up: the unit × year coverage grid and the ranked data-quality
-- issues (after unit_year.sql, whose counts they use).

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
COMMENT ON TABLE quality_issues IS '汇总·数据质量问题：every listed issue (issue_types.listed) one by one, most serious first; blank/dash and recovered cells are counted in unit_year_summary instead (v_quality lists them too)';
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
WITH cell_issue AS (  -- the cell states listed one by one, by their quality class
    SELECT cs.state, cs.label, it.issue_type
    FROM cell_states cs JOIN issue_types it ON it.cell_quality = cs.quality AND it.listed
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
WHERE it.listed
ORDER BY it.severity, q.unit_id NULLS LAST, q.year, q.rule, q."where";
