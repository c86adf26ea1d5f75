"""What every reader hands to the parser: a format-free Document.

A reader turns the bytes of one file (text, HTML, PDF, Word) into a
sequence of blocks in document order: plain text lines and tables. The
parser never sees the format; it reads labels and numbers from blocks.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

#: Whitespace as documents print it: ASCII, no-break, ideographic (U+3000), zero-width, BOM.
WS = re.compile(r"[\s\u00a0\u3000\u200b\ufeff]+")


def clean_text(s: str) -> str:
    """Collapse every kind of whitespace to one space and strip the ends."""
    if s.isprintable() and " " not in s:  # no whitespace of any kind: nothing to collapse
        # (every character WS matches but " " is unprintable: a space or a control, line or
        # paragraph separator, or a format character; tried on every code point)
        return s
    return WS.sub(" ", s).strip()


def join_pieces(parts: list[str]) -> str:
    """Join the pieces of one label (lines of a cell, <br>/<p> parts, Word paragraphs):
    no space between CJK pieces, one between two ASCII alphanumerics (so "1" and
    "2" never become "12")."""
    if len(parts) == 1:
        return clean_text(parts[0])
    out = ""
    for part in parts:
        part = clean_text(part)
        if not part:
            continue
        if out and out[-1].isascii() and out[-1].isalnum() and part[0].isascii() and part[0].isalnum():
            out += " "
        out += part
    return out

#: One grid cell. ``None`` marks a position covered by a merged cell
#: (rowspan/colspan, Word gridSpan/vMerge): its text stands in the merge's
#: top-left cell only. ``""`` is a printed, empty cell (e.g. &nbsp;, U+3000).
GridCell = str | None


@dataclass(slots=True)
class Table:
    """A table as laid out in the source: rows of cells, merges marked by None."""

    rows: list[list[GridCell]]
    page: int | None = None  # 1-based page where the table starts (PDF, Word)


Block = str | Table


@dataclass(slots=True)
class Document:
    """A file's content, reduced to text lines and tables in reading order."""

    path: str
    format: str                      # text, html, pdf, docx, doc, wps
    blocks: list[Block] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    meta: dict[str, Any] = field(default_factory=dict)  # encoding, pages, title, extractor…

    @property
    def text(self) -> str:
        """All text lines (tables as tab-separated rows), for title/year search."""
        out: list[str] = []
        for b in self.blocks:
            if isinstance(b, Table):
                out.extend("\t".join(c for c in row if c) for row in b.rows)
            else:
                out.append(b)
        return "\n".join(out)

    def mentions(self, phrase: str) -> bool:
        """Whether a text line or a table cell holds `phrase` (what `phrase in self.text` says for
        a phrase without tabs or newlines, without building the whole text)."""
        for b in self.blocks:
            if isinstance(b, Table):
                if any(phrase in c for row in b.rows for c in row if c):
                    return True
            elif phrase in b:
                return True
        return False
