"""Word files: the demo renderer's .docx (official 2021 template filled, 2019
and hybrid layouts) read back with every number; merges, nesting, page
splits and revisions in hand-made packages; .doc/.wps through LibreOffice."""
from __future__ import annotations

import io
import shutil
import zipfile

import pytest

from pipelines.demo.render.docx import render_docx
from pipelines.model import ReportError
from pipelines.readers import read_bytes, read_file
from pipelines.readers.base import Table
from tests.conftest import SHARED
from tests.test_readers_truth import assert_document_tables, make_truth


@pytest.mark.parametrize("variant,n", [("2021", 25 * 7 + 15 + 10), ("hybrid", 23 * 7 + 15 + 10), ("2019", 23 * 7 + 15 + 22)])
def test_rendered_docx_every_number(variant, n):
    truth = make_truth(variant, seed=11)
    doc = read_bytes(f"r_{variant}.docx", render_docx(truth, seed=5))
    assert doc.format == "docx" and doc.warnings == []
    assert assert_document_tables(doc, truth) == n
    lines = [b for b in doc.blocks if isinstance(b, str)]
    year = truth["year"]
    title = "".join(lines[:2])
    assert title.startswith("示例市测试局") and f"{year}年" in title and "年度报告" in title
    assert any(f"统计期限自{year}年1月1日起至{year}年12月31日止" in ln for ln in lines)
    assert "演示数据" in doc.text


def test_official_template_merges_deduplicated():
    truth = make_truth("2021", seed=3)
    doc = read_bytes("t.docx", render_docx(truth))
    req = next(b for b in doc.blocks if isinstance(b, Table) and b.rows[0][3] == "申请人情况")
    # python-docx would repeat the merged note and 申请人情况 in every spanned cell
    assert req.rows[0] == ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", None, None,
                           "申请人情况", None, None, None, None, None, None]
    assert req.rows[1] == [None, None, None, "自然人", "法人或其他组织", None, None, None, None, "总计"]
    assert req.rows[5][:3] == ["三、本年度办理结果", "（一）予以公开", None]
    assert req.rows[7][:3] == [None, "（三）不予公开", "1.属于国家秘密"]
    assert req.rows[8][:3] == [None, None, "2.其他法律行政法规禁止公开"]
    # body order: heading 三 directly before the requests table, 四 before the review table
    order = [b if isinstance(b, str) else "TABLE" for b in doc.blocks]
    assert order[order.index("三、收到和处理政府信息公开申请情况") + 1] == "TABLE"
    assert order[order.index("四、政府信息公开行政复议、行政诉讼情况") + 1] == "TABLE"


def test_blank_official_template_cells_are_empty_strings():
    doc = read_file(SHARED / "corpus" / "templates" / "official_2021_blank.docx")
    pro = next(b for b in doc.blocks if isinstance(b, Table))
    assert pro.rows[2] == ["规章", "", "", ""]  # cells holding U+3000 / U+3000U+3000 / nothing
    assert pro.rows[6] == ["行政许可", "", None, None]


