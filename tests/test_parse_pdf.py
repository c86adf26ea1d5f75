"""The real 淮安市人民政府 2024 report (PDF, template 2021): every number of its
three tables, as read by hand from the printed pages, found in the Document."""
from __future__ import annotations

import pytest

from pipelines.readers import read_file
from pipelines.readers.base import Table
from tests.conftest import REAL

HUAIAN = REAL / "huaian_city_2024.pdf"

# Section 三, by printed row label: 自然人, 商业企业, 科研机构, 社会公益组织, 法律服务机构, 其他, 总计
REQUESTS = {
    "一、本年新收政府信息公开申请数量": [3001, 53, 0, 0, 61, 4, 3119],
    "二、上年结转政府信息公开申请数量": [34, 0, 0, 0, 0, 0, 34],
    "（一）予以公开": [1288, 21, 0, 0, 50, 3, 1362],
    "（二）部分公开（区分处理的，只计这一情形，不计其他情形）": [447, 7, 0, 0, 0, 0, 454],
    "1.属于国家秘密": [2, 0, 0, 0, 0, 0, 2],
    "2.其他法律行政法规禁止公开": [30, 1, 0, 0, 0, 0, 31],
    "3.危及“三安全一稳定”": [5, 0, 0, 0, 0, 0, 5],
    "4.保护第三方合法权益": [6, 0, 0, 0, 0, 0, 6],
    "5.属于三类内部事务信息": [7, 1, 0, 0, 0, 0, 8],
    "6.属于四类过程性信息": [12, 0, 0, 0, 0, 0, 12],
    "7.属于行政执法案卷": [9, 0, 0, 0, 0, 0, 9],
    "8.属于行政查询事项": [105, 0, 0, 0, 0, 0, 105],
    "1.本机关不掌握相关政府信息": [746, 12, 0, 0, 10, 1, 769],
    "2.没有现成信息需要另行制作": [11, 0, 0, 0, 0, 0, 11],
    "3.补正后申请内容仍不明确": [1, 0, 0, 0, 0, 0, 1],
    "1.信访举报投诉类申请": [56, 6, 0, 0, 0, 0, 62],
    "2.重复申请": [25, 0, 0, 0, 0, 0, 25],
    "3.要求提供公开出版物": [0, 0, 0, 0, 0, 0, 0],
    "4.无正当理由大量反复申请": [0, 0, 0, 0, 0, 0, 0],
    "5.要求行政机关确认或重新出具已获取信息": [1, 0, 0, 0, 0, 0, 1],
    "1、申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请": [67, 3, 0, 0, 1, 0, 71],
    "2、申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请": [6, 0, 0, 0, 0, 0, 6],
    "3、其他": [108, 2, 0, 0, 0, 0, 110],
    "（七）总计": [2932, 53, 0, 0, 61, 4, 3050],
    "四、结转下年度继续办理": [103, 0, 0, 0, 0, 0, 103],
}
# Section 二: label -> printed values
PROACTIVE = {
    "规章": ["1", "0", "11"],
    "行政规范性文件": ["8", "26", "66"],
    "行政许可": ["447228"],
    "行政处罚": ["3985758"],
    "行政强制": ["88283"],
    "行政事业性收费": ["96171.6"],
}
# Section 四: 行政复议 (4 outcomes + 总计), 未经复议直接起诉 (5), 复议后起诉 (5)
REVIEW = [72, 64, 178, 37, 351, 13, 4, 8, 1, 26, 12, 1, 1, 6, 20]


@pytest.fixture(scope="module")
def doc():
    return read_file(HUAIAN)


def _tables(doc):
    return [b for b in doc.blocks if isinstance(b, Table)]


def _values(row):
    return [c for c in row if c not in (None, "")]


