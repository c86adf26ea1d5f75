"""Government web pages → Document: the page's text lines and its tables.

Whole pages are expected (navigation, scripts, footers around the report).
Noise elements are dropped; the rest is walked once in document order:
block elements end a text line, ``<table>`` becomes a ``Table`` whose
rowspan/colspan are expanded into a grid (text in the top-left position,
``None`` where a merge covers). A table whose cells hold other tables is a
layout table: its cells are read as ordinary page flow.
"""
from __future__ import annotations

import re

from lxml import etree

from pipelines.model import ReportError
from pipelines.readers.base import Block, Document, Table, clean_text, join_pieces
from pipelines.readers.encoding import decode, normalise_codec

_DROP = {"script", "style", "noscript", "template", "iframe", "select", "option", "button",
         "nav", "head", "object", "embed", "svg", "map", "textarea", "input", "audio", "video", "canvas"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
          "section", "article", "main", "header", "footer", "aside", "blockquote", "pre", "center",
          "form", "fieldset", "address", "figure", "figcaption", "hr", "caption", "body", "html",
          "tr", "td", "th", "tbody", "thead", "tfoot"}
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
_MAX_SPAN = 500
# Plain elements (no lxml.html class lookup): the walk below is the hot path.
_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, no_network=True)


def read(path: str, data: bytes, charset: str | None = None) -> Document:
    """Decode, parse and flatten one HTML page (``charset``: declared outside
    the page, e.g. by a MIME header)."""
    text, encoding = _decode(data, path, charset)
    text = _XML_DECL.sub("", text, count=1)
    try:
        root = etree.fromstring(text, _PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError) as err:
        raise ReportError(path, "unreadable", f"HTML cannot be parsed: {err}") from err
    if root is None:
        raise ReportError(path, "unreadable", "HTML page without content")
    meta: dict[str, object] = {"encoding": encoding}
    title = root.findtext(".//title")
    if title and title.strip():
        meta["title"] = clean_text(title)
    walker = _Walker(_skipped(root, text))
    walker.flow(root)
    walker.flush()
    return Document(path=path, format="html", blocks=walker.blocks, meta=meta)


def _decode(data: bytes, path: str, charset: str | None) -> tuple[str, str]:
    codec = normalise_codec(charset) if charset else None
    if codec:
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            pass
    return decode(data, path)


def read_mht(path: str, data: bytes) -> Document:
    """A web archive (.mht, or Word's "single file web page", often saved as
    .doc): the first text/html part, read as a page."""
    import email
    import email.policy

    msg = email.message_from_bytes(data, policy=email.policy.compat32)
    for part in msg.walk():
        if part.get_content_type() == "text/html":
            payload = part.get_payload(decode=True)
            if isinstance(payload, bytes) and payload.strip():
                doc = read(path, payload, part.get_content_charset())
                doc.meta["container"] = "mht"
                return doc
    raise ReportError(path, "unreadable", "web archive (MHT) without an HTML part")


# Only a page whose text holds "none" or "dden" (any case; the only letters
# _HIDDEN's IGNORECASE folds for n, o, e, d are their ASCII capitals) or "&#"
# (a character reference could spell them) can have an element that _skip
# drops for its attributes (display: none, visibility: hidden, hidden=).
# str.lower + `in` is ~8x faster than one case-insensitive regex search, and
# faster than an XPath over the parsed tree's attributes.


def _maybe_hidden(text: str) -> bool:
    if "&#" in text:
        return True
    low = text.lower()
    return "none" in low or "dden" in low


_DROP_TAGS = tuple(sorted(_DROP))


def _skipped(root: etree._Element, text: str) -> set:
    """Every element _skip drops, found without a Python test per element
    when the page text rules out hidden attributes."""
    if _maybe_hidden(text):
        return {el for el in root.iter() if _skip(el)}
    return set(root.iter(*_DROP_TAGS))


def _skip(el: etree._Element) -> bool:
    tag = el.tag
    if not isinstance(tag, str) or tag in _DROP:  # comments, entities; noise elements
        return True
    if el.attrib:
        style = el.get("style")
        return bool(style and _HIDDEN.search(style)) or el.get("hidden") is not None
    return False


