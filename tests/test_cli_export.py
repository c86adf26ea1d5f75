"""`nianbao export --parquet DIR`: every table, hive-partitioned by year."""
from __future__ import annotations

import duckdb
import pyarrow as pa
import pyarrow.dataset as ds
import pytest
from click.testing import CliRunner

from pipelines.cli import main
from pipelines.model import ReportError
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


def _totals_sql(source: str, year: bool, numeric: list[str]) -> str:
    """Rows and the sum of every numeric column, per year when the table has one."""
    sums = "".join(f", round(sum(\"{c}\"), 6)" for c in numeric)
    by = "year" if year else "NULL::INTEGER"
    return f"SELECT {by} AS y, count(*){sums} FROM {source} GROUP BY ALL ORDER BY y NULLS LAST"


@pytest.mark.xdist_group("demo")
def test_export_read_back_by_duckdb_hive_and_pyarrow_dataset_with_the_same_totals(small_warehouse, tmp_path):
    """Beyond one machine: every exported table, read back as a hive-partitioned dataset by DuckDB's
    read_parquet and by pyarrow.dataset (the readers Spark and Trino stand in for here), has the
    warehouse's rows and column sums for every year."""
    out = tmp_path / "pq"
    res = CliRunner().invoke(main, ["export", "--parquet", str(out), "--db", str(small_warehouse)])
    assert res.exit_code == 0, res.output
    con = duckdb.connect(str(small_warehouse), read_only=True)
    columns = con.execute("""SELECT table_name, list(column_name ORDER BY column_index)
                                        FILTER (WHERE data_type IN ('INTEGER', 'BIGINT', 'DOUBLE', 'HUGEINT') AND column_name <> 'year'),
                                    bool_or(column_name = 'year')
                             FROM duckdb_columns() WHERE schema_name = 'main' AND table_name IN
                                  (SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main')
                             GROUP BY table_name ORDER BY table_name""").fetchall()
    assert {"unit_year_summary", "cell_totals", "quality_issues", "requests"} <= {t for t, _, _ in columns}
    mem = duckdb.connect()
    checked = 0
    for table, numeric, has_year in columns:
        numeric = numeric or []
        want = con.execute(_totals_sql(f'"{table}"', has_year, numeric)).fetchall()
        if has_year:
            source = f"read_parquet('{out / table}/**/*.parquet', hive_partitioning = true)"
        else:
            source = f"read_parquet('{out / table}/data.parquet')"
        assert mem.execute(_totals_sql(source, has_year, numeric)).fetchall() == want, ("duckdb", table)
        by_year = ds.partitioning(pa.schema([("year", pa.int32())]), flavor="hive") if has_year else None
        data = ds.dataset(out / table, format="parquet", partitioning=by_year).to_table()
        mem.register("arrow_table", data)
        assert mem.execute(_totals_sql("arrow_table", has_year, numeric)).fetchall() == want, ("pyarrow", table)
        mem.unregister("arrow_table")
        checked += bool(want)
    assert checked >= 20
    # a year-less row (a file attributed to no year) is the hive default partition, read back as NULL
    nulls = con.execute("SELECT count(*) FROM rejected_files WHERE year IS NULL").fetchone()[0]
    if nulls:
        assert (out / "rejected_files" / "year=__HIVE_DEFAULT_PARTITION__").is_dir()


def test_rows_without_a_year_go_to_the_hive_default_partition(tmp_path):
    """A file attributed to no year is exported under year=__HIVE_DEFAULT_PARTITION__ (the name Hive,
    Spark and Trino use), which DuckDB and pyarrow read back as a NULL year."""
    db = tmp_path / "w.duckdb"
    load_reports([report("甲乡", 2020)], db, rejected=[ReportError("/r/附件.pdf", "scanned", "no text layer")])
    res = CliRunner().invoke(main, ["export", "--parquet", str(tmp_path / "pq"), "--db", str(db)])
    assert res.exit_code == 0, res.output
    assert sorted(p.name for p in (tmp_path / "pq" / "rejected_files").iterdir()) == [
        ".nianbao-export", "year=__HIVE_DEFAULT_PARTITION__"]
    # pyarrow cannot infer the year's type from the default partition alone: name it (the operator guide says so)
    with pytest.raises(pa.ArrowInvalid, match="infer type"):
        ds.dataset(tmp_path / "pq" / "rejected_files", format="parquet", partitioning="hive")
    by_year = ds.partitioning(pa.schema([("year", pa.int32())]), flavor="hive")
    data = ds.dataset(tmp_path / "pq" / "rejected_files", format="parquet", partitioning=by_year).to_table()
    assert data.column("year").to_pylist() == [None] and data.column("path").to_pylist() == ["/r/附件.pdf"]
    mem = duckdb.connect()
    assert mem.execute(f"SELECT year, reason FROM read_parquet('{tmp_path}/pq/rejected_files/**/*.parquet', "
                       "hive_partitioning = true)").fetchall() == [(None, "scanned")]