# ---------------------------------------------------------------- hand-made packages
W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _docx(body: str) -> bytes:
    """A minimal .docx package around a body's XML."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                   '<Default Extension="xml" ContentType="application/xml"/>'
                   '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
        z.writestr("word/document.xml", f'<?xml version="1.0"?><w:document {W_NS}><w:body>{body}</w:body></w:document>')
    return out.getvalue()


def _p(text: str) -> str:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>"


def _tc(text: str = "", pr: str = "") -> str:
    return f"<w:tc><w:tcPr>{pr}</w:tcPr>{_p(text) if text else '<w:p/>'}</w:tc>"


def _tr(*cells: str) -> str:
    return "<w:tr>" + "".join(cells) + "</w:tr>"


def test_nested_layout_table_split_table_and_revisions():
    head = _tr(_tc("项目", '<w:vMerge w:val="restart"/>'), _tc("申请人情况", '<w:gridSpan w:val="2"/>'))
    head2 = _tr(_tc("", "<w:vMerge/>"), _tc("自然人"), _tc("商业<w:br/>企业".replace("<w:br/>", "</w:t><w:br/><w:t>")))
    part1 = "<w:tbl>" + head + head2 + _tr(_tc("一、本年新收"), _tc("17"), _tc("\u3000")) + "</w:tbl>"
    part2 = "<w:tbl>" + head + head2 + _tr(_tc("二、上年结转"), _tc("23"), _tc("31")) + "</w:tbl>"
    revised = ('<w:p><w:r><w:t>单位</w:t></w:r><w:del><w:r><w:delText>旧名</w:delText></w:r></w:del>'
               '<w:ins><w:r><w:t>新名</w:t></w:r></w:ins><w:r><w:instrText>PAGE</w:instrText></w:r></w:p>')
    layout = "<w:tbl>" + _tr("<w:tc>" + _p("版面表格里的标题") + part1 + "</w:tc>") + "</w:tbl>"
    sdt = f"<w:sdt><w:sdtContent>{_p('内容控件里的段落')}</w:sdtContent></w:sdt>"
    body = revised + layout + _p("") + '<w:p><w:r><w:br w:type="page"/></w:r></w:p>' + part2 + sdt
    doc = read_bytes("hand.docx", _docx(body))
    assert doc.blocks[0] == "单位新名"
    assert doc.blocks[1] == "版面表格里的标题"
    (table,) = [b for b in doc.blocks if isinstance(b, Table)]
    # the two parts joined, the repeated two header rows dropped, U+3000 → ""
    assert table.rows == [["项目", "申请人情况", None], [None, "自然人", "商业企业"],
                          ["一、本年新收", "17", ""], ["二、上年结转", "23", "31"]]
    assert doc.blocks[-1] == "内容控件里的段落"


def test_two_tables_with_text_between_stay_apart():
    t = "<w:tbl>" + _tr(_tc("规章"), _tc("5")) + "</w:tbl>"
    doc = read_bytes("two.docx", _docx(t + _p("第二十条第（五）项") + t))
    assert [b.rows if isinstance(b, Table) else b for b in doc.blocks] == [[["规章", "5"]], "第二十条第（五）项", [["规章", "5"]]]


# ---------------------------------------------------------------- legacy .doc / .wps
@pytest.fixture(scope="module")
def legacy_doc(tmp_path_factory):
    """A .doc converted by LibreOffice from a rendered .docx (CI installs LibreOffice)."""
    import subprocess

    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice (soffice) is required for the legacy tests"
    tmp = tmp_path_factory.mktemp("legacy")
    truth = make_truth("2021", seed=23)
    src = tmp / "report.docx"
    src.write_bytes(render_docx(truth, seed=2))
    subprocess.run([soffice, f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless",
                    "--convert-to", "doc", "--outdir", str(tmp), str(src)], check=True, capture_output=True, timeout=120)
    return tmp / "report.doc", truth


def test_doc_converted_every_number(legacy_doc):
    path, truth = legacy_doc
    assert path.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
    doc = read_file(path)
    assert doc.format == "doc" and doc.meta["converted_with"] == "soffice"
    assert assert_document_tables(doc, truth) == 25 * 7 + 15 + 10


def test_wps_keeps_its_format(legacy_doc, tmp_path):
    path, truth = legacy_doc
    wps = tmp_path / "report.wps"
    wps.write_bytes(path.read_bytes())
    doc = read_file(wps)
    assert doc.format == "wps"
    assert assert_document_tables(doc, truth) == 25 * 7 + 15 + 10


def test_converter_missing_names_program_and_file(legacy_doc, tmp_path, monkeypatch):
    path, _ = legacy_doc
    target = tmp_path / "老报告.doc"
    target.write_bytes(path.read_bytes())
    monkeypatch.setenv("NIANBAO_SOFFICE", "")
    with pytest.raises(ReportError) as err:
        read_file(target)
    assert err.value.reason == "converter_missing"
    assert str(err.value) == f"{target}: converter_missing: LibreOffice (soffice) is not installed; cannot convert 老报告.doc"


# ---------------------------------------------------------------- end to end through the parser
from pipelines import parse  # noqa: E402


@pytest.mark.parametrize("variant", ["2021", "hybrid", "2019"])
def test_rendered_docx_end_to_end(variant, tmp_path):
    truth = make_truth(variant, seed=71)
    path = tmp_path / "report.docx"
    path.write_bytes(render_docx(truth, seed=4))
    report = parse(path)
    assert (report.unit, report.year, report.template, report.format) == ("示例市测试局", truth["year"], truth["template"], "docx")
    assert report.table("requests") == truth["requests"]
    assert report.table("review_litigation") == truth["review_litigation"]
    assert report.table("proactive") == truth["proactive"]
    assert report.failed_checks == []


def test_doc_end_to_end(legacy_doc):
    path, truth = legacy_doc
    report = parse(path)
    assert (report.unit, report.year, report.template, report.format) == ("示例市测试局", truth["year"], "2021", "doc")
    assert report.table("requests") == truth["requests"]
    assert report.table("review_litigation") == truth["review_litigation"]
    assert report.table("proactive") == truth["proactive"]
    assert report.failed_checks == []


def test_rtf_saved_as_doc(legacy_doc, tmp_path):
    """Word's "save as .doc" from a web page often writes RTF: converted with the RTF filter."""
    import subprocess

    path, truth = legacy_doc
    subprocess.run([shutil.which("soffice"), f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}", "--headless",
                    "--convert-to", "rtf", "--outdir", str(tmp_path), str(path)], check=True, capture_output=True, timeout=120)
    rtf = tmp_path / "report.rtf"
    assert rtf.read_bytes().startswith(b"{\\rtf")
    disguised = tmp_path / "年报.doc"
    disguised.write_bytes(rtf.read_bytes())
    doc = read_file(disguised)
    assert doc.format == "doc" and doc.warnings == []
    assert assert_document_tables(doc, truth) == 25 * 7 + 15 + 10


