"""Bytes → str for text and HTML files, with the encoding recorded.

Order of trust: a byte-order mark, then a declaration inside the file (HTML
``<meta charset>`` / ``http-equiv``, XML declaration), then strict UTF-8,
then charset-normalizer's guess. GBK and GB2312 are decoded as GB18030, their
superset, so that a rare character outside GBK does not break a whole file.
"""
from __future__ import annotations

import codecs
import re

from pipelines.model import ReportError

_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
# charset=... in a meta tag (both forms) or encoding="..." in an XML declaration.
_DECLARED = re.compile(
    rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_\-:.]+)"""
    rb"""|<\?xml[^>]{0,100}?encoding\s*=\s*["']([A-Za-z0-9_\-:.]+)""",
    re.IGNORECASE,
)
_GB_FAMILY = {"gbk", "gb2312", "gb_2312", "gb-2312", "gb_2312-80", "x-gbk", "cp936", "ms936",
              "euc-cn", "euccn", "hz-gb-2312", "gb18030", "windows-936"}
_CJK_FALLBACKS = ("gb18030", "big5", "utf-16")


def normalise_codec(name: str) -> str | None:
    """Python codec name for a declared/detected charset; GB family → gb18030."""
    low = name.strip().lower()
    if low in _GB_FAMILY or low.startswith("gb"):
        return "gb18030"
    try:
        return codecs.lookup(low).name
    except LookupError:
        return None


def utf16_guess(data: bytes) -> str | None:
    """UTF-16 without a BOM: NUL bytes (from ASCII characters: digits, tabs,
    line ends) mostly at one byte parity (CJK code points U+xx00 add a few
    at the other), and the sample decodes cleanly."""
    sample = data[:4000]
    sample = sample[: len(sample) - len(sample) % 2]
    if len(sample) < 8:
        return None
    even_nul, odd_nul = sample[0::2].count(0), sample[1::2].count(0)
    need = max(2, len(sample) // 2 // 50)
    if odd_nul >= need and even_nul * 4 < odd_nul:
        codec = "utf-16-le"
    elif even_nul >= need and odd_nul * 4 < even_nul:
        codec = "utf-16-be"
    else:
        return None
    try:
        text = sample.decode(codec)
    except UnicodeDecodeError:
        return None
    return codec if _looks_like_text(text) else None


def decode(data: bytes, path: str, *, sniff_markup: bool = True, declared: str | None = None) -> tuple[str, str]:
    """Decode one file's bytes. Returns (text, encoding name as used).

    `declared`: a charset named outside the bytes (a MIME header), tried first;
    a charset that does not fit (a copied header or template) leaves it to the bytes.
    Raises ReportError(path, "unreadable") when no encoding fits.
    """
    codec = normalise_codec(declared) if declared else None
    if codec and (text := _attempt(data, codec)) is not None:
        return text, codec
    for bom, codec in _BOMS:
        if data.startswith(bom):
            try:
                return data.decode(codec), codec.replace("-sig", "") + " (BOM)"
            except UnicodeDecodeError as err:
                raise ReportError(path, "unreadable", f"byte-order mark says {codec} but byte {err.start} is invalid") from err
    m = _DECLARED.search(data[:4096]) if sniff_markup else None
    if m:
        codec = normalise_codec((m.group(1) or m.group(2)).decode("ascii", "replace"))
        if (codec and codec not in ("utf-16", "utf-16-le", "utf-16-be", "utf-32")
                and (text := _attempt(data, codec)) is not None):
            return text, codec
    if (text := _attempt(data, "utf-8")) is not None:
        return text, "utf-8"
    u16 = utf16_guess(data)  # only when UTF-8 does not fit: it samples the bytes
    if u16 and (text := _attempt(data, u16)) is not None:
        return text, u16
    return _detect(data, path)


def _attempt(data: bytes, codec: str) -> str | None:
    """The bytes decoded with `codec`, or None when they do not fit it."""
    try:
        return data.decode(codec)
    except UnicodeDecodeError:
        return None


def _detect(data: bytes, path: str) -> tuple[str, str]:
    """charset-normalizer's guess, restricted to what a Chinese report can be."""
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000], cp_isolation=["gb18030", "big5", "utf_8", "utf_16", "cp1252"]).best()
    if best is not None:
        codec = normalise_codec(best.encoding) or best.encoding
        try:
            return data.decode(codec), codec
        except UnicodeDecodeError:
            pass
    for codec in _CJK_FALLBACKS:
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text, codec
    raise ReportError(path, "unreadable", "bytes are not text in UTF-8, UTF-16, GB18030 or Big5")


def _looks_like_text(text: str) -> bool:
    """Few control characters: a decoding that produced text, not noise."""
    if not text:
        return False
    bad = sum(1 for ch in text[:5000] if ord(ch) < 32 and ch not in "\t\r\n\f")
    return bad < max(3, len(text[:5000]) // 200)
