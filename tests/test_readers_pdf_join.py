"""Rows broken over a page end: which are merged back, which are left alone;
and Word-style PDFs exported by LibreOffice read back with every number."""
from __future__ import annotations

import shutil
import subprocess

import pytest

from pipelines import parse
from pipelines.demo.render.docx import render_docx
from pipelines.readers import read_file
from pipelines.readers.pdf_join import _merge_split_row, _value_columns
from tests.test_readers_truth import assert_document_tables, make_truth

HEAD = ["（三）不予公开", "自然人", "商业企业", "总计"]


def _merge(last, first, body=(["1.属于国家秘密", "11", "12", "23"], ["2.其他法律", "13", "14", "27"])):
    return _merge_split_row(last, first, _value_columns([*body, last, first]))


def test_digits_wrapped_over_the_page():
    assert _merge(["（七）总计", "2880", "2475", "1974"], ["", "0", "1", "88"]) == ["（七）总计", "28800", "24751", "197488"]


def test_label_tail_after_the_numbers():
    assert _merge(["6.属于四", "21", "22", "43"], ["类过程性信息", "", "", ""]) == ["6.属于四类过程性信息", "21", "22", "43"]


def test_numbers_with_the_label_tail():
    assert _merge(["3.要求提供公开出", "", "", ""], ["版物", "31", "32", "63"]) == ["3.要求提供公开出版物", "31", "32", "63"]


def test_header_second_line():
    body = (["a", "1", "2", "3"], ["b", "4", "5", "9"])
    assert _merge_split_row(["", "社会公益", "法律服务", "其他"], ["", "组织", "机构", ""], _value_columns([*body])) == \
        ["", "社会公益组织", "法律服务机构", "其他"]


