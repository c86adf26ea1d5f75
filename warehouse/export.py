"""Parquet export: every warehouse table, hive-partitioned by year where it has one."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from warehouse.db import connect_readonly


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def export_parquet(out_dir: str | os.PathLike[str], db: str | os.PathLike[str] | None = None) -> list[str]:
    """Write each table to ``out_dir/<table>/`` (``year=YYYY/`` partitions for tables with a
    year column, one ``data.parquet`` otherwise). Returns one line per table for the CLI."""
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    con = connect_readonly(db)
    try:
        tables = [r[0] for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = current_database() "
            "AND schema_name = 'main' ORDER BY table_name").fetchall()]
        for table in tables:
            cols = [r[0] for r in con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE database_name = current_database() "
                "AND table_name = ?", [table]).fetchall()]
            target = out / table
            if target.exists():
                shutil.rmtree(target)
            n = con.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]
            if "year" in cols:
                con.execute(f'COPY (SELECT * FROM "{table}") TO {_quote(target)} '
                            "(FORMAT PARQUET, PARTITION_BY (year))")
                lines.append(f"{table}: {n} rows -> {target}/year=*/")
            else:
                target.mkdir(parents=True)
                con.execute(f'COPY (SELECT * FROM "{table}") TO {_quote(target / "data.parquet")} (FORMAT PARQUET)')
                lines.append(f"{table}: {n} rows -> {target}/data.parquet")
    finally:
        con.close()
    return lines
