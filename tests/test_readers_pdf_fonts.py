"""PDFium's system fonts read from disk once per process (pdf_fonts): a reportlab PDF with
the non-embedded STSong-Light reads back exactly as without the layer, and its CJK font
file is kept after the first document instead of being read again for each."""
from __future__ import annotations

import pickle
import subprocess
import sys
from pathlib import Path

from pipelines.demo.render.pdf import render_pdf
from pipelines.readers import pdf_fonts, read_file
from tests.test_readers_truth import make_truth

FONT_DIRS = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts")]

#: Reads a PDF in a fresh process with the layer switched off; prints the Document pickled.
PLAIN = """
import pickle, sys
import pipelines.readers.pdf_fonts as fonts
fonts.install = lambda: None
from pipelines.readers import read_file
doc = read_file(sys.argv[1])
sys.stdout.buffer.write(pickle.dumps((doc.blocks, doc.warnings, doc.meta)))
"""


def test_documents_unchanged_and_the_font_file_kept(tmp_path):
    assert any(p.suffix in (".ttc", ".otf", ".ttf") and "CJK" in p.name for d in FONT_DIRS if d.is_dir()
               for p in d.rglob("*")), "a system CJK font (fonts-noto-cjk) is required"
    path = tmp_path / "report.pdf"
    path.write_bytes(render_pdf(make_truth("2019", seed=8), seed=2))
    plain = subprocess.run([sys.executable, "-c", PLAIN, str(path)], capture_output=True, check=True,
                           cwd=Path(__file__).parent.parent, timeout=120).stdout
    doc = read_file(path)
    assert (doc.blocks, doc.warnings, doc.meta) == pickle.loads(plain)

    kept = pdf_fonts._STATE["kept"]
    assert kept, "the CJK font PDFium substitutes for STSong-Light is kept"
    before = dict(kept)
    again = read_file(path)
    assert (again.blocks, again.warnings, again.meta) == (doc.blocks, doc.warnings, doc.meta)
    assert kept == before  # read from memory the second time, nothing new kept
    sizes = {len(b) for b in kept.values()}
    files = [p for d in FONT_DIRS if d.is_dir() for p in d.rglob("*") if p.is_file() and p.stat().st_size in sizes]
    assert all(any(p.read_bytes() == b for p in files) for b in kept.values())  # whole font files, as on disk
    assert all(len(b) >= pdf_fonts.MIN_KEPT for b in kept.values())
    assert sum(map(len, kept.values())) <= pdf_fonts.MAX_KEPT
