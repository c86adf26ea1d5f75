-- The published warehouse: one DuckDB file, rebuilt and swapped in atomically by each refresh.
-- Every table and column carries a COMMENT ON (the data dictionary is generated from them).
-- Codes are those of pipelines/template.py (../shared/spec/report-format.md).

CREATE TABLE units (
    unit_id    VARCHAR PRIMARY KEY,
    name       VARCHAR NOT NULL,
    aliases    VARCHAR,
    parent     VARCHAR,
    kind       VARCHAR NOT NULL,
    area       VARCHAR NOT NULL,
    registered BOOLEAN NOT NULL
);
COMMENT ON TABLE units IS '单位：登记册中的单位及报告中出现但未登记的单位 (one row per unit)';
COMMENT ON COLUMN units.unit_id IS 'Unit id: the registry''s id for a registered unit, unreg-<hash of normalised name> otherwise';
COMMENT ON COLUMN units.name IS 'Unit name (registry name, or the simplified printed name for an unregistered unit)';
COMMENT ON COLUMN units.aliases IS 'Other names of the unit from the registry, joined by |';
COMMENT ON COLUMN units.parent IS 'unit_id of the parent unit (registry), NULL at the top';
COMMENT ON COLUMN units.kind IS 'Unit kind code (see unit_kinds): city_gov, city_dept, district_gov, district_dept, township, town, subdistrict, unregistered';
COMMENT ON COLUMN units.area IS 'District or county the unit belongs to (walking parents to a district_gov), 市本级 for city-level units, 未登记 for unregistered units';
COMMENT ON COLUMN units.registered IS 'True when the unit is listed in the registry CSV';

CREATE TABLE reports (
    unit_id           VARCHAR NOT NULL,
    year              INTEGER NOT NULL,
    template          VARCHAR NOT NULL,
    variant           VARCHAR,
    source_path       VARCHAR NOT NULL,
    sha256            VARCHAR NOT NULL,
    format            VARCHAR NOT NULL,
    parsed_at         TIMESTAMP NOT NULL,
    parser_version    VARCHAR NOT NULL,
    status            VARCHAR NOT NULL,
    synthetic         BOOLEAN NOT NULL,
    unit_name_printed VARCHAR NOT NULL,
    failed_checks     INTEGER NOT NULL,
    meta_json         VARCHAR,
    PRIMARY KEY (unit_id, year)
);
COMMENT ON TABLE reports IS '已入库的年度报告：每个单位每年一行 (one row per unit and year; the file kept when several supply it, see conflicts)';
COMMENT ON COLUMN reports.unit_id IS 'Unit (units.unit_id)';
COMMENT ON COLUMN reports.year IS 'The year reported on (not the year of publication)';
COMMENT ON COLUMN reports.template IS 'Template detected from the table labels: 2019 (国办公开办函〔2019〕60号) or 2021 (国办公开办函〔2021〕30号)';
COMMENT ON COLUMN reports.variant IS 'Layout variant noted by the parser (e.g. hybrid), NULL when plain';
COMMENT ON COLUMN reports.source_path IS 'Absolute path of the file the report was read from';
COMMENT ON COLUMN reports.sha256 IS 'SHA-256 of the file content';
COMMENT ON COLUMN reports.format IS 'File format as read: text, html, pdf, docx, doc, wps';
COMMENT ON COLUMN reports.parsed_at IS 'When this content was parsed (UTC); unchanged content is not parsed again';
COMMENT ON COLUMN reports.parser_version IS 'Version of the parser that produced the report (code fingerprint)';
COMMENT ON COLUMN reports.status IS 'loaded, or failed_checks when any consistency rule (report or cross-year) failed';
COMMENT ON COLUMN reports.synthetic IS 'True for generated demo data (演示数据)';
COMMENT ON COLUMN reports.unit_name_printed IS 'The unit name as printed in the report title';
COMMENT ON COLUMN reports.failed_checks IS 'Number of failed report-level checks (the first criterion when two files supply one unit-year)';
COMMENT ON COLUMN reports.meta_json IS 'Parser metadata as JSON (year_source, encoding, amount units, ...)';

