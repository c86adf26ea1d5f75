"""Files that cannot become a report end with their own reason and a message
naming the file, in bounded time and memory; lying extensions are overruled
by the content."""
from __future__ import annotations

import io
import time
import zipfile

import pytest

from pipelines.demo.render.docx import render_docx
from pipelines.demo.render.pdf import render_pdf
from pipelines.model import ReportError
from pipelines.readers import MAX_BYTES, read_file
from pipelines.readers.pdf import MAX_PAGES
from tests.test_readers_truth import assert_document_tables, make_truth


def _fails(path, reason: str) -> ReportError:
    with pytest.raises(ReportError) as err:
        read_file(path)
    assert err.value.reason == reason, str(err.value)
    assert str(err.value).startswith(f"{path}: {reason}: ")
    return err.value


def _image_png() -> bytes:
    from PIL import Image, ImageDraw

    img = Image.new("L", (400, 200), 255)
    ImageDraw.Draw(img).rectangle((20, 20, 380, 180), outline=0)
    out = io.BytesIO()
    img.save(out, "PNG")
    return out.getvalue()


def test_png_scan(tmp_path):
    path = tmp_path / "年报扫描.png"
    path.write_bytes(_image_png())
    assert "no text layer: PNG image" in str(_fails(path, "scanned"))


def test_jpeg_named_pdf_is_a_scan(tmp_path):
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (50, 50), (255, 255, 255)).save(out, "JPEG")
    path = tmp_path / "report.pdf"
    path.write_bytes(out.getvalue())
    assert "JPEG image" in str(_fails(path, "scanned"))


