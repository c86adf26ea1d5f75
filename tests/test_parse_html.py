"""HTML reports as published on government sites: hand-shaped pages with an
independent expected JSON each (every number asserted), and the Documents
the HTML reader builds from them (noise removed, merges expanded)."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pipelines import parse
from pipelines.readers import read_bytes, read_file
from pipelines.readers.base import Table

FIXTURES = Path(__file__).parent / "fixtures" / "html"
PAGES = sorted(p.name for p in FIXTURES.glob("*.html"))


def test_all_fixture_pages_present():
    assert PAGES == ["bom_2021.html", "gbk_meta_2019.html", "gbk_nodecl_hybrid.html", "gov_2021_rowspan.html",
                     "one_table_2019.html", "one_table_2021.html", "one_table_hybrid.html", "traditional_2019.html"]


@pytest.mark.parametrize("name", PAGES)
def test_page_end_to_end_every_number(name):
    expected = json.loads((FIXTURES / name.replace(".html", ".expected.json")).read_text("utf-8"))
    report = parse(FIXTURES / name)
    assert report.format == "html"
    assert (report.unit, report.year, report.template) == (expected["unit"], expected["year"], expected["template"])
    assert report.table("requests") == expected["requests"]
    assert report.table("review_litigation") == expected["review_litigation"]
    assert report.table("proactive") == expected["proactive"]


@pytest.mark.parametrize("name,encoding", [
    ("gov_2021_rowspan.html", "utf-8"), ("gbk_meta_2019.html", "gb18030"),
    ("gbk_nodecl_hybrid.html", "gb18030"), ("bom_2021.html", "utf-8 (BOM)"), ("traditional_2019.html", "utf-8"),
])
def test_encoding_recorded(name, encoding):
    assert read_file(FIXTURES / name).meta["encoding"] == encoding


def test_gbk_page_is_not_utf8():
    raw = (FIXTURES / "gbk_nodecl_hybrid.html").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        raw.decode("utf-8")
    assert b"charset" not in raw.lower()


@pytest.fixture(scope="module")
def gov():
    return read_file(FIXTURES / "gov_2021_rowspan.html")


def test_noise_dropped_and_order_kept(gov):
    lines = [b for b in gov.blocks if isinstance(b, str)]
    text = "\n".join(lines)
    for noise in ("统计代码", "_hmt", "隐藏的 999", "政府信息公开年报", ".nav"):
        assert noise not in text
    assert gov.meta["title"] == "示例市交通运输局2022年度政府信息公开工作年度报告_示例市人民政府"
    # the <h1> with a <br> gives two lines; the article follows in order
    i = lines.index("示例市交通运输局")
    assert lines[i + 1] == "2022年度政府信息公开工作年度报告"
    order = [b if isinstance(b, str) else "TABLE" for b in gov.blocks]
    for heading in ("三、收到和处理政府信息公开申请情况", "四、政府信息公开行政复议、行政诉讼情况"):
        assert order[order.index(heading) + 1] == "TABLE"
    assert order.index("五、存在的主要问题及改进情况") > order.index("四、政府信息公开行政复议、行政诉讼情况")


def test_rowspan_colspan_grid(gov):
    req = next(b for b in gov.blocks if isinstance(b, Table) and b.rows[0][3] == "申请人情况")
    assert req.rows[0] == ["（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）", None, None,
                           "申请人情况", None, None, None, None, None, None]
    assert req.rows[1] == [None, None, None, "自然人", "法人或其他组织", None, None, None, None, "总计"]
    # labels split by <br> and <p> joined into one label each
    assert req.rows[2] == [None, None, None, None, "商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他", None]
    assert req.rows[5][:3] == ["三、本年度办理结果", "（一）予以公开", None]
    assert req.rows[7][:3] == [None, "（三）不予公开", "1.属于国家秘密"]
    assert req.rows[8][:3] == [None, None, "2.其他法律行政法规禁止公开"]
    assert all(len(r) == 10 for r in req.rows) and len(req.rows) == 3 + 25
    # &nbsp; cells are printed-empty "" (withheld_inquiry × 科研机构)
    inquiry = next(r for r in req.rows if r[2] == "8.属于行政查询事项")
    expected = json.loads((FIXTURES / "gov_2021_rowspan.expected.json").read_text("utf-8"))["requests"]["withheld_inquiry"]
    assert inquiry[3:] == [str(expected["natural_person"]), str(expected["commercial"]), "",
                           str(expected["social_welfare"]), str(expected["legal_service"]), str(expected["other_org"]),
                           str(expected["total"])]


def test_blank_cells_reported_blank():
    report = parse(FIXTURES / "gov_2021_rowspan.html")
    for row, col in (("withheld_inquiry", "research"), ("rejected_excessive", "social_welfare")):
        cell = report.cell("requests", row, col)
        assert (cell.value, cell.state) == (None, "blank")


def test_several_tables_vs_one_big_table():
    several = [b for b in read_file(FIXTURES / "gbk_meta_2019.html").blocks if isinstance(b, Table)]
    one = [b for b in read_file(FIXTURES / "one_table_2019.html").blocks if isinstance(b, Table)]
    assert len(several) == 7 and len(one) == 1  # 5 clause tables (（一）（五）（六）（八）（九）) + 三 + 四, or all in one


def test_nested_layout_table_read_as_flow():
    html = ("<html><body><table><tr><td><p>页眉</p></td></tr><tr><td><h2>标题行</h2>"
            "<table><tr><td rowspan=2>自然人</td><td>5</td></tr><tr><td>6</td></tr></table><p>尾注</p></td></tr></table></body></html>")
    doc = read_bytes("nested.html", html.encode())
    assert doc.blocks == ["页眉", "标题行", Table(rows=[["自然人", "5"], [None, "6"]]), "尾注"]


def test_ideographic_space_and_numbers_kept_apart():
    html = "<table><tr><td>\u3000\u3000</td><td>1<br>2</td><td>&nbsp;</td><td>本年新<br>制作数量</td></tr></table>"
    doc = read_bytes("cells.html", html.encode())
    assert doc.blocks == [Table(rows=[["", "1 2", "", "本年新制作数量"]])]


def test_uppercase_tags_comments_and_hidden_cells():
    html = ("<HTML><BODY><!-- 注释 123 --><P>标题</P><TABLE><TR><TD ROWSPAN='2'>自然人</TD><TD COLSPAN=2>7</TD></TR>"
            "<TR><TD>8</TD><TD style='display: none'>99</TD><TD>9</TD></TR></TABLE></BODY></HTML>")
    doc = read_bytes("upper.html", html.encode())
    assert doc.blocks == ["标题", Table(rows=[["自然人", "7", None], [None, "8", "9"]])]


def test_noise_inside_cells_and_captions_is_left_out():
    html = ("<html><head><script>var a = 1;</script></head><body><table><caption>表一<script>x()</script></caption>"
            "<tr><td>自然人<style>td{}</style></td><td>5<select><option>9</option></select></td><td>6</td></tr>"
            "</table><script>track(7)</script></body></html>")
    doc = read_bytes("noise.html", html.encode())
    assert doc.blocks == ["表一", Table(rows=[["自然人", "5", "6"]])]


def test_hidden_parts_of_a_table_by_attribute_or_character_reference():
    """Hidden rows and cell parts are left out however the attribute is spelt (the table
    is then read node by node, every element tested)."""
    html = ("<table><tr><td>自然人</td><td>5<span style='DISPLAY:&#110;one'>99</span></td></tr>"
            "<tr hidden><td>隐藏行</td><td>8</td></tr>"
            "<tr><td>法人</td><td>6<b style='visibility : Hidden'>77</b></td></tr></table>")
    doc = read_bytes("hidden.html", html.encode())
    assert doc.blocks == [Table(rows=[["自然人", "5"], ["法人", "6"]])]


@pytest.mark.parametrize("encoding", ["utf-8", "gb18030", "utf-16", "big5"])
@pytest.mark.parametrize("style", ["display:none", "DISPLAY: NONE", "visibility:HIDDEN", "display:&#78;&#x4f;ne"])
def test_hidden_cell_part_found_in_every_encoding(encoding, style):
    """Whether a page can hide anything is first judged from its bytes or its text (by the
    encoding); a hidden part must be found either way, character references included."""
    html = (f'<meta charset="{encoding}"><table><tr><td>申請人</td><td>7<span style="{style}">99</span></td></tr>'
            "</table>")
    doc = read_bytes("hidden.html", html.encode(encoding))
    assert doc.blocks == [Table(rows=[["申請人", "7"]])]


def test_mathml_rows_inside_a_cell_are_cell_text():
    """<tr>/<td> inside MathML are MathML elements, not rows of the table."""
    html = "<table><tr><td>甲<math><tr><td>1</td></tr></math></td><td>2</td></tr><tr><td>乙</td><td>3</td></tr></table>"
    doc = read_bytes("math.html", html.encode())
    assert doc.blocks == [Table(rows=[["甲1", "2"], ["乙", "3"]])]


def test_caption_after_the_rows_and_whitespace_between_cells():
    html = ("<p>前言</p><table>\n<tr>\n <td> 1 </td>\n <td>自然<br>人</td>\n</tr>\n<caption>表二</caption>"
            "<caption>第二个标题</caption><tr><td colspan=2>3</td></tr></table>")
    doc = read_bytes("caption.html", html.encode())
    assert doc.blocks == ["前言", "表二", Table(rows=[["1", "自然人"], ["3", None]])]


def test_web_archive_saved_as_doc(tmp_path):
    """Word's "single file web page" (MHT, quoted-printable GBK) under a .doc name."""
    from email.mime.multipart import MIMEMultipart
    from email.mime.text import MIMEText

    page = (FIXTURES / "gbk_meta_2019.html").read_bytes().decode("gb18030")
    archive = MIMEMultipart("related")
    part = MIMEText(page, "html", "gb2312")
    del part["Content-Transfer-Encoding"]
    part.set_payload(__import__("quopri").encodestring(page.encode("gbk")).decode("ascii"))
    part["Content-Transfer-Encoding"] = "quoted-printable"
    archive.attach(part)
    path = tmp_path / "年报.doc"
    path.write_bytes(archive.as_bytes())
    doc = read_file(path)
    assert doc.format == "html" and doc.meta["container"] == "mht" and doc.meta["encoding"] == "gb18030"
    assert doc.warnings == ["file: 扩展名为 .doc，但文件内容是 mht，已按 mht 读取"]
    assert doc.blocks == read_file(FIXTURES / "gbk_meta_2019.html").blocks
    expected = json.loads((FIXTURES / "gbk_meta_2019.expected.json").read_text("utf-8"))
    report = parse(path)
    assert report.table("requests") == expected["requests"]
    assert report.table("proactive") == expected["proactive"]
    assert report.table("review_litigation") == expected["review_litigation"]