CREATE TABLE requests (
    unit_id   VARCHAR NOT NULL,
    year      INTEGER NOT NULL,
    item      VARCHAR NOT NULL,
    applicant VARCHAR NOT NULL,
    value     DOUBLE,
    state     VARCHAR NOT NULL,
    raw       VARCHAR
);
COMMENT ON TABLE requests IS '三、收到和处理政府信息公开申请情况：one row per unit, year, item (row) and applicant (column)';
COMMENT ON COLUMN requests.unit_id IS 'Unit (units.unit_id)';
COMMENT ON COLUMN requests.year IS 'Year reported on';
COMMENT ON COLUMN requests.item IS 'Row code (labels.dimension = row): new_received, carried_over, granted, ..., total_processed, carried_forward';
COMMENT ON COLUMN requests.applicant IS 'Column code (labels.dimension = column): natural_person, commercial, research, social_welfare, legal_service, other_org, total';
COMMENT ON COLUMN requests.value IS 'The number (DOUBLE), NULL unless the state has a value (cell_states.has_value)';
COMMENT ON COLUMN requests.state IS 'How the cell was printed (see cell_states)';
COMMENT ON COLUMN requests.raw IS 'The cell text as printed, kept where cell_states.keeps_raw (NULL for number, derived and missing cells)';

CREATE TABLE review_litigation (
    unit_id    VARCHAR NOT NULL,
    year       INTEGER NOT NULL,
    proceeding VARCHAR NOT NULL,
    outcome    VARCHAR NOT NULL,
    value      DOUBLE,
    state      VARCHAR NOT NULL,
    raw        VARCHAR
);
COMMENT ON TABLE review_litigation IS '四、政府信息公开行政复议、行政诉讼情况：one row per unit, year, proceeding and outcome';
COMMENT ON COLUMN review_litigation.unit_id IS 'Unit (units.unit_id)';
COMMENT ON COLUMN review_litigation.year IS 'Year reported on';
COMMENT ON COLUMN review_litigation.proceeding IS 'review 行政复议, litigation_direct 未经复议直接起诉, litigation_after_review 复议后起诉';
COMMENT ON COLUMN review_litigation.outcome IS 'upheld 结果维持, corrected 结果纠正, other 其他结果, pending 尚未审结, total 总计';
COMMENT ON COLUMN review_litigation.value IS 'The number, NULL unless the state has a value (cell_states.has_value)';
COMMENT ON COLUMN review_litigation.state IS 'How the cell was printed (see cell_states)';
COMMENT ON COLUMN review_litigation.raw IS 'The cell text as printed, kept for non-number cells';

CREATE TABLE proactive (
    unit_id VARCHAR NOT NULL,
    year    INTEGER NOT NULL,
    item    VARCHAR NOT NULL,
    measure VARCHAR NOT NULL,
    value   DOUBLE,
    state   VARCHAR NOT NULL,
    raw     VARCHAR
);
COMMENT ON TABLE proactive IS '二、主动公开政府信息情况：one row per unit, year, item and measure (measures differ between templates)';
COMMENT ON COLUMN proactive.unit_id IS 'Unit (units.unit_id)';
COMMENT ON COLUMN proactive.year IS 'Year reported on';
COMMENT ON COLUMN proactive.item IS 'Row code: regulations, normative_documents, licensing, other_services, penalty, compulsion, fees, procurement';
COMMENT ON COLUMN proactive.measure IS 'Column code, e.g. new_made, issued, in_force, decisions, fee_amount (labels per template)';
COMMENT ON COLUMN proactive.value IS 'The number (amounts keep decimals; change may be negative), NULL unless a number';
COMMENT ON COLUMN proactive.state IS 'How the cell was printed (see cell_states)';
COMMENT ON COLUMN proactive.raw IS 'The cell text as printed, kept for non-number cells';

CREATE TABLE checks (
    unit_id  VARCHAR NOT NULL,
    year     INTEGER NOT NULL,
    rule     VARCHAR NOT NULL,
    passed   BOOLEAN NOT NULL,
    "where"  VARCHAR NOT NULL,
    expected DOUBLE,
    actual   DOUBLE,
    scope    VARCHAR NOT NULL
);
COMMENT ON TABLE checks IS '勾稽关系检查：every consistency rule evaluated, passed or failed, with its evidence';
COMMENT ON COLUMN checks.unit_id IS 'Unit (units.unit_id)';
COMMENT ON COLUMN checks.year IS 'Year of the report checked (for cross-year rules: the later year N)';
COMMENT ON COLUMN checks.rule IS 'Rule code (see rules)';
COMMENT ON COLUMN checks.passed IS 'True when the rule holds at this place';
COMMENT ON COLUMN checks."where" IS 'The place checked, e.g. requests.natural_person or requests.carried_over.total';
COMMENT ON COLUMN checks.expected IS 'The value the rule expects (e.g. the sum of the parts, or last year''s carried_forward)';
COMMENT ON COLUMN checks.actual IS 'The value printed';
COMMENT ON COLUMN checks.scope IS 'report: checked by the parser on one report; warehouse: cross-year rule computed in SQL at build';

