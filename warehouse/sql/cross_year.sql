-- Cross-year rules (scope = warehouse), computed where both years of a unit are loaded. The
-- rules are data in pipelines/template.py (RULES): rule_terms holds each instance's terms, the
-- places its two sides add up (year_offset -1: the year before), compiled by pipelines.checks
-- as for the per-report rules. Cells are read as the per-report checks read them (cell_states):
-- a value as it is, blank and dash as 0; an instance with a term that has neither (missing,
-- text, or no report that year) is not checked. Parameter: $tol, the rules' tolerance.

INSERT INTO checks
WITH wanted AS (SELECT DISTINCT table_name, row_code, column_code FROM rule_terms),
cells AS (
    SELECT 'requests' AS table_name, unit_id, year, item AS row_code, applicant AS column_code, value, state
    FROM requests WHERE (item, applicant) IN (SELECT (row_code, column_code) FROM wanted WHERE table_name = 'requests')
    UNION ALL
    SELECT 'review_litigation', unit_id, year, proceeding, outcome, value, state
    FROM review_litigation
    WHERE (proceeding, outcome) IN (SELECT (row_code, column_code) FROM wanted WHERE table_name = 'review_litigation')
    UNION ALL
    SELECT 'proactive', unit_id, year, item, measure, value, state
    FROM proactive WHERE (item, measure) IN (SELECT (row_code, column_code) FROM wanted WHERE table_name = 'proactive')
),
terms AS (
    SELECT r.unit_id, r.year, t.rule, t."where", t.side, t.sign,
           CASE WHEN s.has_value THEN c.value WHEN s.zero_in_sums THEN 0 END AS value,
           coalesce(s.has_value OR s.zero_in_sums, false) AS known
    FROM reports r
    JOIN rule_terms t ON t.template = r.template
    LEFT JOIN cells c ON c.unit_id = r.unit_id AND c.year = r.year + t.year_offset AND c.table_name = t.table_name
                     AND c.row_code = t.row_code AND c.column_code = t.column_code
    LEFT JOIN cell_states s ON s.state = c.state
),
instances AS (
    SELECT unit_id, year, rule, "where",
           sum(sign * value) FILTER (WHERE side = 'expected') AS expected,
           sum(sign * value) FILTER (WHERE side = 'actual') AS actual
    FROM terms
    GROUP BY unit_id, year, rule, "where"
    HAVING bool_and(known)
)
SELECT i.unit_id, i.year, i.rule, abs(i.expected - i.actual) < $tol, i."where", i.expected, i.actual, ru.scope
FROM instances i JOIN rules ru USING (rule);

UPDATE reports SET status = 'failed_checks'
WHERE EXISTS (SELECT 1 FROM checks c WHERE c.unit_id = reports.unit_id AND c.year = reports.year AND NOT c.passed);
