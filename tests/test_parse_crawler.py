"""Crawler / copy-paste text: reports whose paragraphs, headings and cells ran together.

The hand-made pages are in tests/test_parse_web.py; here: the run splitter
against brute force, short cases a line break leaves, and random valid
reports rendered in the demo's crawler form, which must never come back with
a wrong number, a seeded sample of them almost whole.
"""
from __future__ import annotations

import itertools
import random

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines import template as T
from pipelines.bench.parse import cell_tally, random_truth
from pipelines.demo.render import render
from pipelines.parser import parse_document, parse_text
from pipelines.parser.runs import split_groups, split_kinds
from pipelines.readers import read_bytes

ROW_2 = "2.没有现成信息需要另行制作"


def _brute(digits: str, groups: tuple[int, ...]) -> list[tuple[int, ...]]:
    """Every cut of `digits` into groups of counts each followed by its sum (all cut positions tried)."""
    n = sum(g + 1 for g in groups)
    out = []
    for cut in itertools.combinations(range(1, len(digits)), n - 1):
        bounds = (0, *cut, len(digits))
        parts = [digits[a:b] for a, b in zip(bounds, bounds[1:])]
        if any(len(p) > 1 and p[0] == "0" for p in parts):
            continue
        nums, at, ok = list(map(int, parts)), 0, True
        for g in groups:
            ok = ok and sum(nums[at:at + g]) == nums[at + g]
            at += g + 1
        if ok:
            out.append(tuple(nums))
    return sorted(out)


_COUNT = st.one_of(st.integers(0, 3), st.integers(0, 40), st.integers(0, 400))


@settings(max_examples=60, deadline=None)
@given(groups=st.sampled_from([(6,), (4, 4, 4), (2, 3)]), data=st.data())
def test_run_splitter_lists_every_split(groups: tuple[int, ...], data) -> None:
    """split_groups lists exactly the splits brute force finds, for printed rows and for digit noise."""
    if data.draw(st.booleans()):
        nums = []
        for g in groups:
            parts = data.draw(st.lists(_COUNT, min_size=g, max_size=g))
            nums += [*parts, sum(parts)]
        digits = "".join(map(str, nums))
    else:
        digits = data.draw(st.text("0123456789", min_size=sum(g + 1 for g in groups), max_size=16))
    if len(digits) > 18:
        return  # brute force would take too long
    got = split_groups.__wrapped__(digits, groups)
    assert got is not None and sorted(got) == _brute(digits, groups)


def test_kinds_fix_the_cuts_only_where_sign_point_or_digit_count_do():
    assert split_kinds("000", ("count", "count", "count")) == [(0, 0, 0)]
    assert split_kinds("1000", ("count", "count", "count")) == [(10, 0, 0)]  # zeros have no leading zero
    assert split_kinds("653-3", ("count", "signed")) == [(653, -3)]
    assert sorted(split_kinds("5212", ("count", "count", "count"))) == [(5, 2, 12), (5, 21, 2), (52, 1, 2)]
    assert split_kinds("573-18357", ("count", "signed", "count")) == [
        (573, -1, 8357), (573, -18, 357), (573, -183, 57), (573, -1835, 7)]
    assert split_kinds("7840.5", ("count", "amount")) == [(7, 840.5), (78, 40.5), (784, 0.5)]
    assert split_kinds("12", ("count", "count", "count")) == []


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


# ------------------------------------------------------------------ random reports in crawler form


def _crawl(seed: int, variant: str | None = None):
    truth = random_truth(random.Random(seed), variant=variant)
    return truth, parse_document(read_bytes("report.txt", render(truth, "crawler", seed=seed)))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(seed=st.integers(0, 10**6), variant=st.sampled_from(["2019", "2021", "hybrid"]))
def test_crawler_never_reads_a_wrong_number(seed: int, variant: str) -> None:
    """Every number read back equals the truth; a cell without one is flagged (a problem state)."""
    truth, rep = _crawl(seed, variant)
    assert (rep.unit, rep.year, rep.template, rep.meta["variant"]) == (truth["unit"], truth["year"], truth["template"], variant)
    for c in rep.cells:
        want = truth[c.table].get(c.row, {}).get(c.column, "absent")
        if want == "absent":  # hybrid: the three 其他处理 rows are not printed
            assert c.state == "missing"
        elif c.value is not None:  # (an amount printed without decimals reads back as a whole number)
            assert c.value == want and (type(c.value) is int or not isinstance(want, int)), c
        else:
            assert T.CELL_STATES[c.state].quality == "problem", c
    assert rep.failed_checks == []


def test_crawler_sample_is_read_back_almost_whole():
    """A fixed sample of 150 random reports: at least 90 % of their cells come back (section 二 has
    no sums, so many of its cells stay ambiguous; sections 三 and 四 nearly all come back)."""
    good = total = 0
    per_table: dict[str, list[int]] = {}
    for seed in range(150):
        truth, rep = _crawl(7000 + seed)
        g, n, wrong = cell_tally(rep, truth)
        assert wrong == 0, seed
        good, total = good + g, total + n
        for c in rep.cells:
            if truth[c.table].get(c.row, {}).get(c.column) is not None:
                row = per_table.setdefault(c.table, [0, 0])
                row[0] += c.value == truth[c.table][c.row][c.column]
                row[1] += 1
    assert good / total >= 0.90, good / total
    assert per_table["requests"][0] / per_table["requests"][1] >= 0.99
    assert per_table["review_litigation"][0] / per_table["review_litigation"][1] >= 0.97
