"""Where the warehouse lives and how to open it.

Readers (the app, notebooks, the DuckDB CLI) open the published file
read-only; only the refresh writes, and only to a new file it then
publishes (see publish.py), so a read-only open never meets a writer.
"""
from __future__ import annotations

import os
import re
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import duckdb

if TYPE_CHECKING:
    import pandas as pd

T = TypeVar("T")
SQL_DIR = Path(__file__).resolve().parent / "sql"
DEFAULT_DB = Path("data/warehouse.duckdb")


def default_db_path() -> Path:
    """$NIANBAO_DB, else data/warehouse.duckdb (relative to the working folder)."""
    env = os.environ.get("NIANBAO_DB")
    return Path(env) if env else DEFAULT_DB


def resolve_db(db: str | os.PathLike[str] | None) -> Path:
    """The given path, else the default."""
    return Path(db) if db is not None else default_db_path()


class WarehouseMissing(FileNotFoundError):
    """No published warehouse at the path; the message says how to build one."""


def connect_readonly(db: str | os.PathLike[str] | None = None) -> duckdb.DuckDBPyConnection:
    """Open the published warehouse read-only (never blocks a refresh, never sees a partial build)."""
    path = resolve_db(db)
    if not path.exists():
        raise WarehouseMissing(
            f"{path}: no warehouse yet; build one with `nianbao demo` or `nianbao ingest REPORTS_DIR --db {path}`")
    return duckdb.connect(str(path), read_only=True)


@lru_cache(maxsize=None)
def sql_text(name: str) -> str:
    """The text of warehouse/sql/<name>.sql, or with ``<file>:<block>`` one named block of a file
    of named statements (e.g. ``ops/parse_cache:manifest``, see `named_blocks`)."""
    file, sep, block = name.partition(":")
    if not sep:
        return (SQL_DIR / f"{name}.sql").read_text(encoding="utf-8")
    blocks = named_blocks(file)
    if block not in blocks:
        raise KeyError(f"warehouse/sql/{file}.sql: no statement named {block!r} (it has {', '.join(blocks)})")
    return blocks[block]


_NAME = re.compile(r"^--\s*name:\s*(\S+)\s*$", re.MULTILINE)


@lru_cache(maxsize=None)
def named_blocks(file: str) -> dict[str, str]:
    """{name: SQL} of warehouse/sql/<file>.sql, whose statements are blocks that each start with a
    line ``-- name: <name>`` (what comes before the first is the file's own comment)."""
    parts = _NAME.split((SQL_DIR / f"{file}.sql").read_text(encoding="utf-8"))
    out: dict[str, str] = {}
    for name, body in zip(parts[1::2], parts[2::2]):
        if name in out:
            raise ValueError(f"warehouse/sql/{file}.sql: two statements named {name!r}")
        out[name] = body.strip()
    return out


_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def statements(sql: str) -> list[str]:
    """Split a script into statements (on `;` at line end; comments dropped)."""
    lines = [ln for ln in sql.splitlines() if not ln.lstrip().startswith("--")]
    out, buf = [], []
    for line in lines:
        buf.append(line)
        if line.rstrip().endswith(";"):
            stmt = "\n".join(buf).strip().rstrip(";").strip()
            if stmt:
                out.append(stmt)
            buf = []
    rest = "\n".join(buf).strip()
    if rest:
        out.append(rest)
    return out


def run_script(con: duckdb.DuckDBPyConnection, name: str, **params: object) -> list[tuple]:
    """Run warehouse/sql/<name>.sql statement by statement, binding the $params each one uses;
    returns the rows of the last statement (empty for statements without a result)."""
    rows: list[tuple] = []
    for stmt in statements(sql_text(name)):
        used = {p: params[p] for p in _PARAM.findall(stmt) if p in params}
        cur = con.execute(stmt, used) if used else con.execute(stmt)
        try:
            rows = cur.fetchall()
        except duckdb.Error:  # statements without a result set
            rows = []
    return rows


def insert_frame(con: duckdb.DuckDBPyConnection, table: str, frame: object) -> None:
    """Append the rows of a DataFrame or Arrow table to `table` (columns in the table's order)."""
    rel = con.from_arrow(frame) if hasattr(frame, "schema") and not hasattr(frame, "dtypes") else con.from_df(frame)
    rel.insert_into(table)


def _read_published(db: str | os.PathLike[str], read: Callable[[duckdb.DuckDBPyConnection], T]) -> T | None:
    """`read` on the published warehouse, opened read-only; None when there is none or it
    cannot be read (the callers then act as if they knew nothing)."""
    try:
        con = connect_readonly(db)
    except (WarehouseMissing, duckdb.Error):
        return None
    try:
        return read(con)
    except duckdb.Error:
        return None
    finally:
        con.close()


def published_runs(db: str | os.PathLike[str]) -> pd.DataFrame | None:
    """The ingest_runs history of the published warehouse, oldest first; None when it cannot be
    read. Seeds a parse cache that had to start afresh, so the run history is not lost with it."""
    return _read_published(db, lambda con: con.execute(sql_text("ops/db:published_runs")).df())


def conflict_paths(db: str | os.PathLike[str]) -> set[str] | None:
    """Every path named in the published warehouse's conflicts (kept or dropped); None when it
    cannot be read. The refresh rebuilds when such a file's modification time alone changed,
    since the time decides which file of a unit-year is kept."""
    return _read_published(db, lambda con: {p for (p,) in run_script(con, "ops/db:conflict_paths")})
