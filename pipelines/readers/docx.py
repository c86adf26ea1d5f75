"""Word .docx → Document: paragraphs and tables in body order.

The package is checked before anything is decompressed (declared sizes and
compression ratios: a renamed zip bomb is refused as "too_large"), then
``word/document.xml`` is parsed with lxml directly. Reading the XML rather
than python-docx's object model gives merged cells exactly as Word stores
them: ``gridSpan`` (columns) and ``vMerge`` (rows) become ``None`` at the
covered positions, with the text only in the merge's first cell; and it is
several times faster. Deleted revisions (``w:delText``) and field codes are
not text. A table whose cells hold tables is a layout table and is read as
flow; tables that follow each other with only empty paragraphs (page
breaks) between them and have the same width are joined, dropping a
repeated header.
"""
from __future__ import annotations

import io
import zipfile
from typing import Iterator

from lxml import etree

from pipelines.model import ReportError
from pipelines.readers.base import Block, Document, Table, join_pieces

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
_REL_NS = "{http://schemas.openxmlformats.org/package/2006/relationships}"
_OFFICE_DOC = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_P, _TBL, _TR, _TC, _T = W + "p", W + "tbl", W + "tr", W + "tc", W + "t"
_TAB, _BR, _CR, _SDT, _SDTCONTENT, _CUSTOM = W + "tab", W + "br", W + "cr", W + "sdt", W + "sdtContent", W + "customXml"
_VAL = W + "val"
_TRPR, _TCPR, _DEL, _GRID_BEFORE = W + "trPr", W + "tcPr", W + "del", W + "gridBefore"
_GRID_SPAN, _VMERGE, _HMERGE = W + "gridSpan", W + "vMerge", W + "hMerge"
_TXBX = W + "txbxContent"
#: Caps checked on the zip directory before decompressing anything.
MAX_UNCOMPRESSED = 200 * 1024 * 1024
MAX_DOCUMENT_XML = 60 * 1024 * 1024
MAX_RATIO = 150
_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False, remove_comments=True,
                          collect_ids=False)


def read(path: str, data: bytes, fmt: str = "docx") -> Document:
    """Read a .docx from bytes; ``fmt`` is kept in the Document (doc/wps after conversion)."""
    xml = _document_xml(path, data)
    try:
        root = etree.fromstring(xml, _PARSER)
    except etree.XMLSyntaxError as err:
        raise ReportError(path, "unreadable", f"word/document.xml is not valid XML: {err}") from err
    # Drawings carry their text twice (mc:Choice and the VML mc:Fallback): keep one.
    # Tracked changes: text moved away (w:moveFrom) is printed where it moved to.
    for gone in [*root.iter(MC + "Fallback"), *root.iter(W + "moveFrom")]:
        gone.getparent().remove(gone)
    body = root.find(W + "body")
    if body is None:
        raise ReportError(path, "unreadable", "word/document.xml has no body")
    blocks: list[Block] = []
    _flow(body, blocks)
    return Document(path=path, format=fmt, blocks=_join_split_tables(blocks), meta={"extractor": "docx-xml"})


def check_zip(path: str, zf: zipfile.ZipFile) -> None:
    """Refuse zip bombs from the declared sizes, before decompressing."""
    total = 0
    for info in zf.infolist():
        total += info.file_size
        ratio = info.file_size / max(info.compress_size, 1)
        if info.file_size > 10 * 1024 * 1024 and ratio > MAX_RATIO:
            raise ReportError(path, "too_large", f"zip member {info.filename} expands {ratio:.0f}× to {info.file_size / 2**20:.0f} MB (zip bomb?)")
    if total > MAX_UNCOMPRESSED:
        raise ReportError(path, "too_large", f"declared uncompressed size {total / 2**20:.0f} MB is over the {MAX_UNCOMPRESSED // 2**20} MB limit")


def _document_xml(path: str, data: bytes) -> bytes:
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError, OSError) as err:
        raise ReportError(path, "unreadable", f"corrupt Word file (bad zip): {err}") from err
    with zf:
        check_zip(path, zf)
        try:
            info = zf.getinfo(_main_part(zf))
        except KeyError as err:
            raise ReportError(path, "unreadable", "Word package without its main document part (word/document.xml)") from err
        if info.file_size > MAX_DOCUMENT_XML:
            raise ReportError(path, "too_large", f"word/document.xml is {info.file_size / 2**20:.0f} MB")
        try:
            with zf.open(info) as fh:
                xml = fh.read(MAX_DOCUMENT_XML + 1)  # the declared size may lie: read bounded
        except (zipfile.BadZipFile, EOFError, OSError, ValueError, NotImplementedError) as err:
            raise ReportError(path, "unreadable", f"corrupt Word file: {err}") from err
        if len(xml) > MAX_DOCUMENT_XML:
            raise ReportError(path, "too_large", "word/document.xml expands past the limit")
        return xml


def _main_part(zf: zipfile.ZipFile) -> str:
    """The main document part named by _rels/.rels (word/document.xml almost always)."""
    try:
        info = zf.getinfo("_rels/.rels")
        if info.file_size < 1_000_000:
            rels = etree.fromstring(zf.read(info), _PARSER)
            for rel in rels.iter(_REL_NS + "Relationship"):
                if rel.get("Type") == _OFFICE_DOC and rel.get("Target"):
                    return rel.get("Target").lstrip("/")
    except (KeyError, etree.XMLSyntaxError, zipfile.BadZipFile, OSError, ValueError):
        pass
    return "word/document.xml"


