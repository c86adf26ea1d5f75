"""PDFium's system fonts (pdf_fonts): a reportlab PDF with the non-embedded STSong-Light reads
back exactly as without the layer (text, blocks, every character's box, the font's family),
its CJK collection is read from disk once and described to PDFium as one file, and the last
document that used it is held open so the next one reuses the parsed face; a file that fails
to open leaves the held document as it was."""
from __future__ import annotations

import ctypes
import io
import pickle
import subprocess
import sys
from pathlib import Path

import pytest

from pipelines.demo.render.pdf import render_pdf
from pipelines.model import ReportError
from pipelines.readers import pdf_fonts, read_file
from tests.test_readers_truth import make_truth

FONT_DIRS = [Path("/usr/share/fonts"), Path("/usr/local/share/fonts")]
ROOT = Path(__file__).parent.parent

#: Reads PDFs in a fresh process with the layer and the holding switched off (PDFium's own
#: system fonts, every document closed); prints what `snapshot` gives for each, pickled.
PLAIN = """
import pickle, sys
import pipelines.readers.pdf_fonts as fonts
fonts.install = lambda: None
fonts.hold = lambda pdf, size=0: pdf.close()
from tests.test_readers_pdf_fonts import snapshot
sys.stdout.buffer.write(pickle.dumps([snapshot(p) for p in sys.argv[1:]]))
"""


def snapshot(path: str | Path) -> tuple:
    """What the reader makes of `path` (blocks, warnings, meta), and, per page as PDFium reads
    it: the text, every character's code point, tight and loose box and font size, and the
    family name of every text object's font (the face PDFium loaded)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    doc = read_file(path)
    pdf = pdfium.PdfDocument(Path(path).read_bytes())
    pages = []
    try:
        for page in pdf:
            tp = page.get_textpage()
            l, r, b, t = (ctypes.c_double() for _ in range(4))
            loose = raw.FS_RECTF()
            chars = []
            for i in range(raw.FPDFText_CountChars(tp.raw)):
                raw.FPDFText_GetCharBox(tp.raw, i, l, r, b, t)
                raw.FPDFText_GetLooseCharBox(tp.raw, i, loose)
                chars.append((raw.FPDFText_GetUnicode(tp.raw, i), l.value, r.value, b.value, t.value, loose.left,
                              loose.top, loose.right, loose.bottom, raw.FPDFText_GetFontSize(tp.raw, i)))
            families = set()
            for obj in page.get_objects(filter=(raw.FPDF_PAGEOBJ_TEXT,)):
                name = ctypes.create_string_buffer(256)
                raw.FPDFFont_GetFamilyName(raw.FPDFTextObj_GetFont(obj.raw), name, 256)
                families.add(name.value)
            pages.append((tp.get_text_range(), chars, sorted(families)))
    finally:
        pdf.close()
    return doc.blocks, doc.warnings, doc.meta, pages


def plain(*paths: Path) -> list[tuple]:
    out = subprocess.run([sys.executable, "-c", PLAIN, *map(str, paths)], capture_output=True, check=True,
                         cwd=ROOT, timeout=300).stdout
    return pickle.loads(out)


def _cjk_pdf(tmp_path: Path, name: str, seed: int) -> Path:
    path = tmp_path / name
    path.write_bytes(render_pdf(make_truth("2019" if seed % 2 else "2021", seed=seed), seed=seed))
    return path


def _latin_pdf(tmp_path: Path) -> Path:
    """A PDF in Helvetica only: PDFium's built-in font, no system font asked for."""
    from reportlab.pdfgen import canvas

    buf = io.BytesIO()
    c = canvas.Canvas(buf)
    c.setFont("Helvetica", 11)
    c.drawString(72, 720, "Annual report 2023: 12 requests received, 11 answered.")
    c.save()
    path = tmp_path / "latin.pdf"
    path.write_bytes(buf.getvalue())
    return path


