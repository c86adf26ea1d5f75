"""Evaluate the checks again from cached cells, without reading or parsing files.

When only the checks version changed (a new or changed rule), every cached report is rebuilt
from its cached cells and metadata and the rules are evaluated on it, exactly as a worker
evaluates them on a fresh parse (pipelines.checks.evaluate on an unchecked Report).
"""
from __future__ import annotations

import json
from typing import Any

from pipelines.checks import evaluate
from pipelines.model import Cell, Report
from warehouse import records


def _number(v: float | None) -> int | float | None:
    """A cached value (stored as a float) as the parse had it: whole numbers as int."""
    return None if v is None else (int(v) if v.is_integer() else v)


def recheck_columns(parsed: Any, cells: Any, pv: str, cv: str) -> records.Columns:
    """Check rows (records.check_columns) of the contents in `parsed` (Arrow: sha256, template,
    variant, meta_json) from their `cells` (Arrow, grouped by sha256 in printed order)."""
    by_sha: dict[str, list[Cell]] = {}
    cols = cells.to_pydict()
    for sha, table, row, col, value, state, raw in zip(cols["sha256"], cols["table_name"], cols["row_code"],
                                                       cols["column_code"], cols["value"], cols["state"], cols["raw"]):
        by_sha.setdefault(sha, []).append(Cell(table, row, col, _number(value), state, raw or ""))
    out = records.empty()
    for sha, template, meta_json in zip(parsed.column("sha256").to_pylist(), parsed.column("template").to_pylist(),
                                        parsed.column("meta_json").to_pylist()):
        meta = json.loads(meta_json) if meta_json else {}
        report = Report(source=sha, format="", unit=None, year=None, template=template,
                        cells=by_sha.get(sha, []), meta=meta)
        checks, skipped = evaluate(report)
        records.merge(out, records.check_columns(checks, skipped, sha, pv, cv))
    return out
