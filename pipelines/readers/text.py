"""Plain text reports: one block per line, as exported (the parser reads the layout)."""
from __future__ import annotations

from pipelines.readers.base import Document
from pipelines.readers.encoding import decode


def read(path: str, data: bytes) -> Document:
    """Decode and split into lines; line endings normalised, nothing else touched."""
    text, encoding = decode(data, path, sniff_markup=False)
    # \f: the page break pdftotext writes between pages
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    lines = text.split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    return Document(path=path, format="text", blocks=list(lines), meta={"encoding": encoding})