CREATE TABLE warnings (
    unit_id     VARCHAR NOT NULL,
    year        INTEGER NOT NULL,
    source_path VARCHAR NOT NULL,
    message     VARCHAR NOT NULL
);
COMMENT ON TABLE warnings IS '解析提示：doubtful places the parser flagged in a loaded report';
COMMENT ON COLUMN warnings.unit_id IS 'Unit (units.unit_id)';
COMMENT ON COLUMN warnings.year IS 'Year reported on';
COMMENT ON COLUMN warnings.source_path IS 'File the warning is about';
COMMENT ON COLUMN warnings.message IS 'The parser''s message, naming the place in the file';

CREATE TABLE rejected_files (
    path          VARCHAR NOT NULL,
    sha256        VARCHAR NOT NULL,
    reason        VARCHAR NOT NULL,
    detail        VARCHAR,
    first_seen    TIMESTAMP NOT NULL,
    last_seen     TIMESTAMP NOT NULL,
    unit_id       VARCHAR,
    year          INTEGER,
    attributed_by VARCHAR
);
COMMENT ON TABLE rejected_files IS '未能入库的文件及原因 (files that could not become a report; nothing is dropped silently)';
COMMENT ON COLUMN rejected_files.path IS 'Absolute path of the file';
COMMENT ON COLUMN rejected_files.sha256 IS 'SHA-256 of the file content';
COMMENT ON COLUMN rejected_files.reason IS 'Reject reason code (see reject_reasons): unreadable, not_a_report, scanned, no_year, timeout, ...';
COMMENT ON COLUMN rejected_files.detail IS 'Specific message naming the file and the place';
COMMENT ON COLUMN rejected_files.first_seen IS 'When this path was first seen by an ingest (UTC)';
COMMENT ON COLUMN rejected_files.last_seen IS 'When this path was last seen (the build that produced this warehouse, UTC)';
COMMENT ON COLUMN rejected_files.unit_id IS 'Unit the file is attributed to, when known (for coverage), else NULL';
COMMENT ON COLUMN rejected_files.year IS 'Year the file is attributed to, when known, else NULL';
COMMENT ON COLUMN rejected_files.attributed_by IS 'report: unit/year read from the partly parsed report; path: a registered unit name and a year in the file path; NULL: unknown';

CREATE TABLE conflicts (
    unit_id      VARCHAR NOT NULL,
    year         INTEGER NOT NULL,
    kept_path    VARCHAR NOT NULL,
    dropped_path VARCHAR NOT NULL,
    rule         VARCHAR NOT NULL
);
COMMENT ON TABLE conflicts IS '同一单位同一年度有多个文件：kept = fewest failed checks, then the newest file (mtime), then the first path in sort order';
COMMENT ON COLUMN conflicts.unit_id IS 'Unit (units.unit_id)';
COMMENT ON COLUMN conflicts.year IS 'Year reported on';
COMMENT ON COLUMN conflicts.kept_path IS 'File loaded into reports';
COMMENT ON COLUMN conflicts.dropped_path IS 'File not loaded';
COMMENT ON COLUMN conflicts.rule IS 'Which criterion decided: same_content, fewer_failed_checks, newer_file, path_order';

