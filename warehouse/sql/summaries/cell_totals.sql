-- Summaries 2/3: the three tables summed cell by cell per year × area × kind × template.

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

