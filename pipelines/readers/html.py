"""Government web pages → Document: the page's text lines and its tables.

Whole pages are expected (navigation, scripts, footers around the report).
The page is parsed by Lexbor (selectolax) with the HTML5 rules browsers
use, so a page reads as it displays. Noise elements are dropped; the rest
is walked once in document order: block elements end a text line,
``<table>`` becomes a ``Table`` whose rowspan/colspan are expanded into a
grid (text in the top-left position, ``None`` where a merge covers). A
table whose cells hold other tables is a layout table: its cells are read
as ordinary page flow.
"""
from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from pipelines.model import ReportError
from pipelines.readers.base import Block, Document, Table, clean_text, join_pieces
from pipelines.readers.encoding import decode

_DROP = {"script", "style", "noscript", "template", "iframe", "select", "option", "button",
         "nav", "head", "object", "embed", "svg", "map", "textarea", "input", "audio", "video", "canvas"}
_BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
          "section", "article", "main", "header", "footer", "aside", "blockquote", "pre", "center",
          "form", "fieldset", "address", "figure", "figcaption", "hr", "caption", "body", "html",
          "tr", "td", "th", "tbody", "thead", "tfoot"}
_CELLS = ("td", "th")
_SECTIONS = ("thead", "tbody", "tfoot")
_HIDDEN = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*>", re.IGNORECASE)
_MAX_SPAN = 500
_DROP_SELECTOR = ", ".join(sorted(_DROP))
# HTML5 parsing turns NUL into U+FFFD, so NUL never occurs in a text node: it separates
# the text nodes of one cell when Lexbor collects them in one call.
_SEP = "\x00"


def read(path: str, data: bytes, charset: str | None = None) -> Document:
    """Decode, parse and flatten one HTML page (``charset``: declared outside
    the page, e.g. by a MIME header)."""
    text, encoding = decode(data, path, declared=charset)
    text = _XML_DECL.sub("", text, count=1)
    try:
        tree = LexborHTMLParser(text)
    except (RuntimeError, ValueError) as err:  # pragma: no cover - Lexbor accepts any text
        raise ReportError(path, "unreadable", f"HTML cannot be parsed: {err}") from err
    root = tree.root
    if root is None:  # pragma: no cover - HTML5 parsing always builds <html>
        raise ReportError(path, "unreadable", "HTML page without content")
    meta: dict[str, object] = {"encoding": encoding}
    title = tree.css_first("title")
    if title is not None:
        t = title.text(deep=True)
        if t and t.strip():
            meta["title"] = clean_text(t)
    walker = _Walker(_maybe_hidden(text), _cells_with_noise(tree))
    walker.flow(root)
    walker.flush()
    return Document(path=path, format="html", blocks=walker.blocks, meta=meta)


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
# str.lower + `in` is ~8x faster than one case-insensitive regex search.


def _maybe_hidden(text: str) -> bool:
    if "&#" in text:
        return True
    low = text.lower()
    return "none" in low or "dden" in low


def _cells_with_noise(tree: LexborHTMLParser) -> set[int]:
    """Table cells and captions (by mem_id) holding a noise element (a script, a form
    control...): their text is collected node by node; every other cell's in one Lexbor call."""
    out: set[int] = set()
    for el in tree.css(_DROP_SELECTOR):
        node = el.parent
        while node is not None:
            if node.tag in _CELLS or node.tag == "caption":
                out.add(node.mem_id)
            node = node.parent
    return out


class _Walker:
    """Collects blocks in reading order while walking the tree once."""

    def __init__(self, hidden: bool, noisy_cells: set[int]) -> None:
        self.blocks: list[Block] = []
        self.line: list[str] = []
        self.hidden = hidden  # the page may hide elements by their attributes
        self.noisy_cells = noisy_cells

    def skip(self, el: LexborNode) -> bool:
        """A dropped element: noise, or hidden by its attributes."""
        if el.tag in _DROP:
            return True
        if self.hidden:
            attrs = el.attributes
            if attrs:
                style = attrs.get("style")
                return bool(style and _HIDDEN.search(style)) or "hidden" in attrs
        return False

    def flush(self) -> None:
        if self.line:
            s = join_pieces(self.line)
            if s:
                self.blocks.append(s)
            self.line = []

    def flow(self, el: LexborNode) -> None:
        """Page flow: text lines, with tables as their own blocks."""
        child = el.child
        while child is not None:
            tag = child.tag
            if tag == "-text":
                self.line.append(child.text_content)
            elif tag[0] != "-" and not self.skip(child):  # "-comment", "-doctype": not content
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
            child = child.next

    def table(self, el: LexborNode) -> None:
        rows = self.rows(el)
        if len(el.css("table")) > 1:  # css() matches the table itself too
            # Layout table: read each cell as page flow, in order.
            for tr in rows:
                for cell in self.cells(tr):
                    self.flush()
                    self.flow(cell)
                    self.flush()
            return
        for child in el.iter():
            if child.tag == "caption":
                text = self.cell_text(child)
                if text:
                    self.blocks.append(text)
                break
        grid = _grid(self.spans(rows))
        if grid:
            self.blocks.append(Table(rows=grid))

    def rows(self, table: LexborNode) -> list[LexborNode]:
        """The table's own rows (directly or in thead/tbody/tfoot), in order."""
        out: list[LexborNode] = []
        for child in table.iter():
            tag = child.tag
            if tag == "tr":
                if not self.skip(child):
                    out.append(child)
            elif tag in _SECTIONS:
                out.extend(tr for tr in child.iter() if tr.tag == "tr" and not self.skip(tr))
        return out

    def cells(self, tr: LexborNode) -> list[LexborNode]:
        return [c for c in tr.iter() if c.tag in _CELLS and not self.skip(c)]

    def spans(self, rows: list[LexborNode]) -> list[Row]:
        """Each row's cells (see Row)."""
        out: list[Row] = []
        for tr in rows:
            cells: Row = []
            for c in self.cells(tr):
                attrs = c.attributes
                rs, cs = attrs.get("rowspan"), attrs.get("colspan")
                text = self.cell_text(c)
                cells.append(text if rs is None and cs is None else (rs, cs, text))
            out.append(cells)
        return out

    def cell_text(self, cell: LexborNode) -> str:
        """One cell's text as a single label: its text nodes joined (join_pieces), noise and
        hidden elements left out."""
        if self.hidden or cell.mem_id in self.noisy_cells:
            parts: list[str] = []
            self._pieces(cell, parts)
            return join_pieces(parts)
        text = cell.text(deep=True, separator=_SEP)
        return clean_text(text) if _SEP not in text else join_pieces(text.split(_SEP))

    def _pieces(self, el: LexborNode, parts: list[str]) -> None:
        child = el.child
        while child is not None:
            tag = child.tag
            if tag == "-text":
                parts.append(child.text_content)
            elif tag[0] != "-" and not self.skip(child):
                self._pieces(child, parts)
            child = child.next


def _span_value(raw: str | None) -> int:
    """A rowspan/colspan attribute as a count (absent or empty: 1)."""
    if not raw:
        return 1
    if raw.isdigit() and raw.isascii():  # the usual colspan="4"
        return min(int(raw), _MAX_SPAN)
    m = re.match(r"\s*(\d+)", raw)
    n = int(m.group(1)) if m else 1
    return max(0, min(n, _MAX_SPAN))


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
