"""Crawler / copy-paste text: reports whose paragraphs, headings and cells ran together.

Hand-made pages (tests/fixtures/crawler, built by build.py there with an
oracle written apart from the parser) are checked cell by cell; random valid
reports rendered in the demo's crawler form must never come back with a
wrong number, and a seeded sample must come back almost whole.
"""
from __future__ import annotations

from pipelines.parser import parse_text

ROW_2 = "2.没有现成信息需要另行制作"


def test_short_line_of_two_rows_with_a_stray_space_is_cut_at_the_second_label():
    """Two rows on one short line, the second run with a stray space: each row keeps its own digits
    (before, the line was read as one label with the second row's digits)."""
    head = ("示例镇2023年政府信息公开工作年度报告\n三、收到和处理政府信息公开申请情况\n"
            "申请人情况 自然人 法人或其他组织 总计 商业企业 科研机构 社会公益组织 法律服务机构 其他\n")
    line = f"（四）无法提供1.本机关不掌握相关政府信息2010216{ROW_2}8 0220214\n"
    rep = parse_text(head + line)
    assert rep.table("requests")["unavailable_not_held"] == dict(zip(
        ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"],
        [2, 0, 1, 0, 2, 1, 6]))
    assert rep.table("requests")["unavailable_needs_creation"] == dict(zip(
        ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"],
        [8, 0, 2, 2, 0, 2, 14]))
    assert {c.raw for c in rep.cells if c.row == "unavailable_needs_creation"} == {"80220214"}


def test_short_lines_of_rows_run_together_keep_each_row_to_its_label():
    """A line break left two rows on a short line: 行政处罚92行政强制407 is two cells, not 行政处罚 = 407;
    the quotes of 危及“三安全一稳定” do not hide that its row ran together with the one before."""
    doc = "\n".join([
        "示例镇2023年政府信息公开工作年度报告", "二、主动公开政府信息情况",
        "第二十条第（六）项", "信息内容本年处理决定数量", "行政处罚92行政强制407",
        "三、收到和处理政府信息公开申请情况",
        "申请人情况 自然人 法人或其他组织 总计 商业企业 科研机构 社会公益组织 法律服务机构 其他",
        "2.其他法律行政法规禁止公开1611210213.危及“三安全一稳定”5000117"])
    rep = parse_text(doc)
    assert rep.table("proactive")["penalty"]["decisions"] == 92
    assert rep.table("proactive")["compulsion"]["decisions"] == 407
    cols = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"]
    assert rep.table("requests")["withheld_security_stability"] == dict(zip(cols, [5, 0, 0, 0, 1, 1, 7]))
    # alone (no other rows to hold the column sums) 161121021 splits four ways: only 总计 is sure
    law = {c.column: (c.value, c.state, c.raw) for c in rep.cells if c.row == "withheld_law_prohibited"}
    assert law == {**{a: (None, "ambiguous", "161121021") for a in cols[:-1]}, "total": (21, "recovered", "161121021")}
    assert any(w.startswith("requests.withheld_law_prohibited: 连写数字“161121021”有 4 种拆分") for w in rep.warnings)


def test_in_a_crawler_page_a_space_in_a_run_is_stray_on_every_line():
    """A line break left 政府集中采购 on a short line whose run has a stray space: read as two cells
    572 and 2647.95 it would be wrong (57 and 22647.95); in a page whose cells ran together the
    space is stray, and section 二 has no sums to choose the cut, so both cells are ambiguous."""
    body = ("某县教育局2020年政府信息公开工作年度报告 来源：某县教育局 二、主动公开政府信息情况第二十条第（一）项信息内容"
            "本年新制作数量本年新公开数量对外公开总数量规章000规范性文件3012第二十条第（九）项信息内容采购项目数量采购总金额")
    rest = "三、收到和处理政府信息公开申请情况申请人情况自然人法人或其他组织总计商业企业科研机构社会公益组织法律服务机构其他" \
           "一、本年新收政府信息公开申请数量3000003二、上年结转政府信息公开申请数量0000000"
    rep = parse_text("\n".join([body, "政府集中采购572 2647.95", rest]))
    cells = {c.column: (c.value, c.state, c.raw) for c in rep.cells if c.row == "procurement"}
    assert cells == {"procurement_count": (None, "ambiguous", "5722647.95"),
                     "procurement_amount": (None, "ambiguous", "5722647.95")}
    assert rep.table("proactive")["regulations"] == {"new_made": 0, "new_published": 0, "total_published": 0}
