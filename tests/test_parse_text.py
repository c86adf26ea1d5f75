"""Hand-made text fixtures, one per rendering of the spec: every cell asserted.

Each ``tests/fixtures/text/<name>.txt|.md`` has a ``<name>.json`` truth
(written by tests/fixtures/text/build.py from numbers drawn once: distinct
and non-zero in every row and column, satisfying every rule). The test
checks unit, year, template/variant, and for every canonical cell its value
and state, then that no check fails and that expected warnings are there.
"""
from __future__ import annotations

import json
from pathlib import Path

import pytest

from pipelines import template as T
from pipelines.parser import parse_text

FIX = Path(__file__).resolve().parent / "fixtures" / "text"
NAMES = sorted(p.stem for p in FIX.glob("*.json"))


def expected_cells(truth: dict) -> dict[tuple[str, str, str], tuple[object, str]]:
    """(table,row,col) -> (value, state) for every canonical cell of the template."""
    tpl, variant = truth["template"], truth["variant"]
    states, override = truth["states"], truth.get("values_override", {})
    out: dict[tuple[str, str, str], tuple[object, str]] = {}

    def put(table: str, row: str, col: str, value: object) -> None:
        key = f"{table}.{row}.{col}"
        state = states.get(key, "number")
        if table == "requests" and row == "other" and variant == "2021":
            state = states.get(key, "derived")
        if not T.CELL_STATES[state].has_value:
            value = None
        out[(table, row, col)] = (override.get(key, value), state)

    for item, col in T.proactive_cells(tpl):
        put("proactive", item, col, truth["proactive"][item][col])
    for item in T.request_items(tpl):
        for a in T.APPLICANTS:
            if variant == "hybrid" and item.code in T.OTHER_SPLIT:
                out[("requests", item.code, a.code)] = (None, "missing")
            else:
                put("requests", item.code, a.code, truth["requests"][item.code][a.code])
    for p in T.PROCEEDINGS:
        for o in T.OUTCOMES:
            put("review_litigation", p.code, o.code, truth["review_litigation"][p.code][o.code])
    return out


def assert_report(rep, truth: dict) -> None:
    """Unit, year, template, every cell's value and state, no failed check, the warnings to
    expect (and, when none are listed, none but skipped rules), the units: as `truth` says."""
    assert (rep.unit, rep.year, rep.template) == (truth["unit"], truth["year"], truth["template"])
    assert rep.meta["variant"] == truth["variant"]
    assert rep.meta["year_source"] == "title"
    want = expected_cells(truth)
    got = {(c.table, c.row, c.column): (c.value, c.state) for c in rep.cells}
    assert set(got) == set(want)
    wrong = {k: (got[k], want[k]) for k in want if got[k] != want[k]}
    assert wrong == {}
    # numbers keep their printed type: decimals stay float, counts int
    for c in rep.cells:
        if c.value is not None:
            assert type(c.value) is type(want[(c.table, c.row, c.column)][0])
    assert rep.failed_checks == []
    if any(v in T.UNKNOWN_STATES for k, v in truth["states"].items() if not k.startswith("proactive.")):
        assert any("未核对" in w for w in rep.warnings)  # the sums through such a cell are skipped
    for frag in truth["warnings_contain"]:
        assert any(frag in w for w in rep.warnings), (frag, rep.warnings)
    for key, unit in truth.get("units", {}).items():
        assert rep.meta["units"].get(key) == unit
    if not truth["warnings_contain"]:
        assert [w for w in rep.warnings if "未核对" not in w] == []


@pytest.mark.parametrize("name", NAMES)
def test_text_rendering(name: str) -> None:
    truth = json.loads((FIX / f"{name}.json").read_text(encoding="utf-8"))
    text = (FIX / truth["file"]).read_text(encoding="utf-8")
    rep = parse_text(text, path=truth["file"])
    assert_report(rep, truth)
    if truth.get("subtotal_checks"):
        req = truth["requests"]
        orgs = [a.code for a in T.APPLICANTS[1:6]]
        withheld = {a.code: sum(req[k][a.code] for k in T.WITHHELD) for a in T.APPLICANTS}
        assert rep.meta["subtotals"]["withheld"] == withheld
        assert rep.meta["subtotals"]["legal_person"] == {k: sum(v[a] for a in orgs) for k, v in req.items()}
        sub = [c for c in rep.checks if "subtotal" in c.where or c.where.endswith(".legal_person")]
        assert len(sub) == 7 + len(req) and all(c.passed for c in sub)


