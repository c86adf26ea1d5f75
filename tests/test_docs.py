"""The docs say what the code does: the generated dictionary is current and complete,
and every example in the analyst's guide runs against a warehouse built from the demo city."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from docs.generate import formula
from pipelines import template as T
from pipelines.model import REJECT_REASONS
from pipelines.units import UNIT_KINDS
from tests.conftest import REPO

DOCS = REPO / "docs"
DICTIONARY = DOCS / "data-dictionary.md"
GUIDE = DOCS / "analyst-guide.md"
OPERATOR = DOCS / "operator-guide.md"

_FENCE = re.compile(r"^```(\w+)\n(.*?)^```", re.S | re.M)


def blocks(path: Path, lang: str) -> list[str]:
    """The fenced code blocks of one language in a Markdown file."""
    return [body for kind, body in _FENCE.findall(path.read_text(encoding="utf-8")) if kind == lang]


def _generate() -> str:
    from docs.generate import generate

    return generate()


@pytest.fixture(scope="module")
def dictionary() -> str:
    return DICTIONARY.read_text(encoding="utf-8")


# ------------------------------------------------------------------ the dictionary
def test_dictionary_is_current(dictionary):
    """Fails when schema comments, codes or labels changed and `python -m docs.generate` was not run."""
    assert dictionary == _generate(), "docs/data-dictionary.md is out of date: run `python -m docs.generate`"


def test_generate_check_mode(tmp_path):
    from docs.generate import main

    out = tmp_path / "dd.md"
    assert main(["--check", "--out", str(out)]) == 1          # missing file: out of date
    assert main(["--out", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == _generate()
    assert main(["--check", "--out", str(out)]) == 0
    out.write_text(out.read_text(encoding="utf-8").replace("自然人", "自然 人"), encoding="utf-8")
    assert main(["--check", "--out", str(out)]) == 1


def _row(code: str, *cells: str) -> re.Pattern[str]:
    """A Markdown table row starting with `code` followed by the given cells."""
    tail = "".join(r"\s*\|\s*" + re.escape(c) for c in cells)
    return re.compile(r"^\|\s*`" + re.escape(code) + "`" + tail + r"\s*\|", re.M)


def test_every_request_code_with_its_label_and_templates(dictionary):
    for a in T.APPLICANTS:
        assert _row(a.code, a.label, a.group or "—").search(dictionary), a.code
    for i in T.REQUEST_ITEMS:
        assert _row(i.code, i.label, i.group or "—", ", ".join(i.templates)).search(dictionary), i.code
    for group, (label, items) in T.OUTCOME_GROUPS.items():
        assert _row(group, label, ", ".join(f"`{c}`" for c in items)).search(dictionary), group


def test_every_review_code(dictionary):
    for p in T.PROCEEDINGS:
        assert _row(p.code, p.label, ", ".join(p.templates)).search(dictionary), p.code
    for o in T.OUTCOMES:
        assert _row(o.code, o.label, ", ".join(o.templates)).search(dictionary), o.code


def test_every_proactive_item_and_measure_per_template(dictionary):
    for tpl in T.TEMPLATES:
        for it in T.PROACTIVE[tpl]:
            for m in it.measures:
                pattern = re.compile(
                    r"^\|\s*`" + tpl + r"`\s*\|\s*" + re.escape(it.clause) + r"\s*\|\s*`" + it.code + r"`\s*\|\s*"
                    + re.escape(it.label) + r"\s*\|\s*`" + m.code + r"`\s*\|\s*" + re.escape(m.label.replace("|", r"\|"))
                    + r"\s*\|\s*" + m.kind + r"\s*\|", re.M)
                assert pattern.search(dictionary), (tpl, it.code, m.code)


def test_every_rule_state_reason_and_kind(dictionary):
    for r in T.RULES:
        sums = f"`{formula(r)}`" if formula(r) else "—"
        assert _row(r.code, r.label, r.statement, sums, r.scope, ", ".join(r.templates)).search(dictionary), r.code
    yes = {True: "yes", False: "no"}
    for state, i in T.CELL_STATES.items():
        assert _row(state, i.label, yes[i.has_value], yes[i.zero_in_sums], yes[i.keeps_raw], yes[i.printed],
                    f"`{i.quality}`").search(dictionary), state
    for reason, label in REJECT_REASONS.items():
        assert _row(reason, label).search(dictionary), reason
    for kind, label in UNIT_KINDS.items():
        assert _row(kind, label).search(dictionary), kind


@pytest.mark.xdist_group("demo")
def test_every_table_view_and_column_of_a_built_warehouse(dictionary, small_warehouse):
    """Checked against a warehouse built by ingest, not against the generator's own path."""
    from warehouse import connect_readonly

    with connect_readonly(small_warehouse) as con:
        tables = dict(con.sql("SELECT table_name, comment FROM duckdb_tables() WHERE NOT internal").fetchall())
        views = dict(con.sql("SELECT view_name, comment FROM duckdb_views() WHERE NOT internal").fetchall())
        columns = con.sql("SELECT table_name, column_name, data_type, comment FROM duckdb_columns() "
                          "WHERE NOT internal").fetchall()
    assert tables and views
    sections = re.split(r"^### ", dictionary, flags=re.M)
    by_name = {s.split("`")[1]: s for s in sections[1:] if s.startswith("`")}
    for name, comment in {**tables, **views}.items():
        assert name in by_name, f"{name} not in the dictionary"
        if comment:
            assert comment.replace("\n", " ").strip() in by_name[name], name
    for table, column, dtype, comment in columns:
        if table not in by_name:
            continue  # DuckDB's own catalog views
        cells = [dtype] + ([comment.replace("|", r"\|")] if comment else [])
        assert _row(column, *cells).search(by_name[table]), f"{table}.{column}"


