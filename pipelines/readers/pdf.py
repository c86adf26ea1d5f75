"""PDF reports with a text layer → Document (PDFium through pypdfium2; pdfplumber
for pages whose fonts PDFium cannot map).

Per page that holds a table (table words in its text, even broken over the
lines of narrow cells; rows of numbers; or, on a page after one that ends in
a ruled table, ruling lines): ruled tables from the page's ruling lines
(pdf_ruling; merged cells come back as None), every other character grouped
into words and text lines by position (pdf_chars). Lines of words separated
by wide gaps in several consecutive rows (tables printed without ruling
lines) are rebuilt into a Table from the word positions. Page footers
(``- 1 -``, ``— 5 —``, ``第 1 页``) are dropped, and a table that continues on
the next page is joined to its first part (a repeated header row is
dropped). A page whose glyphs PDFium cannot map to text is read with
pdfplumber (pdfminer's maps), with a warning; if that fails too, the page is
flagged as unreliable. System fonts that PDFium substitutes for fonts not
embedded are read from disk once per process, and their faces kept parsed
from one document to the next by holding the last such document open
(pdf_fonts).
"""
from __future__ import annotations

import io
import re
from typing import Any

from pipelines.model import ReportError
from pipelines.readers import pdf_chars, pdf_fonts, pdf_ruling
from pipelines.readers.pdf_join import Ruled as _Ruled
from pipelines.readers.pdf_join import append_page as _append_page
from pipelines.readers.pdf_join import finish as _finish
from pipelines.readers.base import Block, Document, Table

#: Pages read at most; a report's tables are in its first pages.
MAX_PAGES = 40
_FOOTER = re.compile(r"^\s*(?:[-—–－一_·•.\s]*\d{1,4}[-—–－一_·•.\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)\s*$")
_CID = re.compile(r"\(cid:\d+\)")
_CJK = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef\u2014\u201c\u201d"
_CJK_SPACE = re.compile(rf"(?<=[{_CJK}])\s+(?=[{_CJK}])")
_NUMERIC = re.compile(r"^[-+]?\d[\d,，.]*%?$")
_BLANKS = re.compile(r"[ \t]+")
_TABLE_SETTINGS = {"vertical_strategy": "lines", "horizontal_strategy": "lines"}


def read(path: str, data: bytes) -> Document:
    """Read a PDF's text and tables; raise ReportError for scans, encryption, damage.

    pypdfium2 (C, fast) opens the file and gives every page's text (one text
    page per page); only pages that look like they hold a table are laid out
    from that text page's characters and the page's path objects, the others
    become text lines directly.
    """
    import pypdfium2 as pdfium

    pdf_fonts.install()
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as err:
        if "password" in str(err).lower():
            raise ReportError(path, "encrypted", "password-protected PDF (a password is needed to open it)") from err
        raise ReportError(path, "unreadable", f"damaged or truncated PDF: {err}"[:300]) from err
    warnings: list[str] = []
    plumber = _Plumber(data)
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise ReportError(path, "unreadable", "PDF has no pages")
        n_read = min(n_pages, MAX_PAGES)
        if n_pages > MAX_PAGES:
            warnings.append(f"pdf: 共 {n_pages} 页，只读取了前 {MAX_PAGES} 页")
        blocks: list[Any] = []
        chars_total = 0
        image_pages = 0
        fallback_pages: list[int] = []
        laid_out: list[int] = []
        for i in range(n_read):
            try:
                page = pdf[i]
                textpage = page.get_textpage()  # built once: the layout below reads its chars too
                text = textpage.get_text_range()
            except pdfium.PdfiumError as err:
                raise ReportError(path, "unreadable", f"damaged PDF on page {i + 1}: {err}"[:300]) from err
            body = _body_chars(text)
            chars_total += body
            if body < _SPARSE and _has_image(page):
                image_pages += 1
            page_blocks: list[tuple[float, Any]] | None = None
            if _unmapped(text):
                # PDFium could not map this page's fonts to Unicode: try pdfminer's maps.
                result = plumber.page_blocks(i)
                if result is not None and not result[1]:
                    page_blocks = result[0]
                    warnings.append(f"pdf: 第 {i + 1} 页的字形 PDFium 无法映射为文字，改用 pdfplumber 提取")
                else:
                    fallback_pages.append(i + 1)
            else:
                needs = _needs_layout(text)
                # A page after one that ends in a ruled table may go on with it, whatever its words
                # (it is laid out then if it draws a ruled table).
                if needs or (blocks and isinstance(blocks[-1], _Ruled)):
                    page_blocks = _pdfium_page(page, textpage, i + 1, ruled_only=not needs)
                    if page_blocks is not None:
                        laid_out.append(i + 1)
            if page_blocks is None:
                page_blocks = _text_lines(text)
            _append_page(blocks, page_blocks)
        if chars_total == 0:
            raise ReportError(path, "scanned", f"no text layer on any of {n_read} pages")
        if image_pages == n_read and chars_total < _SPARSE * n_read:
            raise ReportError(path, "scanned", f"no text layer: {n_read} page images with {chars_total} characters of text "
                                               "in all (page numbers or a stamp only)")
        if fallback_pages:
            warnings.append(
                "pdf: 第 " + "、".join(map(str, fallback_pages))
                + " 页的字体缺少 Unicode 映射（未映射字形，pdfminer 显示为 (cid:NNN)），这些页的文字不可靠")
        meta: dict[str, Any] = {"pages": n_pages, "pages_read": n_read, "pages_laid_out": laid_out,
                                "extractor": "pypdfium2"}
        if fallback_pages:
            meta["unmapped_glyph_pages"] = fallback_pages
        title = _meta_text(pdf.get_metadata_value("Title"))
        if title:
            meta["pdf_title"] = title  # document info: often stale or garbled
        return Document(path=path, format="pdf", blocks=_finish(blocks, warnings), warnings=warnings, meta=meta)
    finally:
        plumber.close()
        pdf_fonts.hold(pdf, len(data))  # kept open until the next: its system font faces stay parsed for it