TITLES = [
    (["定州市号头庄回族乡", "", "2020年度政府信息公开年度报告"], "定州市号头庄回族乡", 2020, "title"),
    (["淮安市人民政府2024年政府信息公开工作年度报告"], "淮安市人民政府", 2024, "title"),
    (["2023年度淮安市财政局政府信息公开工作年度报告"], "淮安市财政局", 2023, "title"),
    (["淮安市财政局关于2023年度政府信息公开工作的年度报告"], "淮安市财政局", 2023, "title"),
    (["首页 > 政务公开 > 年度报告", "某区交通运输局2022年政府信息公开工作年度报告", "发布时间：2023-01-20"], "某区交通运输局", 2022, "title"),
    (["某县人民政府政府信息公开工作年度报告（2021年度）"], "某县人民政府", 2021, "title"),
    (["某县人民政府", "政府信息公开工作年度报告", "本报告统计期限自2021年1月1日至12月31日止。"], "某县人民政府", 2021, "period"),
    (["某镇人民政府2020年政府信息公开工作年度报告", "（2021年1月11日）", "国办公开办函〔2019〕60号"], "某镇人民政府", 2020, "title"),
    (["某街道办事处", "2022年度政府信息公开", "工作年度报告"], "某街道办事处", 2022, "title"),
    (["某县統計局2021年政府資訊公開工作年度報告"], "某县統計局", 2021, "title"),
]


@pytest.mark.parametrize("lines,unit,year,source", TITLES)
def test_title_unit_and_year(lines, unit, year, source):
    from pipelines.parser.header import read_header
    from pipelines.parser.normalize import has_traditional

    h = read_header(lines, "report.txt", has_traditional("\n".join(lines)))
    assert (h.unit, h.year, h.year_source) == (unit, year, source)


def test_to_simplified_equals_opencc():
    """to_simplified converts only the runs of characters that occur in a t2s dictionary key: on the
    traditional fixtures and on random mixes of dictionary keys, other words, digits and separators
    it gives exactly what OpenCC gives for the whole text."""
    import os
    import random

    import opencc

    from pipelines.parser.normalize import to_simplified

    cc = opencc.OpenCC("t2s")
    root = Path(__file__).resolve().parent / "fixtures"
    texts = [line for f in (root / "text" / "traditional_t21.txt", root / "html" / "traditional_2019.html")
             for line in f.read_text(encoding="utf-8").splitlines()]
    keys: list[str] = []
    for name in ("TSPhrases.txt", "TSCharacters.txt"):
        with open(os.path.join(os.path.dirname(opencc.__file__), "dictionary", name), encoding="utf-8") as fh:
            keys += [line.split("\t")[0] for line in fh][::40]
    rng = random.Random(5)
    pieces = [*keys, *(cc.convert(k) for k in keys[::7]), *"的政府信息公开年度报告2023，。 -—（）\u3000𠀀"]
    texts += ["".join(rng.choice(pieces) for _ in range(rng.randint(1, 14))) for _ in range(3000)]
    assert [to_simplified(t) for t in texts] == [cc.convert(t) for t in texts]


def test_nfkc_equals_unicode_nfkc():
    """nfkc (full-width forms replaced first, full normalisation only when still needed) equals
    unicodedata's NFKC after dropping zero-width characters, on random mixes of CJK, full-width
    forms, combining marks, compatibility ideographs and spaces."""
    import random
    import unicodedata

    from pipelines.parser.normalize import nfkc

    rng = random.Random(11)
    pool = [*"政府信息公开年度报告，。：；（）【】“”、eA1 か", *map(chr, range(0xFF01, 0xFF5F)), "\u3000", "\xa0",
            "\u0301", "\u0308", "\u3099", "\uf900", "\u2460", "\u00bd", "ｶ", "ﾞ", "\u2f49", "㋀", "\u200b", "\ufeff"]
    for _ in range(20_000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 12)))
        plain = text.replace("\u200b", "").replace("\ufeff", "")
        assert nfkc(text) == unicodedata.normalize("NFKC", plain).replace("\xa0", " "), repr(text)


