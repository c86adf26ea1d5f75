"""PDFium's system fonts: each font file read from disk once per process, and its
parsed face reused from one document to the next.

A PDF whose fonts are not embedded (reportlab's STSong-Light, Word files saved
without embedding) makes PDFium map each of them to a system font, here a Noto
CJK collection (.ttc, 20–30 MB). Left alone, PDFium reads that whole file again
for every document and parses its face again: most of the time of such a report.

`install` puts a thin layer over PDFium's own system font info
(FPDF_SYSFONTINFO); every call goes to PDFium's default, except two things:

- the bytes of a whole font file, once read, are kept (at most MAX_KEPT in all)
  and copied into PDFium's buffer on later reads;
- a collection is described as one plain font file: the whole-file query
  (table 0) answers with the collection, the collection query ('ttcf') with 0.
  PDFium then looks the face up in its font manager's cache (by face name,
  weight and italic) before asking for the data; for a collection it asks for
  the whole file on every document, cached face or not (PDFium 8149: three
  GetFontData calls a document, the third the 26 MB read). Either way it opens
  face 0 of the file (Noto Serif CJK JP for STSong-Light, as
  FPDFFont_GetFamilyName shows), so glyphs, boxes and text are the same.

PDFium's cache holds a face only while some document still uses it. `hold`
keeps the last document that used a system font open until the next such
document has been read, so the next one finds the face parsed (one document
held at a time; a document that loaded no system font is closed at once).
"""
from __future__ import annotations

import ctypes
from typing import Any

#: At most this many bytes of font files are kept per process (the four Noto CJK collections take 93 MB).
MAX_KEPT = 128 << 20
#: A document larger than this (its file) is not held: holding it would keep that much memory.
HOLD_MAX_BYTES = 32 << 20
#: PDFium's table tag for "the whole collection" ('ttcf').
TTCF = 0x74746366

_STATE: dict[str, Any] = {}
#: The document held open (at most one), and whether a system font was asked for since the last `hold`.
_HELD: list[Any] = []
_USED = {"fonts": False}


def install() -> None:
    """Put the caching layer over PDFium's default system font info (once per process;
    nothing happens where PDFium has no default, e.g. a build without system fonts)."""
    if "info" in _STATE:
        return
    import atexit

    import pypdfium2  # noqa: F401  (initialises the library, registers its exit handler)
    import pypdfium2.raw as raw

    atexit.register(release)  # runs before pypdfium2's: the held document is closed, not warned about

    default = raw.FPDF_GetDefaultSystemFontInfo()
    if not default:
        _STATE["info"] = None
        return
    d = default.contents
    #: font handle -> (table the file is read from in PDFium's default, its size in bytes)
    files: dict[int, tuple[int, int]] = {}
    kept: dict[int, bytes] = {}
    #: bytes kept; whole font files PDFium asked for (from disk or kept: a face it parsed again)
    stats = {"kept": 0, "reads": 0}

    def whole_file(font: int) -> tuple[int, int]:
        known = files.get(font)
        if known is None:
            ttc = d.GetFontData(default, font, TTCF, None, 0)
            known = files[font] = (TTCF, ttc) if ttc else (0, d.GetFontData(default, font, 0, None, 0))
        return known

    def get_font_data(_this: Any, font: Any, table: int, buf: Any, size: int) -> int:
        if not font or table not in (0, TTCF):
            return d.GetFontData(default, font, table, buf, size)
        _USED["fonts"] = True
        source, n = whole_file(font)
        if table == TTCF:  # a collection is described as one file: no collection here
            return 0
        if not buf or size < n or n == 0:
            return n
        stats["reads"] += 1
        data = kept.get(font)
        if data is not None:
            ctypes.memmove(buf, data, n)
            return n
        got = d.GetFontData(default, font, source, buf, size)
        if got == n and stats["kept"] + n <= MAX_KEPT:
            kept[font] = ctypes.string_at(buf, n)
            stats["kept"] += n
        return got

    def release_default(_this: Any) -> None:
        raw.FPDF_FreeDefaultSystemFontInfo(default)

    fields = dict(raw.FPDF_SYSFONTINFO._fields_)
    callbacks = {
        "Release": fields["Release"](release_default),
        "EnumFonts": fields["EnumFonts"](lambda _this, mapper: d.EnumFonts(default, mapper)),
        "MapFont": fields["MapFont"](lambda _this, weight, italic, charset, pitch, face, exact:
                                     d.MapFont(default, weight, italic, charset, pitch, face, exact)),
        "GetFont": fields["GetFont"](lambda _this, face: d.GetFont(default, face)),
        "GetFontData": fields["GetFontData"](get_font_data),
        "GetFaceName": fields["GetFaceName"](lambda _this, font, buf, size: d.GetFaceName(default, font, buf, size)),
        "GetFontCharset": fields["GetFontCharset"](lambda _this, font: d.GetFontCharset(default, font)),
        "DeleteFont": fields["DeleteFont"](lambda _this, font: d.DeleteFont(default, font)),
    }
    info = raw.FPDF_SYSFONTINFO(version=1, **callbacks)
    # PDFium keeps the pointer: the struct and its callbacks live as long as the process.
    _STATE.update(info=info, callbacks=callbacks, default=default, kept=kept, files=files, stats=stats)
    raw.FPDF_SetSystemFontInfo(ctypes.byref(info))


def hold(pdf: Any, size: int = 0) -> None:
    """Done reading `pdf` (a pypdfium2 PdfDocument, from a file of `size` bytes): keep it open
    if it used a system font, closing the document held before, so PDFium's cache keeps the
    faces it parsed for the next document; otherwise (or if it is larger than HOLD_MAX_BYTES)
    close it and keep holding the one before."""
    used, _USED["fonts"] = _USED["fonts"], False
    if not used or size > HOLD_MAX_BYTES:
        pdf.close()
        return
    previous, _HELD[:] = list(_HELD), [pdf]
    for doc in previous:
        if doc is not pdf:
            doc.close()


def release() -> None:
    """Close the document held, if any (PDFium's cached faces go with it)."""
    previous, _HELD[:] = list(_HELD), []
    _USED["fonts"] = False
    for doc in previous:
        doc.close()


def held() -> Any:
    """The document held open, or None."""
    return _HELD[0] if _HELD else None