#: Words of the template's tables; a page with one of them (or many bare
#: numbers) is laid out word by word to find its tables.
_TABLE_WORDS = ("信息内容", "第二十条", "申请人情况", "自然人", "本年新收", "予以公开", "不予公开", "无法提供",
                "不予处理", "其他处理", "结转下年度", "复议后起诉", "資訊內容", "申請人")
_NUMBER_TOKEN = re.compile(r"^[-+]?\d[\d.,]*$")


#: Fewer characters than this on a page that shows an image: a scanned page
#: (its text is a page number, a stamp or a file name).
_SPARSE = 40


def _body_chars(text: str) -> int:
    """Visible characters of a page's text, page footers not counted."""
    n = 0
    for line in text.splitlines():
        line = line.strip()
        if line and not _FOOTER.match(line):
            n += len(line)
    return n


def _has_image(page: Any) -> bool:
    import pypdfium2.raw as raw

    return next(iter(page.get_objects(filter=(raw.FPDF_PAGEOBJ_IMAGE,), max_depth=2)), None) is not None


def _unmapped(text: str) -> bool:
    """Replacement or private-use characters: glyphs PDFium could not map (more
    than one in twenty of the visible characters)."""
    bad = len(_UNMAPPED.findall(text))
    return bad > 3 and bad > (len(text) - len(_SPACE.findall(text))) // 20


#: What _unmapped counts: U+FFFD, private use, and the control characters that are not
#: whitespace (str.isspace: \t-\r and \x1c-\x1f are). ``\s`` is str.isspace's set.
_UNMAPPED = re.compile("[\ufffd\ue000-\uf8ff\x00-\x08\x0e-\x1b]")
_SPACE = re.compile(r"\s")


def _pdfium_page(page: Any, textpage: Any, number: int, ruled_only: bool = False) -> list[tuple[float, Any]] | None:
    """Blocks of a page that holds tables: ruled tables from its path objects,
    the other characters (from its text page) as words → lines (or a table
    rebuilt from positions). ``ruled_only``: None if the page holds no ruled table."""
    geo = pdf_chars.Geometry.of(page)
    hs, vs = pdf_ruling.page_edges(page, geo)
    tables = pdf_ruling.find_tables(hs, vs)
    if ruled_only and not tables:
        return None
    chars = pdf_chars.page_chars(textpage, geo)
    height = geo.display_height
    out: list[tuple[float, Any]] = []
    used: set[int] = set()
    centres = pdf_chars.char_centres(chars)
    for cells in tables:
        rows, bbox, ids = pdf_ruling.table_rows(cells, chars, centres)
        rows = [[(x0, x1, _clean(t)) for x0, x1, t in r] for r in rows]
        rows = [r for r in rows if any(c[2] for c in r)]
        if not rows or max(len(r) for r in rows) < 2:
            continue  # a framed paragraph (boxes around prose lines), not a table
        used |= ids
        out.append((bbox[1], _Ruled(rows=rows, page=number, x0=bbox[0], x1=bbox[2])))
    if ruled_only and not out:
        return None  # framed paragraphs only
    free = [c for n, c in enumerate(chars) if n not in used]
    out.extend(_text_blocks(pdf_chars.words(free), height, number))
    out.sort(key=lambda tb: tb[0])
    return out