def test_beyond_bmp_is_the_regex_test():
    """The UTF-16 length test for characters beyond the BMP agrees with a regex over random
    mixes of ASCII, CJK, the BMP's edges, lone surrogates and astral characters."""
    import random
    import re

    from pipelines.parser.normalize import _beyond_bmp

    astral = re.compile("[\U00010000-\U0010ffff]")
    rng = random.Random(2)
    pool = ["a", "政", "\ud800", "\udfff", "\U00010000", "\U0010ffff", "𠀀", "\uffff", "\n"]
    for _ in range(5_000):
        text = "".join(rng.choice(pool) for _ in range(rng.randint(0, 6)))
        assert _beyond_bmp(text) == bool(astral.search(text)), repr(text)


def test_key_drops_exactly_the_regex_whitespace():
    """key() removes whitespace with str.split, which must take out exactly what the regex \\s does."""
    import re
    import sys

    from pipelines.parser.normalize import key

    for c in map(chr, range(sys.maxunicode + 1)):
        if (not c.split()) != bool(re.fullmatch(r"\s", c)):
            raise AssertionError(f"U+{ord(c):04X}")
    assert key("本年 新收\u3000(2023)\xa0数量") == "本年新收数量"


def test_year_from_filename_and_disagreement_warning():
    from pipelines.parser.header import read_header

    h = read_header(["某乡政府信息公开工作年度报告", "正文"], "reports/某乡_2019.txt", False)
    assert (h.unit, h.year, h.year_source) == ("某乡", 2019, "filename")
    h = read_header(["某乡2020年度政府信息公开工作年度报告"], "reports/某乡_2019年报.txt", False)
    assert (h.year, h.year_source) == (2020, "title")
    assert any("2019" in w and "2020" in w for w in h.warnings)


def _space_rows(truth: dict, cols: list[str]) -> list[str]:
    return [" ".join(str(truth["requests"][i.code][a]) for a in cols) for i in T.request_items("2019")]


def test_labels_printed_apart_from_values():
    """A PDF-to-text column of labels, then the block of values: matched in printed order, flagged."""
    truth = json.loads((FIX / "cells_t19.json").read_text(encoding="utf-8"))
    cols = [a.code for a in T.APPLICANTS]
    labels = [i.label for i in T.request_items("2019")]
    doc = ["示例镇2020年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况",
           "自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他 总计", *labels, *_space_rows(truth, cols),
           "四、政府信息公开行政复议、行政诉讼情况"]
    rep = parse_text("\n".join(doc))
    assert rep.table("requests") == truth["requests"]
    assert {c.state for c in rep.cells if c.table == "requests"} == {"number"}
    assert any("分开印刷" in w for w in rep.warnings)


def test_table_without_total_column():
    truth = json.loads((FIX / "cells_t19.json").read_text(encoding="utf-8"))
    cols = [a.code for a in T.APPLICANTS][:-1]
    rows = [f"{i.label} {r}" for i, r in zip(T.request_items("2019"), _space_rows(truth, cols))]
    doc = ["示例镇2020年政府信息公开工作年度报告", "三、收到和处理政府信息公开申请情况",
           "自然人 商业企业 科研机构 社会公益组织 法律服务机构 其他", *rows]
    rep = parse_text("\n".join(doc))
    for c in rep.cells:
        if c.table == "requests":
            want = (None, "missing") if c.column == "total" else (truth["requests"][c.row][c.column], "number")
            assert (c.value, c.state) == want
    assert any("总计" in w for w in rep.warnings)


def test_wrapped_prose_mentioning_sections_is_not_a_heading():
    truth = json.loads((FIX / "cells_t21.json").read_text(encoding="utf-8"))
    text = (FIX / truth["file"]).read_text(encoding="utf-8").replace(
        "一、总体情况", "一、总体情况\n本报告由总体情况、主动公开政府信息情况、\n收到和处理政府信息公开申请情况、行政复\n议和行政诉讼情况等部分组成。")
    rep = parse_text(text)
    assert rep.table("proactive") == truth["proactive"]
    assert rep.table("requests") == truth["requests"]
    assert rep.table("review_litigation") == truth["review_litigation"]
    assert rep.warnings == [] and rep.failed_checks == []