def test_document_basics(doc):
    assert doc.format == "pdf"
    assert doc.meta["pages"] == 6 and doc.meta["pages_read"] == 6
    assert doc.warnings == []
    lines = [b for b in doc.blocks if isinstance(b, str)]
    assert lines[:2] == ["淮安市人民政府", "2024 年政府信息公开工作年度报告"]
    assert any("统计期限自 2024 年 1 月 1 日至 2024 年 12 月 31 日。" in ln for ln in lines)
    # page footers "- 1 -" … "- 6 -" are gone
    assert not any(ln.strip("- ").isdigit() for ln in lines)
    # section headings stay in reading order around the tables
    order = [b if isinstance(b, str) else "TABLE" for b in doc.blocks]
    i2, i3, i4, i5 = (order.index(h) for h in ("二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                                                 "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况"))
    assert order[i2 + 1] == "TABLE" and order[i3 + 1] == "TABLE" and order[i4 + 1] == "TABLE"
    assert i2 < i3 < i4 < i5


def test_requests_table_joined_across_page_break(doc):
    (req,) = [t for t in _tables(doc) if any("本年新收" in (c or "") for r in t.rows for c in r)]
    assert req.page == 4
    assert req.rows[1][3:] == ["自然人", "法人或其他组织", None, None, None, None, "总计"]
    assert req.rows[2][4:9] == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]
    body = {}
    for row in req.rows[3:]:
        label = next(c for c in reversed(row[:3]) if c)
        body[label] = [int(v) for v in row[3:]]
    assert body == REQUESTS
    # the rows keep the printed order across the page break (- 4 - / - 5 -)
    assert list(body) == list(REQUESTS)


def test_proactive_tables(doc):
    tables = [t for t in _tables(doc) if any("信息内容" in (c or "") for r in t.rows for c in r)]
    # one table: its part on page 3 and its part on page 4 (two columns only) joined on the x-edges
    assert [t.page for t in tables] == [3]
    assert tables[0].rows[7] == ["第二十条第（六）项", None, None, None]
    assert tables[0].rows[8] == ["信息内容", "本年处理决定数量", None, None]
    assert tables[0].rows[9] == ["行政处罚", "3985758", None, None]
    found = {}
    for t in tables:
        for row in t.rows:
            if row[0] in PROACTIVE:
                found[row[0]] = _values(row[1:])
    assert found == PROACTIVE
    headers = [_values(r) for t in tables for r in t.rows if r[0] == "信息内容"]
    assert headers == [["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["信息内容", "本年处理决定数量"],
                       ["信息内容", "本年处理决定数量"], ["信息内容", "本年收费金额（单位：万元）"]]


def test_review_litigation_table(doc):
    (rev,) = [t for t in _tables(doc) if t.rows[0][0] == "行政复议"]
    assert rev.rows[1][:6] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计", "未经复议直接起诉"]
    assert rev.rows[1][10] == "复议后起诉"
    assert rev.rows[2][5:] == ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"] * 2
    assert [int(v) for v in rev.rows[3]] == REVIEW


# ---------------------------------------------------------------- rendered demo PDFs
import io  # noqa: E402
import re  # noqa: E402

import pypdfium2  # noqa: E402

from pipelines.demo.render.pdf import render_pdf  # noqa: E402
from pipelines.readers import read_bytes  # noqa: E402
from tests.test_readers_truth import assert_document_tables, make_truth  # noqa: E402


@pytest.mark.parametrize("variant,seed,n", [("2021", 1, 25 * 7 + 15 + 10), ("hybrid", 2, 23 * 7 + 15 + 10),
                                             ("2019", 3, 23 * 7 + 15 + 22)])
def test_rendered_pdf_every_number(variant, seed, n):
    truth = make_truth(variant, seed=seed + 40)
    data = render_pdf(truth, seed=seed)
    doc = read_bytes(f"demo_{variant}.pdf", data)
    assert doc.format == "pdf" and doc.warnings == []
    assert assert_document_tables(doc, truth) == n
    assert not any(isinstance(b, str) and re.fullmatch(r"-\s*\d+\s*-", b) for b in doc.blocks)
    assert "演示数据" in doc.text


def test_rendered_matrix_over_a_page_break_is_one_table():
    truth = make_truth("2021", seed=9)
    data = render_pdf(truth, seed=1)
    pdf = pypdfium2.PdfDocument(data)
    pages = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
    first = next(i for i, t in enumerate(pages) if "本年新收" in t)
    last = next(i for i, t in enumerate(pages) if "结转下年度继续办理" in t)
    assert last == first + 1  # the matrix really runs over a page end
    assert f"- {first + 1} -" in pages[first]
    doc = read_bytes("split.pdf", data)
    (req,) = [b for b in doc.blocks if isinstance(b, Table) and b.rows[0][3] == "申请人情况"]
    assert req.page == first + 1 and len(req.rows) == 3 + 25


def _reportlab_pdf(story_rows, repeat_rows=0, grid=True, n_pages_text=0) -> bytes:
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate
    from reportlab.platypus import Table as RLTable
    from reportlab.platypus import TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    st = ParagraphStyle("b", fontName="STSong-Light", fontSize=12, leading=20)
    t = RLTable(story_rows, repeatRows=repeat_rows)
    cmds = [("FONTNAME", (0, 0), (-1, -1), "STSong-Light"), ("FONTSIZE", (0, 0), (-1, -1), 11)]
    if grid:
        cmds.append(("GRID", (0, 0), (-1, -1), 0.5, (0, 0, 0)))
    t.setStyle(TableStyle(cmds))
    out = io.BytesIO()
    story = [Paragraph("三、收到和处理政府信息公开申请情况", st)] * (1 + n_pages_text) + [t, Paragraph("四、后文", st)]
    SimpleDocTemplate(out, pagesize=A4).build(story)
    return out.getvalue()


def test_repeated_header_dropped_when_table_continues():
    head = [["项目", "申请人情况", ""], ["", "自然人", "商业企业"]]
    body = [[f"第{i}行", str(1000 + i), str(5000 + 3 * i)] for i in range(1, 91)]
    data = _reportlab_pdf(head + body, repeat_rows=2)
    assert len(pypdfium2.PdfDocument(data)) >= 2  # the header is printed on every page
    doc = read_bytes("repeat.pdf", data)
    (t,) = [b for b in doc.blocks if isinstance(b, Table)]
    assert t.rows[:2] == [["项目", "申请人情况", ""], ["", "自然人", "商业企业"]]
    assert t.rows[2:] == body  # 90 rows in order, the repeated headers dropped


def test_table_without_ruling_lines_rebuilt_from_positions():
    rows = [["项目", "自然人", "商业企业", "总计"]] + [[f"第{i}项", str(100 + i), str(300 + i), str(400 + 2 * i)] for i in range(1, 9)]
    doc = read_bytes("unruled.pdf", _reportlab_pdf(rows, grid=False))
    assert doc.blocks[0] == "三、收到和处理政府信息公开申请情况"
    assert isinstance(doc.blocks[1], Table) and doc.blocks[1].rows == rows
    assert doc.blocks[2] == "四、后文"


def _pua(text: str) -> str:
    """What PDFium returns for glyphs it cannot map: private-use characters."""
    return "".join(chr(0xE000 + ord(c) % 4000) if ord(c) > 0x2000 else c for c in text)


def test_unmapped_glyphs_in_pdfium_fall_back_to_pdfplumber(monkeypatch):
    truth = make_truth("2021", seed=5)
    data = render_pdf(truth, seed=4)
    real = pypdfium2.PdfTextPage.get_text_range
    monkeypatch.setattr(pypdfium2.PdfTextPage, "get_text_range", lambda self, *a, **k: _pua(real(self, *a, **k)))
    doc = read_bytes("unmapped.pdf", data)
    n_pages = doc.meta["pages"]
    assert doc.warnings == [f"pdf: 第 {i} 页的字形 PDFium 无法映射为文字，改用 pdfplumber 提取" for i in range(1, n_pages + 1)]
    assert assert_document_tables(doc, truth) == 25 * 7 + 15 + 10
    assert "演示数据" in doc.text


def test_unmapped_glyphs_in_both_extractors_are_flagged(monkeypatch):
    import pdfplumber.page

    data = render_pdf(make_truth("2021", seed=5), seed=4)
    real_text = pypdfium2.PdfTextPage.get_text_range
    real_words = pdfplumber.page.Page.extract_words
    monkeypatch.setattr(pypdfium2.PdfTextPage, "get_text_range", lambda self, *a, **k: _pua(real_text(self, *a, **k)))
    monkeypatch.setattr(pdfplumber.page.Page, "extract_words",
                        lambda self, *a, **k: [dict(w, text="(cid:%d)" % i) for i, w in enumerate(real_words(self, *a, **k))])
    doc = read_bytes("cid.pdf", data)
    n_pages = doc.meta["pages"]
    assert doc.meta["unmapped_glyph_pages"] == list(range(1, n_pages + 1))
    assert doc.warnings == ["pdf: 第 " + "、".join(str(i) for i in range(1, n_pages + 1))
                            + " 页的字体缺少 Unicode 映射（未映射字形，pdfminer 显示为 (cid:NNN)），这些页的文字不可靠"]
    assert not any(isinstance(b, Table) for b in doc.blocks)


# ---------------------------------------------------------------- end to end through the parser
from pipelines import parse  # noqa: E402
from pipelines.template import APPLICANTS, printed_request_items  # noqa: E402


def test_huaian_end_to_end_every_number():
    report = parse(HUAIAN)
    assert (report.unit, report.year, report.template, report.format) == ("淮安市人民政府", 2024, "2021", "pdf")
    codes = [i.code for i in printed_request_items("2021")]
    expected = {code: dict(zip([a.code for a in APPLICANTS], values)) for code, values in zip(codes, REQUESTS.values())}
    expected["other"] = {"natural_person": 181, "commercial": 5, "research": 0, "social_welfare": 0,
                         "legal_service": 1, "other_org": 0, "total": 187}  # derived: 67+6+108, 3+0+2, …
    assert report.table("requests") == expected
    assert report.table("proactive") == {
        "regulations": {"issued": 1, "repealed": 0, "in_force": 11},
        "normative_documents": {"issued": 8, "repealed": 26, "in_force": 66},
        "licensing": {"decisions": 447228}, "penalty": {"decisions": 3985758},
        "compulsion": {"decisions": 88283}, "fees": {"fee_amount": 96171.6}}
    assert report.table("review_litigation") == {
        "review": {"upheld": 72, "corrected": 64, "other": 178, "pending": 37, "total": 351},
        "litigation_direct": {"upheld": 13, "corrected": 4, "other": 8, "pending": 1, "total": 26},
        "litigation_after_review": {"upheld": 12, "corrected": 1, "other": 1, "pending": 6, "total": 20}}
    assert report.failed_checks == []


@pytest.mark.parametrize("variant", ["2021", "hybrid", "2019"])
def test_rendered_pdf_end_to_end(variant, tmp_path):
    truth = make_truth(variant, seed=61)
    path = tmp_path / "report.pdf"
    path.write_bytes(render_pdf(truth, seed=7))
    report = parse(path)
    assert (report.unit, report.year, report.template) == ("示例市测试局", truth["year"], truth["template"])
    assert report.table("requests") == truth["requests"]
    assert report.table("review_litigation") == truth["review_litigation"]
    assert report.table("proactive") == truth["proactive"]
    assert report.failed_checks == []
    assert report.meta["synthetic"] is True


@pytest.mark.parametrize("rotation", [90, 270])
def test_rotated_landscape_page(rotation):
    """A landscape table on a page turned by /Rotate: read as displayed."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    w, h = A4
    out = io.BytesIO()
    c = canvas.Canvas(out, pagesize=A4)
    c.setPageRotation(rotation)
    if rotation == 90:  # draw in display coordinates of an h × w landscape page
        c.rotate(90)
        c.translate(0, -w)
    else:
        c.rotate(-90)
        c.translate(-h, 0)
    c.setFont("STSong-Light", 12)
    c.drawString(72, w - 60, "三、收到和处理政府信息公开申请情况")
    rows = [["项目", "自然人", "总计"], ["一、本年新收", "101", "203"], ["二、上年结转", "7", "9"]]
    xs, top = [72, 300, 450, 600], w - 90
    for r in range(len(rows) + 1):
        c.line(xs[0], top - 30 * r, xs[-1], top - 30 * r)
    for x in xs:
        c.line(x, top, x, top - 30 * len(rows))
    for r, row in enumerate(rows):
        for k, text in enumerate(row):
            c.drawString(xs[k] + 6, top - 30 * r - 20, text)
    c.showPage()
    c.save()
    doc = read_bytes("landscape.pdf", out.getvalue())
    assert doc.blocks == ["三、收到和处理政府信息公开申请情况", Table(rows=rows, page=1)]


def test_ruled_grid_finder_merges_tolerance_and_open_ends():
    """find_tables on edges as a page draws them: a merged cell (the middle line only in
    the top row, drawn short but within the tolerance), and a second table whose last row
    is cut by the page end (no closing line: its vertical lines end together)."""
    from pipelines.readers.pdf_ruling import find_tables

    hs = [(0.0, 0.0, 200.0), (50.0, 0.0, 200.0), (100.0, 0.0, 200.0), (300.0, 0.0, 200.0), (350.0, 0.0, 200.0)]
    vs = [(0.0, 0.0, 100.0), (200.0, 0.0, 100.0), (101.5, 2.0, 48.5), (0.0, 300.0, 400.0), (200.0, 300.0, 400.0)]
    tables = [[(c.x0, c.top, c.x1, c.bottom) for c in t] for t in find_tables(hs, vs)]
    assert tables == [
        [(0.0, 0.0, 101.5, 50.0), (101.5, 0.0, 200.0, 50.0), (0.0, 50.0, 200.0, 100.0)],
        [(0.0, 300.0, 200.0, 350.0), (0.0, 350.0, 200.0, 400.0)],
    ]


def test_grid_drawn_as_one_path_and_as_rectangles():
    """Some producers draw a whole table grid as one path, others a rectangle per cell."""
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    rows = [["项目", "自然人", "总计"], ["一、本年新收", "101", "203"], ["二、上年结转", "7", "9"]]
    xs, top = [72, 250, 350, 450], 700
    out = io.BytesIO()
    c = canvas.Canvas(out)
    c.setFont("STSong-Light", 12)
    path = c.beginPath()
    for r in range(len(rows) + 1):
        path.moveTo(xs[0], top - 30 * r)
        path.lineTo(xs[-1], top - 30 * r)
    for x in xs:
        path.moveTo(x, top)
        path.lineTo(x, top - 30 * len(rows))
    c.drawPath(path, stroke=1, fill=0)
    def cell_text(x, y, text):  # labels wrapped over two lines inside their cell
        first, _, second = text.partition("|")
        c.drawString(x, y + (6 if second else 0), first)
        if second:
            c.drawString(x, y - 7, second)

    printed = [["项目", "自然人", "总计"], ["一、本年新收|政府信息", "101", "203"], ["二、上年结转|政府信息", "7", "9"]]
    for r, row in enumerate(printed):
        for k, text in enumerate(row):
            cell_text(xs[k] + 6, top - 30 * r - 20, text)
    top2 = 400
    for r, row in enumerate(printed):
        for k, text in enumerate(row):
            c.rect(xs[k], top2 - 30 * (r + 1), xs[k + 1] - xs[k], 30, stroke=1, fill=0)
            cell_text(xs[k] + 6, top2 - 30 * r - 20, text)
    c.save()
    doc = read_bytes("paths.pdf", out.getvalue())
    rows = [["项目", "自然人", "总计"], ["一、本年新收政府信息", "101", "203"], ["二、上年结转政府信息", "7", "9"]]
    assert doc.blocks == [Table(rows=rows, page=1), Table(rows=rows, page=1)]
