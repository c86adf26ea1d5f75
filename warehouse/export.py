"""Parquet export: every warehouse table, hive-partitioned by year where it has one.

Each table folder carries a marker file (MARKER). An export replaces only folders
with that marker, so pointing it at a folder that holds other data (say the report
folder `reports/`) never deletes anything; the tables are written to a staging
folder first and each one is swapped in whole.
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from warehouse.db import connect_readonly, run_script, sql_text, statements


def run_sql(con, sql: str) -> list[tuple]:  # noqa: ANN001
    """Run the statements of an already formatted SQL text; rows of the last one."""
    rows: list[tuple] = []
    for stmt in statements(sql):
        rows = con.execute(stmt).fetchall()
    return rows


#: File in each exported table folder: the folder is nianbao's to replace on the next export.
#: Hidden, so engines reading `<table>/**/*.parquet` or hive folders do not see it.
MARKER = ".nianbao-export"


class ExportError(RuntimeError):
    """The export would overwrite a folder it did not write."""


def _quote(path: Path) -> str:
    return "'" + str(path).replace("'", "''") + "'"


def export_parquet(out_dir: str | os.PathLike[str], db: str | os.PathLike[str] | None = None) -> list[str]:
    """Write each table to ``out_dir/<table>/`` (``year=YYYY/`` partitions for tables with a
    year column, one ``data.parquet`` otherwise). Returns one line per table for the CLI.

    Raises ExportError, before writing anything, when ``out_dir/<table>`` exists and is not
    an earlier export."""
    out = Path(out_dir)
    con = connect_readonly(db)  # raises WarehouseMissing before anything is written
    try:
        tables = run_script(con, "ops/export:list_tables")
        foreign = [str(out / t) for t, _ in tables if (out / t).exists() and not _exported(out / t)]
        if foreign:
            raise ExportError(f"{', '.join(foreign)}: exists and was not written by nianbao export; "
                              "nothing was written. Export to an empty folder or remove these.")
        out.mkdir(parents=True, exist_ok=True)
        staging = out / f".nianbao-export-{os.getpid()}-{time.time_ns():x}"
        try:
            lines = [_export_table(con, table, bool(has_year), staging, out) for table, has_year in tables]
        finally:
            shutil.rmtree(staging, ignore_errors=True)
    finally:
        con.close()
    return lines


def _exported(folder: Path) -> bool:
    """Whether `folder` is an earlier export: it has the marker, or (exports made before the
    marker existed) it holds nothing but ``year=*`` folders or one ``data.parquet``."""
    if (folder / MARKER).is_file():
        return True
    if not folder.is_dir():
        return False
    names = [p.name for p in folder.iterdir()]
    return bool(names) and (names == ["data.parquet"] or all(n.startswith("year=") for n in names))


def _export_table(con, table: str, has_year: bool, staging: Path, out: Path) -> str:  # noqa: ANN001
    """Write one table under `staging`, then swap it in for `out/<table>`."""
    built = staging / table
    built.mkdir(parents=True)  # also there for a table without rows (no partition folder)
    if has_year:
        sql = sql_text("ops/export:partitioned").format(table=table, target=_quote(built))
    else:
        sql = sql_text("ops/export:single").format(table=table, target=_quote(built / "data.parquet"))
    n = run_sql(con, sql)[0][0]
    (built / MARKER).write_text("written by `nianbao export`; replaced by the next export\n", encoding="utf-8")
    target = out / table
    if target.exists():
        shutil.rmtree(target)
    built.rename(target)
    where = f"{target}/year=*/" if has_year else f"{target}/data.parquet"
    return f"{table}: {n} rows -> {where}"
