"""Reports as found on the web (issue 11): hand-made pages, every cell asserted.

Each ``tests/fixtures/web/<name>.(txt|html|md)`` has a ``<name>.json``
written by tests/fixtures/web/build.py: the truth (distinct non-zero numbers
in every row and column), the state of every cell that is not ``number`` and
the warnings to expect. For crawler pages the builder works out by brute
force, apart from the parser, which cells the sums fix (``recovered``) and
which they leave open (``ambiguous``: no value, flagged, never a guess).
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelines import parse
from pipelines import template as T
from pipelines.parser import parse_text
from tests.test_parse_text import assert_report

FIX = Path(__file__).resolve().parent / "fixtures" / "web"
NAMES = sorted(p.stem for p in FIX.glob("*.json"))
LABELS = {a.code: a.label for a in T.APPLICANTS}


def test_every_kind_of_page_is_there():
    kinds = {n.split("_")[0] for n in NAMES}
    assert kinds == {"crawler", "narrative", "pdfmd"}
    assert {"crawler_t19", "crawler_t21", "crawler_breaks_hybrid", "crawler_stray_t19", "crawler_chrome_t21"} <= set(NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_page_every_cell(name: str) -> None:
    truth = json.loads((FIX / f"{name}.json").read_text(encoding="utf-8"))
    assert_report(parse(FIX / truth["file"]), truth)


@pytest.mark.parametrize("name", [n for n in NAMES if n.startswith("crawler")])
def test_crawler_page_flags_every_open_cell(name: str) -> None:
    """Every ambiguous cell is named in a warning (with the digits it came from), and the rules
    that touch it are skipped, not passed."""
    truth = json.loads((FIX / f"{name}.json").read_text(encoding="utf-8"))
    rep = parse(FIX / truth["file"])
    flagged = [c for c in rep.cells if c.state == "ambiguous"]
    assert sorted(f"{c.table}.{c.row}.{c.column}" for c in flagged) == \
        sorted(k for k, v in truth["states"].items() if v == "ambiguous")
    for c in flagged:
        assert c.raw and c.raw.replace("-", "").replace(".", "").isdigit()
        named = (f"{c.row}.{c.column}", LABELS.get(c.column, c.column)) if c.table != "proactive" else (c.column,)
        assert any(w.startswith(f"{c.table}") and f"“{c.raw}”" in w and any(n in w for n in named)
                   for w in rep.warnings), (c, rep.warnings)
    rule = {"requests": "applicant_total", "review_litigation": "proceeding_total"}  # section 二 has no sums
    for c in flagged:
        if c.table in rule:  # the row's sum is skipped, not checked on a guess
            where = f"{c.table}.{c.row}"
            assert not [k for k in rep.checks if k.rule == rule[c.table] and k.where == where], c
            assert any(w.startswith(f"勾稽关系 {rule[c.table]} @ {where}: 未核对") for w in rep.warnings), c


def test_crawler_page_chrome_does_not_leak_into_the_report():
    rep = parse(FIX / "crawler_chrome_t21.txt")
    assert rep.unit == "示例市统计局" and rep.year == 2023
    assert not [w for w in rep.warnings if "没有行标签" in w or "没有事项标签" in w]


def test_section_2_printed_as_one_paragraph():
    """A conversion that ran section 二 into one long line, cells apart by spaces (a note after one
    number): read as rows, not as prose; the note is the bracketed text only."""
    truth = json.loads((FIX / "pdfmd_apart_t21.json").read_text(encoding="utf-8"))
    text = (FIX / truth["file"]).read_text(encoding="utf-8")
    p = truth["proactive"]
    start, end = text.index("## 二、"), text.index("## 三、")
    para = " ".join([
        "第二十条第（一）项 信息内容 本年制发件数 本年废止件数 现行有效件数",
        "规章", *map(str, p["regulations"].values()),
        "行政规范性文件", f"{p['normative_documents']['issued']}（其中修订 3 件）",
        *map(str, list(p["normative_documents"].values())[1:]),
        "第二十条第（五）项 信息内容 本年处理决定数量 行政许可", str(p["licensing"]["decisions"]),
        "第二十条第（六）项 信息内容 本年处理决定数量 行政处罚", str(p["penalty"]["decisions"]),
        "行政强制", str(p["compulsion"]["decisions"]),
        "第二十条第（八）项 信息内容 本年收费金额（单位：万元） 行政事业性收费", str(p["fees"]["fee_amount"])])
    assert len(para) > 120
    rep = parse_text(text[:start] + "## 二、主动公开政府信息情况\n" + para + "\n\n" + text[end:])
    assert rep.table("proactive") == p
    assert {c.state for c in rep.cells if c.table == "proactive"} == {"number"}
    assert rep.table("requests") == truth["requests"]
    assert any("单元格附注“(其中修订 3 件)”" in w for w in rep.warnings)
