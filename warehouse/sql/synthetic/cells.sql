-- One batch of the generated cells and checks (cities $city_from..$city_to, or the unregistered
-- units when $unregistered), each table written sorted by unit_id, year. Parameters as in
-- units.sql, plus $weights (request scale per applicant column, pipelines.template order) and
-- $total_part (the index of the 总计 column).

CREATE TEMP TABLE gen_batch AS
SELECT * FROM gen_reports
WHERE loaded AND (kind = 'unregistered') = $unregistered AND ($unregistered OR city BETWEEN $city_from AND $city_to);

-- Section 三 per unit-year and column: every column balances (new + over = processed + forward),
-- the processed requests split into granted, partially granted (1/8) and one other outcome row
-- (1/4, the same row in every column), and the 总计 column is the sum of the six.
CREATE TEMP TABLE gen_flows AS
WITH parts AS (
    SELECT b.unit_no, b.unit_id, b.year, b.template, b.bad, b.break, b.zero_pct, w.a,
           ceil(b.scale * w.weight)::INTEGER AS scale
    FROM gen_batch b
    CROSS JOIN (SELECT i - 1 AS a, $weights[i] AS weight FROM range(1, len($weights) + 1) t(i)) w
), f AS (
    SELECT *, gen_new($seed, unit_no, year, a, zero_pct, scale) AS new,
           gen_forward($seed, unit_no, year, a, zero_pct, scale) AS forward,
           gen_forward($seed, unit_no, year - 1, a, zero_pct, scale) + (break AND a = 0)::INTEGER AS over
    FROM parts
), o AS (
    SELECT unit_no, unit_id, year, template, bad, a, new, over, forward, new + over - forward AS processed,
           (new + over - forward) // 8 AS partial, (new + over - forward) // 4 AS minor,
           hash($seed, unit_no, year, 'minor') AS pick  -- which other outcome row takes the quarter
    FROM f
)
SELECT *, processed - partial - minor AS granted FROM o
UNION ALL
SELECT unit_no, unit_id, year, template, bad, $total_part, sum(new), sum(over), sum(forward), sum(processed),
       sum(partial), sum(minor), pick, sum(processed - partial - minor)
FROM o GROUP BY unit_no, unit_id, year, template, bad, pick;

INSERT INTO requests
WITH c AS (
    SELECT f.unit_id, f.year, g.row_code, g.column_code, g.derived,
           hash($seed, f.unit_no, f.year, g.place) % 100000 AS s,
           CASE g.role WHEN 'new_received' THEN f.new WHEN 'carried_over' THEN f.over
                WHEN 'carried_forward' THEN f.forward + (f.bad AND f.a = $total_part)::INTEGER
                WHEN 'total_processed' THEN f.processed WHEN 'granted' THEN f.granted WHEN 'partial' THEN f.partial
                WHEN 'minor' THEN (CASE WHEN f.pick % g.n_minor = g.minor THEN f.minor ELSE 0 END)
                WHEN 'other_sum' THEN (CASE WHEN f.pick % g.n_minor >= g.split_from THEN f.minor ELSE 0 END) END AS v
    FROM gen_flows f JOIN gen_grid_df g ON g.template = f.template AND g.table_name = 'requests' AND g.part = f.a
), st AS (SELECT c.*, gen_state(z, c.derived, c.v, c.s) AS state FROM c, gen_state_sets z)
SELECT st.unit_id, st.year, st.row_code, st.column_code, gen_value(x, st.v), st.state, gen_raw(x, st.v)
FROM st JOIN gen_states_df x USING (state)
ORDER BY st.unit_id, st.year;

