"""File readers: the bytes of one file → a format-free Document.

``read_file`` reads a file once, recognises its format from its content
(magic bytes and markup, never the extension alone) and hands the bytes to
the reader for that format. An extension that disagrees with the content is
noted in ``Document.warnings``. Every failure is a ReportError whose reason
is a RejectReason code and whose message names the file.
"""
from __future__ import annotations

import os
import re
from os import PathLike

from pipelines.model import ReportError
from pipelines.readers.base import Document, Table
from pipelines.readers.encoding import utf16_guess

__all__ = ["read_file", "read_bytes", "detect_format", "Document", "Table", "MAX_BYTES"]

#: Larger files are refused before being read (no annual report comes near this).
MAX_BYTES = 50 * 1024 * 1024

# What the extension promises, for the "extension lies" warning.
_EXT_FORMAT = {
    ".txt": "text", ".text": "text", ".md": "text", ".csv": "text", ".tsv": "text",
    ".htm": "html", ".html": "html", ".mht": "mht", ".mhtml": "mht", ".shtml": "html", ".xhtml": "html", ".jsp": "html",
    ".asp": "html", ".aspx": "html", ".php": "html",
    ".pdf": "pdf", ".docx": "docx", ".doc": "doc", ".wps": "wps", ".rtf": "rtf",
    ".png": "image", ".jpg": "image", ".jpeg": "image", ".tif": "image", ".tiff": "image",
    ".gif": "image", ".bmp": "image", ".webp": "image",
    ".zip": "zip", ".xls": "ole", ".xlsx": "zip", ".et": "ole", ".ofd": "ofd",
}
_IMAGE_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG"), (b"\xff\xd8\xff", "JPEG"), (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"), (b"GIF87a", "GIF"), (b"GIF89a", "GIF"), (b"BM", "BMP"),
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HTML_SNIFF = re.compile(
    r"<\s*(?:!doctype\s+html|html|head|body|table|meta|title|div|p|tr|td|span|font|br)\b",
    re.IGNORECASE,
)


def _utf16_name(name: str) -> bytes:
    return name.encode("utf-16-le")


def _sniff_text(data: bytes) -> str:
    """The start of a file as text, for markup sniffing (handles UTF-16)."""
    head = data[:4096]
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return head.decode("utf-16", "ignore")
    codec = utf16_guess(head)
    return head.decode(codec, "ignore") if codec else head.decode("latin-1")


def detect_format(data: bytes, name: str = "") -> str:
    """Format of a file from its bytes: pdf, docx, doc, wps, rtf, html, mht, text,
    image, ofd, zip (a zip that is not a Word document), ole (another Office
    container), encrypted_office, or binary. ``name`` only tells .doc from .wps
    (both are OLE2 compound files)."""
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        # [Content_Types].xml and word/document.xml appear as local file names.
        names = data[:200_000] + data[-200_000:]
        if b"word/document" in names or b"word/_rels/document" in names:
            return "docx"
        return "ofd" if b"OFD.xml" in names else "zip"
    if data.startswith(_OLE_MAGIC):
        blob = data[:2_000_000]
        if _utf16_name("EncryptedPackage") in blob:
            return "encrypted_office"
        if _utf16_name("WordDocument") in blob or _utf16_name("WpsContent") in blob:
            return "wps" if name.lower().endswith(".wps") else "doc"
        return "ole"
    for magic, kind in _IMAGE_MAGIC:
        if data.startswith(magic) and (kind != "BMP" or data[6:10] == b"\0\0\0\0"):  # BMP: reserved bytes zero
            return "image"
    if head.lstrip().startswith(b"{\\rtf"):
        return "rtf"
    if re.match(rb"\s*[A-Za-z-]+:", head):  # mail-style headers first: a web archive?
        headers = re.split(rb"\r?\n\r?\n", data[:4096], maxsplit=1)[0].lower()
        if b"mime-version:" in headers and b"multipart/related" in headers:
            return "mht"
    sniff = _sniff_text(data)
    stripped = sniff.lstrip("\ufeff \t\r\n")
    if stripped.startswith("<") and _HTML_SNIFF.search(stripped[:1024]) or re.search(
        r"<\s*(?:!doctype\s+html|html|body|table)\b", sniff, re.IGNORECASE
    ):
        return "html"
    if b"\x00" in head and not _looks_utf16(data[:4096]):
        return "binary"
    return "text"


