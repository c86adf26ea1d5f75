"""The dashboard's only door to the warehouse: cached named queries.

Every query is a named query run by `warehouse.shared_query`: the published
file, opened read-only by the warehouse package once per file and shared by the
sessions. Results are cached by query name, parameters and the file's identity
(path, inode, mtime): a refresh publishes a new file by rename, its identity
changes, the next run opens the new file and reads the new data without
restarting the app.
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

import warehouse

Identity = tuple[str, int, int, int]


class NoWarehouse(RuntimeError):
    """No published warehouse file at the configured path."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(str(path))


def db_path() -> Path:
    """The published warehouse: $NIANBAO_DB or data/warehouse.duckdb."""
    return Path(warehouse.default_db_path())


def identity(path: Path | None = None) -> Identity:
    """(path, inode, mtime_ns, size) of the published file; raises NoWarehouse."""
    path = path or db_path()
    try:
        st_ = os.stat(path)
    except FileNotFoundError:
        raise NoWarehouse(path) from None
    return (str(path), st_.st_ino, st_.st_mtime_ns, st_.st_size)


def _freeze(value: Any) -> Any:
    if isinstance(value, (list, tuple, set, frozenset)):
        return tuple(value)
    return value


def _thaw(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


@st.cache_data(show_spinner=False, max_entries=1024)
def _cached(name: str, params: tuple[tuple[str, Any], ...], ident: Identity) -> pd.DataFrame:
    return warehouse.shared_query(name, ident[0], **{k: _thaw(v) for k, v in params})


def query(name: str, **params: Any) -> pd.DataFrame:
    """Run `warehouse/queries/<name>.sql` with DuckDB `$name` parameters, cached.

    The returned frame is a copy: pages may change it freely.
    """
    frozen = tuple(sorted((k, _freeze(v)) for k, v in params.items()))
    return _cached(name, frozen, identity()).copy()


def is_synthetic() -> bool:
    """Whether the warehouse holds demo data (meta.synthetic or any synthetic report)."""
    df = query("app_meta")
    return bool(len(df)) and bool(df["synthetic"].iloc[0])
