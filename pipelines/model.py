"""The canonical report: what a parsed annual report is, independent of its format.

Pure data. Parsers build it, checks annotate it, the warehouse loads it.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

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


@dataclass(slots=True)
class Report:
    """A parsed annual report in canonical codes."""

    source: str                    # path of the file as given
    format: str                    # text, html, pdf, docx, doc, wps
    unit: str | None               # as printed in the title (original script)
    year: int | None               # the year reported on
    template: TemplateId
    cells: list[Cell] = field(default_factory=list)
    checks: list[Check] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)  # year_source, encoding, variant, units…

    def table(self, table: TableId) -> dict[str, dict[str, Number | None]]:
        """{row: {column: value}} for one table, in cell order."""
        out: dict[str, dict[str, Number | None]] = {}
        for c in self.cells:
            if c.table == table:
                out.setdefault(c.row, {})[c.column] = c.value
        return out

    def cell(self, table: TableId, row: str, column: str) -> Cell | None:
        for c in self.cells:
            if c.table == table and c.row == row and c.column == column:
                return c
        return None

    @property
    def failed_checks(self) -> list[Check]:
        return [c for c in self.checks if not c.passed]

    def to_json(self) -> dict[str, Any]:
        """The `nianbao parse --json` object."""
        return {
            "unit": self.unit,
            "year": self.year,
            "template": self.template,
            "requests": self.table("requests"),
            "review_litigation": self.table("review_litigation"),
            "proactive": self.table("proactive"),
            "cells": [asdict(c) for c in self.cells],
            "checks": [asdict(c) for c in self.checks],
            "warnings": list(self.warnings),
            "source": self.source,
            "format": self.format,
            "meta": dict(self.meta),
        }
