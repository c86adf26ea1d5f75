"""Named queries: warehouse/queries/<name>.sql, run read-only into pandas.

Everything outside warehouse/ reads data through these and the views.
Parameters are DuckDB named parameters (``$unit_id``) passed as keywords.
"""
from __future__ import annotations

import os
import re
from pathlib import Path

import duckdb
import pandas as pd

from warehouse.db import connect_readonly

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
