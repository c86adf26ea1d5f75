"""nianbao's ingest side: read a report file, parse it into canonical codes, check it.

Public API::

    from pipelines import parse
    report = parse("reports/xx/2023年报.pdf")   # -> pipelines.model.Report

Flow is one way: readers (bytes -> Document) -> parser (Document -> Report,
pure) -> checks (Report -> Report, pure). Raises pipelines.model.ReportError
with a reason code for files that cannot become a report.
"""
from __future__ import annotations

from os import PathLike

from pipelines.model import Cell, Check, Report, ReportError

__all__ = ["parse", "Report", "Cell", "Check", "ReportError"]
__version__ = "0.1.0"

#: Every document of the demo city carries this mark; reports parsed from
#: such a document are flagged synthetic all the way to the dashboard.
SYNTHETIC_MARK = "演示数据"


def parse(path: str | PathLike[str], checks: bool = True) -> Report:
    """Read and parse one report file of any supported format; `checks=False` leaves the
    consistency rules unevaluated (the ingest evaluates and caches them apart)."""
    from pipelines.parser import parse_document
    from pipelines.readers import read_file

    doc = read_file(path)
    report = parse_document(doc, checks=checks)
    report.meta["synthetic"] = doc.mentions(SYNTHETIC_MARK)
    return report
