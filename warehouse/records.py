"""Reports -> the parse cache's rows, column by column (pure Python, cheap to import in workers).

`Rows` collects the results of a chunk of files: one `parsed` row per file, and for a report
its cells (the columns of the Report: values, states and raw texts over its shared Layout), its
checks and its warnings. `to_arrow` converts the chunk once: the cells' codes are the layout's
own Arrow arrays, concatenated (never converted from Python strings per report), the values,
states and texts one conversion per chunk. A worker hands its chunk back as Arrow tables: they
pickle as flat buffers, so the ingest process neither unpickles millions of Python objects per
run nor converts them again before writing.
"""
from __future__ import annotations

import datetime as dt
import json
from itertools import accumulate
from operator import attrgetter
from typing import Any

from pipelines import template as T
from pipelines.model import Check, Layout, Report

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
_CODES = ("table_name", "row_code", "column_code")  # a cell's place: from the layout

#: Arrow batch of result tables: {table: pa.Table with the columns of RESULT_COLUMNS[table]}.
Batch = dict[str, Any]

_ARROW_TYPES = {"ok": "bool", "synthetic": "bool", "passed": "bool", "year": "int32", "n_failed": "int32",
                "value": "float64", "expected": "float64", "actual": "float64", "parsed_at": "timestamp[us]"}

_CHECK_FIELDS = attrgetter("rule", "passed", "where", "expected", "actual")


def arrow_schema(table: str) -> Any:
    """The Arrow schema of one result table (strings unless typed above)."""
    import pyarrow as pa

    return pa.schema([(c, pa.type_for_alias(_ARROW_TYPES.get(c, "string"))) for c in RESULT_COLUMNS[table]])


def concat(batches: list[Batch]) -> Batch:
    """One Batch from many (zero-copy: the tables keep their chunks)."""
    import pyarrow as pa

    return {t: pa.concat_tables([b[t] for b in batches]) if batches else pa.table(
        {c: [] for c in RESULT_COLUMNS[t]}, schema=arrow_schema(t)) for t in RESULT_COLUMNS}


_LAYOUT_CODES: dict[Layout, dict[str, Any]] = {}


def _layout_codes(lay: Layout) -> dict[str, Any]:
    """A layout's (table, row, column) codes as Arrow string arrays, made once per layout."""
    hit = _LAYOUT_CODES.get(lay)
    if hit is None:
        import pyarrow as pa

        if len(_LAYOUT_CODES) > 64:  # layouts of hand-made reports
            _LAYOUT_CODES.clear()
        hit = _LAYOUT_CODES[lay] = {name: pa.array([k[j] for k in lay.keys], pa.string())
                                    for j, name in enumerate(_CODES)}
    return hit


#: Columns a report's rows repeat (its keys): taken from one entry per report when converted.
_KEYS = ("sha256", "parser_version", "checks_version")
_PER_ROW = {t: tuple(c for c in RESULT_COLUMNS[t] if c not in _KEYS)
            for t in ("parsed_cells", "parsed_checks", "parsed_warnings")}