@pytest.mark.parametrize("last,first", [
    (["5.属于三类内部事务信息", "51", "52", "103"], ["6.属于四类过程性信息", "61", "62", "123"]),  # two full rows
    (["5.属于三类内部事务信息", "51", "52", "103"], ["6.属于四类过程性信息", "", "", ""]),  # a blank row, enumerated
    (["8.属于行政查询事项", "", "", ""], ["1.本机关不掌握相关政府信息", "71", "72", "143"]),  # blank row, then a new row
    (["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "", "", ""]),  # header, then a blank row
    (["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"], ["规章", "1", "0", "11"]),  # header, then data
    (["结果维持", "结果纠正", "总计", None], [None, None, "结果维持", "结果纠正"]),  # a second header row
    ([None, "（四）无", "1.本机关不掌握相关政府信息", "746"], ["", "法提供", "2.没有现成信息需要另行制作", "11"]),  # huaian p4/p5
])
def test_real_new_rows_are_not_merged(last, first):
    assert _merge(last, first) is None


@pytest.fixture(scope="module")
def libreoffice_pdfs(tmp_path_factory):
    """The demo .docx of each variant exported to PDF by LibreOffice: Word-like
    layout, rows allowed to break across pages."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice (soffice) is required"
    tmp = tmp_path_factory.mktemp("lo_pdf")
    truths = {}
    for variant in ("2021", "2019", "hybrid"):
        truths[variant] = make_truth(variant, seed=3)
        (tmp / f"{variant}.docx").write_bytes(render_docx(truths[variant], seed=1))
    subprocess.run([soffice, f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp), *(str(tmp / f"{v}.docx") for v in truths)], check=True, capture_output=True, timeout=180)
    return tmp, truths


@pytest.mark.parametrize("variant,n", [("2021", 25 * 7 + 15 + 10), ("2019", 23 * 7 + 15 + 22), ("hybrid", 23 * 7 + 15 + 10)])
def test_libreoffice_pdf_every_number(libreoffice_pdfs, variant, n):
    tmp, truths = libreoffice_pdfs
    path = tmp / f"{variant}.pdf"
    doc = read_file(path)
    assert doc.format == "pdf"
    assert all(w.startswith("pdf: 第 ") and ("跨页断行" in w or "跨页断开" in w) for w in doc.warnings), doc.warnings
    assert assert_document_tables(doc, truths[variant]) == n
    report = parse(path)
    assert report.table("requests") == truths[variant]["requests"]
    assert report.table("proactive") == truths[variant]["proactive"]
    assert report.table("review_litigation") == truths[variant]["review_litigation"]
    assert report.failed_checks == []


def test_header_cell_cut_by_the_page_end():
    from pipelines.readers.pdf_join import _merge_header_fragments

    last = ["说明", None, "自然", "法人或其他组织", None, "总计"]
    first = ["", None, "人", "商业企业", "科研机构", ""]
    assert _merge_header_fragments(last, first) is True
    assert last == ["说明", None, "自然人", "法人或其他组织", None, "总计"]
    assert first == ["", None, "", "商业企业", "科研机构", ""]


@pytest.mark.parametrize("last,first", [
    (["说明", None, "自然人", "法人或其他组织", None, "总计"], ["", None, "", "商业企业", "科研机构", ""]),  # clean break
    (["说明", None, "自然", "法人或其他组织", None, "总计"], ["", None, "人", "12", "13", ""]),  # numbers: not a header
    (["行政复议", None, "行政诉讼", None], ["结果维持", "总计", "未经复议", "复议后"]),  # no cell of the same span
])
def test_header_rows_left_alone(last, first):
    from pipelines.readers.pdf_join import _merge_header_fragments

    before = (list(last), list(first))
    assert _merge_header_fragments(last, first) is False
    assert (last, first) == before


def test_short_glyphs_stay_on_their_line():
    """Tight glyph boxes: 一 starts 4 pt lower than 全 and 稳 but is on the same line."""
    from pipelines.readers.pdf_ruling import Char, cell_text

    chars = [Char(t, 150 + 10 * i, 160 + 10 * i, top, 489.8) for i, (t, top) in
             enumerate([("危", 480.6), ("及", 481.1), ("全", 480.5), ("一", 484.7), ("稳", 480.6), ("定", 480.5)])]
    chars.append(Char("第", 150, 160, 495.0, 504.5))  # the next line of the cell
    assert cell_text(chars) == "危及全一稳定\n第"


@pytest.fixture(scope="module")
def chromium_pdfs(tmp_path_factory):
    """HTML fixtures printed to PDF by headless Chromium ("打印为 PDF" from a
    government site): separate cell borders, rows cut at the page end without
    their closing border."""
    from pathlib import Path

    browser = shutil.which("chromium") or shutil.which("chromium-browser")
    assert browser, "Chromium is required (CI installs it)"
    tmp = tmp_path_factory.mktemp("chromium_pdf")
    fixtures = Path(__file__).parent / "fixtures" / "html"
    for name in ("gov_2021_rowspan", "one_table_hybrid", "one_table_2019"):
        subprocess.run([browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-pdf-header-footer",
                        f"--user-data-dir={tmp / 'profile'}", f"--print-to-pdf={tmp / (name + '.pdf')}",
                        (fixtures / f"{name}.html").as_uri()], check=True, capture_output=True, timeout=120)
    return tmp, fixtures


@pytest.mark.parametrize("name", ["gov_2021_rowspan", "one_table_hybrid", "one_table_2019"])
def test_browser_printed_pdf_every_number(chromium_pdfs, name):
    import json

    tmp, fixtures = chromium_pdfs
    expected = json.loads((fixtures / f"{name}.expected.json").read_text("utf-8"))
    report = parse(tmp / f"{name}.pdf")
    assert (report.unit, report.year, report.template) == (expected["unit"], expected["year"], expected["template"])
    assert report.table("requests") == expected["requests"]
    assert report.table("proactive") == expected["proactive"]
    assert report.table("review_litigation") == expected["review_litigation"]


# ---------------------------------------------------------------- parts joined on their grid (Ruled → Table)
from pipelines.readers.pdf_join import Ruled, append_page, finish  # noqa: E402

#: Column x-edges of the small tables below: a label column, then four value columns.
X = (0.0, 200.0, 250.0, 300.0, 350.0, 400.0)


def _row(*cells: str | tuple[str, int]) -> list[tuple[float, float, str]]:
    """A row from its cells left to right: text (one column) or (text, columns spanned);
    a cell of None text is skipped (the column is covered by a merged cell)."""
    out, i = [], 0
    for c in cells:
        text, span = c if isinstance(c, tuple) else (c, 1)
        if text is not None:
            out.append((X[i], X[i + span], text))
        i += span
    return out


def _joined(*pages: list[list[tuple[float, float, str]]]) -> tuple[list[list[str | None]], list[str]]:
    """The parts of one table on consecutive pages, joined and laid on their grid."""
    blocks: list = []
    for page, rows in enumerate(pages, start=1):
        append_page(blocks, [(72.0, Ruled(rows=rows, page=page, x0=X[0], x1=X[-1]))])
    warnings: list[str] = []
    (table,) = finish(blocks, warnings)
    return table.rows, warnings


def test_merged_header_cell_cut_by_the_page_end_gets_its_tail_back():
    """A header cell merged down over three rows is cut inside the third: the rest of its text
    and the second lines of the third row's cells open the next page (LibreOffice, hybrid)."""
    page1 = [_row("（本列数据：第一项加第二项之和，等于第三", ("申请人情况", 4)),
             _row(None, "自然人", ("法人或其他组织", 2), "总计"),
             _row(None, None, "商业", "科研", None)]
    page2 = [_row("项加第四项之和）", "", "企业", "机构", ""),
             _row("一、本年新收", "31", "42", "53", "126"),
             _row("二、上年结转", "17", "20", "22", "59")]
    rows, warnings = _joined(page1, page2)
    assert rows == [["（本列数据：第一项加第二项之和，等于第三项加第四项之和）", "申请人情况", None, None, None],
                    [None, "自然人", "法人或其他组织", None, "总计"],
                    [None, None, "商业企业", "科研机构", None],
                    ["一、本年新收", "31", "42", "53", "126"],
                    ["二、上年结转", "17", "20", "22", "59"]]
    assert warnings == ["pdf: 第 2 页顶端的表格行是上一页末行的续行（跨页断行），已合并为“商业企业”一行"]


def test_header_row_after_a_clean_break_keeps_its_merged_cell():
    """The same header broken cleanly after its third row: the next page starts with data, and
    the merged cell keeps its own text (nothing moves up)."""
    page1 = [_row("（本列数据）", ("申请人情况", 4)), _row(None, "自然人", ("法人或其他组织", 2), "总计"),
             _row(None, None, "商业企业", "科研机构", None)]
    page2 = [_row("一、本年新收", "31", "42", "53", "126"), _row("二、上年结转", "17", "20", "22", "59")]
    rows, warnings = _joined(page1, page2)
    assert rows[0] == ["（本列数据）", "申请人情况", None, None, None]
    assert rows[3:] == [["一、本年新收", "31", "42", "53", "126"], ["二、上年结转", "17", "20", "22", "59"]]
    assert warnings == []


NUMBERED = [_row("1.属于国家秘密", "11", "12", "13", "36"), _row("2.其他法律行政法规禁止公开", "21", "22", "23", "66")]


def test_label_tail_and_wrapped_digits_over_the_page():
    """A row cut by the page end in the middle of its label and of a number wrapped in its
    narrow cell (1150 / 6): the next page opens with the label's rest and the last digit."""
    rows, warnings = _joined(NUMBERED + [_row("3.危及“三安", "2052", "144", "1082", "1150")],
                             [_row("全一稳定”", "", "", "", "6"), _row("4.保护第三方合法权益", "41", "42", "43", "126")])
    assert rows == [["1.属于国家秘密", "11", "12", "13", "36"], ["2.其他法律行政法规禁止公开", "21", "22", "23", "66"],
                    ["3.危及“三安全一稳定”", "2052", "144", "1082", "11506"],
                    ["4.保护第三方合法权益", "41", "42", "43", "126"]]
    assert warnings == ["pdf: 第 2 页顶端的表格行是上一页末行的续行（跨页断行），已合并为“3.危及“三安全一稳定””一行"]


@pytest.mark.parametrize("last,first", [
    # labels not enumerated (section 二): a short new row, not the rest of the last one
    (_row("行政规范性文件", "307", "142", "465", "914"), _row("行政处罚", "", "", "", "6")),
    # as many numbers as the last row: a new row whose label is not enumerated
    (_row("3.危及“三安", "2052", "144", "1082", "1150"), _row("合计", "1", "2", "3", "6")),
    # a number under an empty cell of the last row
    (_row("3.危及“三安", "2052", "144", "", "1150"), _row("全一稳定”", "", "", "7", "")),
])
def test_short_rows_after_a_page_break_stay_rows(last, first):
    body = NUMBERED if last[0][2].startswith("3.") else [_row("规章", "1", "2", "3", "6"), _row("其他文件", "4", "5", "6", "15")]
    rows, warnings = _joined(body + [last], [first])
    assert rows[-2:] == [[c[2] for c in last], [c[2] for c in first]]
    assert warnings == []


def test_text_under_a_merged_cell_at_the_top_of_a_page():
    """The text of a page's first row under a group cell merged down over the last row: the
    group cell's tail (moved up to it), unless it opens a group of its own (enumerated)."""
    from pipelines.readers.pdf_join import _merged_above

    rows = [[None, "（四）无法", "1.本机关不掌握相关政府信息", "1", "2"],
            [None, None, "2.没有现成信息需要另行制作", "3", "4"],
            ["", "提供", "3.补正后申请内容仍不明确", "5", "6"]]
    spans = [[0, 1, 1, 1, 1], [0, 0, 1, 1, 1], [1, 1, 1, 1, 1]]
    assert _merged_above(rows, spans, 2) == {1: 0}
    rows[2][1] = "（五）不予处理"
    assert _merged_above(rows, spans, 2) == {}
    rows[2][1:3], spans[2][1:3] = ["提供", None], [2, 0]  # a cell two columns wide: not the group cell's rest
    assert _merged_above(rows, spans, 2) == {}


def test_part_without_a_top_rule_is_still_a_grid():
    """The part of a table on the next page drawn without its top rule (Word leaves the rule
    to the previous page): its vertical lines start together, which closes the first row."""
    from pipelines.readers.pdf_ruling import find_tables

    hs = [(60.0, 0.0, 200.0), (100.0, 0.0, 200.0)]
    vs = [(0.0, 20.0, 100.0), (120.0, 20.0, 100.0), (200.0, 20.0, 100.0)]
    (table,) = find_tables(hs, vs)
    assert [(c.x0, c.top, c.x1, c.bottom) for c in table] == [
        (0.0, 20.0, 120.0, 60.0), (120.0, 20.0, 200.0, 60.0), (0.0, 60.0, 120.0, 100.0), (120.0, 60.0, 200.0, 100.0)]
