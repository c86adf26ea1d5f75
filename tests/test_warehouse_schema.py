"""The warehouse's contract: documented tables, the named views, named queries, Parquet export."""
from __future__ import annotations

from pathlib import Path

import duckdb
import pyarrow.dataset as ds
import pytest

from pipelines import template as T
from tests.test_warehouse_views import report
from warehouse import (VIEWS, ReaderClosed, WarehouseMissing, connect_readonly, export_parquet, load_reports, query,
                       query_names)
from warehouse.db import statements

REQUIRED = {
    "units": {"unit_id", "name", "aliases", "parent", "kind", "area", "registered"},
    "reports": {"unit_id", "year", "template", "variant", "source_path", "sha256", "format", "parsed_at",
                "parser_version", "status", "synthetic", "unit_name_printed"},
    "requests": {"unit_id", "year", "item", "applicant", "value", "state"},
    "review_litigation": {"unit_id", "year", "proceeding", "outcome", "value", "state"},
    "proactive": {"unit_id", "year", "item", "measure", "value", "state"},
    "checks": {"unit_id", "year", "rule", "passed", "where", "expected", "actual"},
    "warnings": {"unit_id", "year", "source_path", "message"},
    "rejected_files": {"path", "sha256", "reason", "detail", "first_seen", "last_seen"},
    "conflicts": {"unit_id", "year", "kept_path", "dropped_path", "rule"},
    "ingest_runs": {"started", "finished", "seen", "new", "changed", "unchanged", "deleted", "rejected", "conflicts",
                    "outcome"},
    "meta": {"key", "value"},
    "v_units": {"unit_id", "name", "kind", "kind_label", "area", "parent", "registered"},
    "v_request_volume": {"unit_id", "name", "area", "kind", "year", "template", "applicant", "new_received",
                         "carried_over", "total_processed", "carried_forward"},
    "v_outcomes": {"unit_id", "name", "area", "kind", "year", "item", "outcome_group", "outcome_label", "value"},
    "v_review_litigation": {"unit_id", "name", "area", "kind", "year", "proceeding", "upheld", "corrected", "other",
                            "pending", "total", "correction_rate"},
    "v_zero_activity": {"unit_id", "name", "area", "kind", "year", "is_zero", "zero_streak"},
    "v_coverage": {"unit_id", "name", "area", "kind", "year", "status", "detail"},
    "v_quality": {"issue_type", "unit_id", "name", "area", "year", "rule", "where", "expected", "actual", "detail",
                  "source_path"},
    "v_cells": {"unit_id", "year", "table_name", "row_code", "column_code", "value", "state"},
}