def test_every_named_query_with_its_parameters(dictionary):
    import warehouse

    names = warehouse.query_names()
    assert "overview_by_year" in names
    for name in names:
        sql = "\n".join(ln for ln in warehouse.query_sql(name).splitlines() if not ln.lstrip().startswith("--"))
        params = sorted(set(re.findall(r"\$([A-Za-z_]\w*)", sql)))
        assert _row(name, ", ".join(f"`{p}`" for p in params) or "—").search(dictionary), name


def test_every_schema_column_has_a_comment(dictionary):
    """Tables carry a comment on every column (the dictionary shows the gaps otherwise)."""
    from docs.generate import NO_COMMENT
    from warehouse.catalog import catalog

    tables, views = catalog()
    missing = [f"{t['name']}.{c['name']}" for t in tables for c in t["columns"] if not c["comment"]]
    assert not missing, f"columns without COMMENT ON: {missing}"
    assert not [t["name"] for t in tables + views if not t["comment"]]
    assert NO_COMMENT not in dictionary.split("## Views")[0]


# ------------------------------------------------------------------ the analyst's guide
SQL_EXAMPLES = blocks(GUIDE, "sql")
PY_EXAMPLES = blocks(GUIDE, "python")


def test_guide_has_examples():
    assert len(SQL_EXAMPLES) >= 15 and len(PY_EXAMPLES) >= 3
    text = GUIDE.read_text(encoding="utf-8")
    import warehouse

    for view in warehouse.VIEWS:
        assert f"`{view}`" in text, f"{view} not described in the analyst's guide"


@pytest.fixture
def guide_workdir(small_warehouse, tmp_path, monkeypatch) -> Path:
    """A working folder laid out as the guide assumes: data/warehouse.duckdb and export/."""
    from warehouse import export_parquet

    (tmp_path / "data").mkdir()
    shutil.copyfile(small_warehouse, tmp_path / "data" / "warehouse.duckdb")
    export_parquet(tmp_path / "export", db=small_warehouse)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NIANBAO_DB", raising=False)
    return tmp_path


@pytest.mark.xdist_group("demo")
def test_every_sql_example_runs(guide_workdir):
    import duckdb

    con = duckdb.connect("data/warehouse.duckdb", read_only=True)
    try:
        for sql in SQL_EXAMPLES:
            try:
                rel = con.sql(sql)
                rows = rel.fetchall()
            except duckdb.Error as err:
                pytest.fail(f"example failed: {err}\n{sql}")
            assert rel.columns, sql
            if "read_parquet" in sql or "FROM meta" in sql or "v_request_volume" in sql:
                assert rows, f"example returned nothing on the demo warehouse:\n{sql}"
    finally:
        con.close()


