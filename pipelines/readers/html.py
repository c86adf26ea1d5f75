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
    walker = _Walker(_hidden(tree) if _may_hide(data, text, encoding) else set())
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


# The elements that may be hidden by their attributes: a `hidden` attribute, or a style
# holding "none" or "dden" in any case (what _HIDDEN needs; the only letters its
# IGNORECASE folds for n, o, e, d are their ASCII capitals, which the selector's `i`
# compares). Lexbor matches decoded values, so a style spelt with character references
# is found too. Only these few are then tested with _HIDDEN.
_MAYBE_HIDDEN = "[hidden], [style*=none i], [style*=dden i]"


#: Encodings in which every ASCII character is its own byte (other bytes may look like
#: ASCII too: a GB18030 or Big5 trail byte), so an ASCII word in the text is in the bytes.
_ASCII_BYTES = frozenset({"utf-8", "utf-8 (BOM)", "gb18030", "big5"})


def _may_hide(data: bytes, text: str, encoding: str) -> bool:
    """Whether an element can be hidden by its attributes at all: only if the page holds
    "none" or "dden" in some case, or "&#" (a character reference could spell them; no
    named one gives these letters). The bytes are searched when the encoding allows:
    lower-casing bytes is far cheaper than lower-casing CJK text."""
    if encoding in _ASCII_BYTES:
        low = data.lower()
        return b"none" in low or b"dden" in low or b"&#" in data
    low = text.lower()
    return "none" in low or "dden" in low or "&#" in text


def _hidden(tree: LexborHTMLParser) -> set[int]:
    """The elements (by mem_id) hidden by their attributes: display: none,
    visibility: hidden, or a `hidden` attribute."""
    out: set[int] = set()
    for el in tree.css(_MAYBE_HIDDEN):
        attrs = el.attributes
        style = attrs.get("style")
        if "hidden" in attrs or (style and _HIDDEN.search(style)):
            out.add(el.mem_id)
    return out


#: Inside a table, these send it to the node-by-node reading (see _Walker.scan): a
#: nested table (a layout table), noise, and MathML (whose elements may be named tr, td).
_NOT_SCANNED = frozenset(_DROP | {"table", "math"})
#: Table parts that end the text of the cell or caption before them.
_TABLE_PARTS = frozenset({"tbody", "thead", "tfoot", "colgroup", "col"})


def _tag_ids() -> dict[str, int]:
    """Lexbor's numbers for the tags scan() tells apart (fixed for HTML's own tags; an
    integer compares faster than the tag name, which Lexbor builds anew for each node)."""
    doc = LexborHTMLParser("<p>t<!--c--></p>")
    ids = {name: doc.create_node(name).tag_id for name in (*_NOT_SCANNED, *_TABLE_PARTS, *_CELLS, "tr", "caption")}
    text, comment = (node.tag_id for node in doc.css_first("p").iter(include_text=True))
    ids["-text"], ids["-comment"] = text, comment
    return ids


_IDS = _tag_ids()
_TEXT_ID, _COMMENT_ID, _TR_ID, _CAPTION_ID = _IDS["-text"], _IDS["-comment"], _IDS["tr"], _IDS["caption"]
_CELL_IDS = frozenset(_IDS[t] for t in _CELLS)
_NOT_SCANNED_IDS = frozenset(_IDS[t] for t in _NOT_SCANNED)
_TABLE_PART_IDS = frozenset(_IDS[t] for t in _TABLE_PARTS)
# What a node is to scan(), by tag id (an element not listed: something inside a cell).
_CELL, _ROW, _CAPTION, _PART, _NOT_READ, _COMMENT = range(6)
_ROLE = {**dict.fromkeys(_TABLE_PART_IDS, _PART), **dict.fromkeys(_NOT_SCANNED_IDS, _NOT_READ),
         **dict.fromkeys(_CELL_IDS, _CELL), _TR_ID: _ROW, _CAPTION_ID: _CAPTION, _COMMENT_ID: _COMMENT}


