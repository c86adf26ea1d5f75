-- The parse cache (data/cache/<db stem>/parsed.duckdb): one row per parsed content, keyed
-- by (sha256, parser_version), one row per content whose checks were evaluated, keyed also by
-- checks_version (checks are evaluated apart: a new rule re-checks, it does not re-parse), and
-- the file manifest of the last run. In `parsed` and the
-- parts, `sha256` is the parse key (pipelines.ingest.scan.parse_key): the content's SHA-256,
-- followed by "@<year>" when the file's path names a year, which a parse may read. The contents' cells,
-- checks and warnings are Parquet parts beside it (parts/<table>/<part>.parquet, see
-- warehouse/cache.py); `part` names the part that holds a content's rows. It lives outside
-- the published warehouse so that publishing never copies it; only the refresh (under the
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
    meta_json      VARCHAR,
    reason         VARCHAR,
    detail         VARCHAR,
    parsed_at      TIMESTAMP NOT NULL,
    part           VARCHAR
);
CREATE TABLE IF NOT EXISTS checked (
    sha256         VARCHAR NOT NULL,
    parser_version VARCHAR NOT NULL,
    checks_version VARCHAR NOT NULL,
    n_failed       INTEGER NOT NULL,
    part           VARCHAR NOT NULL
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