def _looks_utf16(head: bytes) -> bool:
    return head.startswith((b"\xff\xfe", b"\xfe\xff")) or utf16_guess(head) is not None


def _image_kind(data: bytes) -> str:
    for magic, kind in _IMAGE_MAGIC:
        if data.startswith(magic):
            return kind
    return "image"


def read_file(path: str | PathLike[str]) -> Document:
    """Read one report file of any supported format into a Document."""
    p = os.fspath(path)
    try:
        size = os.path.getsize(p)
    except OSError as err:
        raise ReportError(p, "unreadable", f"cannot open file: {err.strerror or err}") from err
    if size > MAX_BYTES:
        raise ReportError(p, "too_large", f"{size / 2**20:.1f} MB is over the {MAX_BYTES // 2**20} MB limit")
    try:
        with open(p, "rb") as fh:
            # The size known: a buffer of MAX_BYTES (50 MB) is not allocated for a 10 kB page.
            data = fh.read(size + 1)
            if len(data) > size:  # the file grew since: read on, bounded
                data += fh.read(MAX_BYTES + 1 - len(data))
    except OSError as err:
        raise ReportError(p, "unreadable", f"cannot read file: {err.strerror or err}") from err
    return read_bytes(p, data)


def read_bytes(path: str, data: bytes) -> Document:
    """Dispatch bytes already in memory to the reader of their format."""
    if len(data) > MAX_BYTES:
        raise ReportError(path, "too_large", f"over the {MAX_BYTES // 2**20} MB limit")
    if not data or data.isspace():  # (data.strip() would copy the whole file)
        raise ReportError(path, "unreadable", "empty file (no content)")
    fmt = detect_format(data, path)
    ext = os.path.splitext(path)[1].lower()
    claimed = _EXT_FORMAT.get(ext)
    doc = _dispatch(path, data, fmt, ext)
    if claimed and claimed != fmt and not (claimed in ("doc", "wps") and fmt in ("doc", "wps", "rtf")):
        doc.warnings.append(f"file: 扩展名为 {ext}，但文件内容是 {fmt}，已按 {fmt} 读取")
        doc.meta["extension_mismatch"] = {"extension": ext, "content": fmt}
    return doc


def _dispatch(path: str, data: bytes, fmt: str, ext: str) -> Document:
    if fmt == "pdf":
        from pipelines.readers import pdf
        return pdf.read(path, data)
    if fmt == "docx":
        from pipelines.readers import docx
        return docx.read(path, data)
    if fmt in ("doc", "wps", "rtf"):
        from pipelines.readers import legacy
        return legacy.read(path, data, fmt="wps" if ext == ".wps" else "doc", content="rtf" if fmt == "rtf" else "ole")
    if fmt == "html":
        from pipelines.readers import html
        return html.read(path, data)
    if fmt == "mht":
        from pipelines.readers import html
        return html.read_mht(path, data)
    if fmt == "text":
        from pipelines.readers import text
        return text.read(path, data)
    if fmt == "image":
        raise ReportError(path, "scanned", f"no text layer: {_image_kind(data)} image (scans are not read)")
    if fmt == "encrypted_office":
        raise ReportError(path, "encrypted", "password-protected Office document")
    if fmt == "ofd":
        raise ReportError(path, "unsupported_format", "an OFD document (Chinese fixed-layout format): export it as PDF to read it")
    if fmt == "zip":
        raise ReportError(path, "unsupported_format", "a zip archive that is not a Word .docx (no word/document.xml)")
    if fmt == "ole":
        raise ReportError(path, "unsupported_format", "an Office file that is not a Word document (no WordDocument stream)")
    raise ReportError(path, "unsupported_format", "binary content of an unknown format")