CREATE TABLE ingest_runs (
    run_id    INTEGER NOT NULL,
    started   TIMESTAMP NOT NULL,
    finished  TIMESTAMP,
    seen      INTEGER NOT NULL,
    new       INTEGER NOT NULL,
    changed   INTEGER NOT NULL,
    unchanged INTEGER NOT NULL,
    deleted   INTEGER NOT NULL,
    parsed    INTEGER NOT NULL,
    rejected  INTEGER NOT NULL,
    conflicts INTEGER NOT NULL,
    outcome   VARCHAR NOT NULL,
    detail    VARCHAR
);
COMMENT ON TABLE ingest_runs IS '入库运行记录：one row per ingest or refresh run (runs that found nothing to change are listed from the next build on)';
COMMENT ON COLUMN ingest_runs.run_id IS 'Run number, increasing';
COMMENT ON COLUMN ingest_runs.started IS 'Start time (UTC)';
COMMENT ON COLUMN ingest_runs.finished IS 'End time (UTC); for the run that built this warehouse, the time the build finished';
COMMENT ON COLUMN ingest_runs.seen IS 'Files found in the sources';
COMMENT ON COLUMN ingest_runs.new IS 'Files at paths not seen before';
COMMENT ON COLUMN ingest_runs.changed IS 'Files whose content changed since the previous run';
COMMENT ON COLUMN ingest_runs.unchanged IS 'Files with unchanged content';
COMMENT ON COLUMN ingest_runs.deleted IS 'Files gone since the previous run';
COMMENT ON COLUMN ingest_runs.parsed IS 'Files actually parsed (content not in the parse cache)';
COMMENT ON COLUMN ingest_runs.rejected IS 'Files that could not become a report';
COMMENT ON COLUMN ingest_runs.conflicts IS 'Files not loaded because another file supplies the same unit-year';
COMMENT ON COLUMN ingest_runs.outcome IS 'published (new warehouse), unchanged (nothing to do, previous kept), failed';
COMMENT ON COLUMN ingest_runs.detail IS 'Rejected counts per reason, or the error';

CREATE TABLE meta (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR
);
COMMENT ON TABLE meta IS 'About this warehouse file: built_at, parser_version, checks_version, synthetic, counts, schema_version';
COMMENT ON COLUMN meta.key IS 'Name';
COMMENT ON COLUMN meta.value IS 'Value as text';

CREATE TABLE labels (
    table_name VARCHAR NOT NULL,
    dimension  VARCHAR NOT NULL,
    code       VARCHAR NOT NULL,
    label      VARCHAR NOT NULL,
    template   VARCHAR NOT NULL,
    position   INTEGER NOT NULL,
    grp        VARCHAR
);
COMMENT ON TABLE labels IS 'Chinese label of every code per template, generated from pipelines/template.py at build';
COMMENT ON COLUMN labels.table_name IS 'requests, review_litigation or proactive';
COMMENT ON COLUMN labels.dimension IS 'row (item, proceeding) or column (applicant, outcome, measure)';
COMMENT ON COLUMN labels.code IS 'Canonical code';
COMMENT ON COLUMN labels.label IS 'Label as printed in the template';
COMMENT ON COLUMN labels.template IS '2019 or 2021';
COMMENT ON COLUMN labels.position IS 'Printed order within the template (0-based)';
COMMENT ON COLUMN labels.grp IS 'Printed group heading (法人或其他组织, （三）不予公开, a proactive clause ...)';

CREATE TABLE outcome_items (
    item          VARCHAR PRIMARY KEY,
    outcome_group VARCHAR NOT NULL,
    outcome_label VARCHAR NOT NULL,
    item_label    VARCHAR NOT NULL,
    group_order   INTEGER NOT NULL,
    item_order    INTEGER NOT NULL
);
COMMENT ON TABLE outcome_items IS 'The request items that add up to total_processed, grouped into the dashboard''s outcome groups';
COMMENT ON COLUMN outcome_items.item IS 'requests.item code';
COMMENT ON COLUMN outcome_items.outcome_group IS 'granted, partially_granted, withheld, unavailable, rejected, other';
COMMENT ON COLUMN outcome_items.outcome_label IS 'Group label: 予以公开, 部分公开, 不予公开, 无法提供, 不予处理, 其他处理';
COMMENT ON COLUMN outcome_items.item_label IS 'Item label as printed in the template';
COMMENT ON COLUMN outcome_items.group_order IS 'Display order of the group';
COMMENT ON COLUMN outcome_items.item_order IS 'Printed order of the item';

CREATE TABLE unit_kinds (kind VARCHAR PRIMARY KEY, kind_label VARCHAR NOT NULL);
COMMENT ON TABLE unit_kinds IS 'Unit kind codes and their Chinese labels';
COMMENT ON COLUMN unit_kinds.kind IS 'Kind code';
COMMENT ON COLUMN unit_kinds.kind_label IS 'Chinese label';

CREATE TABLE rules (rule VARCHAR PRIMARY KEY, label VARCHAR NOT NULL, statement VARCHAR NOT NULL, scope VARCHAR NOT NULL);
COMMENT ON TABLE rules IS 'Consistency rules (勾稽关系) from pipelines/template.py';
COMMENT ON COLUMN rules.rule IS 'Rule code';
COMMENT ON COLUMN rules.label IS 'Short Chinese name';
COMMENT ON COLUMN rules.statement IS 'The rule in words';
COMMENT ON COLUMN rules.scope IS 'report (parser) or warehouse (cross-year, SQL)';

