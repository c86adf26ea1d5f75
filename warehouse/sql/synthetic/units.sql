-- The generated warehouse's units, reports and the file-level tables (rejected files, conflicts,
-- warnings, the run), for warehouse/synthetic.py. Parameters: $seed, $n_units, $lo and $hi
-- (years), $now, $missing (per mille of unit-years without a loaded report), $per_city (units per
-- city), $city_area and $unknown_area (pipelines.units). Every random choice is hash($seed, …).

SET memory_limit = '6GB';
SET enable_progress_bar = false;

-- Draws per unit kind: per cent of years at zero activity, request scale, per cent of years with cases.
CREATE TEMP TABLE gen_kinds AS
SELECT * FROM (VALUES ('city_gov', 2, 300, 60), ('city_dept', 25, 40, 15), ('district_gov', 5, 120, 40),
                      ('district_dept', 35, 15, 8), ('township', 60, 4, 2), ('town', 50, 6, 3),
                      ('subdistrict', 45, 8, 3), ('unregistered', 30, 10, 5))
    AS k(kind, zero_pct, scale, case_pct);

-- Unit i of city i // $per_city: position 0 the city government, 1-25 city departments, then
-- districts of 41 (0 the district government, 1-15 departments, 16-23 townships, 24-33 towns,
-- 34-40 subdistricts). One unit in 997 (the 101st, …) is an unregistered name.
CREATE TEMP TABLE gen_units AS
WITH pos AS (
    SELECT range AS unit_no, range // $per_city AS city, range % $per_city AS p FROM range($n_units)
), shaped AS (
    SELECT unit_no, city, p,
           CASE WHEN p <= 25 THEN NULL ELSE (p - 26) // 41 END AS district,
           CASE WHEN p <= 25 THEN p ELSE (p - 26) % 41 END AS q
    FROM pos
), named AS (
    SELECT *,
           '合成' || (city + 1) || '市' AS city_name,
           '合成' || (city + 1) || '市' || ['东城区', '西湖区', '南河区', '北川县', '青山县', '云岭县', '江口区', '石门县'][district + 1]
               AS district_name,
           'C' || lpad(city::VARCHAR, 4, '0') AS city_id,
           'C' || lpad(city::VARCHAR, 4, '0') || '-D' || district AS district_id,
           ['发展和改革局', '教育局', '科学技术局', '公安局', '民政局', '司法局', '财政局', '人力资源和社会保障局',
            '自然资源局', '生态环境局', '住房和城乡建设局', '交通运输局', '水利局', '农业农村局', '商务局',
            '文化和旅游局', '卫生健康委员会', '应急管理局', '审计局', '市场监督管理局', '统计局', '医疗保障局',
            '城市管理局', '信访局', '档案馆'][(q - 1) % 25 + 1] AS dept
    FROM shaped
)
SELECT unit_no, city,
       CASE WHEN unit_no % 997 = 100 THEN 'unregistered'
            WHEN district IS NULL THEN (CASE WHEN q = 0 THEN 'city_gov' ELSE 'city_dept' END)
            WHEN q = 0 THEN 'district_gov' WHEN q <= 15 THEN 'district_dept' WHEN q <= 23 THEN 'township'
            WHEN q <= 33 THEN 'town' ELSE 'subdistrict' END AS kind,
       CASE WHEN unit_no % 997 = 100 THEN 'unreg-' || substr(md5($seed || '-' || unit_no), 1, 10)
            WHEN district IS NULL THEN city_id || (CASE WHEN q = 0 THEN '-G00' ELSE '-B' || lpad(q::VARCHAR, 2, '0') END)
            WHEN q = 0 THEN district_id || '-G00'
            WHEN q <= 15 THEN district_id || '-B' || lpad(q::VARCHAR, 2, '0')
            ELSE district_id || '-T' || lpad(q::VARCHAR, 2, '0') END AS unit_id,
       CASE WHEN unit_no % 997 = 100 THEN '未登记单位' || unit_no
            WHEN district IS NULL THEN (CASE WHEN q = 0 THEN city_name || '人民政府' ELSE city_name || dept END)
            WHEN q = 0 THEN district_name || '人民政府'
            WHEN q <= 15 THEN district_name || dept
            WHEN q <= 23 THEN district_name || '第' || q || '乡'
            WHEN q <= 33 THEN district_name || '第' || q || '镇'
            ELSE district_name || '第' || q || '街道' END AS name,
       CASE WHEN unit_no % 997 = 100 THEN NULL
            WHEN district IS NULL THEN (CASE WHEN q = 0 THEN NULL ELSE city_id || '-G00' END)
            WHEN q = 0 THEN city_id || '-G00'
            ELSE district_id || '-G00' END AS parent,
       CASE WHEN unit_no % 997 = 100 THEN $unknown_area
            WHEN district IS NULL THEN $city_area
            ELSE district_name || '人民政府' END AS area