@pytest.fixture(scope="module")
def db(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("schema") / "w.duckdb"
    load_reports([report("甲乡", 2020), report("甲乡", 2021, "2021"), report("乙镇", 2021, "2021")], path)
    return path


def test_every_table_and_column_is_documented(db):
    con = connect_readonly(db)
    tables = con.execute("SELECT table_name, comment FROM duckdb_tables() WHERE schema_name = 'main'").fetchall()
    assert len(tables) >= 17 and all(c for _t, c in tables), [t for t, c in tables if not c]
    undocumented = con.execute("SELECT table_name, column_name FROM duckdb_columns() c JOIN duckdb_tables() t "
                               "USING (table_name) WHERE c.schema_name = 'main' AND (c.comment IS NULL OR c.comment = '')").fetchall()
    assert undocumented == []
    views = dict(con.execute("SELECT view_name, comment FROM duckdb_views() WHERE NOT internal").fetchall())
    assert set(VIEWS) <= set(views) and all(views[v] for v in VIEWS)


def test_tables_and_views_have_the_contract_columns(db):
    con = connect_readonly(db)
    for name, cols in REQUIRED.items():
        have = {r[0] for r in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = ?", [name]).fetchall()}
        if not have:  # a view
            have = {d[0] for d in con.execute(f"SELECT * FROM {name} LIMIT 0").description}
        assert cols <= have, (name, cols - have)


def test_labels_come_from_the_template(db):
    con = connect_readonly(db)
    n_req = sum(len(T.request_items(t)) for t in T.TEMPLATES)
    assert con.execute("SELECT count(*) FROM labels WHERE table_name = 'requests' AND dimension = 'row'").fetchone()[0] == n_req
    assert con.execute("SELECT label FROM labels WHERE table_name = 'proactive' AND dimension = 'row' "
                       "AND code = 'normative_documents' AND template = '2021'").fetchone()[0] == "行政规范性文件"
    assert dict(con.execute("SELECT rule, scope FROM rules").fetchall()) == {r.code: r.scope for r in T.RULES}


def test_named_queries_run(db):
    names = query_names()
    assert {"overview_by_year", "unit_cells", "city_totals", "years"} <= set(names)
    over = query("overview_by_year", db=db)
    assert list(over["year"]) == [2020, 2021] and list(over["units_reporting"]) == [1, 2]
    unit_id = connect_readonly(db).execute("SELECT unit_id FROM reports WHERE year = 2021 ORDER BY 1 LIMIT 1").fetchone()[0]
    cells = query("unit_cells", db=db, unit_id=unit_id)
    per_template = {t: len(T.request_items(t)) * 7 + 15 + len(T.proactive_cells(t)) for t in T.TEMPLATES}
    templates = query("unit_reports", db=db, unit_id=unit_id)["template"]
    assert len(cells) == sum(per_template[t] for t in templates)
    assert cells["row_label"].notna().all() and cells["column_label"].notna().all()
    with pytest.raises(TypeError, match="year"):
        query("city_totals", db=db)
    with pytest.raises(KeyError, match="unknown query"):
        query("nope", db=db)


def test_missing_warehouse_says_how_to_build_one(tmp_path):
    with pytest.raises(WarehouseMissing, match="nianbao ingest"):
        connect_readonly(tmp_path / "none.duckdb")


def test_export_parquet_partitions_by_year(db, tmp_path):
    lines = export_parquet(tmp_path / "pq", db=db)
    assert any(line.startswith("requests: ") for line in lines)
    assert sorted(p.name for p in (tmp_path / "pq" / "requests").iterdir()) == [".nianbao-export", "year=2020", "year=2021"]
    # the hidden marker file is invisible to a hive dataset reader
    data = ds.dataset(tmp_path / "pq" / "requests", format="parquet", partitioning="hive").to_table()
    con = duckdb.connect(str(db), read_only=True)
    assert data.num_rows == con.execute("SELECT count(*) FROM requests").fetchone()[0]
    assert (tmp_path / "pq" / "units" / "data.parquet").exists()
    again = export_parquet(tmp_path / "pq", db=db)  # re-export replaces, never duplicates
    assert again == lines
    assert ds.dataset(tmp_path / "pq" / "requests", format="parquet", partitioning="hive").to_table().num_rows == data.num_rows


def test_statement_splitter_keeps_comments_out():
    assert statements("-- a\nSELECT 1;\nSELECT 2\n;\n-- end\n") == ["SELECT 1", "SELECT 2"]


def test_shared_reader_follows_a_refresh(tmp_path):
    """The app's open file: one Reader per published file, reused while the file is unchanged,
    reopened on the new file after a refresh renamed it into place (the old one closed: DuckDB
    shares one open database per path in a process, which would keep showing the old file)."""
    from warehouse import shared_reader

    db = tmp_path / "w.duckdb"
    load_reports([report("甲乡", 2020)], db)
    first = shared_reader(db)
    assert shared_reader(db) is first
    assert int(first.query("app_meta")["reports"].iloc[0]) == 1
    load_reports([report("甲乡", 2020), report("乙镇", 2021, "2021")], db)  # publishes by rename
    second = shared_reader(db)
    assert second is not first
    assert int(second.query("app_meta")["reports"].iloc[0]) == 2
    with pytest.raises(ReaderClosed):
        first.query("app_meta")
    with pytest.raises(WarehouseMissing):
        shared_reader(tmp_path / "none.duckdb")


def test_a_query_on_a_reader_closed_by_a_refresh_is_asked_again(tmp_path, monkeypatch):
    """A session can look up the shared Reader just before another session closes it for a
    refresh: the query then runs on the new file instead of failing on a closed connection."""
    import warehouse.queries as q

    db = tmp_path / "w.duckdb"
    load_reports([report("甲乡", 2020)], db)
    stale = q.shared_reader(db)
    load_reports([report("甲乡", 2020), report("乙镇", 2021, "2021")], db)
    stale.close()  # closed by the other session's lookup, after this one got it
    handed = iter([stale])
    real = q.shared_reader
    monkeypatch.setattr(q, "shared_reader", lambda path=None: next(handed, None) or real(path))
    assert int(q.shared_query("app_meta", db)["reports"].iloc[0]) == 2
    assert real(db) is not stale
