"""The canonical report: what a parsed annual report is, independent of its format.

Pure data. Parsers build it, checks annotate it, the warehouse loads it.

A report's cells follow a fixed layout per template (`Layout`: the places in
printed order, shared by every report of that template); a report holds only
parallel lists of values, states and raw texts over it. The `Cell` objects of
`Report.cells` are made from those columns when asked for.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import lru_cache
from typing import Any, Literal

from pipelines import template as T
from pipelines.template import CellState, TableId, TemplateId

Number = int | float

#: Why a file was set aside instead of loaded. Shared by parser, ingest,
#: warehouse (`rejected_files.reason`) and the demo city's truth.
RejectReason = Literal[
    "unreadable",         # cannot be decoded or opened: corrupt, truncated, wrong bytes
    "not_a_report",       # readable, but not a 政府信息公开工作年度报告
    "no_requests_table",  # an annual report without a section 三 table
    "scanned",            # PDF or image without a text layer
    "encrypted",          # password-protected PDF / Office file
    "too_large",          # over the size, page or decompression cap
    "unsupported_format", # a format nianbao does not read
    "converter_missing",  # .doc/.wps and LibreOffice (soffice) is not installed
    "no_year",            # a report whose reporting year cannot be determined
    "no_unit",            # a report whose unit cannot be determined
    "timeout",            # parsing exceeded the per-file time limit
    "out_of_memory",      # parsing exceeded the per-file memory limit
    "parser_error",       # the parser raised an unexpected error or its process died (a bug to fix)
]
REJECT_REASONS: dict[str, str] = {
    "unreadable": "文件无法读取（损坏、截断或编码错误）",
    "not_a_report": "不是政府信息公开工作年度报告",
    "no_requests_table": "缺少第三部分（收到和处理政府信息公开申请情况）表格",
    "scanned": "扫描件：没有文字层",
    "encrypted": "文件已加密",
    "too_large": "文件过大（超过大小、页数或解压上限）",
    "unsupported_format": "不支持的文件格式",
    "converter_missing": "缺少转换程序（LibreOffice soffice）",
    "no_year": "无法确定报告年度",
    "no_unit": "无法确定单位名称",
    "timeout": "解析超时",
    "out_of_memory": "解析超出内存上限",
    "parser_error": "解析程序出错",
}


class ReportError(Exception):
    """A file that cannot become a Report. `reason` is a RejectReason code;
    the message names the file and the place, e.g.
    ``"a/b.pdf: scanned: no text layer on any of 6 pages"``."""

    def __init__(self, path: str, reason: RejectReason, detail: str) -> None:
        self.path = str(path)
        self.reason = reason
        self.detail = detail
        super().__init__(f"{self.path}: {reason}: {detail}")


@dataclass(frozen=True, slots=True)
class Cell:
    """One cell of a template table, however it was printed."""

    table: TableId
    row: str              # item (requests, proactive) or proceeding (review_litigation)
    column: str           # applicant, measure or outcome
    value: Number | None  # None unless state is number, derived or recovered
    state: CellState
    raw: str = ""         # the text as printed, verbatim ("" for missing/derived)


@dataclass(frozen=True, slots=True)
class Check:
    """The result of one consistency rule at one place."""

    rule: str             # a code of template.RULES
    passed: bool
    where: str            # e.g. "requests.natural_person" or "requests.granted"
    expected: Number | None
    actual: Number | None


Key = tuple[str, str, str]  # (table, row, column)


class Layout:
    """The places (table, row, column) of a report's cells in printed order, with their index.

    One shared instance per template (`layout`): section 二's cells, section 三's rows by
    applicant, section 四's proceedings by outcome. Checks and the parse cache's rows compile
    against it once instead of looking places up per report. Compared by identity."""

    __slots__ = ("keys", "index", "tables", "spans", "__weakref__")

    def __init__(self, keys: tuple[Key, ...]) -> None:
        self.keys = keys
        #: place -> position (the last position of a place listed twice)
        self.index: dict[Key, int] = {k: i for i, k in enumerate(keys)}
        #: table -> positions of its cells, tables in order of first appearance
        spans: dict[str, list[int]] = {}
        for i, k in enumerate(keys):
            spans.setdefault(k[0], []).append(i)
        self.spans: dict[str, tuple[int, ...]] = {t: tuple(s) for t, s in spans.items()}
        self.tables = tuple(spans)

    def __len__(self) -> int:
        return len(self.keys)

    def __repr__(self) -> str:
        return f"Layout({len(self.keys)} cells: {', '.join(self.tables)})"

    @property
    def contiguous(self) -> bool:
        """Every table's cells follow one another (as in a template's layout)."""
        return all(s[-1] - s[0] + 1 == len(s) for s in self.spans.values())


def _template_keys(template: str) -> tuple[Key, ...]:
    pro = tuple(("proactive", item, m) for item, m in T.proactive_cells(template))  # type: ignore[arg-type]
    req = tuple(("requests", i.code, a.code)
                for i in T.request_items(template) for a in T.APPLICANTS)  # type: ignore[arg-type]
    rev = tuple(("review_litigation", p.code, o.code) for p in T.PROCEEDINGS for o in T.OUTCOMES)
    return pro + req + rev


LAYOUTS: dict[str, Layout] = {tpl: Layout(_template_keys(tpl)) for tpl in T.TEMPLATES}


def layout(template: str) -> Layout:
    """The cell layout of a template's reports (KeyError for an unknown template)."""
    return LAYOUTS[template]