FROM named;

INSERT INTO units
SELECT unit_id, name, NULL, parent, kind, area, kind <> 'unregistered' FROM gen_units ORDER BY unit_id;

-- Unit-years: h picks what is missing, rejected, failed, broken across years, warned, conflicting.
CREATE TEMP TABLE gen_reports AS
WITH uy AS (
    SELECT u.*, y.range::INTEGER AS year, hash($seed, u.unit_no, y.range) AS h
    FROM gen_units u CROSS JOIN range($lo, $hi + 1) y
)
SELECT uy.*, k.zero_pct, k.scale, k.case_pct,
       h % 1000 >= $missing AS loaded,
       h % 1000 < $missing AND (h // 1000) % 2 = 0 AS rejected,
       CASE WHEN year <= 2020 THEN (CASE WHEN year = 2020 AND (h // 7) % 100 < 4 THEN '2021' ELSE '2019' END)
            ELSE (CASE WHEN year = 2021 AND (h // 7) % 100 < 3 THEN '2019' ELSE '2021' END) END AS template,
       (h // 11) % 1000 < 12 AS bad,           -- carried_forward total printed one too high
       (h // 13) % 1000 < 6 AS break,          -- natural_person carried_over one above last year's forward
       (h // 17) % 100 < 3 AS warned,
       (h // 19) % 1000 < 4 AS conflict,
       (h // 23) % 100 < k.case_pct AS has_cases,
       '/data/reports/' || area || '/' || name || '/' || name || year || '年政府信息公开工作年度报告.'
           || ['pdf', 'html', 'docx', 'pdf', 'html', 'doc', 'txt'][((h // 29) % 7)::BIGINT + 1] AS path
FROM uy JOIN gen_kinds k USING (kind);

INSERT INTO reports
SELECT unit_id, year, template, NULL, path, sha256(path), regexp_extract(path, '\.([a-z]+)$', 1), $now, 'synthetic',
       CASE WHEN bad THEN 'failed_checks' ELSE 'loaded' END, true, name, CASE WHEN bad THEN 2 ELSE 0 END, NULL
FROM gen_reports WHERE loaded ORDER BY unit_id, year;

INSERT INTO rejected_files
SELECT r.path, sha256(r.path), rr.reason, r.path || ': ' || rr.reason || ': ' || rr.label || '（合成数据）', $now, $now,
       r.unit_id, r.year, 'path'
FROM gen_reports r
JOIN (SELECT reason, label, row_number() OVER (ORDER BY reason) - 1 AS i, count(*) OVER () AS n FROM reject_reasons) rr
  ON rr.i = (r.h // 31) % rr.n
WHERE r.rejected
UNION ALL  -- files attributed to no unit and no year
SELECT '/data/reports/未归类/附件' || range || '.pdf', sha256('附件' || range), 'not_a_report', '未归类附件（合成数据）',
       $now, $now, NULL, NULL, NULL
FROM range($n_units // 5000 + 1);

INSERT INTO conflicts
SELECT unit_id, year, path, regexp_replace(path, '(\.[a-z]+)$', '(1)\1'), 'same_content'
FROM gen_reports WHERE loaded AND conflict ORDER BY unit_id, year;

INSERT INTO warnings
SELECT unit_id, year, path,
       'requests.withheld_law_prohibited: 行标签“2.其他法律行政止公开”与模板不一致，近似匹配“2.其他法律行政法规禁止公开”（合成数据）'
FROM gen_reports WHERE loaded AND warned ORDER BY unit_id, year;

-- 现行有效 (in force) continues from year to year: in_force(N) = in_force(N-1) + issued(N) - repealed(N).
CREATE TEMP TABLE gen_in_force AS
WITH steps AS (
    SELECT r.unit_no, r.year, g.row_code AS item,
           hash($seed, r.unit_no, r.year, g.row_code, 'issued') % 3 AS issued,
           hash($seed, r.unit_no, r.year, g.row_code, 'repealed') % 2 AS repealed,
           20 + hash($seed, r.unit_no, g.row_code, 'base') % 40 AS base
    FROM gen_reports r
    JOIN (SELECT DISTINCT row_code FROM gen_grid_df WHERE role = 'in_force') g ON true
)
SELECT unit_no, year, item, issued, repealed,
       base + sum(issued::BIGINT - repealed::BIGINT) OVER (PARTITION BY unit_no, item ORDER BY year) AS in_force
FROM steps;

INSERT INTO ingest_runs VALUES (1, $now, $now, 0, 0, 0, 0, 0, 0, 0, 0, 'published', 'synthetic (nianbao bench app)');

-- The state a generated cell gets, chosen by class from cell_states' columns (no state named here).
CREATE TEMP TABLE gen_state_sets AS
SELECT (SELECT state FROM gen_states_df WHERE has_value AND printed AND quality = 'none') AS number_state,
       (SELECT state FROM gen_states_df WHERE has_value AND NOT printed AND quality = 'none') AS derived_state,
       (SELECT list(state ORDER BY state) FROM gen_states_df WHERE quality = 'empty') AS empty_states,
       (SELECT list(state ORDER BY state) FROM gen_states_df WHERE quality = 'problem' AND NOT has_value) AS problem_states,
       (SELECT list(state ORDER BY state) FROM gen_states_df WHERE quality = 'note' AND has_value) AS note_states;

-- New requests of a unit, year and applicant column (0 in a year at zero activity), and what it
-- carries forward (never more than it received that year); next year carries the same over.
CREATE TEMP MACRO gen_new(seed, u, y, a, zero_pct, scale) AS
    CASE WHEN hash(seed::INTEGER, u::BIGINT, y::INTEGER, 'active') % 100 >= zero_pct
         THEN (hash(seed::INTEGER, u::BIGINT, y::INTEGER, a::INTEGER, 'new') % (scale + 1))::BIGINT ELSE 0 END;
CREATE TEMP MACRO gen_forward(seed, u, y, a, zero_pct, scale) AS
    CASE WHEN hash(seed::INTEGER, u::BIGINT, y::INTEGER, a::INTEGER, 'forwards') % 3 = 0
         THEN least((hash(seed::INTEGER, u::BIGINT, y::INTEGER, a::INTEGER, 'forward') % 3)::BIGINT,
                    gen_new(seed, u, y, a, zero_pct, scale)) ELSE 0 END;
-- The state of one generated cell from its value and a draw s in [0, 100000); `z` is the row of gen_state_sets.
CREATE TEMP MACRO gen_state(z, derived, v, s) AS
    CASE WHEN derived THEN z.derived_state
         WHEN v = 0 AND s < 600 THEN z.empty_states[(1 + s % len(z.empty_states))::BIGINT]
         WHEN v = 0 AND s >= 99990 THEN z.problem_states[(1 + s % len(z.problem_states))::BIGINT]
         WHEN v > 9 AND s < 50 THEN z.note_states[(1 + s % len(z.note_states))::BIGINT]
         ELSE z.number_state END;
-- A generated cell's value and printed text under its state `x` (a gen_states_df row).
CREATE TEMP MACRO gen_value(x, v) AS CASE WHEN x.has_value THEN v END;
CREATE TEMP MACRO gen_raw(x, v) AS CASE WHEN x.keeps_raw THEN (CASE WHEN x.has_value THEN v::VARCHAR ELSE x.mark END) END;
