"""Bytes → text: byte-order marks, declarations, detection; format sniffing by content."""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelines import parse
from pipelines.model import ReportError
from pipelines.readers import detect_format, read_bytes, read_file
from pipelines.readers.encoding import decode
from tests.conftest import REAL

SEED = REAL / "dingzhou_haotouzhuang_2020.txt"
HTML = Path(__file__).parent / "fixtures" / "html"


def _canonical(report) -> dict:
    j = report.to_json()
    return {k: j[k] for k in ("unit", "year", "template", "requests", "review_litigation", "proactive", "cells", "checks")}


@pytest.fixture(scope="module")
def seed_report():
    return _canonical(parse(SEED))


@pytest.mark.parametrize("encoding,prefix,label", [
    ("utf-16-le", b"\xff\xfe", "utf-16 (BOM)"),
    ("utf-16-be", b"\xfe\xff", "utf-16 (BOM)"),
    ("utf-16-le", b"", "utf-16-le"),
    ("utf-8", b"\xef\xbb\xbf", "utf-8 (BOM)"),
    ("gb18030", b"", "gb18030"),
])
def test_seed_in_other_encodings_parses_identically(tmp_path, seed_report, encoding, prefix, label):
    text = SEED.read_text("utf-8")
    path = tmp_path / "seed.txt"
    path.write_bytes(prefix + text.encode(encoding))
    doc = read_file(path)
    assert doc.meta["encoding"] == label
    assert doc.blocks == text.replace("\r\n", "\n").rstrip("\n").split("\n")
    assert _canonical(parse(path)) == seed_report
    assert seed_report["unit"] == "定州市号头庄回族乡" and seed_report["year"] == 2020


def test_big5_traditional_page_without_declaration(tmp_path):
    page = (HTML / "traditional_2019.html").read_text("utf-8").replace('<meta charset="utf-8">', "")
    path = tmp_path / "big5.html"
    path.write_bytes(page.replace("爲", "為").encode("big5"))  # Big5 has the Taiwan form only
    expected = json.loads((HTML / "traditional_2019.expected.json").read_text("utf-8"))
    doc = read_file(path)
    assert doc.meta["encoding"] == "big5"
    report = parse(path)
    assert report.unit == expected["unit"] and report.year == expected["year"]
    assert report.table("requests") == expected["requests"]
    assert report.table("proactive") == expected["proactive"]
    assert report.table("review_litigation") == expected["review_litigation"]


def test_declared_charset_that_lies_falls_back_to_detection():
    html = '<html><head><meta charset="utf-8"></head><body><p>本年新收政府信息公开申请数量</p></body></html>'
    text, enc = decode(html.encode("gbk"), "lie.html")
    assert enc == "gb18030" and "本年新收政府信息公开申请数量" in text


def test_xml_declaration_and_gb2312_alias():
    data = '<?xml version="1.0" encoding="GB2312"?><html><body><p>予以公开</p></body></html>'.encode("gbk")
    doc = read_bytes("x.xhtml", data)
    assert doc.meta["encoding"] == "gb18030" and doc.blocks == ["予以公开"]


def test_bom_with_invalid_bytes_is_unreadable():
    with pytest.raises(ReportError) as err:
        decode(b"\xef\xbb\xbf\xe4\xb8\xff\xfe", "bad.txt")
    assert err.value.reason == "unreadable" and str(err.value).startswith("bad.txt: unreadable: ")


@pytest.mark.parametrize("data,name,fmt", [
    (b"%PDF-1.7\n...", "a.txt", "pdf"),
    (b"\n\n%PDF-1.4", "a.pdf", "pdf"),
    (b"<!DOCTYPE html><html>", "a.pdf", "html"),
    (b"   <table><tr><td>1</td></tr></table>", "a.txt", "html"),
    ("\ufeff<html>".encode("utf-16"), "a.htm", "html"),
    (b"\x89PNG\r\n\x1a\n....", "a.pdf", "image"),
    (b"\xff\xd8\xff\xe0....", "scan.jpg", "image"),
    (b"II*\x00....", "scan.tif", "image"),
    (b"{\\rtf1\\ansi ...}", "a.doc", "rtf"),
    (b"PK\x03\x04" + b"\x00" * 26 + b"word/document.xml", "a.zip", "docx"),
    (b"PK\x03\x04" + b"\x00" * 26 + b"xl/workbook.xml", "a.docx", "zip"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"), "a.wps", "wps"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "WordDocument".encode("utf-16-le"), "a.doc", "doc"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "EncryptedPackage".encode("utf-16-le"), "a.docx", "encrypted_office"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + "Workbook".encode("utf-16-le"), "a.xls", "ole"),
    ("一、本年新收政府信息公开申请数量 3 <注>".encode("utf-8"), "a.html", "text"),
    (b"\x7fELF\x02\x01\x01\x00\x00\x00\x00\x00", "a.txt", "binary"),
])
def test_detect_format_by_content(data, name, fmt):
    assert detect_format(data, name) == fmt


def test_text_lines_split_at_form_feeds():
    doc = read_bytes("pdftotext.txt", "一、总体情况\n正文\f二、主动公开\r\n规章\t3\n".encode("utf-8"))
    assert doc.format == "text" and doc.blocks == ["一、总体情况", "正文", "二、主动公开", "规章\t3"]


def test_text_starting_like_a_bitmap_is_text():
    assert detect_format("BM公司2023年度政府信息公开工作年度报告".encode("utf-8"), "a.txt") == "text"
    assert detect_format(b"BM\x36\x00\x0c\x00\x00\x00\x00\x00\x36\x00", "a.bmp") == "image"
