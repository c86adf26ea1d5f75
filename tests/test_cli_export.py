"""`nianbao export --parquet DIR`: every table, hive-partitioned by year."""
from __future__ import annotations

import duckdb
from click.testing import CliRunner

from pipelines.cli import main
from tests.test_warehouse_views import report
from warehouse import load_reports


def test_export_writes_every_table(tmp_path):
    db = tmp_path / "w.duckdb"
    load_reports([report("甲乡", 2020), report("甲乡", 2021, "2021"), report("乙镇", 2022, "2021")], db)
    res = CliRunner().invoke(main, ["export", "--parquet", str(tmp_path / "pq"), "--db", str(db)])
    assert res.exit_code == 0, res.output
    con = duckdb.connect(str(db), read_only=True)
    tables = [t for (t,) in con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main' ORDER BY 1").fetchall()]
    assert [line.split(":")[0] for line in res.output.splitlines()] == tables
    assert sorted(p.name for p in (tmp_path / "pq" / "reports").iterdir()) == [".nianbao-export", "year=2020", "year=2021",
                                                                      "year=2022"]
    mem = duckdb.connect()
    for table in ("requests", "checks", "units", "meta"):
        n = con.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        got = mem.execute(f"SELECT count(*) FROM read_parquet('{tmp_path}/pq/{table}/**/*.parquet', hive_partitioning = true)").fetchone()[0]
        assert got == n, table
    year = mem.execute(f"SELECT DISTINCT year FROM read_parquet('{tmp_path}/pq/requests/**/*.parquet', "
                      "hive_partitioning = true) ORDER BY 1").fetchall()
    assert year == [(2020,), (2021,), (2022,)]


def test_export_without_warehouse_says_how_to_build_one(tmp_path):
    db = tmp_path / "none.duckdb"
    res = CliRunner().invoke(main, ["export", "--parquet", str(tmp_path / "pq"), "--db", str(db)])
    assert res.exit_code == 1
    assert res.exception is None or isinstance(res.exception, SystemExit)
    assert str(db) in res.output and "nianbao ingest" in res.output
    assert not (tmp_path / "pq").exists()


def test_published_warehouse_opens_in_older_duckdb_storage(tmp_path):
    """Analysts' CLIs from DuckDB 1.4 on can read the file (storage format pinned at build)."""
    from warehouse.build import STORAGE_VERSION

    db = tmp_path / "w.duckdb"
    load_reports([report("甲乡", 2020)], db)
    con = duckdb.connect(str(db), read_only=True)
    (version,) = con.execute("SELECT tags['storage_version'] FROM duckdb_databases() "
                             "WHERE database_name = current_database()").fetchone()
    assert version.startswith(STORAGE_VERSION)


def test_export_never_deletes_a_folder_it_did_not_write(tmp_path):
    """A folder named like a table (the report folder `reports/`, say) is left alone: nothing is
    written and the message names it. Folders of an earlier export are replaced whole."""
    db = tmp_path / "w.duckdb"
    load_reports([report("甲乡", 2020), report("乙镇", 2021, "2021")], db)
    out = tmp_path / "out"
    (out / "reports").mkdir(parents=True)
    (out / "reports" / "甲乡2020年报.txt").write_text("年报原文", encoding="utf-8")
    res = CliRunner().invoke(main, ["export", "--parquet", str(out), "--db", str(db)])
    assert res.exit_code == 1
    assert f"{out / 'reports'}: exists and was not written by nianbao export" in res.output
    assert sorted(p.name for p in out.iterdir()) == ["reports"]
    assert (out / "reports" / "甲乡2020年报.txt").read_text(encoding="utf-8") == "年报原文"

    (out / "reports" / "甲乡2020年报.txt").unlink()
    (out / "reports").rmdir()
    first = CliRunner().invoke(main, ["export", "--parquet", str(out), "--db", str(db)])
    assert first.exit_code == 0, first.output
    (out / "reports" / "year=1999").mkdir()  # stale content of an earlier export
    load_reports([report("甲乡", 2020)], db)
    again = CliRunner().invoke(main, ["export", "--parquet", str(out), "--db", str(db)])
    assert again.exit_code == 0, again.output
    assert sorted(p.name for p in (out / "reports").iterdir()) == [".nianbao-export", "year=2020"]
    assert not [p for p in out.iterdir() if p.name.startswith(".nianbao-export-")]  # no staging left behind
    mem = duckdb.connect()
    assert mem.execute(f"SELECT count(*) FROM read_parquet('{out}/reports/**/*.parquet')").fetchone()[0] == 1


def test_export_replaces_an_export_made_before_the_marker(tmp_path):
    db = tmp_path / "w.duckdb"
    load_reports([report("甲乡", 2020)], db)
    out = tmp_path / "out"
    (out / "reports" / "year=2019").mkdir(parents=True)
    (out / "meta").mkdir()
    (out / "meta" / "data.parquet").write_bytes(b"old")
    res = CliRunner().invoke(main, ["export", "--parquet", str(out), "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in (out / "reports").iterdir()) == [".nianbao-export", "year=2020"]
    assert duckdb.connect().execute(f"SELECT count(*) FROM '{out}/meta/data.parquet'").fetchone()[0] >= 1
