"""Reports -> the parse cache's columnar rows (pure Python, cheap to import in workers).

One function turns a parsed Report (or a rejection) into column lists for
the cache tables of warehouse/cache.py; batches are merged with `extend`.
A worker hands its chunk back as Arrow tables (`to_arrow`): they pickle as
flat buffers, so the ingest process neither unpickles millions of Python
objects per run nor converts them again before inserting.
"""
from __future__ import annotations

import datetime as dt
import json
from typing import Any

from pipelines import template as T
from pipelines.model import Check, Report

Columns = dict[str, dict[str, list]]

#: Columns of the result tables as workers produce them (see pipelines.ingest.worker). A parse
#: is keyed by (sha256, parser_version); its checks, evaluated apart, also by checks_version
#: (`checked`, the checks, and the warnings about skipped rule instances; a parse's own
#: warnings have no checks_version).
RESULT_COLUMNS: dict[str, tuple[str, ...]] = {
    "parsed": ("sha256", "parser_version", "ok", "unit", "year", "template", "variant", "format", "synthetic",
               "meta_json", "reason", "detail", "parsed_at"),
    "checked": ("sha256", "parser_version", "checks_version", "n_failed"),
    "parsed_cells": ("sha256", "parser_version", "table_name", "row_code", "column_code", "value", "state", "raw"),
    "parsed_checks": ("sha256", "parser_version", "checks_version", "rule", "passed", "where", "expected", "actual"),
    "parsed_warnings": ("sha256", "parser_version", "checks_version", "message"),
}

_RAW_STATES = T.RAW_STATES

#: Arrow batch of result tables: {table: pa.Table with the columns of RESULT_COLUMNS[table]}.
Batch = dict[str, Any]

_ARROW_TYPES = {"ok": "bool", "synthetic": "bool", "passed": "bool", "year": "int32", "n_failed": "int32",
                "value": "float64", "expected": "float64", "actual": "float64", "parsed_at": "timestamp[us]"}


def arrow_schema(table: str) -> Any:
    """The Arrow schema of one result table (strings unless typed above)."""
    import pyarrow as pa

    return pa.schema([(c, pa.type_for_alias(_ARROW_TYPES.get(c, "string"))) for c in RESULT_COLUMNS[table]])


def to_arrow(cols: Columns) -> Batch:
    """Column lists -> one Arrow table per result table (missing tables become empty ones)."""
    import pyarrow as pa

    out: Batch = {}
    for table, names in RESULT_COLUMNS.items():
        part = cols.get(table) or {}
        out[table] = pa.table({c: part.get(c, []) for c in names}, schema=arrow_schema(table))
    return out


def concat(batches: list[Batch]) -> Batch:
    """One Batch from many (zero-copy: the tables keep their chunks)."""
    import pyarrow as pa

    return {t: pa.concat_tables([b[t] for b in batches]) if batches else pa.table(
        {c: [] for c in RESULT_COLUMNS[t]}, schema=arrow_schema(t)) for t in RESULT_COLUMNS}


def empty() -> Columns:
    """An empty batch with every table and column."""
    return {t: {c: [] for c in cols} for t, cols in RESULT_COLUMNS.items()}


def _parsed_row(sha: str, pv: str, now: dt.datetime, ok: bool, unit: str | None = None, year: int | None = None,
                template: str | None = None, variant: str | None = None, fmt: str | None = None,
                synthetic: bool | None = None, meta: str | None = None,
                reason: str | None = None, detail: str | None = None) -> dict[str, list]:
    return {"sha256": [sha], "parser_version": [pv], "ok": [ok], "unit": [unit], "year": [year],
            "template": [template], "variant": [variant], "format": [fmt], "synthetic": [synthetic],
            "meta_json": [meta], "reason": [reason], "detail": [detail], "parsed_at": [now]}


def rejection(sha: str, pv: str, now: dt.datetime, reason: str, detail: str,
              unit: str | None = None, year: int | None = None, fmt: str | None = None) -> Columns:
    """Rows for a file that could not become a report."""
    return {"parsed": _parsed_row(sha, pv, now, False, unit=unit, year=year, fmt=fmt, reason=reason, detail=detail)}


def report_columns(report: Report, sha: str, pv: str, now: dt.datetime, cv: str | None = None,
                   skipped: list[str] | None = None) -> Columns:
    """Rows for a parsed report; a report without year or unit becomes a rejection. With a checks
    version `cv`, also the rows of its checks (report.checks) and of `skipped`, the warnings about
    rule instances the checks could not evaluate (see check_columns)."""
    if report.year is None:
        return rejection(sha, pv, now, "no_year", f"{report.source}: reporting year not found", unit=report.unit,
                         fmt=report.format)
    if not report.unit:
        return rejection(sha, pv, now, "no_unit", f"{report.source}: unit name not found", year=report.year,
                         fmt=report.format)
    meta: dict[str, Any] = dict(report.meta)
    cells = report.cells
    n = len(cells)
    out: Columns = {
        "parsed": _parsed_row(sha, pv, now, True, unit=report.unit, year=int(report.year), template=report.template,
                              variant=meta.get("variant"), fmt=report.format, synthetic=bool(meta.get("synthetic")),
                              meta=json.dumps(meta, ensure_ascii=False, sort_keys=True, default=str)),
        "parsed_cells": {
            "sha256": [sha] * n, "parser_version": [pv] * n,
            "table_name": [c.table for c in cells], "row_code": [c.row for c in cells],
            "column_code": [c.column for c in cells],
            "value": [None if c.value is None else float(c.value) for c in cells],
            "state": [c.state for c in cells],
            "raw": [c.raw if c.state in _RAW_STATES else None for c in cells],
        },
    }
    w = len(report.warnings)
    out["parsed_warnings"] = {"sha256": [sha] * w, "parser_version": [pv] * w, "checks_version": [None] * w,
                              "message": list(report.warnings)}
    if cv is not None:
        merge(out, check_columns(report.checks, skipped or [], sha, pv, cv))
    return out


def check_columns(checks: list[Check], skipped: list[str], sha: str, pv: str, cv: str) -> Columns:
    """Rows for one report's checks under checks version `cv`: its `checked` row (how many
    failed), the checks, and the warnings about rule instances that were skipped."""
    k, w = len(checks), len(skipped)
    return {
        "checked": {"sha256": [sha], "parser_version": [pv], "checks_version": [cv],
                    "n_failed": [sum(1 for c in checks if not c.passed)]},
        "parsed_checks": {
            "sha256": [sha] * k, "parser_version": [pv] * k, "checks_version": [cv] * k,
            "rule": [c.rule for c in checks], "passed": [bool(c.passed) for c in checks],
            "where": [c.where for c in checks],
            "expected": [None if c.expected is None else float(c.expected) for c in checks],
            "actual": [None if c.actual is None else float(c.actual) for c in checks],
        },
        "parsed_warnings": {"sha256": [sha] * w, "parser_version": [pv] * w, "checks_version": [cv] * w,
                            "message": list(skipped)},
    }


def merge(into: Columns, part: Columns) -> int:
    """Append `part` (column lists, or a Batch of Arrow tables) to `into`; returns the number of files
    (parsed rows) added."""
    added = 0
    for table, cols in part.items():
        if not isinstance(cols, dict):  # an Arrow table of a Batch
            cols = cols.to_pydict()
        target = into.setdefault(table, {c: [] for c in RESULT_COLUMNS[table]})
        for col, values in cols.items():
            target[col].extend(values)
        if table == "parsed":
            added = len(cols["sha256"])
    return added
