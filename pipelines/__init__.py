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


def parse(path: str | PathLike[str]) -> Report:
    """Read and parse one report file of any supported format."""
    from pipelines.parser import parse_document
    from pipelines.readers import read_file

    return parse_document(read_file(path))