class _Walker:
    """Collects blocks in reading order while walking the tree once."""

    def __init__(self, hidden: set[int]) -> None:
        self.blocks: list[Block] = []
        self.line: list[str] = []
        self.hidden = hidden  # elements hidden by their attributes (mem_id)

    def skip(self, el: LexborNode) -> bool:
        """A dropped element: noise, or hidden by its attributes."""
        return el.tag in _DROP or (bool(self.hidden) and el.mem_id in self.hidden)

    def flush(self) -> None:
        if self.line:
            s = join_pieces(self.line)
            if s:
                self.blocks.append(s)
            self.line = []

    def flow(self, el: LexborNode) -> None:
        """Page flow: text lines, with tables as their own blocks."""
        hidden = self.hidden
        child = el.child
        while child is not None:
            tag = child.tag
            if tag == "-text":
                self.line.append(child.text_content)
            elif tag[0] != "-" and tag not in _DROP and not (hidden and child.mem_id in hidden):
                # ("-comment", "-doctype": not content)
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
        scanned = self.scan(el)
        if scanned is None:
            self.table_by_nodes(el)
            return
        caption, rows = scanned
        if caption:
            self.blocks.append(caption)
        grid = _grid(rows)
        if grid:
            self.blocks.append(Table(rows=grid))

    def scan(self, table: LexborNode) -> tuple[str, list[Row]] | None:
        """A plain data table read in one pass over its nodes: (caption text, rows), or
        None when it needs the node-by-node reading (a table inside it, noise, a hidden
        element, MathML).

        In the HTML5 tree a cell's text nodes are those after its <td>/<th> and before
        the next row or cell: text directly in a table, section or row is whitespace only
        (the parser moves any other before the table), and a whitespace piece adds
        nothing to a label joined by join_pieces."""
        hidden = self.hidden
        rows: list[list[list[str] | tuple[str | None, str | None, list[str]]]] = []
        cells: list[list[str] | tuple[str | None, str | None, list[str]]] = []
        parts: list[str] | None = None  # the text pieces of the current cell or caption
        caption: list[str] | None = None
        nodes = table.traverse(include_text=True)
        next(nodes)  # the table itself
        role = _ROLE.get
        for node in nodes:
            tag = node.tag_id
            if tag == _TEXT_ID:
                if parts is not None:
                    text = node.text_content
                    if not text.isspace():  # (a whitespace piece adds nothing to a label)
                        parts.append(text)
                continue
            what = role(tag)
            if what is None:  # an element inside a cell (<p>, <span>, <br>…)
                if hidden and node.mem_id in hidden:
                    return None
            elif what == _CELL:
                if hidden and node.mem_id in hidden:
                    return None
                parts = []
                attrs = node.attributes
                if attrs:
                    rs, cs = attrs.get("rowspan"), attrs.get("colspan")
                    cells.append(parts if rs is None and cs is None else (rs, cs, parts))
                else:
                    cells.append(parts)
            elif what == _ROW:
                if hidden and node.mem_id in hidden:
                    return None
                cells = []
                rows.append(cells)
                parts = None
            elif what == _NOT_READ:
                return None
            elif what == _COMMENT:
                continue
            elif hidden and node.mem_id in hidden:
                return None
            elif what == _CAPTION:
                parts = []
                if caption is None:
                    caption = parts
            else:  # _PART
                parts = None
        out: list[Row] = [[_label(c) if c.__class__ is list else (c[0], c[1], _label(c[2]))
                           for c in r] for r in rows]
        return (join_pieces(caption) if caption else ""), out

    def table_by_nodes(self, el: LexborNode) -> None:
        """A table read node by node, every element tested with skip()."""
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
        parts: list[str] = []
        self._pieces(cell, parts)
        return join_pieces(parts)

    def _pieces(self, el: LexborNode, parts: list[str]) -> None:
        child = el.child
        while child is not None:
            tag = child.tag
            if tag == "-text":
                parts.append(child.text_content)
            elif tag[0] != "-" and not self.skip(child):
                self._pieces(child, parts)
            child = child.next


def _label(parts: list[str]) -> str:
    """join_pieces, with the usual one-piece cell without whitespace ("266", "（一）予以公开")
    returned as it is."""
    if len(parts) == 1 and parts[0].isprintable() and " " not in parts[0]:  # (see clean_text)
        return parts[0]
    return join_pieces(parts)


def _span_value(raw: str | None) -> int:
    """A rowspan/colspan attribute as a count (absent or empty: 1)."""
    if not raw:
        return 1
    if raw.isdigit() and raw.isascii():  # the usual colspan="4"
        return min(int(raw), _MAX_SPAN)
    m = re.match(r"\s*(\d+)", raw)
    n = int(m.group(1)) if m else 1
    return max(0, min(n, _MAX_SPAN))


#: A grid position no cell reaches (yet).
_GAP = object()

#: A table row: one entry per cell, its text, or (rowspan, colspan, text) when it has either attribute.
Row = list[str | tuple[str | None, str | None, str]]


def _grid(rows: list[Row]) -> list[list[str | None]]:
    """Expand rowspan/colspan: text at the top-left, None at covered positions, "" where no
    cell reaches."""
    grid: list[list[str | None]] = []
    n_rows = len(rows)
    below: list[int] = []  # per column: rows after the current one that a rowspan still covers
    for r, cells in enumerate(rows):
        if any(below):
            row: list[object] = [None if n else _GAP for n in below]
            for c, n in enumerate(below):
                if n:
                    below[c] = n - 1
        elif all(cell.__class__ is str for cell in cells):
            if cells:  # the usual row: no merges into or out of it
                grid.append(cells)  # type: ignore[arg-type]
            continue
        else:
            row = []
        col = 0
        for cell in cells:
            n = len(row)
            while col < n and row[col] is not _GAP:  # covered from above, or by a colspan
                col += 1
            if cell.__class__ is str:
                if col < n:
                    row[col] = cell
                else:
                    row.append(cell)
                col += 1
                continue
            rs_raw, cs_raw, text = cell
            rs = 1 if rs_raw is None else _span_value(rs_raw)
            cs = 1 if cs_raw is None else (_span_value(cs_raw) or 1)
            rs = n_rows - r if rs == 0 else rs  # rowspan="0": to the end of the table
            if col + cs > n:
                row.extend([_GAP] * (col + cs - n))
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
        while row and row[-1] is _GAP:
            row.pop()
        if row:
            grid.append(["" if c is _GAP else c for c in row])  # type: ignore[misc]
    return grid
