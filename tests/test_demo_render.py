"""Renderings of one truth: determinism, labels per template version, blanks, run-together rows."""
from __future__ import annotations

import itertools
import re

import pytest

from pipelines.demo.render import RENDERINGS, available, render
from pipelines.demo.render.text import run_together, split_count
from pipelines.readers import read_bytes
from pipelines.template import APPLICANTS, OUTCOMES, PROACTIVE, PROCEEDINGS, request_items


def distinct_truth(variant: str, year: int = 2023, unit: str = "示例市东城区白沙镇") -> dict:
    """A truth with a different number in every cell (rules do not matter here)."""
    template = "2019" if variant == "2019" else "2021"
    k = itertools.count(11)
    t = {"unit": unit, "year": year, "template": template, "variant": variant,
         "requests": {i.code: {a.code: next(k) for a in APPLICANTS} for i in request_items(template)},
         "review_litigation": {p.code: {o.code: next(k) for o in OUTCOMES} for p in PROCEEDINGS},
         "proactive": {it.code: {m.code: next(k) for m in it.measures} for it in PROACTIVE[template]}}
    if variant == "hybrid":
        for code in ("other_no_correction", "other_no_fee", "other_misc"):
            t["requests"][code] = {a.code: None for a in APPLICANTS}
    return t


def as_text(data: bytes, rendering: str) -> str:
    """The document's text, through the project's own readers for binary formats."""
    if rendering in ("docx", "pdf", "html", "html_gbk", "traditional"):
        ext = "html" if rendering.startswith("html") or rendering == "traditional" else rendering
        return read_bytes(f"x.{ext}", data).text
    return data.decode("utf-8")


@pytest.mark.parametrize("rendering", available())
def test_deterministic_and_seed_sensitive(rendering):
    t = distinct_truth("2021")
    first = render(t, rendering, seed=3)
    assert first == render(t, rendering, seed=3)
    others = {render(t, rendering, seed=s) for s in range(4, 10)}
    assert others - {first}, "the seed must vary the document"
    assert render(distinct_truth("2019", 2020), rendering, 3) != first


@pytest.mark.parametrize("rendering", available())
def test_marked_synthetic_with_title_and_period(rendering):
    t = distinct_truth("2021", 2022)
    text = as_text(render(t, rendering, 1), rendering)
    assert "演示数据" in text
    flat = re.sub(r"\s+", "", text)
    if rendering == "traditional":
        assert "年度報告" in flat and "統計期限自2022年1月1日起至2022年12月31日止" in flat
    else:
        assert "示例市东城区白沙镇" in flat
        assert re.search(r"2022年(度)?政府信息公开(工作)?年度报告", flat)
        assert "统计期限自2022年1月1日起至2022年12月31日止" in flat
        for heading in ("一、总体情况", "二、主动公开政府信息情况", "三、收到和处理政府信息公开申请情况",
                        "四、政府信息公开行政复议、行政诉讼情况", "五、存在的主要问题及改进情况", "六、其他需要报告的事项"):
            assert heading in flat, heading


@pytest.mark.parametrize("rendering", [r for r in available() if r != "traditional"])
def test_labels_follow_the_template_version(rendering):
    def flat(variant: str) -> str:
        t = distinct_truth(variant, 2022)
        return re.sub(r"\s+", "", as_text(render(t, rendering, 1), rendering))

    old, new, hybrid = flat("2019"), flat("2021"), flat("hybrid")
    for doc in (old, new, hybrid):
        assert "予以公开" in doc and "结转下年度继续办理" in doc and "尚未审结" in doc
    assert "本年新制作数量" in old or "本年新" in old
    assert "政府集中采购" in old and "本年制发件数" not in old
    assert "逾期不补正" not in old and "（六）其他处理" in old
    for doc in (new, hybrid):
        assert "本年制发件数" in doc and "本年收费金额" in doc and "政府集中采购" not in doc
    assert "逾期不补正" in new and "逾期不补正" not in hybrid and "（六）其他处理" in hybrid


@pytest.mark.parametrize("rendering", ["cells", "cells_wrapped"])
def test_cells_rendering_prints_every_number_in_place(rendering):
    """One cell per line: after each row label come its 7 values, None as an empty cell."""
    t = distinct_truth("2021")
    t["requests"]["withheld_inquiry"]["research"] = None
    lines = render(t, rendering, 1).decode("utf-8").split("\n")
    for item in request_items("2021"):
        if item.code == "other":
            continue
        label = "\t" + item.label
        at = lines.index(label)
        values = [x.removeprefix("\t") for x in lines[at + 1: at + 8]]
        expected = ["" if v is None else str(v) for v in t["requests"][item.code].values()]
        assert values == expected, item.code
    assert "\t本年制发\n件数" in "\n".join(lines) if rendering == "cells_wrapped" else "\t本年制发件数" in lines


def test_html_merges_and_blank_cells():
    t = distinct_truth("2019", 2020)
    t["requests"]["granted"]["natural_person"] = None
    page = render(t, "html", 1).decode("utf-8")
    assert 'rowspan="8"' in page and 'colspan="7"' in page and "<br>" in page
    assert "<script" in page and "当前位置" in page
    row = re.search(r"<tr>.*?予以公开.*?</tr>", page).group(0)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row)
    assert "&nbsp;" in cells[-7]
    gbk = render(t, "html_gbk", 1)
    assert b"charset=gbk" in gbk and "予以公开".encode("gbk") in gbk


def brute_force_splits(digits: str) -> int:
    """Splits of `digits` into 7 numbers (no leading zeros) whose first six sum to the seventh."""
    found = 0
    for cuts in itertools.combinations(range(1, len(digits)), 6):
        bounds = (0, *cuts, len(digits))
        parts = [digits[a:b] for a, b in zip(bounds, bounds[1:])]
        if any(len(p) > 1 and p[0] == "0" for p in parts):
            continue
        nums = list(map(int, parts))
        found += sum(nums[:6]) == nums[6]
    return found


def test_split_count_matches_brute_force():
    import random

    rng = random.Random(5)
    for _ in range(300):
        vals = [rng.choice([0, 0, 1, 2, 7, 12, 35, 120]) for _ in range(6)]
        digits = "".join(map(str, vals + [sum(vals)]))
        assert min(split_count(digits), 2) == min(brute_force_splits(digits), 2), digits
    assert split_count("21710000218") == 1  # the spec's example: 217,1,0,0,0,0,218


def test_runs_rendering_runs_rows_together_only_when_unique():
    t = distinct_truth("2021")
    for k, row in enumerate(t["requests"].values()):
        if k % 3 == 0:
            row.update(natural_person=k, commercial=0, research=1, social_welfare=0, legal_service=0, other_org=k % 2)
        row["total"] = sum(v for a, v in row.items() if a != "total")
    text = render(t, "runs", 1).decode("utf-8")
    together = apart = 0
    for item in request_items("2021"):
        if item.code == "other":
            continue
        vals = [str(v) for v in t["requests"][item.code].values()]
        line = next(x for x in text.split("\n") if item.label in x)
        if line.endswith(item.label + "".join(vals)):
            together += 1
            assert brute_force_splits("".join(vals)) == 1
            assert run_together(vals)
        else:
            apart += 1
            assert line.endswith("\t".join(vals)) and brute_force_splits("".join(vals)) != 1
    assert together and apart  # distinct two-digit numbers give both cases


def test_unknown_rendering_is_refused():
    with pytest.raises(ValueError, match="unknown rendering"):
        render(distinct_truth("2021"), "xlsx")
    assert set(available()) <= set(RENDERINGS)
