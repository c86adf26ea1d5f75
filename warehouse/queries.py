"""Named queries: warehouse/queries/<name>.sql, run read-only into pandas.

Everything outside warehouse/ reads data through these and the views.
Parameters are DuckDB named parameters (``$unit_id``) passed as keywords.
"""
from __future__ import annotations

import os
import re
import threading
from pathlib import Path

import duckdb
import pandas as pd

from warehouse.db import WarehouseMissing, connect_readonly, resolve_db

QUERY_DIR = Path(__file__).resolve().parent / "queries"
_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")


def query_names() -> list[str]:
    """Names of every named query."""
    return sorted(p.stem for p in QUERY_DIR.glob("*.sql"))


def query_sql(name: str) -> str:
    """The SQL text of a named query (KeyError for an unknown name)."""
    path = QUERY_DIR / f"{name}.sql"
    if name not in query_names():
        raise KeyError(f"unknown query {name!r}; known: {', '.join(query_names())}")
    return path.read_text(encoding="utf-8")


class ReaderClosed(RuntimeError):
    """The Reader was closed (its file was replaced by a refresh): ask `shared_reader` again."""


class Reader:
    """The published warehouse held open read-only for many named queries (the dashboard).

    Opening the file costs more than most of the dashboard's queries, so a long-running
    reader keeps one connection and runs each query on its own cursor (DuckDB connections
    are not shared between threads; cursors are). `identity` is the file's (inode, mtime,
    size) when it was opened: a refresh publishes a new file by rename, and this reader
    keeps reading the file it opened (see `shared_reader`)."""

    def __init__(self, db: str | os.PathLike[str] | None = None) -> None:
        path = resolve_db(db)
        self.path = path
        self.identity = _identity(path)
        self._con = connect_readonly(path)  # raises WarehouseMissing when there is none
        self._busy = 0
        self._closing = False
        self._idle = threading.Condition()

    def query(self, name: str, **params: object) -> pd.DataFrame:
        """Run a named query (as `query`) on a cursor of the open connection; ReaderClosed once
        `close` has begun (a query that started before runs to its end)."""
        with self._idle:
            if self._closing:
                raise ReaderClosed(f"{self.path}: replaced by a refresh; open the new file")
            self._busy += 1
        try:
            cur = self._con.cursor()
            try:
                return query(name, con=cur, **params)
            finally:
                cur.close()
        finally:
            with self._idle:
                self._busy -= 1
                self._idle.notify_all()

    def close(self, wait: float = 30.0) -> None:
        """Close the file once the queries running on it are done (or after `wait` seconds);
        queries asked for from now on raise ReaderClosed."""
        with self._idle:
            self._closing = True
            self._idle.wait_for(lambda: self._busy == 0, timeout=wait)
            self._con.close()


def _identity(path: Path) -> tuple[int, int, int]:
    """(inode, mtime_ns, size) of a file; WarehouseMissing when there is none."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise WarehouseMissing(f"{path}: no warehouse yet; build one with `nianbao demo` or "
                               f"`nianbao ingest REPORTS_DIR --db {path}`") from None
    return (st.st_ino, st.st_mtime_ns, st.st_size)


_READERS: dict[Path, Reader] = {}
_READERS_LOCK = threading.Lock()


def shared_reader(db: str | os.PathLike[str] | None = None) -> Reader:
    """The one open Reader of a published file in this process, opened again when a refresh has
    replaced the file. DuckDB keeps one open database per path in a process (a second connect
    to the path joins it), so the replaced file is closed before the new one is opened."""
    path = resolve_db(db).resolve()
    now = _identity(path)
    with _READERS_LOCK:
        reader = _READERS.get(path)
        if reader is not None and reader.identity == now:
            return reader
        if reader is not None:
            reader.close()
        reader = _READERS[path] = Reader(path)
        return reader


def shared_query(name: str, db: str | os.PathLike[str] | None = None, **params: object) -> pd.DataFrame:
    """A named query on the shared Reader of the published file (the dashboard's way in). A
    Reader that a concurrent refresh closed between lookup and query is looked up again."""
    for _ in range(3):
        try:
            return shared_reader(db).query(name, **params)
        except ReaderClosed:
            continue
    return shared_reader(db).query(name, **params)


def query(name: str, db: str | os.PathLike[str] | None = None,
          con: duckdb.DuckDBPyConnection | None = None, **params: object) -> pd.DataFrame:
    """Run a named query on the published warehouse (or an open connection) into a DataFrame."""
    sql = query_sql(name)
    wanted = set(_PARAM.findall(sql))
    missing = wanted - params.keys()
    if missing:
        raise TypeError(f"query {name!r} needs parameter(s): {', '.join(sorted(missing))}")
    bound = {k: v for k, v in params.items() if k in wanted}
    own = con is None
    con = con or connect_readonly(db)
    try:
        return con.execute(sql, bound).df() if bound else con.execute(sql).df()
    finally:
        if own:
            con.close()
