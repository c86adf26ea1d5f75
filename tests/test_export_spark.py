"""Beyond one machine: Apache Spark (pyspark, local mode) reads `nianbao export --parquet` with the
warehouse's totals. Needs Java 17+ (`.ci/run` installs it where it is missing)."""
from __future__ import annotations

import math

import duckdb
import pytest
from click.testing import CliRunner
from pyspark.sql import SparkSession

from pipelines.cli import main


def _totals(year: bool, numeric: list[str], source: str) -> str:
    """Rows and the sum of every numeric column, per year when the table has one (SQL both engines read)."""
    sums = "".join(f", sum(`{c}`)" for c in numeric)
    by = "year" if year else "CAST(NULL AS INT)"
    return f"SELECT {by} AS y, count(*){sums} FROM {source} GROUP BY 1 ORDER BY y NULLS LAST"


def _same(got: list[tuple], want: list[tuple]) -> bool:
    """Equal rows, sums of doubles equal up to summation order."""
    return len(got) == len(want) and all(
        len(g) == len(w) and all(a == b or (a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-6))
                                 for a, b in zip(g, w))
        for g, w in zip(got, want))


@pytest.mark.xdist_group("demo")
def test_spark_reads_every_exported_table_with_the_warehouse_totals(small_warehouse, tmp_path):
    out = tmp_path / "pq"
    res = CliRunner().invoke(main, ["export", "--parquet", str(out), "--db", str(small_warehouse)])
    assert res.exit_code == 0, res.output
    con = duckdb.connect(str(small_warehouse), read_only=True)
    tables = con.execute("""SELECT table_name, list(column_name ORDER BY column_index)
                                       FILTER (WHERE data_type IN ('INTEGER', 'BIGINT', 'DOUBLE') AND column_name <> 'year'),
                                   bool_or(column_name = 'year')
                            FROM duckdb_columns() WHERE schema_name = 'main' AND table_name IN
                                 (SELECT table_name FROM duckdb_tables() WHERE schema_name = 'main')
                            GROUP BY table_name ORDER BY table_name""").fetchall()
    spark = (SparkSession.builder.master("local[1]").appName("nianbao-export-test")
             .config("spark.ui.enabled", "false").config("spark.sql.session.timeZone", "UTC")
             .config("spark.local.dir", str(tmp_path / "spark")).getOrCreate())
    try:
        checked = 0
        for table, numeric, has_year in tables:
            numeric = numeric or []
            want = [tuple(r) for r in con.execute(_totals(has_year, numeric, f'"{table}"').replace("`", '"')).fetchall()]
            # Spark discovers year=YYYY folders as an integer partition column; a table without a year is one file
            path = out / table if has_year else out / table / "data.parquet"
            spark.read.parquet(str(path)).createOrReplaceTempView("t")
            got = [tuple(r) for r in spark.sql(_totals(has_year, numeric, "t")).collect()]
            assert _same(got, want), (table, got[:3], want[:3])
            checked += bool(want)
        assert checked >= 20
        # the year-less rows (files attributed to no year) come back with year NULL, as from the warehouse
        nulls = con.execute("SELECT count(*) FROM rejected_files WHERE year IS NULL").fetchone()[0]
        spark.read.parquet(str(out / "rejected_files")).createOrReplaceTempView("rej")
        assert spark.sql("SELECT count(*) FROM rej WHERE year IS NULL").collect()[0][0] == nulls
        assert spark.sql("SELECT count(*) FROM rej").collect()[0][0] == con.execute(
            "SELECT count(*) FROM rejected_files").fetchone()[0] > 0
    finally:
        spark.stop()
