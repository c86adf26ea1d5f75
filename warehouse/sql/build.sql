-- Fill the new warehouse from the parse cache (attached as `cache`) and the staging
-- tables the loader registers: cur_files(path, sha256, mtime_ns, first_seen, parse_key),
-- unit_map(printed, unit_id), rej_attr(path, unit_id, year, attributed_by).
-- Parameters: $pv (parser version), $cv (checks version), $now (build time), $cells, $checks,
-- $warnings (the Parquet part files of the cache's cells, checks and warnings: warehouse/cache.py).
-- A report's cells and parse warnings are in the part its parse names, its checks and the
-- warnings about skipped rule instances in the part its checks name (`check_part`).
-- Cells and checks are written in (unit_id, year) order: one unit's rows then sit in a few
-- row groups, and DuckDB's zone maps skip the rest when 单位档案 reads one unit.

CREATE TEMP TABLE ranked AS
SELECT f.path, f.sha256, f.parse_key, f.mtime_ns, m.unit_id, p.year, p.template, p.variant, p.format, p.parsed_at,
       p.parser_version, coalesce(p.synthetic, false) AS synthetic, p.unit, k.n_failed, p.meta_json, p.part,
       k.part AS check_part,
       row_number() OVER (PARTITION BY m.unit_id, p.year ORDER BY k.n_failed, f.mtime_ns DESC, f.path) AS rk
FROM cur_files f
JOIN cache.parsed p ON p.sha256 = f.parse_key AND p.parser_version = $pv AND p.ok
JOIN cache.checked k ON k.sha256 = p.sha256 AND k.parser_version = $pv AND k.checks_version = $cv
JOIN unit_map m ON m.printed = p.unit;

INSERT INTO reports
SELECT unit_id, year, template, variant, path, sha256, format, parsed_at, parser_version,
       CASE WHEN n_failed > 0 THEN 'failed_checks' ELSE 'loaded' END, synthetic, unit, n_failed, meta_json
FROM ranked WHERE rk = 1;

-- The rule for two files of one unit-year: fewest failed checks, then newest file, then path order.
INSERT INTO conflicts
SELECT d.unit_id, d.year, k.path, d.path,
       CASE WHEN d.sha256 = k.sha256 THEN 'same_content'
            WHEN d.n_failed > k.n_failed THEN 'fewer_failed_checks'
            WHEN d.mtime_ns < k.mtime_ns THEN 'newer_file'
            ELSE 'path_order' END
FROM ranked d JOIN ranked k ON k.unit_id = d.unit_id AND k.year = d.year AND k.rk = 1
WHERE d.rk > 1;

INSERT INTO requests
SELECT r.unit_id, r.year, c.row_code, c.column_code, c.value, c.state, c.raw
FROM ranked r JOIN read_parquet($cells) c ON c.part = r.part AND c.sha256 = r.parse_key AND c.parser_version = r.parser_version
WHERE r.rk = 1 AND c.table_name = 'requests'
ORDER BY r.unit_id, r.year;

INSERT INTO review_litigation
SELECT r.unit_id, r.year, c.row_code, c.column_code, c.value, c.state, c.raw
FROM ranked r JOIN read_parquet($cells) c ON c.part = r.part AND c.sha256 = r.parse_key AND c.parser_version = r.parser_version
WHERE r.rk = 1 AND c.table_name = 'review_litigation'
ORDER BY r.unit_id, r.year;

INSERT INTO proactive
SELECT r.unit_id, r.year, c.row_code, c.column_code, c.value, c.state, c.raw
FROM ranked r JOIN read_parquet($cells) c ON c.part = r.part AND c.sha256 = r.parse_key AND c.parser_version = r.parser_version
WHERE r.rk = 1 AND c.table_name = 'proactive'
ORDER BY r.unit_id, r.year;

INSERT INTO checks
SELECT r.unit_id, r.year, c.rule, c.passed, c."where", c.expected, c.actual, 'report'
FROM ranked r JOIN read_parquet($checks) c ON c.part = r.check_part AND c.sha256 = r.parse_key
                                           AND c.parser_version = r.parser_version AND c.checks_version = $cv
WHERE r.rk = 1
ORDER BY r.unit_id, r.year;

INSERT INTO warnings
SELECT r.unit_id, r.year, r.path, w.message
FROM ranked r JOIN read_parquet($warnings) w ON w.part = r.part AND w.sha256 = r.parse_key AND w.parser_version = r.parser_version
WHERE r.rk = 1 AND w.checks_version IS NULL;

INSERT INTO warnings
SELECT r.unit_id, r.year, r.path, w.message
FROM ranked r JOIN read_parquet($warnings) w ON w.part = r.check_part AND w.sha256 = r.parse_key
                                             AND w.parser_version = r.parser_version AND w.checks_version = $cv
WHERE r.rk = 1;

INSERT INTO rejected_files
SELECT f.path, f.sha256, p.reason, p.detail, f.first_seen, $now, a.unit_id, a.year, a.attributed_by
FROM cur_files f
JOIN cache.parsed p ON p.sha256 = f.parse_key AND p.parser_version = $pv AND NOT p.ok
LEFT JOIN rej_attr a ON a.path = f.path;

DETACH cache;