class _Walker:
    """Collects blocks in reading order while walking the tree once.

    ``skipped`` holds every element _skip drops and ``covers`` their
    ancestors: a subtree outside ``covers`` has nothing to drop, so its text
    is read with lxml's itertext in one call."""

    def __init__(self, skipped: set) -> None:
        self.blocks: list[Block] = []
        self.line: list[str] = []
        self.skipped = skipped
        self.covers = {a for el in self.skipped for a in el.iterancestors()}

    def skip(self, el: etree._Element) -> bool:
        """_skip(el), from the precomputed set (non-elements: by their tag)."""
        return el in self.skipped or not isinstance(el.tag, str)

    def flush(self) -> None:
        if self.line:
            s = join_pieces(self.line)
            if s:
                self.blocks.append(s)
            self.line = []

    def flow(self, el: etree._Element) -> None:
        """Page flow: text lines, with tables as their own blocks."""
        if el.text:
            self.line.append(el.text)
        skipped = self.skipped
        for child in el:
            if child not in skipped and isinstance(child.tag, str):  # self.skip, inlined
                tag = child.tag
                if tag == "table":
                    self.flush()
                    self.table(child)
                elif tag == "br":
                    self.flush()
                elif tag in _BLOCK:
                    self.flush()
                    self.flow(child)
                    self.flush()
                else:
                    self.flow(child)
            if child.tail:
                self.line.append(child.tail)

    def table(self, el: etree._Element) -> None:
        rows = self.rows(el)
        if el.find(".//table") is not None:
            # Layout table: read each cell as page flow, in order.
            for tr in rows:
                for cell in self.cells(tr):
                    self.flush()
                    self.flow(cell)
                    self.flush()
            return
        caption = el.find("caption")
        if caption is not None:
            text = self.cell_text(caption)
            if text:
                self.blocks.append(text)
        grid = _grid(self.spans(rows))
        if grid:
            self.blocks.append(Table(rows=grid))

    def spans(self, rows: list[etree._Element]) -> list[Row]:
        """Each row's cells read element by element (see Row)."""
        out: list[Row] = []
        for tr in rows:
            cells: Row = []
            for c in self.cells(tr):
                rs, cs = c.get("rowspan"), c.get("colspan")
                text = self.cell_text(c)
                cells.append(text if rs is None and cs is None else (rs, cs, text))
            out.append(cells)
        return out

    def rows(self, table: etree._Element) -> list[etree._Element]:
        return [r for r in _ROWS(table) if not self.skip(r)]

    def cells(self, tr: etree._Element) -> list[etree._Element]:
        if tr not in self.covers:  # nothing under this row is dropped
            return list(tr.iterchildren("td", "th"))
        return [c for c in tr.iterchildren("td", "th") if not self.skip(c)]

    def cell_text(self, cell: etree._Element) -> str:
        """_cell_text; itertext when nothing inside the cell is dropped."""
        if not len(cell):  # the usual <td>12</td>: one text node, nothing to drop
            text = cell.text
            return clean_text(text) if text else ""
        if cell in self.covers:
            return _cell_text(cell)
        return join_pieces(list(cell.itertext()))


_ROWS = etree.XPath("./tr | ./thead/tr | ./tbody/tr | ./tfoot/tr")


def _span_value(raw: str | None) -> int:
    """A rowspan/colspan attribute as a count (absent or empty: 1)."""
    if not raw:
        return 1
    if raw.isdigit() and raw.isascii():  # the usual colspan="4"
        return min(int(raw), _MAX_SPAN)
    m = re.match(r"\s*(\d+)", raw)
    n = int(m.group(1)) if m else 1
    return max(0, min(n, _MAX_SPAN))


def _cell_text(cell: etree._Element) -> str:
    """One cell's text as a single label: pieces split by <br>/<p> joined."""
    parts: list[str] = []

    def walk(el: etree._Element) -> None:
        if el.text:
            parts.append(el.text)
        for child in el:
            if not _skip(child):
                walk(child)
            if child.tail:
                parts.append(child.tail)

    walk(cell)
    return join_pieces(parts)


#: A table row: one entry per cell, its text, or (rowspan, colspan, text) when it has either attribute.
Row = list[str | tuple[str | None, str | None, str]]


def _grid(rows: list[Row]) -> list[list[str | None]]:
    """Expand rowspan/colspan: text at the top-left, None at covered positions, "" where no
    cell reaches."""
    grid: list[list[str | None]] = []
    n_rows = len(rows)
    below: list[int] = []  # per column: rows after the current one that a rowspan still covers
    for r, cells in enumerate(rows):
        covered = {c for c, n in enumerate(below) if n} if any(below) else set()
        if not covered and all(cell.__class__ is str for cell in cells):
            if cells:  # the usual row: no merges into or out of it
                grid.append(cells)
            continue
        for c in covered:
            below[c] -= 1
        row: dict[int, str | None] = dict.fromkeys(covered)
        col = 0
        for cell in cells:
            while col in row:  # covered from above, or by a colspan
                col += 1
            if cell.__class__ is str:
                row[col] = cell
                col += 1
                continue
            rs_raw, cs_raw, text = cell
            rs = 1 if rs_raw is None else _span_value(rs_raw)
            cs = 1 if cs_raw is None else (_span_value(cs_raw) or 1)
            rs = n_rows - r if rs == 0 else rs  # rowspan="0": to the end of the table
            row[col] = text
            for dc in range(1, cs):
                row[col + dc] = None
            down = min(rs - 1, n_rows - 1 - r)
            if down > 0:
                if len(below) < col + cs:
                    below.extend([0] * (col + cs - len(below)))
                for dc in range(cs):
                    below[col + dc] = max(below[col + dc], down)
            col += cs
        if row:
            grid.append([row.get(c, "") for c in range(max(row) + 1)])
    return grid