@pytest.mark.parametrize("raw,value,state", [
    ("0", 0, "number"), ("１２", 12, "number"), ("1,234", 1234, "number"), ("18651.06", 18651.06, "number"),
    ("251000元", 251000, "number"), ("-5", -5, "number"), ("减少3", -3, "number"), ("增加5", 5, "number"),
    ("〇", 0, "number"), ("22（其中修订 16 件）", 22, "number"), ("—", None, "dash"), ("/", None, "dash"),
    ("无", None, "dash"), ("\u3000", None, "blank"), ("&nbsp;", None, "blank"), ("", None, "blank"),
    ("见附件", None, "text"), ("12 3", None, "text"), ("無", None, "dash"), ("不适用", None, "dash"),
    ("暂无", None, "dash"), ("不予公开", None, "text"), ("零", 0, "number"), ("减3件", -3, "number"),
])
def test_cell_values(raw, value, state):
    from pipelines.parser.values import parse_value

    p = parse_value(raw)
    assert (p.value, p.state) == (value, state)
    assert type(p.value) is type(value)


def test_review_printed_one_row_per_proceeding():
    truth = json.loads((FIX / "pipes_trailing_t21.json").read_text(encoding="utf-8"))
    text = (FIX / truth["file"]).read_text(encoding="utf-8")
    head, tail = text.split("四、政府信息公开行政复议、行政诉讼情况")
    rv = truth["review_litigation"]
    outcomes = ["upheld", "corrected", "other", "pending", "total"]
    rows = [f"| {label} | " + " | ".join(str(rv[p][o]) for o in outcomes) + " |"
            for label, p in (("行政复议", "review"), ("行政诉讼（未经复议直接起诉）", "litigation_direct"),
                             ("行政诉讼（复议后起诉）", "litigation_after_review"))]
    doc = "\n".join([head + "四、政府信息公开行政复议、行政诉讼情况", "| | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计 |",
                     *rows, "", "五、存在" + tail.split("五、存在")[1]])
    rep = parse_text(doc)
    assert rep.table("review_litigation") == rv
    assert {c.state for c in rep.cells if c.table == "review_litigation"} == {"number"}
    assert rep.warnings == [] and rep.failed_checks == []


def test_unit_from_signature_when_title_has_none():
    truth = json.loads((FIX / "cells_t21.json").read_text(encoding="utf-8"))
    text = (FIX / truth["file"]).read_text(encoding="utf-8").replace(truth["unit"] + "2023年", "2023年", 1)
    rep = parse_text(text)
    assert (rep.unit, rep.year) == (truth["unit"], 2023)
    assert any("落款" in w for w in rep.warnings)


def test_units_printed_in_section_4_are_kept():
    """Issue 12: a unit printed with a section 四 number (3件) is kept in meta["units"] like the other tables'."""
    truth = json.loads((FIX / "pipes_trailing_t21.json").read_text(encoding="utf-8"))
    text = (FIX / truth["file"]).read_text(encoding="utf-8")
    head, tail = text.split("四、政府信息公开行政复议、行政诉讼情况")
    rv = truth["review_litigation"]
    upheld = rv["litigation_direct"]["upheld"]
    lines = tail.split("\n")
    vals = next(n for n, line in enumerate(lines) if line.startswith("| ") and line.split("|")[1].strip().isdigit())
    cells = lines[vals].split("|")
    cells[6] = f" {cells[6].strip()}件 "  # the 6th number: litigation_direct.upheld
    lines[vals] = "|".join(cells)
    rep = parse_text(head + "四、政府信息公开行政复议、行政诉讼情况" + "\n".join(lines))
    assert rep.table("review_litigation") == rv
    assert rep.meta["units"]["review_litigation.litigation_direct.upheld"] == "件"
    assert [k for k in rep.meta["units"] if k.startswith("review_litigation")] == ["review_litigation.litigation_direct.upheld"]
    assert rep.cell("review_litigation", "litigation_direct", "upheld").raw == f"{upheld}件"
