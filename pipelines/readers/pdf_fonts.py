"""PDFium's system fonts, each font file read from disk once per process.

A PDF whose fonts are not embedded (reportlab's STSong-Light, Word files saved
without embedding) makes PDFium map each of them to a system font and read that
font's whole file again for every document: a Noto CJK collection is 20–30 MB,
a few milliseconds of every such report. `install` puts a thin layer over
PDFium's own system font info (FPDF_SYSFONTINFO): every call goes to PDFium's
default, and the bytes of a whole font file, once read, are kept and copied
into PDFium's buffer on later reads. PDFium is given the same bytes as before,
so what it extracts is unchanged.
"""
from __future__ import annotations

from typing import Any

#: Reads of at least this many bytes are kept (whole font files); smaller table reads pass through.
MIN_KEPT = 1 << 20
#: At most this many bytes are kept per process (the four Noto CJK collections take 93 MB).
MAX_KEPT = 128 << 20

_STATE: dict[str, Any] = {}


def install() -> None:
    """Put the caching layer over PDFium's default system font info (once per process;
    nothing happens where PDFium has no default, e.g. a build without system fonts)."""
    if "info" in _STATE:
        return
    import ctypes

    import pypdfium2  # noqa: F401  (initialises the library)
    import pypdfium2.raw as raw

    default = raw.FPDF_GetDefaultSystemFontInfo()
    if not default:
        _STATE["info"] = None
        return
    d = default.contents
    kept: dict[tuple[int, int], bytes] = {}
    sizes = {"kept": 0}

    def get_font_data(_this: Any, font: Any, table: int, buf: Any, size: int) -> int:
        key = (font or 0, table)
        data = kept.get(key)
        if data is not None:
            if buf and size >= len(data):
                ctypes.memmove(buf, data, len(data))
            return len(data)
        n = d.GetFontData(default, font, table, buf, size)
        if buf and MIN_KEPT <= n <= size and sizes["kept"] + n <= MAX_KEPT:
            kept[key] = ctypes.string_at(buf, n)
            sizes["kept"] += n
        return n

    def release(_this: Any) -> None:
        raw.FPDF_FreeDefaultSystemFontInfo(default)

    fields = dict(raw.FPDF_SYSFONTINFO._fields_)
    callbacks = {
        "Release": fields["Release"](release),
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
    _STATE.update(info=info, callbacks=callbacks, default=default, kept=kept)
    raw.FPDF_SetSystemFontInfo(ctypes.byref(info))