def _gbk_pdf(tmp_path: Path, name: str, font: str, lines: list[str]) -> Path:
    """A one-page PDF as Word saves it without embedding: a Type0 font `font` (GBK-EUC-H), not
    embedded, bold (PDFium maps it to another system collection than STSong-Light's)."""
    text = b" ".join(b"<" + ln.encode("gbk").hex().encode() + b"> Tj T*" for ln in lines)
    content = b"BT /F1 12 Tf 72 760 Td 16 TL " + text + b" ET"
    base = font.encode()
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
            b"/Contents 5 0 R >>",
            b"<< /Type /Font /Subtype /Type0 /BaseFont /" + base + b" /Encoding /GBK-EUC-H /DescendantFonts [<< "
            b"/Type /Font /Subtype /CIDFontType2 /BaseFont /" + base + b" /CIDSystemInfo << /Registry (Adobe) "
            b"/Ordering (GB1) /Supplement 2 >> /FontDescriptor << /Type /FontDescriptor /FontName /" + base +
            b" /Flags 262148 /FontBBox [0 -140 1000 860] /ItalicAngle 0 /Ascent 860 /Descent -140 /CapHeight 700"
            b" /StemV 160 /FontWeight 700 >> /DW 1000 >>] >>",
            b"<< /Length %d >>\nstream\n" % len(content) + content + b"\nendstream"]
    out, offsets = b"%PDF-1.4\n", []
    for i, obj in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + obj + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1) + b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    path = tmp_path / name
    path.write_bytes(out)
    return path


@pytest.fixture()
def fresh():
    """No document held before or after the test (the process may have read PDFs before)."""
    pdf_fonts.release()
    yield
    pdf_fonts.release()


def test_documents_and_glyph_boxes_unchanged(tmp_path, fresh):
    assert any(p.suffix in (".ttc", ".otf", ".ttf") and "CJK" in p.name for d in FONT_DIRS if d.is_dir()
               for p in d.rglob("*")), "a system CJK font (fonts-noto-cjk) is required"
    paths = [_cjk_pdf(tmp_path, f"r{i}.pdf", seed=i) for i in (8, 9, 10)]
    expected = plain(*paths)
    assert all(pages and any(chars for _, chars, _ in pages) for *_, pages in expected)
    # First read (face parsed), then each with the one before held (face reused), then again.
    assert [snapshot(p) for p in paths] == expected
    assert [snapshot(p) for p in reversed(paths)] == expected[::-1]


def test_collection_read_once_and_described_as_one_file(tmp_path, fresh):
    read_file(_cjk_pdf(tmp_path, "a.pdf", seed=3))
    pdf_fonts.release()
    kept = pdf_fonts._STATE["kept"]
    files = pdf_fonts._STATE["files"]
    assert kept, "the CJK collection PDFium substitutes for STSong-Light is kept"
    collections = [f for f, (table, _n) in files.items() if table == pdf_fonts.TTCF]
    assert collections and all(f in kept for f in collections)
    on_disk = {p.stat().st_size: p for d in FONT_DIRS if d.is_dir() for p in d.rglob("*.ttc")}
    for font in collections:
        data = kept[font]
        assert data[:4] == b"ttcf" and on_disk[len(data)].read_bytes() == data  # the whole file, as on disk
        get = pdf_fonts._STATE["callbacks"]["GetFontData"]
        assert get(None, font, pdf_fonts.TTCF, None, 0) == 0  # "no collection"
        assert get(None, font, 0, None, 0) == len(data)  # the whole file is the font
    assert sum(map(len, kept.values())) <= pdf_fonts.MAX_KEPT

    reads = pdf_fonts._STATE["stats"]["reads"]
    before = dict(kept)
    read_file(_cjk_pdf(tmp_path, "b.pdf", seed=4))  # nothing held: PDFium asks for the file again ...
    assert pdf_fonts._STATE["stats"]["reads"] == reads + 1
    assert kept == before  # ... and gets the bytes kept, nothing new read from disk


def test_held_document_is_replaced_and_the_face_reused(tmp_path, fresh):
    a, b, c = (_cjk_pdf(tmp_path, f"{n}.pdf", seed=s) for n, s in (("a", 5), ("b", 6), ("c", 7)))
    assert pdf_fonts.held() is None
    read_file(a)
    first = pdf_fonts.held()
    assert first is not None and first.raw is not None and len(first) >= 1
    reads = pdf_fonts._STATE["stats"]["reads"]

    read_file(b)
    second = pdf_fonts.held()
    assert second is not first and second.raw is not None
    assert first.raw is None  # the one held before is closed: one document held at a time
    assert pdf_fonts._STATE["stats"]["reads"] == reads  # the face came from PDFium's cache

    pdf_fonts.release()
    assert second.raw is None and pdf_fonts.held() is None
    read_file(c)  # nothing held: the face is parsed again from the whole file
    assert pdf_fonts._STATE["stats"]["reads"] == reads + 1