@lru_cache(maxsize=256)
def layout_of(keys: tuple[Key, ...]) -> Layout:
    """The layout of these places: a template's own when they are its places, else a new one
    (a Report made from a hand-written list of cells)."""
    for lay in LAYOUTS.values():
        if lay.keys == keys:
            return lay
    return Layout(keys)


class Report:
    """A parsed annual report in canonical codes.

    The cells are columns over a `Layout`: `values`, `states` and `raws` hold one entry per
    place of `layout`. `cells` (a list of Cell), `table()` and `cell()` are views of them;
    a Report may also be made from a list of Cells (`cells=`), laid out as they come."""

    __slots__ = ("source", "format", "unit", "year", "template", "checks", "warnings", "meta",
                 "layout", "values", "states", "raws", "_cells")

    def __init__(self, source: str, format: str, unit: str | None, year: int | None, template: TemplateId,
                 cells: list[Cell] | None = None, checks: list[Check] | None = None,
                 warnings: list[str] | None = None, meta: dict[str, Any] | None = None, *,
                 layout: Layout | None = None, values: list[Number | None] | None = None,
                 states: list[str] | None = None, raws: list[str] | None = None) -> None:
        self.source = source              # path of the file as given
        self.format = format              # text, html, pdf, docx, doc, wps
        self.unit = unit                  # as printed in the title (original script)
        self.year = year                  # the year reported on
        self.template = template
        self.checks: list[Check] = checks if checks is not None else []
        self.warnings: list[str] = warnings if warnings is not None else []
        self.meta: dict[str, Any] = meta if meta is not None else {}  # year_source, encoding, variant, units…
        if layout is not None:
            assert values is not None and states is not None and raws is not None
            assert len(values) == len(states) == len(raws) == len(layout), "columns must match the layout"
            self.layout, self.values, self.states, self.raws = layout, values, states, raws
            self._cells: tuple[Cell, ...] | None = None
        else:
            self.cells = cells or []

    # ------------------------------------------------------------ cells as objects
    @property
    def cells(self) -> list[Cell]:
        """The cells in layout order (a new list; changing it does not change the report)."""
        if self._cells is None:
            self._cells = tuple(Cell(t, r, c, v, s, raw) for (t, r, c), v, s, raw
                                in zip(self.layout.keys, self.values, self.states, self.raws))
        return list(self._cells)

    @cells.setter
    def cells(self, cells: list[Cell]) -> None:
        """Lay out a list of cells as they come (where a place is listed twice, sums and
        `cell()` read its last cell)."""
        cells = list(cells)
        self.layout = layout_of(tuple((c.table, c.row, c.column) for c in cells))
        self.values = [c.value for c in cells]
        self.states = [c.state for c in cells]
        self.raws = [c.raw for c in cells]
        self._cells = None

    def table(self, table: TableId) -> dict[str, dict[str, Number | None]]:
        """{row: {column: value}} for one table, in cell order."""
        out: dict[str, dict[str, Number | None]] = {}
        keys, values = self.layout.keys, self.values
        for i in self.layout.spans.get(table, ()):
            _t, row, column = keys[i]
            out.setdefault(row, {})[column] = values[i]
        return out

    def cell(self, table: TableId, row: str, column: str) -> Cell | None:
        i = self.layout.index.get((table, row, column))
        if i is None:
            return None
        return Cell(table, row, column, self.values[i], self.states[i], self.raws[i])  # type: ignore[arg-type]

    @property
    def failed_checks(self) -> list[Check]:
        return [c for c in self.checks if not c.passed]

    def __repr__(self) -> str:
        return (f"Report(source={self.source!r}, format={self.format!r}, unit={self.unit!r}, year={self.year!r}, "
                f"template={self.template!r}, {len(self.layout)} cells, {len(self.checks)} checks, "
                f"{len(self.warnings)} warnings)")

    def to_json(self) -> dict[str, Any]:
        """The `nianbao parse --json` object."""
        return {
            "unit": self.unit,
            "year": self.year,
            "template": self.template,
            "requests": self.table("requests"),
            "review_litigation": self.table("review_litigation"),
            "proactive": self.table("proactive"),
            "cells": [{"table": t, "row": r, "column": c, "value": v, "state": s, "raw": raw}
                      for (t, r, c), v, s, raw in zip(self.layout.keys, self.values, self.states, self.raws)],
            "checks": [asdict(c) for c in self.checks],
            "warnings": list(self.warnings),
            "source": self.source,
            "format": self.format,
            "meta": dict(self.meta),
        }