class Rows:
    """The cache rows of a chunk of files, collected column by column (see the module doc)."""

    def __init__(self) -> None:
        #: one row per file (`parsed`) or per checked report (`checked`): every column; the
        #: checks and warnings: their own columns, the keys apart (`_keys`, `_at`)
        self.cols: Columns = {t: {c: [] for c in RESULT_COLUMNS[t]} for t in ("parsed", "checked")}
        self.cols |= {t: {c: [] for c in _PER_ROW[t]} for t in ("parsed_checks", "parsed_warnings")}
        self._keys: list[tuple[str, str, str | None]] = []  # (sha256, parser_version, checks_version)
        self._runs: dict[str, list[tuple[int, int]]] = {t: [] for t in _PER_ROW}  # (entry in _keys, rows)
        # cells: the layout of each report, its columns appended here
        self._layouts: list[Layout] = []
        self._values: list = []
        self._states: list[str] = []
        self._raws: list[str] = []

    def __len__(self) -> int:
        """Files (parsed rows) so far."""
        return len(self.cols["parsed"]["sha256"])

    def _key(self, table: str, sha: str, pv: str, cv: str | None, n: int) -> None:
        """`n` rows of `table` keyed by (sha, pv, cv)."""
        if not n:
            return
        if not self._keys or self._keys[-1] != (sha, pv, cv):
            self._keys.append((sha, pv, cv))
        self._runs[table].append((len(self._keys) - 1, n))

    def _parsed(self, sha: str, pv: str, now: dt.datetime, ok: bool, unit: str | None = None,
                year: int | None = None, template: str | None = None, variant: str | None = None,
                fmt: str | None = None, synthetic: bool | None = None, meta: str | None = None,
                reason: str | None = None, detail: str | None = None) -> None:
        row = (sha, pv, ok, unit, year, template, variant, fmt, synthetic, meta, reason, detail, now)
        for col, value in zip(self.cols["parsed"].values(), row):
            col.append(value)

    def rejection(self, sha: str, pv: str, now: dt.datetime, reason: str, detail: str, unit: str | None = None,
                  year: int | None = None, fmt: str | None = None) -> Rows:
        """The row of a file that could not become a report."""
        self._parsed(sha, pv, now, False, unit=unit, year=year, fmt=fmt, reason=reason, detail=detail)
        return self

    def report(self, report: Report, sha: str, pv: str, now: dt.datetime, cv: str | None = None,
               skipped: list[str] | None = None) -> Rows:
        """The rows of a parsed report; a report without year or unit becomes a rejection. With a
        checks version `cv`, also the rows of its checks (report.checks) and of `skipped`, the
        warnings about rule instances the checks could not evaluate (see `checks`)."""
        if report.year is None:
            return self.rejection(sha, pv, now, "no_year", f"{report.source}: reporting year not found",
                                  unit=report.unit, fmt=report.format)
        if not report.unit:
            return self.rejection(sha, pv, now, "no_unit", f"{report.source}: unit name not found",
                                  year=report.year, fmt=report.format)
        meta = report.meta
        self._parsed(sha, pv, now, True, unit=report.unit, year=int(report.year), template=report.template,
                     variant=meta.get("variant"), fmt=report.format, synthetic=bool(meta.get("synthetic")),
                     meta=json.dumps(meta, ensure_ascii=False, sort_keys=True, default=str))
        self._key("parsed_cells", sha, pv, None, len(report.layout))
        self._layouts.append(report.layout)
        self._values += report.values
        self._states += report.states
        self._raws += report.raws
        self._key("parsed_warnings", sha, pv, None, len(report.warnings))
        self.cols["parsed_warnings"]["message"] += report.warnings
        if cv is not None:
            self.checks(report.checks, skipped or [], sha, pv, cv)
        return self

    def checks(self, checks: list[Check], skipped: list[str], sha: str, pv: str, cv: str) -> Rows:
        """The rows of one report's checks under checks version `cv`: its `checked` row (how many
        failed), the checks, and the warnings about rule instances that were skipped."""
        fields = list(map(_CHECK_FIELDS, checks))
        self._key("parsed_checks", sha, pv, cv, len(fields))
        failed = 0
        if fields:
            out = self.cols["parsed_checks"]
            rule, passed, where, expected, actual = zip(*fields)
            out["rule"] += rule
            out["passed"] += passed
            out["where"] += where
            out["expected"] += expected
            out["actual"] += actual
            failed = len(passed) - sum(map(bool, passed))
        for col, value in zip(self.cols["checked"].values(), (sha, pv, cv, failed)):
            col.append(value)
        self._key("parsed_warnings", sha, pv, cv, len(skipped))
        self.cols["parsed_warnings"]["message"] += skipped
        return self

    def to_arrow(self) -> Batch:
        """One Arrow table per result table (a table without rows is an empty one)."""
        import pyarrow as pa
        import pyarrow.compute as pc

        keys = {c: pa.array(col, pa.string()) for c, col in zip(_KEYS, zip(*self._keys))} if self._keys else {}
        out: Batch = {}
        for table in RESULT_COLUMNS:
            schema = arrow_schema(table)
            if table in ("parsed", "checked"):
                out[table] = pa.table(self.cols[table], schema=schema)
                continue
            runs = self._runs[table]
            if not runs:
                out[table] = schema.empty_table()
                continue
            # the keys as runs (one per report), decoded to a row each in one call
            which, lengths = zip(*runs)
            ends = pa.array(list(accumulate(lengths)), pa.int32())
            which_keys = pa.array(which, pa.int32())
            cols: dict[str, Any] = {
                c: pc.run_end_decode(pa.RunEndEncodedArray.from_arrays(ends, keys[c].take(which_keys)))
                for c in _KEYS if c in schema.names}
            if table == "parsed_cells":
                for name in _CODES:
                    cols[name] = pa.concat_arrays([_layout_codes(lay)[name] for lay in self._layouts])
                states = pa.array(self._states, pa.string())
                cols["value"] = pa.array(self._values, pa.float64())
                cols["state"] = states
                # the printed text is kept only for the states that keep it (template.RAW_STATES)
                cols["raw"] = pc.if_else(pc.is_in(states, value_set=_raw_states()),
                                         pa.array(self._raws, pa.string()), pa.scalar(None, pa.string()))
            else:
                for c in _PER_ROW[table]:
                    cols[c] = pa.array(self.cols[table][c], schema.field(c).type)
            out[table] = pa.table([cols[c] for c in schema.names], schema=schema)
        return out


def _raw_states() -> Any:
    import pyarrow as pa

    return pa.array(sorted(T.RAW_STATES), pa.string())
