"""Render a truth dict as the bytes of one report file, in one rendering.

``render(truth, rendering, seed)`` is pure and deterministic: the same truth,
rendering and seed give the same bytes. ``RENDERINGS`` maps each rendering
to its file extension. ``docx`` and ``pdf`` come from
``pipelines.demo.render.docx`` / ``.pdf`` (written separately) and are
listed only when importable (see ``available()``).

The truth dict: {"unit", "year", "template", "variant", "requests",
"review_litigation", "proactive"} in the canonical codes of
pipelines.template; None values print as blank cells; an empty
``requests`` leaves section 三 out.
"""
from __future__ import annotations

import importlib
import io
import zipfile
from functools import lru_cache
from typing import Callable

from pipelines.demo.render import crawler as _crawler
from pipelines.demo.render import html as _html
from pipelines.demo.render import text as _text
from pipelines.demo.render.doc import doc_rng

Renderer = Callable[[dict, int], bytes]

#: rendering → file extension (the extension a unit would give the file).
RENDERINGS: dict[str, str] = {
    "cells": ".txt",
    "cells_wrapped": ".txt",
    "pipes": ".txt",
    "pipes_lone": ".txt",
    "runs": ".txt",
    "crawler": ".txt",
    "markdown": ".md",
    "html": ".html",
    "html_gbk": ".html",
    "traditional": ".html",
    "docx": ".docx",
    "pdf": ".pdf",
}
TEXT_RENDERINGS: tuple[str, ...] = ("cells", "cells_wrapped", "pipes", "pipes_lone", "runs", "markdown")
HTML_RENDERINGS: tuple[str, ...] = ("html", "html_gbk", "traditional")
#: Renderings whose numbers ran together, read back only where the template's
#: sums fix them: a cell may come back ``ambiguous`` (flagged), never wrong.
SPLIT_BY_SUMS: tuple[str, ...] = ("crawler",)

_BUILTIN: dict[str, Renderer] = {
    "cells": _text.render_cells,
    "cells_wrapped": _text.render_cells_wrapped,
    "pipes": _text.render_pipes,
    "pipes_lone": _text.render_pipes_lone,
    "runs": _text.render_runs,
    "crawler": _crawler.render_crawler,
    "markdown": _text.render_markdown,
    "html": _html.render_html,
    "html_gbk": _html.render_html_gbk,
}


@lru_cache(maxsize=None)
def _external(name: str) -> Renderer | None:
    """render_docx / render_pdf from their modules, or None if not there yet."""
    try:
        module = importlib.import_module(f"pipelines.demo.render.{name}")
    except ImportError:
        return None
    if name == "pdf":
        # Same seed → same bytes: reportlab's invariant mode fixes the
        # creation date and the document /ID (otherwise time-based).
        from reportlab import rl_config

        rl_config.invariant = 1
    return getattr(module, f"render_{name}", None)


def available() -> tuple[str, ...]:
    """Renderings that can be produced in this installation."""
    return tuple(r for r in RENDERINGS if r not in ("docx", "pdf") or _external(r) is not None)


@lru_cache(maxsize=1)
def _s2t():
    from opencc import OpenCC

    return OpenCC("s2t")


@lru_cache(maxsize=50_000)
def _line_s2t(line: str) -> str:
    return _s2t().convert(line) if line and not line.isascii() else line


def to_traditional(text: str) -> str:
    """Simplified → traditional characters (OpenCC s2t), as on mirror sites.
    Converted line by line with a cache: page furniture and table labels
    repeat across documents and OpenCC is pure Python."""
    return "\n".join(_line_s2t(line) for line in text.split("\n"))


def render_traditional(truth: dict, seed: int = 0) -> bytes:
    """An HTML page or a one-cell-per-line text in traditional characters
    (the truth's unit should be the traditional form: titles are kept in
    their original script)."""
    rng = doc_rng(truth, "traditional", seed)
    if rng.random() < 0.65:
        page = _html.page(truth, rng)
    else:
        page = _text.render_cells(truth, seed).decode("utf-8")
    # The synthetic-data mark stays in simplified form: the warehouse looks for 演示数据.
    return to_traditional(page).replace("演示數據", "演示数据").encode("utf-8")


#: Zip entry time for .docx files (python-docx stamps the current time).
ZIP_TIME = (2024, 1, 1, 0, 0, 0)


def fixed_zip_times(data: bytes) -> bytes:
    """The same zip with every entry dated ZIP_TIME, so that a .docx is the
    same bytes whenever it is rendered."""
    src = zipfile.ZipFile(io.BytesIO(data))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            fixed.compress_type = info.compress_type
            fixed.external_attr = info.external_attr
            dst.writestr(fixed, src.read(info))
    return buf.getvalue()


def extension(rendering: str, data: bytes) -> str:
    """File extension for rendered bytes (traditional is HTML or text)."""
    if rendering == "traditional" and not data.lstrip().startswith(b"<"):
        return ".txt"
    return RENDERINGS[rendering]


def render(truth: dict, rendering: str, seed: int = 0) -> bytes:
    """The bytes of one report file in `rendering` (a key of RENDERINGS)."""
    fn = _BUILTIN.get(rendering)
    if fn is not None:
        return fn(truth, seed)
    if rendering == "traditional":
        return render_traditional(truth, seed)
    if rendering in ("docx", "pdf"):
        ext = _external(rendering)
        if ext is None:
            raise ValueError(f"rendering {rendering!r} is not available yet (pipelines.demo.render.{rendering} missing)")
        data = ext(truth, seed=seed)
        return fixed_zip_times(data) if rendering == "docx" else data
    raise ValueError(f"unknown rendering {rendering!r}; known: {', '.join(RENDERINGS)}")
