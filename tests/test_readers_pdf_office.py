"""Text PDFs as units make them: the demo .docx exported to PDF by LibreOffice (fonts embedded,
rows allowed to break across pages). The 2019 and hybrid tables have narrow label columns
printed a character or two per line; each report below has a table broken over a page end
inside a merged group (or a merged header cell), and every number must come back."""
from __future__ import annotations

import random
import shutil
import subprocess

import pytest

from pipelines import parse
from pipelines.bench.parse import random_truth
from pipelines.demo.render.docx import render_docx
from pipelines.readers import read_file
from pipelines.readers.pdf import _needs_layout
from tests.test_readers_truth import assert_document_tables, make_truth

#: name → (truth, the .docx seed, a warning the join must give: proof the break is where the case says)
CASES = {
    # the rest of section 三 (rows 5–8 of （三）不予公开, （四）无法提供) on a page without an unbroken
    # table word: read as text lines before, its bare numbers dropped as page footers
    "2019_rows_after_the_break": (lambda: random_truth(random.Random(0), variant="2019"), 0,
                                  "第 3 页顶端的表格行是上一页末行的续行（跨页断行），已合并为“4.保护第三方合法权益”一行"),
    "hybrid_rows_after_the_break": (lambda: random_truth(random.Random(0), variant="hybrid"), 0,
                                    "第 3 页顶端的表格行是上一页末行的续行（跨页断行），已合并为“5.属于三类内部事务信息”一行"),
    # section 四's header cut by the page end; the page with its values has no table word at all
    "2021_review_header_cut": (lambda: random_truth(random.Random(6), variant="2021"), 6,
                               "第 4 页顶端表头中跨页断开的合并单元格已接回上一页"),
    # a row of （六）其他处理 cut inside its group label, its item label and its 5-digit total (1021 / 3)
    "2021_group_row_cut": (lambda: make_truth("2021", seed=14), 14,
                           "第 4 页顶端的表格行是上一页末行的续行（跨页断行），已合并为“（六）其他处理”一行"),
    # （五 / ）不予处理, 1.信 / 访举报投诉类申请 and 1082 / 3 across the page end
    "2019_group_label_cut": (lambda: make_truth("2019", seed=23), 23,
                             "第 4 页顶端的表格行是上一页末行的续行（跨页断行），已合并为“（五）不予处理”一行"),
    # the header cell merged over three rows, cut inside the third: its tail opens page 2
    "hybrid_header_cell_cut": (lambda: make_truth("hybrid", seed=3), 3,
                               "第 2 页顶端的表格行是上一页末行的续行（跨页断行），已合并为“商业企业”一行"),
}
#: Numbers checked in the Document per template variant (section 三 rows × 7, section 四, section 二).
NUMBERS = {"2021": 25 * 7 + 15 + 10, "2019": 23 * 7 + 15 + 22, "hybrid": 23 * 7 + 15 + 10}


@pytest.fixture(scope="module")
def office_pdfs(tmp_path_factory):
    """Every case's .docx exported to PDF by LibreOffice in one batch."""
    soffice = shutil.which("soffice")
    assert soffice, "LibreOffice (soffice) is required"
    tmp = tmp_path_factory.mktemp("office_pdf")
    truths = {}
    for name, (make, seed, _warning) in CASES.items():
        truths[name] = make()
        (tmp / f"{name}.docx").write_bytes(render_docx(truths[name], seed=seed))
    subprocess.run([soffice, f"-env:UserInstallation={(tmp / 'profile').as_uri()}", "--headless", "--convert-to", "pdf",
                    "--outdir", str(tmp), *(str(tmp / f"{n}.docx") for n in CASES)],
                   check=True, capture_output=True, timeout=300)
    return tmp, truths


@pytest.mark.parametrize("name", list(CASES))
def test_table_broken_inside_a_merged_group_every_number(office_pdfs, name):
    tmp, truths = office_pdfs
    truth, path = truths[name], tmp / f"{name}.pdf"
    doc = read_file(path)
    assert "pdf: " + CASES[name][2] in doc.warnings
    assert all(w.startswith("pdf: 第 ") and ("跨页断行" in w or "跨页断开" in w) for w in doc.warnings), doc.warnings
    assert assert_document_tables(doc, truth) == NUMBERS[truth["variant"]]
    report = parse(path)
    requests = report.table("requests")
    assert {code: requests[code] for code in truth["requests"]} == truth["requests"]
    assert report.table("review_litigation") == truth["review_litigation"]
    proactive = report.table("proactive")
    assert proactive.keys() == truth["proactive"].keys()
    for item, measures in truth["proactive"].items():
        assert proactive[item] == pytest.approx(measures), item  # amounts: 5.81 printed for 5.8100000000000005
    assert report.failed_checks == []


def test_table_words_broken_over_lines_still_lay_the_page_out():
    """PDFium's text of a continuation page whose narrow label cells print a character or two
    per line (o_0.pdf of the bench, page 3), against a page of prose."""
    table_page = "护\r\n第\r\n三\r\n方\r\n合\r\n法\r\n权益\r\n5.\r\n属\r\n于三类内部事\r\n务信息\r\n0\r\n2\r\n0\r\n（四\r\n）\r\n无\r\n法\r\n提\r\n供"
    prose = ("（五）监督保障。将政务公开工作纳入年度绩效考核，组织政务公开业务培训\r\n270 次，参训人员 528 人次。\r\n"
             "所列数据的统计期限自 2020 年 1 月 1 日起至 2020 年 12 月 31 日止。")
    assert _needs_layout(table_page)
    assert not _needs_layout(table_page.replace("无\r\n法\r\n提\r\n供", "无\r\n法"))
    assert not _needs_layout(prose)
