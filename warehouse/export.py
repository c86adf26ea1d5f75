"""Parquet export: every warehouse table, hive-partitioned by year where it has one."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

from warehouse.db import connect_readonly, run_script, sql_text, statements


def run_sql(con, sql: str) -> list[tuple]:  # noqa: ANN001
    """Run the statements of an already formatted SQL text; rows of the last one."""
    rows: list[tuple] = []
    for stmt in statements(sql):
        rows = con.execute(stmt).fetchall()
    return rows


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def export_parquet(out_dir: str | os.PathLike[str], db: str | os.PathLike[str] | None = None) -> list[str]:
    """Write each table to ``out_dir/<table>/`` (``year=YYYY/`` partitions for tables with a
    year column, one ``data.parquet`` otherwise). Returns one line per table for the CLI."""
    out = Path(out_dir)
    con = connect_readonly(db)  # raises WarehouseMissing before anything is written
    out.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    try:
        for table, has_year in run_script(con, "ops/list_tables"):
            target = out / table
            if target.exists():
                shutil.rmtree(target)
            if has_year:
                sql = sql_text("ops/export_partitioned").format(table=table, target=_quote(target))
                where = f"{target}/year=*/"
            else:
                target.mkdir(parents=True)
                sql = sql_text("ops/export_single").format(table=table, target=_quote(target / "data.parquet"))
                where = f"{target}/data.parquet"
            n = run_sql(con, sql)[0][0]
            lines.append(f"{table}: {n} rows -> {where}")
    finally:
        con.close()
    return lines