def test_a_broken_file_leaves_the_held_document_intact(tmp_path, fresh):
    a, b = _cjk_pdf(tmp_path, "a.pdf", seed=11), _cjk_pdf(tmp_path, "b.pdf", seed=12)
    expected = plain(a, b)
    assert snapshot(a) == expected[0]
    held = pdf_fonts.held()
    reads = pdf_fonts._STATE["stats"]["reads"]
    truncated = tmp_path / "truncated.pdf"
    truncated.write_bytes(a.read_bytes()[:2000])
    junk = tmp_path / "junk.pdf"
    junk.write_bytes(b"%PDF-1.4\nnot really a pdf\n")
    for bad in (truncated, junk):
        with pytest.raises(ReportError):
            read_file(bad)
        assert pdf_fonts.held() is held and held.raw is not None and len(held) == expected[0][2]["pages"]
    assert snapshot(b) == expected[1]
    assert pdf_fonts._STATE["stats"]["reads"] == reads  # still the face of the held document
    assert held.raw is None and pdf_fonts.held() is not held


def test_a_document_without_system_fonts_is_not_held(tmp_path, fresh):
    read_file(_cjk_pdf(tmp_path, "a.pdf", seed=13))
    held = pdf_fonts.held()
    doc = read_file(_latin_pdf(tmp_path))
    assert "12 requests received" in " ".join(b for b in doc.blocks if isinstance(b, str))
    assert pdf_fonts.held() is held and held.raw is not None  # the CJK face stays cached


def test_the_held_document_is_closed_quietly_at_exit(tmp_path):
    path = _cjk_pdf(tmp_path, "a.pdf", seed=14)
    # A weakref.finalize made before pypdfium2 is imported (here by TemporaryDirectory) puts weakref's
    # exit hook after pypdfium2's: the held document would still be open when pypdfium2 checks.
    script = ("import sys, tempfile\nkeep = tempfile.TemporaryDirectory()\nfrom pipelines.readers import pdf_fonts, read_file\n"
              "read_file(sys.argv[1])\nassert pdf_fonts.held() is not None\n")
    run = subprocess.run([sys.executable, "-c", script, str(path)], capture_output=True, cwd=ROOT, timeout=120)
    assert run.returncode == 0 and run.stderr == b""  # not pypdfium2's "still open and will be closed now"


def test_a_document_over_the_size_limit_is_not_held(tmp_path, fresh, monkeypatch):
    a, b = _cjk_pdf(tmp_path, "a.pdf", seed=15), _cjk_pdf(tmp_path, "b.pdf", seed=16)
    read_file(a)
    held = pdf_fonts.held()
    monkeypatch.setattr(pdf_fonts, "HOLD_MAX_BYTES", b.stat().st_size - 1)
    doc = read_file(b)
    assert doc.meta["pages"] >= 1
    assert pdf_fonts.held() is held and held.raw is not None  # b was closed, a still held


def test_documents_switching_between_system_fonts_unchanged(tmp_path, fresh):
    lines = ["一、总体情况", "本机关全年收到政府信息公开申请 12 件", "予以公开 7 件，部分公开 3 件"]
    bold = [_gbk_pdf(tmp_path, f"hei{i}.pdf", font, lines[i:]) for i, font in enumerate(("SimHei,Bold", "SimHei"))]
    song = [_cjk_pdf(tmp_path, f"song{i}.pdf", seed=20 + i) for i in range(2)]
    order = [bold[0], song[0], bold[1], song[1], bold[0]]
    expected = plain(*order)
    assert "本机关全年收到政府信息公开申请 12 件" in expected[0][3][0][0]
    families = [{f for *_, fams in pages for f in fams} for *_, pages in expected]
    assert families[0] != families[1]  # two system faces, from two collections
    assert [snapshot(p) for p in order] == expected
    assert len([f for f, (table, _n) in pdf_fonts._STATE["files"].items() if table == pdf_fonts.TTCF]) >= 2
