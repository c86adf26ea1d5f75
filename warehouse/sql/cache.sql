-- The parse cache (data/cache/<db stem>/parsed.duckdb): parsed results keyed by
-- (sha256, parser_version) and the file manifest of the last run. It lives outside the
-- published warehouse so that publishing never copies it; only the refresh (under the
-- lock) opens it.
CREATE TABLE IF NOT EXISTS files (
    path       VARCHAR PRIMARY KEY,
    size       BIGINT NOT NULL,
    mtime_ns   BIGINT NOT NULL,
    sha256     VARCHAR NOT NULL,
    first_seen TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS parsed (
    sha256         VARCHAR NOT NULL,
    parser_version VARCHAR NOT NULL,
    ok             BOOLEAN NOT NULL,
    unit           VARCHAR,
    year           INTEGER,
    template       VARCHAR,
    variant        VARCHAR,
    format         VARCHAR,
    synthetic      BOOLEAN,
    n_failed       INTEGER,
    meta_json      VARCHAR,
    reason         VARCHAR,
    detail         VARCHAR,
    parsed_at      TIMESTAMP NOT NULL
);
CREATE TABLE IF NOT EXISTS parsed_cells (
    sha256         VARCHAR NOT NULL,
    parser_version VARCHAR NOT NULL,
    table_name     VARCHAR NOT NULL,
    row_code       VARCHAR NOT NULL,
    column_code    VARCHAR NOT NULL,
    value          DOUBLE,
    state          VARCHAR NOT NULL,
    raw            VARCHAR
);
CREATE TABLE IF NOT EXISTS parsed_checks (
    sha256         VARCHAR NOT NULL,
    parser_version VARCHAR NOT NULL,
    rule           VARCHAR NOT NULL,
    passed         BOOLEAN NOT NULL,
    "where"        VARCHAR NOT NULL,
    expected       DOUBLE,
    actual         DOUBLE
);
CREATE TABLE IF NOT EXISTS parsed_warnings (
    sha256         VARCHAR NOT NULL,
    parser_version VARCHAR NOT NULL,
    message        VARCHAR NOT NULL
);
CREATE TABLE IF NOT EXISTS runs (
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
CREATE TABLE IF NOT EXISTS state (
    key   VARCHAR PRIMARY KEY,
    value VARCHAR
);