def _children(el: etree._Element) -> Iterator[etree._Element]:
    """Block-level children, looking through content controls and custom XML."""
    for ch in el:
        if ch.tag in (_SDT, _CUSTOM):
            inner = ch.find(_SDTCONTENT) if ch.tag == _SDT else ch
            if inner is not None:
                yield from _children(inner)
        else:
            yield ch


def _para_text(p: etree._Element) -> str:
    """A paragraph's text; tabs become spaces, line breaks newlines."""
    parts: list[str] = []
    for el in p.iter(_T, _TAB, _BR, _CR):
        if el.tag == _T:
            parts.append(el.text or "")
        else:
            parts.append(" " if el.tag == _TAB else "\n")
    return "".join(parts)


def _flow(container: etree._Element, blocks: list[Block]) -> None:
    for el in _children(container):
        if el.tag == _P:
            boxes = list(el.iter(_TXBX))
            if boxes:  # text boxes: their paragraphs and tables in order, then the paragraph's own text
                for box in boxes:
                    box.getparent().remove(box)
                    _flow(box, blocks)
            text = join_pieces(_para_text(el).split("\n"))
            blocks.append(text)  # empty paragraphs kept for now: they separate tables
        elif el.tag == _TBL:
            _table(el, blocks)


def _rows(tbl: etree._Element) -> list[etree._Element]:
    return [r for r in _children(tbl) if r.tag == _TR]


def _cells(tr: etree._Element) -> list[etree._Element]:
    return [c for c in _children(tr) if c.tag == _TC]


def _table(tbl: etree._Element, blocks: list[Block]) -> None:
    rows = _rows(tbl)
    cells = [_cells(tr) for tr in rows]
    if any(next(c.iter(_TBL), None) is not None for row in cells for c in row):
        for row in cells:  # layout table: cells read as flow
            for c in row:
                _flow(c, blocks)
        return
    grid: list[list[str | None]] = []
    for tr, tcs in zip(rows, cells):
        if _grandchild(tr, _TRPR, _DEL) is not None:
            continue  # a row deleted with track changes on
        row: list[str | None] = []
        before = _grandchild(tr, _TRPR, _GRID_BEFORE)
        if before is not None:
            row.extend([""] * _int(before.get(_VAL), 0))
        for tc in tcs:
            span, covered = 1, False
            pr = _child(tc, _TCPR)
            if pr is not None:
                gs = vm = hm = None
                for ch in pr:  # the first of each, as find() would take
                    tag = ch.tag
                    if tag == _GRID_SPAN:
                        gs = ch if gs is None else gs
                    elif tag == _VMERGE:
                        vm = ch if vm is None else vm
                    elif tag == _HMERGE:
                        hm = ch if hm is None else hm
                if gs is not None:
                    span = max(1, min(_int(gs.get(_VAL), 1), 200))
                if vm is not None and vm.get(_VAL, "continue") != "restart":
                    covered = True
                if hm is not None and hm.get(_VAL, "continue") != "restart":
                    covered = True
            if covered:
                row.append(None)
            else:
                row.append(_cell_text(tc))
            if span > 1:
                row.extend([None] * (span - 1))
        grid.append(row)
    if grid:
        blocks.append(Table(rows=grid))


def _cell_text(tc: etree._Element) -> str:
    """A cell's paragraphs as one label (join_pieces over their lines)."""
    paras = [_para_text(p) for p in tc.iter(_P)]
    if len(paras) == 1 and "\n" not in paras[0]:
        return join_pieces(paras)
    return join_pieces([piece for text in paras for piece in text.split("\n")])


def _child(el: etree._Element, tag: str) -> etree._Element | None:
    """The first child with this tag (el.find(tag) without the path machinery)."""
    for ch in el:
        if ch.tag == tag:
            return ch
    return None


def _grandchild(el: etree._Element, tag: str, inner: str) -> etree._Element | None:
    """The first ``inner`` child of a ``tag`` child, in document order (el.find("tag/inner"))."""
    for ch in el:
        if ch.tag == tag:
            for g in ch:
                if g.tag == inner:
                    return g
    return None


def _int(s: str | None, default: int) -> int:
    try:
        return int(s) if s is not None else default
    except ValueError:
        return default


def _join_split_tables(blocks: list[Block]) -> list[Block]:
    """Join a table to the previous one when only empty paragraphs lie between
    and the widths agree (a table split by a page break); drop empty lines."""
    out: list[Block] = []
    gap_only_empty = False
    for b in blocks:
        if isinstance(b, str):
            if b:
                out.append(b)
                gap_only_empty = False
            continue
        prev = out[-1] if out else None
        if isinstance(prev, Table) and prev.rows and b.rows and _width(prev) == _width(b) and gap_only_empty:
            head = 0
            while head < len(b.rows) and head < len(prev.rows) and b.rows[head] == prev.rows[head]:
                head += 1
            prev.rows.extend(b.rows[head:])
        else:
            out.append(b)
        gap_only_empty = True
    return out


def _width(t: Table) -> int:
    return max(len(r) for r in t.rows)