CREATE TABLE rule_terms (
    rule        VARCHAR NOT NULL,
    template    VARCHAR NOT NULL,
    "where"     VARCHAR NOT NULL,
    side        VARCHAR NOT NULL,
    table_name  VARCHAR NOT NULL,
    row_code    VARCHAR NOT NULL,
    column_code VARCHAR NOT NULL,
    year_offset INTEGER NOT NULL,
    sign        INTEGER NOT NULL
);
COMMENT ON TABLE rule_terms IS 'The places each cross-year rule adds up, one row per term of an instance, compiled from pipelines/template.py (RULES) as the per-report checks are';
COMMENT ON COLUMN rule_terms.rule IS 'Rule code (see rules)';
COMMENT ON COLUMN rule_terms.template IS 'Template of the year checked (N)';
COMMENT ON COLUMN rule_terms."where" IS 'The place checked (checks.where)';
COMMENT ON COLUMN rule_terms.side IS 'expected or actual: the rule holds when both sides add up to the same';
COMMENT ON COLUMN rule_terms.table_name IS 'Table of the cell: requests, review_litigation or proactive';
COMMENT ON COLUMN rule_terms.row_code IS 'Row code of the cell (item or proceeding)';
COMMENT ON COLUMN rule_terms.column_code IS 'Column code of the cell (applicant, measure or outcome)';
COMMENT ON COLUMN rule_terms.year_offset IS '0: the year checked (N); -1: the year before (N−1)';
COMMENT ON COLUMN rule_terms.sign IS '1 added, -1 subtracted';

CREATE TABLE cell_states (
    state        VARCHAR PRIMARY KEY,
    label        VARCHAR NOT NULL,
    has_value    BOOLEAN NOT NULL,
    zero_in_sums BOOLEAN NOT NULL,
    keeps_raw    BOOLEAN NOT NULL,
    printed      BOOLEAN NOT NULL,
    quality      VARCHAR NOT NULL
);
COMMENT ON TABLE cell_states IS 'Cell state codes: how a cell was printed, and what that means for sums and for data quality';
COMMENT ON COLUMN cell_states.state IS 'State code';
COMMENT ON COLUMN cell_states.label IS 'Chinese label';
COMMENT ON COLUMN cell_states.has_value IS 'value holds a number that sums take as it is';
COMMENT ON COLUMN cell_states.zero_in_sums IS 'no value, but sums read the cell as 0 (blank, dash)';
COMMENT ON COLUMN cell_states.keeps_raw IS 'the printed text is kept in raw';
COMMENT ON COLUMN cell_states.printed IS 'something was printed at this place (not missing, not computed)';
COMMENT ON COLUMN cell_states.quality IS 'none; note (worth a glance); empty (blank or dash, counted apart); problem (no number where one belongs)';

CREATE TABLE reject_reasons (reason VARCHAR PRIMARY KEY, label VARCHAR NOT NULL);
COMMENT ON TABLE reject_reasons IS 'Reject reason codes for rejected_files';
COMMENT ON COLUMN reject_reasons.reason IS 'Reason code';
COMMENT ON COLUMN reject_reasons.label IS 'Chinese label';

CREATE TABLE issue_types (
    issue_type   VARCHAR PRIMARY KEY,
    label        VARCHAR NOT NULL,
    severity     INTEGER NOT NULL,
    ranked       BOOLEAN NOT NULL,
    listed       BOOLEAN NOT NULL,
    cell_quality VARCHAR,
    description  VARCHAR NOT NULL
);
COMMENT ON TABLE issue_types IS 'Data-quality issue types (v_quality.issue_type) from warehouse/labels.py, most serious first';
COMMENT ON COLUMN issue_types.issue_type IS 'Issue type code';
COMMENT ON COLUMN issue_types.label IS 'Chinese label';
COMMENT ON COLUMN issue_types.severity IS '1 = most serious; the order of the data-quality page';
COMMENT ON COLUMN issue_types.ranked IS 'true: ranks units and fills the data-quality charts; false: shown apart (parser notes, blank/dash and recovered cells)';
COMMENT ON COLUMN issue_types.listed IS 'true: listed one by one in quality_issues; false: only counted per unit-year in unit_year_summary (blank/dash and recovered cells)';
COMMENT ON COLUMN issue_types.cell_quality IS 'For cell issues: the cell_states.quality class the type stands for (problem, note, empty); NULL otherwise';
COMMENT ON COLUMN issue_types.description IS 'What the issue means';