def test_main_part_found_through_rels_and_drawing_text_kept_once():
    MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    drawing = (f'<w:p {MC}><w:r><mc:AlternateContent><mc:Choice Requires="wps"><w:t>文本框标题</w:t></mc:Choice>'
               '<mc:Fallback><w:t>文本框标题</w:t></mc:Fallback></mc:AlternateContent></w:r></w:p>')
    body = drawing + "<w:tbl>" + _tr(_tc("规章"), _tc("5")) + "</w:tbl>"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("_rels/.rels", '<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
                   'Target="word/document2.xml"/></Relationships>')
        z.writestr("word/document2.xml", f'<?xml version="1.0"?><w:document {W_NS}><w:body>{body}</w:body></w:document>')
    doc = read_bytes("wps_style.docx", out.getvalue())
    assert doc.blocks == ["文本框标题", Table(rows=[["规章", "5"]])]


def test_tracked_changes_deleted_rows_and_moved_text():
    deleted_row = '<w:tr><w:trPr><w:del w:id="1" w:author="x"/></w:trPr>' + _tc("旧行") + _tc("99") + "</w:tr>"
    body = ('<w:p><w:moveFrom><w:r><w:t>移走的</w:t></w:r></w:moveFrom><w:r><w:t>正文</w:t></w:r></w:p>'
            "<w:tbl>" + _tr(_tc("规章"), _tc("5")) + deleted_row + _tr(_tc("行政许可"), _tc("6")) + "</w:tbl>")
    doc = read_bytes("tracked.docx", _docx(body))
    assert doc.blocks == ["正文", Table(rows=[["规章", "5"], ["行政许可", "6"]])]


def test_table_inside_a_text_box():
    box = ("<w:p><w:r><w:t>见下表</w:t></w:r><w:r><w:pict><w:txbxContent>" + _p("框内标题")
           + "<w:tbl>" + _tr(_tc("规章"), _tc("5")) + _tr(_tc("行政许可"), _tc("6")) + "</w:tbl>"
           + "</w:txbxContent></w:pict></w:r></w:p>")
    doc = read_bytes("textbox.docx", _docx(box))
    assert doc.blocks == ["框内标题", Table(rows=[["规章", "5"], ["行政许可", "6"]]), "见下表"]
