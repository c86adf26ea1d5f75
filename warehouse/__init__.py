"""nianbao's DuckDB warehouse: the only package that knows SQL and DuckDB.

Public API::

    from warehouse import connect_readonly, query, export_parquet, default_db_path
    con = connect_readonly()                 # the published warehouse, read-only
    df = query("overview_by_year")           # a named query -> pandas.DataFrame
    shared_query("app_meta")                 # on the file held open for many queries (the dashboard)
    load_reports(reports, db)                # build + publish a warehouse from Report objects

Tables and views are defined in warehouse/sql/schema.sql and views.sql (every
table and column has a COMMENT ON). Imports are lazy so that parser workers
can use warehouse.records without loading DuckDB.
"""
from __future__ import annotations

import importlib
from typing import Any

VIEWS: tuple[str, ...] = ("v_units", "v_reports", "v_cells", "v_request_volume", "v_outcomes",
                          "v_review_litigation", "v_zero_activity", "v_coverage", "v_quality", "v_checks")

_API = {
    "connect_readonly": "warehouse.db", "default_db_path": "warehouse.db", "resolve_db": "warehouse.db",
    "WarehouseMissing": "warehouse.db", "export_parquet": "warehouse.export", "ExportError": "warehouse.export",
    "query": "warehouse.queries", "query_names": "warehouse.queries", "query_sql": "warehouse.queries",
    "Reader": "warehouse.queries", "shared_reader": "warehouse.queries", "shared_query": "warehouse.queries",
    "ReaderClosed": "warehouse.queries",
    "load_reports": "warehouse.load",
}
__all__ = ["VIEWS", *_API]


def __getattr__(name: str) -> Any:
    if name in _API:
        return getattr(importlib.import_module(_API[name]), name)
    raise AttributeError(f"module 'warehouse' has no attribute {name!r}")