def _drawn_pdf(path, draw, **canvas_options):
    """A PDF drawn with reportlab: `draw(canvas)` paints it (STSong-Light is registered for CJK text)."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    out = io.BytesIO()
    c = canvas.Canvas(out, **canvas_options)
    draw(c)
    c.save()
    path.write_bytes(out.getvalue())
    return path


def _scan_pdf(path, box: tuple[int, int, int, int], stamp=lambda c, n: None):
    """A 3-page PDF of page images (a scan); `stamp(canvas, page)` may add a little text."""
    from reportlab.lib.utils import ImageReader

    def draw(c) -> None:
        for n in range(1, 4):
            c.drawImage(ImageReader(io.BytesIO(_image_png())), *box)
            stamp(c, n)
            c.showPage()

    return _drawn_pdf(path, draw)


def test_pdf_with_only_an_image(tmp_path):
    path = _scan_pdf(tmp_path / "scan.pdf", (50, 400, 400, 200))
    err = _fails(path, "scanned")
    assert err.detail == "no text layer on any of 3 pages"
    assert "scanned: no text layer" in str(err)


def test_encrypted_pdf(tmp_path):
    path = _drawn_pdf(tmp_path / "locked.pdf", lambda c: c.drawString(100, 700, "annual report"), encrypt="secret")
    assert "password" in _fails(path, "encrypted").detail


@pytest.mark.parametrize("fraction", [0.2, 0.6, 0.95])
def test_truncated_pdf(tmp_path, fraction):
    data = render_pdf(make_truth("2021", seed=1), seed=1)
    path = tmp_path / "cut.pdf"
    path.write_bytes(data[: int(len(data) * fraction)])
    assert "damaged or truncated PDF" in _fails(path, "unreadable").detail


def test_pdf_of_hundreds_of_pages_is_bounded(tmp_path):
    def draw(c) -> None:
        for n in range(1, 401):
            c.setFont("STSong-Light", 12)
            c.drawString(72, 760, f"附件 第{n}页 政府信息公开工作情况说明")
            c.drawCentredString(300, 40, f"- {n} -")
            c.showPage()

    path = _drawn_pdf(tmp_path / "huge.pdf", draw)
    start = time.monotonic()
    doc = read_file(path)
    assert time.monotonic() - start < 10
    assert doc.meta["pages"] == 400 and doc.meta["pages_read"] == MAX_PAGES
    assert doc.warnings == [f"pdf: 共 400 页，只读取了前 {MAX_PAGES} 页"]
    # footers "- n -" dropped; spaces between CJK characters removed as everywhere in PDF text
    assert doc.blocks == [f"附件第{n}页政府信息公开工作情况说明" for n in range(1, MAX_PAGES + 1)]


def test_corrupt_docx(tmp_path):
    path = tmp_path / "broken.docx"
    path.write_bytes(b"PK\x03\x04" + b"word/document.xml" + b"\x00garbage" * 50)
    assert "corrupt Word file" in _fails(path, "unreadable").detail


def test_truncated_docx(tmp_path):
    data = render_docx(make_truth("2021", seed=2))
    path = tmp_path / "cut.docx"
    path.write_bytes(data[: len(data) // 2])
    assert "corrupt Word file" in _fails(path, "unreadable").detail


def test_zip_bomb_docx_refused_before_decompressing(tmp_path):
    path = tmp_path / "bomb.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as fh:
            chunk = b" " * (1 << 20)
            for _ in range(64):  # 64 MB of spaces → about 64 KB compressed
                fh.write(chunk)
    assert path.stat().st_size < 1_000_000
    start = time.monotonic()
    err = _fails(path, "too_large")
    assert time.monotonic() - start < 1
    assert "word/document.xml expands" in err.detail and "zip bomb" in err.detail


def test_docx_whose_parts_declare_too_much(tmp_path):
    path = tmp_path / "many.docx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as z:
        z.writestr("word/document.xml", "<w:document/>")
        for k in range(3):
            z.writestr(f"word/media/pad{k}.bin", b"\x00" * 1)
    # rewrite the central directory's declared sizes: 3 × 80 MB from 1 MB each (ratio 80, under the ratio cap)
    data = bytearray(path.read_bytes())
    cd = data.rfind(b"PK\x05\x06")
    off = int.from_bytes(data[cd + 16: cd + 20], "little")
    while data[off:off + 4] == b"PK\x01\x02":
        name_len = int.from_bytes(data[off + 28: off + 30], "little")
        name = bytes(data[off + 46: off + 46 + name_len])
        if name.startswith(b"word/media/"):
            data[off + 20: off + 24] = (1 << 20).to_bytes(4, "little")
            data[off + 24: off + 28] = (80 << 20).to_bytes(4, "little")
        off += 46 + name_len + int.from_bytes(data[off + 30: off + 32], "little") + int.from_bytes(data[off + 32: off + 34], "little")
    path.write_bytes(bytes(data))
    assert "declared uncompressed size 240 MB" in _fails(path, "too_large").detail


def test_encrypted_office_file(tmp_path):
    path = tmp_path / "locked.docx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 200 + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 200)
    _fails(path, "encrypted")


def test_corrupt_doc_conversion_fails_cleanly(tmp_path):
    path = tmp_path / "broken.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + b"\x13garbage" * 300)
    err = _fails(path, "unreadable")
    assert "LibreOffice could not convert broken.doc" in err.detail


def test_other_zip_and_binary_unsupported(tmp_path):
    xlsx = tmp_path / "table.xlsx"
    with zipfile.ZipFile(xlsx, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook/>")
    assert "not a Word .docx" in _fails(xlsx, "unsupported_format").detail
    elf = tmp_path / "report.txt"
    elf.write_bytes(b"\x7fELF\x02\x01\x01\x00" + bytes(range(256)) * 4)
    _fails(elf, "unsupported_format")


def test_empty_missing_and_oversized_files(tmp_path):
    empty = tmp_path / "empty.html"
    empty.write_bytes(b"  \n")
    assert _fails(empty, "unreadable").detail == "empty file (no content)"
    _fails(tmp_path / "nowhere.pdf", "unreadable")
    big = tmp_path / "big.pdf"
    with open(big, "wb") as fh:
        fh.truncate(MAX_BYTES + 1)  # sparse: no disk, no memory
    assert "over the 50 MB limit" in _fails(big, "too_large").detail


def test_pdf_named_txt_is_read_as_pdf(tmp_path):
    truth = make_truth("2019", seed=8)
    path = tmp_path / "report.txt"
    path.write_bytes(render_pdf(truth, seed=2))
    doc = read_file(path)
    assert doc.format == "pdf"
    assert doc.warnings == ["file: 扩展名为 .txt，但文件内容是 pdf，已按 pdf 读取"]
    assert assert_document_tables(doc, truth) == 23 * 7 + 15 + 22


def test_html_named_pdf_is_read_as_html(tmp_path):
    from pathlib import Path

    src = Path(__file__).parent / "fixtures" / "html" / "gov_2021_rowspan.html"
    path = tmp_path / "report.pdf"
    path.write_bytes(src.read_bytes())
    doc = read_file(path)
    assert doc.format == "html"
    assert doc.warnings == ["file: 扩展名为 .pdf，但文件内容是 html，已按 html 读取"]
    assert doc.blocks == read_file(src).blocks


def test_docx_named_doc_is_read_without_libreoffice(tmp_path, monkeypatch):
    truth = make_truth("2021", seed=9)
    path = tmp_path / "report.doc"
    path.write_bytes(render_docx(truth))
    monkeypatch.setenv("NIANBAO_SOFFICE", "")
    doc = read_file(path)
    assert doc.format == "docx" and doc.warnings == ["file: 扩展名为 .doc，但文件内容是 docx，已按 docx 读取"]
    assert assert_document_tables(doc, truth) == 25 * 7 + 15 + 10


def test_ofd_is_named_as_unsupported(tmp_path):
    path = tmp_path / "report.ofd"
    with zipfile.ZipFile(path, "w") as z:
        z.writestr("OFD.xml", "<ofd:OFD/>")
    assert "OFD document" in _fails(path, "unsupported_format").detail


def test_page_full_of_vector_lines_is_bounded(tmp_path):
    """A map or chart: thousands of path objects; no table search, bounded time."""
    from pipelines.readers.pdf_ruling import MAX_PATHS

    def draw(c) -> None:
        c.setFont("STSong-Light", 12)
        c.drawString(72, 800, "附图 申请人情况 分布")
        for i in range(MAX_PATHS + 500):
            x = 50 + (i % 100) * 5
            y = 100 + (i // 100) * 10
            c.line(x, y, x + 4, y) if i % 2 else c.line(x, y, x, y + 8)

    path = _drawn_pdf(tmp_path / "map.pdf", draw)
    start = time.monotonic()
    doc = read_file(path)
    assert time.monotonic() - start < 5
    assert doc.blocks == ["附图申请人情况分布"]


def test_hanging_converter_is_stopped_with_its_children(tmp_path, monkeypatch):
    import os
    import subprocess

    from pipelines.readers import legacy

    marker = tmp_path / "child.pid"
    fake = tmp_path / "soffice"
    fake.write_text(f"#!/bin/sh\nsleep 60 &\necho $! > {marker}\nsleep 60\n")
    fake.chmod(0o755)
    monkeypatch.setenv("NIANBAO_SOFFICE", str(fake))
    monkeypatch.setattr(legacy, "TIMEOUT", 1)
    path = tmp_path / "slow.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le") + b"\x00" * 64)
    start = time.monotonic()
    assert "within 1 s" in _fails(path, "timeout").detail
    assert time.monotonic() - start < 5
    child = int(marker.read_text())
    time.sleep(0.2)
    state = subprocess.run(["ps", "-o", "stat=", "-p", str(child)], capture_output=True, text=True).stdout.strip()
    # gone, or a zombie ("Z"; ps adds "N" when the suite runs under nice)
    assert state[:1] in ("", "Z"), f"converter child {child} still running ({state})"
    assert os.path.exists(fake)


def test_scan_with_only_page_numbers_as_text(tmp_path):
    def stamp(c, n: int) -> None:
        c.drawCentredString(300, 40, f"- {n} -")
        c.drawString(450, 800, "scan.pdf")

    path = _scan_pdf(tmp_path / "scan_numbered.pdf", (50, 300, 500, 400), stamp)
    err = _fails(path, "scanned")
    assert err.detail == "no text layer: 3 page images with 24 characters of text in all (page numbers or a stamp only)"
