"""The warehouse's catalog as data: every table and view with its columns and comments.

Built by running the schema, summary and view scripts into an empty in-memory
database, so callers (the data dictionary) need no built warehouse and
cannot differ from what a refresh creates.
"""
from __future__ import annotations

import duckdb

from warehouse.db import run_script
from warehouse.summaries import derive as derive_summaries


def catalog() -> tuple[list[dict], list[dict]]:
    """(tables, views) in schema order, each {name, comment, columns: [{name, type, comment}]}.

    Built by running the warehouse's own schema, summary and view scripts into an empty
    in-memory database, so the dictionary needs no built warehouse and cannot
    differ from what a refresh creates. Read through DuckDB's catalog
    functions (relations, no SQL text here).
    """
    con = duckdb.connect()
    try:
        run_script(con, "schema")
        derive_summaries(con)
        run_script(con, "views")
        tables = con.table_function("duckdb_tables").df()
        views = con.table_function("duckdb_views").df()
        cols = con.table_function("duckdb_columns").df()
    finally:
        con.close()
    tables = tables[~tables["internal"] & ~tables["temporary"]].sort_values("table_oid")
    views = views[~views["internal"] & ~views["temporary"]].sort_values("view_oid")
    cols = cols[~cols["internal"]].sort_values(["table_oid", "column_index"])

    def columns(oid: int) -> list[dict]:
        sel = cols[cols["table_oid"] == oid]
        return [{"name": r.column_name, "type": r.data_type, "comment": _none(r.comment)}
                for r in sel.itertuples()]

    return ([{"name": r.table_name, "comment": _none(r.comment), "columns": columns(r.table_oid)}
             for r in tables.itertuples()],
            [{"name": r.view_name, "comment": _none(r.comment), "columns": columns(r.view_oid)}
             for r in views.itertuples()])


def _none(value: object) -> str | None:
    """pandas NA/NaN/None -> None; text stays text."""
    return value if isinstance(value, str) and value else None