@pytest.mark.xdist_group("demo")
def test_parquet_examples_match_the_warehouse(guide_workdir):
    """The export read back gives the same numbers as the warehouse itself."""
    import duckdb

    parquet_sql = [s for s in SQL_EXAMPLES if "export/requests" in s][0]
    con = duckdb.connect("data/warehouse.duckdb", read_only=True)
    try:
        from_parquet = con.sql(parquet_sql).fetchall()
        direct = con.sql("SELECT year, sum(value) FROM requests WHERE item = 'new_received' "
                         "AND applicant = 'total' GROUP BY year ORDER BY year").fetchall()
    finally:
        con.close()
    assert from_parquet == direct


@pytest.mark.xdist_group("demo")
@pytest.mark.parametrize("index", range(len(PY_EXAMPLES)))
def test_every_python_example_runs(guide_workdir, index):
    env = {k: v for k, v in os.environ.items() if k != "NIANBAO_DB"}
    proc = subprocess.run([sys.executable, "-c", PY_EXAMPLES[index]], cwd=guide_workdir, env=env,
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip(), "the example printed nothing"


# ------------------------------------------------------------------ the operator's guide
def test_operator_guide_matches_the_code():
    text = OPERATOR.read_text(encoding="utf-8")
    from pipelines.cli import EXIT_CONFIG, EXIT_FAILED, EXIT_LOCKED, EXIT_OK

    for code in (EXIT_OK, EXIT_FAILED, EXIT_CONFIG, EXIT_LOCKED):
        assert re.search(rf"^\|\s*`{code}`\s*\|", text, re.M), f"exit code {code} not documented"
    for path in re.findall(r"`(deploy/[^`\s]+)`", text):
        assert (REPO / path).exists(), f"{path} named in the operator's guide does not exist"
    from pipelines.ingest.config import Config

    for key in ("sources", "database", "registry", "cache_dir", "jobs", "timeout_seconds", "memory_mb"):
        assert f"`{key}`" in text, key
    assert set(Config.__dataclass_fields__) - {"extra", "timeout_seconds", "memory_mb"} <= {
        "sources", "database", "registry", "cache_dir", "jobs"}
    for reason in REJECT_REASONS:
        assert f"`{reason}`" in text, f"reject reason {reason} not covered"


def test_operator_guide_quotes_the_deploy_files():
    """The cron line and the service command in the guide are those of deploy/."""
    text = OPERATOR.read_text(encoding="utf-8")
    cron = [ln for ln in (REPO / "deploy" / "crontab").read_text(encoding="utf-8").splitlines()
            if ln.strip() and not ln.startswith("#")]
    assert cron and cron[0] in blocks(OPERATOR, "crontab")[0].splitlines()
    service = (REPO / "deploy" / "nianbao-refresh.service").read_text(encoding="utf-8")
    exec_start = re.search(r"^ExecStart=\S*/(nianbao refresh .*)$", service, re.M).group(1)
    assert exec_start in text
    timer = (REPO / "deploy" / "nianbao-refresh.timer").read_text(encoding="utf-8")
    hour, minute = re.search(r"^OnCalendar=\*-\*-\* (\d\d):(\d\d)", timer, re.M).groups()
    assert f"nightly at {hour}:{minute}" in text


def test_operator_guide_config_is_valid(tmp_path):
    """The TOML in the guide and the repository's example both load with the documented defaults."""
    from pipelines.ingest.config import load_config

    example = load_config(REPO / "nianbao.toml.example")
    cfg_path = tmp_path / "nianbao.toml"
    cfg_path.write_text(blocks(OPERATOR, "toml")[0], encoding="utf-8")
    cfg = load_config(cfg_path)
    assert cfg.sources == [tmp_path / "reports"] and cfg.registry == tmp_path / "units.csv"
    assert cfg.database == tmp_path / "data" / "warehouse.duckdb"
    assert (cfg.timeout_seconds, cfg.memory_mb) == (example.timeout_seconds, example.memory_mb) == (60.0, 1536)
    text = OPERATOR.read_text(encoding="utf-8")
    assert f"| `timeout_seconds` | `[limits]` wall time per file before it is rejected as `timeout` | {cfg.timeout_seconds:g} |" in text
    assert f"| {cfg.memory_mb} |" in text