def _needs_layout(text: str) -> bool:
    """Table words, even broken over lines, or two lines made mostly of bare numbers
    (a table without labels we know).

    A table exported from Word or WPS with narrow label columns prints its labels a
    character or two per line (``无`` / ``法`` / ``提`` / ``供``): its words are found
    in the page's text with the line breaks taken out."""
    if any(w in text for w in _TABLE_WORDS):
        return True
    rows = 0
    for line in text.splitlines():
        tokens = line.split()
        nums = sum(1 for t in tokens if _NUMBER_TOKEN.match(t))
        if nums >= 3 and nums >= 0.6 * len(tokens):
            rows += 1
            if rows >= 2:
                return True
    flat = _SPACES.sub("", text)
    return any(w in flat for w in _TABLE_WORDS)


_SPACES = re.compile(r"\s+")


class _Plumber:
    """pdfplumber opened on demand, for the pages whose glyphs PDFium cannot map to text."""

    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pdf: Any = None
        self.failed = False

    def page_blocks(self, index: int) -> tuple[list[tuple[float, Any]], bool] | None:
        """(blocks, has_unmapped_glyphs) of one page, or None if pdfminer fails."""
        if self.failed:
            return None
        try:
            if self.pdf is None:
                import pdfplumber
                self.pdf = pdfplumber.open(io.BytesIO(self.data))
            blocks, _n, has_cid = _read_page(self.pdf.pages[index])
            return blocks, has_cid
        except Exception:  # pdfminer is less tolerant than PDFium of damaged files
            self.failed = True
            return None

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()


def _text_lines(text: str) -> list[tuple[float, Any]]:
    """PDFium's text of a page as lines, page footers dropped."""
    out: list[tuple[float, Any]] = []
    for i, line in enumerate(text.replace("\r\n", "\n").replace("\r", "\n").split("\n")):
        line = _clean(line)
        if line and not _FOOTER.match(line):
            out.append((float(i), line))
    return out


def _meta_text(value: Any) -> str | None:
    """A document-info string, whether pdfminer decoded it or not."""
    if isinstance(value, str) and value.startswith(("\xfe\xff", "\xff\xfe")):
        value = value.encode("latin-1", "replace")
    if isinstance(value, bytes):
        try:
            value = value.decode("utf-16") if value[:2] in (b"\xfe\xff", b"\xff\xfe") else value.decode("utf-8")
        except UnicodeDecodeError:
            return None
    if not isinstance(value, str):
        return None
    value = value.replace("\x00", "").strip()
    return value or None


def _clean(text: str) -> str:
    """One cell or line: wrapped pieces joined, spaces inside CJK runs removed.

    A cell is one value: digits wrapped onto the next line of a narrow cell
    (``2581`` / ``0``) are one number again; other ASCII words keep a space.
    """
    if _SPACE.search(text) is None:  # nothing to join or remove (most cells)
        return text
    text = text.replace("\u3000", " ").replace("\xa0", " ")
    parts = [p.strip() for p in text.split("\n")]
    out = ""
    for p in parts:
        if not p:
            continue
        if out and out[-1].isdigit() and p[0].isdigit():
            pass
        elif out and out[-1].isascii() and out[-1].isalnum() and p[0].isascii() and p[0].isalnum():
            out += " "
        out += p
    return _CJK_SPACE.sub("", _BLANKS.sub(" ", out)).strip()