-- Section 四: cases only in some unit-years; 总计 is the sum of the four outcomes.
INSERT INTO review_litigation
WITH p AS (
    SELECT b.unit_no, b.unit_id, b.year, g.row_code, g.column_code, g.place,
           CASE WHEN b.has_cases THEN hash($seed, b.unit_no, b.year, g.place) % 3 ELSE 0 END AS v
    FROM gen_batch b JOIN gen_grid_df g ON g.template = b.template AND g.table_name = 'review_litigation' AND g.role = 'part'
), t AS (
    SELECT unit_no, unit_id, year, row_code, column_code, place, v FROM p
    UNION ALL
    SELECT p.unit_no, p.unit_id, p.year, p.row_code, g.column_code, g.place, sum(p.v)
    FROM p JOIN gen_grid_df g ON g.table_name = 'review_litigation' AND g.role = 'total' AND g.row_code = p.row_code
                             AND g.template = (SELECT min(template) FROM gen_grid_df)
    GROUP BY p.unit_no, p.unit_id, p.year, p.row_code, g.column_code, g.place
), st AS (SELECT t.*, gen_state(z, false, t.v, hash($seed, t.unit_no, t.year, t.place, 'state') % 100000) AS state
            FROM t, gen_state_sets z)
SELECT st.unit_id, st.year, st.row_code, st.column_code, gen_value(x, st.v), st.state, gen_raw(x, st.v)
FROM st JOIN gen_states_df x USING (state)
ORDER BY st.unit_id, st.year;

-- Section 二: counts (40% zero), signed changes, amounts with decimals; 现行有效 continues (gen_in_force).
INSERT INTO proactive
WITH c AS (
    SELECT b.unit_no, b.unit_id, b.year, g.row_code, g.column_code,
           hash($seed, b.unit_no, b.year, g.place) AS h,
           CASE g.role WHEN 'issued' THEN i.issued::DOUBLE WHEN 'repealed' THEN i.repealed::DOUBLE
                WHEN 'in_force' THEN i.in_force::DOUBLE
                ELSE (CASE g.kind WHEN 'signed' THEN (hash($seed, b.unit_no, b.year, g.place) % 7)::DOUBLE - 3
                                  WHEN 'amount' THEN (hash($seed, b.unit_no, b.year, g.place) % 1000000) / 100.0
                                  ELSE (CASE WHEN hash($seed, b.unit_no, b.year, g.place) % 10 < 4 THEN 0
                                             ELSE hash($seed, b.unit_no, b.year, g.place) // 10 % 30 END)::DOUBLE
                                  END) END AS v
    FROM gen_batch b
    JOIN gen_grid_df g ON g.template = b.template AND g.table_name = 'proactive'
    LEFT JOIN gen_in_force i ON i.unit_no = b.unit_no AND i.year = b.year AND i.item = g.row_code
), st AS (SELECT c.*, gen_state(z, false, c.v, c.h // 7 % 100000) AS state FROM c, gen_state_sets z)
SELECT st.unit_id, st.year, st.row_code, st.column_code, gen_value(x, st.v), st.state, gen_raw(x, st.v)
FROM st JOIN gen_states_df x USING (state)
ORDER BY st.unit_id, st.year;

-- The checker's places for the report's template (warehouse.synthetic.check_places_frame); a
-- unit-year with `bad` fails flow_balance on 总计 and applicant_total on carried_forward.
INSERT INTO checks
WITH c AS (
    SELECT b.unit_id, b.year, g.rule, g."where",
           b.bad AND ((g.rule = 'flow_balance' AND g."where" = 'requests.total')
                      OR (g.rule = 'applicant_total' AND g."where" = 'requests.carried_forward')) AS failing,
           t.new + t.over AS inflow, t.processed + t.forward AS outflow, t.forward
    FROM gen_batch b
    JOIN gen_checks_df g ON g.template = b.template
    LEFT JOIN gen_flows t ON b.bad AND t.unit_no = b.unit_no AND t.year = b.year AND t.a = $total_part
)
SELECT unit_id, year, rule, NOT failing, "where",
       CASE WHEN NOT failing THEN 0 WHEN rule = 'flow_balance' THEN inflow ELSE forward END,
       CASE WHEN NOT failing THEN 0 WHEN rule = 'flow_balance' THEN outflow + 1 ELSE forward + 1 END,
       'report'
FROM c
ORDER BY unit_id, year;

DROP TABLE gen_flows;
DROP TABLE gen_batch;