def _expected_grid(spec: list[list[tuple[int, int, str]]]) -> list[list[str | None]]:
    """Oracle for span expansion: place each cell at the first free position of its row,
    mark every position its rowspan/colspan covers (rows past the end ignored; rowspan 0
    reaches the end of the table)."""
    taken: dict[tuple[int, int], str | None] = {}
    for r, cells in enumerate(spec):
        col = 0
        for rs, cs, text in cells:
            while (r, col) in taken:
                col += 1
            for dr in range(rs or len(spec) - r):
                for dc in range(cs):
                    if r + dr < len(spec):
                        taken.setdefault((r + dr, col + dc), None)
            taken[(r, col)] = text
            col += cs
    out = []
    for r in range(len(spec)):
        cols = [c for (rr, c) in taken if rr == r]
        if cols:
            out.append([taken.get((r, c), "") for c in range(max(cols) + 1)])
    return out


_SPAN_CELL = st.tuples(st.integers(0, 4), st.integers(1, 3), st.sampled_from(["自然人", "12", "0", "其他", ""]))


@settings(max_examples=50, deadline=None)
@given(st.lists(st.lists(_SPAN_CELL, max_size=5), min_size=1, max_size=6))
@example([[(1, 1, "a"), (4, 1, "b")], [(2, 3, "c")], [], []])  # a colspan across a longer rowspan
def test_spans_expand_like_a_browser(spec):
    """Random rowspan/colspan tables read back as the oracle lays them out (the reader's fast
    paths for rows without merges must agree with the general one)."""
    rows = "".join("<tr>" + "".join(
        f"<td{f' rowspan={rs}' if rs != 1 else ''}{f' colspan={cs}' if cs > 1 else ''}>{text}</td>"
        for rs, cs, text in cells) + "</tr>" for cells in spec)
    doc = read_bytes("spans.html", f"<html><body><table>{rows}</table></body></html>".encode())
    expected = _expected_grid(spec)
    assert doc.blocks == ([Table(rows=expected)] if expected else [])