def _read_page(page: Any) -> tuple[list[tuple[float, Block]], int, bool]:
    """Blocks of one page with their top coordinate; also the char count and
    whether unmapped (cid) glyphs were found."""
    words = page.extract_words(x_tolerance=1.5, y_tolerance=3, keep_blank_chars=False)
    n_chars = len(page.chars)
    if not words:
        return [], n_chars, False
    if sum(1 for w in words if "(cid:" in w["text"]) > max(2, len(words) // 20):
        return [], n_chars, True
    tables = []
    if page.lines or page.rects or page.curves:
        tables = page.find_tables(_TABLE_SETTINGS)
    out: list[tuple[float, Block]] = []
    boxes = []
    for t in tables:
        rows = []
        for prow, texts in zip(t.rows, t.extract()):
            cells = [(box[0], box[2], _clean(text or "")) for box, text in zip(prow.cells, texts) if box is not None]
            if any(c[2] for c in cells):
                rows.append(cells)
        if not rows or max(len(r) for r in rows) < 2:
            continue  # a framed paragraph (boxes around prose lines), not a table
        boxes.append(t.bbox)
        out.append((t.bbox[1], _Ruled(rows=rows, page=page.page_number, x0=t.bbox[0], x1=t.bbox[2])))
    free = [w for w in words if not any(_inside(w, b) for b in boxes)]
    out.extend(_text_blocks(free, float(page.height), page.page_number))
    out.sort(key=lambda tb: tb[0])
    return out, n_chars, False


def _inside(w: dict[str, Any], bbox: tuple[float, float, float, float]) -> bool:
    cx = (w["x0"] + w["x1"]) / 2
    cy = (w["top"] + w["bottom"]) / 2
    return bbox[0] - 1 <= cx <= bbox[2] + 1 and bbox[1] - 1 <= cy <= bbox[3] + 1


def _lines(words: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Group words into visual lines by their vertical position."""
    lines: list[list[dict[str, Any]]] = []
    band = (0.0, 0.0)
    for w in sorted(words, key=lambda w: ((w["top"] + w["bottom"]) / 2, w["x0"])):
        mid = (w["top"] + w["bottom"]) / 2
        if lines and band[0] - 0.5 <= mid <= band[1] + 0.5:
            lines[-1].append(w)
            band = (min(band[0], w["top"]), max(band[1], w["bottom"]))
        else:
            lines.append([w])
            band = (w["top"], w["bottom"])
    for ln in lines:
        ln.sort(key=lambda w: w["x0"])
    return lines


def _segments(line: list[dict[str, Any]]) -> list[list[dict[str, Any]]]:
    """Split a line where the gap between words is wider than about one character."""
    segs: list[list[dict[str, Any]]] = [[line[0]]]
    for prev, w in zip(line, line[1:]):
        size = max(w["bottom"] - w["top"], 4)
        if w["x0"] - prev["x1"] > 0.9 * size:
            segs.append([w])
        else:
            segs[-1].append(w)
    return segs


def _seg_text(seg: list[dict[str, Any]]) -> str:
    return _clean(" ".join(w["text"] for w in seg))


def _text_blocks(words: list[dict[str, Any]], height: float, page_number: int) -> list[tuple[float, Block]]:
    """Text lines, footers dropped; runs of multi-column lines become a Table."""
    out: list[tuple[float, Block]] = []
    lines = _lines(words)
    run: list[tuple[float, list[list[dict[str, Any]]]]] = []

    def close_run() -> None:
        if len(run) >= 3 and sum(1 for _, segs in run if any(_NUMERIC.match(_seg_text(s)) for s in segs[1:])) >= 2:
            out.append((run[0][0], Table(rows=_position_grid([segs for _, segs in run]), page=page_number)))
        else:
            out.extend((top, " ".join(_seg_text(s) for s in segs)) for top, segs in run)
        run.clear()

    for ln in lines:
        top = ln[0]["top"]
        text = _clean(" ".join(w["text"] for w in ln))
        if not text:
            continue
        if _FOOTER.match(text) and (top > height * 0.85 or top < height * 0.1):
            continue
        segs = _segments(ln)
        if len(segs) >= 2:
            run.append((top, segs))
            continue
        if run and len(run) >= 1 and _continues_label(run, segs[0]):
            run.append((top, segs))
            continue
        close_run()
        out.append((top, text))
    close_run()
    return out


def _continues_label(run: list[tuple[float, list[list[dict[str, Any]]]]], seg: list[dict[str, Any]]) -> bool:
    """A single-segment line inside a column table: a wrapped label (left column)."""
    first_x0 = min(s[0]["x0"] for _, segs in run for s in segs[:1])
    return len(run) >= 2 and abs(seg[0]["x0"] - first_x0) < 40 and not _NUMERIC.match(_seg_text(seg))


def _position_grid(rows: list[list[list[dict[str, Any]]]]) -> list[list[str | None]]:
    """Columns from the union of segment x-ranges; each segment to its column."""
    spans = sorted((s[0]["x0"], s[-1]["x1"]) for segs in rows for s in segs)
    cols: list[list[float]] = []
    for x0, x1 in spans:
        if cols and x0 <= cols[-1][1] + 2:
            cols[-1][1] = max(cols[-1][1], x1)
        else:
            cols.append([x0, x1])
    grid: list[list[str | None]] = []
    for segs in rows:
        row: list[str | None] = [""] * len(cols)
        for s in segs:
            cx = (s[0]["x0"] + s[-1]["x1"]) / 2
            i = next((k for k, (a, b) in enumerate(cols) if a - 2 <= cx <= b + 2), len(cols) - 1)
            row[i] = (row[i] + " " + _seg_text(s)).strip() if row[i] else _seg_text(s)
        grid.append(row)
    return grid
