"""One PDF page through PDFium: its size and rotation, and its characters
with their positions, grouped into lines and words.

Coordinates are top-down (0 at the top of the page), as pdfplumber's.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from operator import attrgetter
from typing import Any


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass(frozen=True, slots=True)
class Geometry:
    """Page size and /Rotate: maps PDF user-space boxes to the page as
    displayed, top-down (a landscape table on a rotated page reads upright)."""

    width: float      # unrotated media width and height
    height: float
    rotation: int     # 0, 90, 180, 270 (clockwise when displayed)

    @classmethod
    def of(cls, page: Any) -> "Geometry":
        rot = page.get_rotation() % 360
        return cls(float(page.get_width()), float(page.get_height()), rot if rot in (90, 180, 270) else 0)

    @property
    def display_height(self) -> float:
        return self.width if self.rotation in (90, 270) else self.height

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        """(x0, x1, top, bottom) as displayed."""
        w, h = self.width, self.height
        if self.rotation == 90:
            return bottom, top, left, right
        if self.rotation == 180:
            return w - right, w - left, bottom, top
        if self.rotation == 270:
            return h - top, h - bottom, w - right, w - left
        return left, right, h - top, h - bottom


def page_chars(textpage: Any, geo: Geometry) -> list[Char]:
    """Every visible character of a page's text page (whitespace and PDFium's
    generated line breaks left out; spacing is rebuilt from the gaps). PDFium
    is called directly: the page's text in one call (see _page_text), one loose
    box per character into one reused buffer, read through a memoryview."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    get_unicode, get_box = _char_functions()
    tp = ctypes.c_void_p(ctypes.cast(textpage.raw, ctypes.c_void_p).value)
    n = raw.FPDFText_CountChars(textpage.raw)
    text = _page_text(textpage.raw, n)
    if text is None:
        text = "".join(chr(get_unicode(tp, i)) for i in range(max(n, 0)))
    box = (ctypes.c_float * 4)()  # an FS_RECTF: left, top, right, bottom
    ref = ctypes.byref(box)
    values = memoryview(box).cast("B").cast("f")
    upright = geo.rotation == 0
    height = geo.height
    not_shown = _NOT_SHOWN
    out: list[Char] = []
    append = out.append
    for i, ch in enumerate(text):
        if ch <= " " or ch in not_shown:
            continue
        if not get_box(tp, i, ref):
            raise pdfium.PdfiumError("Failed to get charbox.")
        left, top, right, bottom = values
        if upright:
            append(Char(ch, left, right, height - top, height - bottom))
        else:
            x0, x1, top, bottom = geo.box(left, bottom, right, top)
            append(Char(ch, x0, x1, top, bottom))
    return out


def _page_text(textpage: Any, n: int) -> str | None:
    """The text page's n characters in one call, when it has one code unit per character
    index: PDFium's page text leaves out its control characters (0x2, 0x3, 0xFFFE…)
    and writes a character beyond U+FFFF as two units, so n units and no surrogate
    mean none of either, and unit i is character i (what FPDFText_GetUnicode(i) gives).
    None otherwise: the caller asks character by character."""
    import ctypes

    import pypdfium2.raw as raw

    if n <= 0:
        return None
    buf = ctypes.create_string_buffer(2 * (n + 1))
    written = raw.FPDFText_GetText(textpage, 0, n, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
    if written != n + 1:  # (with the terminating NUL)
        return None
    text = buf.raw[: 2 * n].decode("utf-16-le", "surrogatepass")
    if len(text) != n or _SURROGATE.search(text):
        return None
    return text


_SURROGATE = re.compile("[\ud800-\udfff]")


_CHAR_FUNCTIONS: tuple[Any, Any] | None = None


def _char_functions() -> tuple[Any, Any]:
    """FPDFText_GetUnicode and FPDFText_GetLooseCharBox behind plain prototypes (void*
    handles): a quarter less overhead per call than the typed bindings."""
    global _CHAR_FUNCTIONS
    if _CHAR_FUNCTIONS is None:
        import ctypes

        import pypdfium2.raw as raw

        def plain(fn: Any, restype: Any, *argtypes: Any) -> Any:
            return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(fn, ctypes.c_void_p).value)

        _CHAR_FUNCTIONS = (
            plain(raw.FPDFText_GetUnicode, ctypes.c_uint, ctypes.c_void_p, ctypes.c_int),
            plain(raw.FPDFText_GetLooseCharBox, ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_void_p),
        )
    return _CHAR_FUNCTIONS


#: Characters that print nothing (besides whitespace and controls up to the space):
#: no-break and ideographic spaces, a non-character, BOM.
_NOT_SHOWN = frozenset("\u00a0\u3000\ufffe\ufeff")
#: Sort key: a char's left edge.
BY_X0 = attrgetter("x0")


def char_centres(chars: list[Char]) -> list[tuple[float, float]]:
    """Each char's centre (x, y)."""
    return [((ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2) for ch in chars]


def char_lines(chars: list[Char]) -> list[list[Char]]:
    """Chars grouped into visual lines: a char whose vertical centre lies in
    the band of the current line joins it (glyph boxes are tight: 一 is
    shorter than 稳, so tops alone would split a line)."""
    lines: list[list[Char]] = []
    low = high = 0.0  # the current line's band
    # Sorted by (centre, x0), ties in the given order (the index).
    for mid, _x, _i, ch in sorted([((ch.top + ch.bottom) / 2, ch.x0, i, ch) for i, ch in enumerate(chars)]):
        if lines and low - 0.5 <= mid <= high + 0.5:
            lines[-1].append(ch)
            if ch.top < low:
                low = ch.top
            if ch.bottom > high:
                high = ch.bottom
        else:
            lines.append([ch])
            low, high = ch.top, ch.bottom
    return lines


def words(chars: list[Char], gap: float = 1.5) -> list[dict[str, Any]]:
    """pdfplumber-style words (text, x0, x1, top, bottom): chars on one line
    closer than ``gap`` points."""
    out: list[dict[str, Any]] = []
    for ln in char_lines(chars):
        ln.sort(key=BY_X0)
        cur = [ln[0]]
        for prev, ch in zip(ln, ln[1:]):
            if ch.x0 - prev.x1 > gap:
                out.append(_word(cur))
                cur = [ch]
            else:
                cur.append(ch)
        out.append(_word(cur))
    return out


def _word(chars: list[Char]) -> dict[str, Any]:
    return {"text": "".join(c.text for c in chars), "x0": chars[0].x0, "x1": chars[-1].x1,
            "top": min(c.top for c in chars), "bottom": max(c.bottom for c in chars)}
