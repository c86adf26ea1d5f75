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
    assert sorted(p.name for p in (tmp_path / "pq" / "reports").iterdir()) == ["year=2020", "year=2021", "year=2022"]
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
