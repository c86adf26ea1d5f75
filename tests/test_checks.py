"""Every per-report rule breaks where it should: failed Check with where/expected/actual.

Each test takes a hand-made fixture whose truth satisfies every rule
(tests/fixtures/text), changes printed cells, and asserts the exact set of
failed checks, with expected/actual computed here from the truth JSON. The
report still parses.
"""
from __future__ import annotations

import json
from pathlib import Path

from pipelines.checks import evaluate, run_checks
from pipelines.parser import parse_text

FIX = Path(__file__).resolve().parent / "fixtures" / "text"
APPL = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"]
PARTS = APPL[:-1]


def load(name: str) -> tuple[str, dict]:
    truth = json.loads((FIX / f"{name}.json").read_text(encoding="utf-8"))
    return (FIX / truth["file"]).read_text(encoding="utf-8"), truth


def set_cell(text: str, label: str, col: int, new: str) -> str:
    """In a one-cell-per-line text, replace the col-th value after `label`."""
    lines = text.split("\n")
    i = next(n for n, line in enumerate(lines) if line.strip() == label)
    lines[i + 1 + col] = "\t" + new
    return "\n".join(lines)


def failed(rep) -> set[tuple]:
    return {(c.rule, c.where, c.expected, c.actual) for c in rep.checks if not c.passed}


def test_clean_fixture_passes_every_rule_instance():
    text, t = load("cells_t21")
    rep = parse_text(text)
    assert failed(rep) == set()
    counts = {}
    for c in rep.checks:
        counts[c.rule] = counts.get(c.rule, 0) + 1
    # 7 columns, 25 printed rows (derived other not re-checked), 7 columns, 7 other splits, 3 proceedings
    assert counts == {"flow_balance": 7, "applicant_total": 25, "outcome_total": 7, "other_split": 7,
                      "proceeding_total": 3, "non_negative": 3}
    assert run_checks(rep) == rep.checks


def test_flow_balance_break():
    text, t = load("cells_t19")
    r = t["requests"]
    text = set_cell(text, "四、结转下年度继续办理", 0, str(r["carried_forward"]["natural_person"] + 5))
    rep = parse_text(text)
    assert rep.cell("requests", "carried_forward", "natural_person").value == r["carried_forward"]["natural_person"] + 5
    np_ = "natural_person"
    assert failed(rep) == {
        ("flow_balance", "requests.natural_person", r["new_received"][np_] + r["carried_over"][np_],
         r["total_processed"][np_] + r["carried_forward"][np_] + 5),
        ("applicant_total", "requests.carried_forward", r["carried_forward"]["total"] + 5, r["carried_forward"]["total"]),
    }


def test_applicant_total_break():
    text, t = load("cells_t19")
    r = t["requests"]
    text = set_cell(text, "2.重复申请", 6, str(r["rejected_duplicate"]["total"] + 1))
    rep = parse_text(text)
    assert failed(rep) == {
        ("applicant_total", "requests.rejected_duplicate", r["rejected_duplicate"]["total"], r["rejected_duplicate"]["total"] + 1),
        ("outcome_total", "requests.total", r["total_processed"]["total"] + 1, r["total_processed"]["total"]),
    }


def test_outcome_total_break():
    text, t = load("cells_t19")
    r = t["requests"]
    text = set_cell(text, "（一）予以公开", 1, str(r["granted"]["commercial"] + 3))
    text = set_cell(text, "（一）予以公开", 6, str(r["granted"]["total"] + 3))
    rep = parse_text(text)
    assert failed(rep) == {
        ("outcome_total", "requests.commercial", r["total_processed"]["commercial"] + 3, r["total_processed"]["commercial"]),
        ("outcome_total", "requests.total", r["total_processed"]["total"] + 3, r["total_processed"]["total"]),
    }


def test_other_split_break_with_printed_other_row():
    text, t = load("cells_t21")
    r = t["requests"]
    other = dict(r["other"])
    other["natural_person"] += 1
    other["total"] += 1
    row = ["", "\t（六）其他处理", *("\t" + str(other[a]) for a in APPL), ""]
    anchor = "\t5.要求行政机关确认或重新出具已获取信息"
    head, tail = text.split(anchor, 1)
    after = tail.split("\n")
    # skip the 7 values of the row, then insert the printed subtotal row
    text = head + anchor + "\n".join(after[:8]) + "\n" + "\n".join(row) + "\n".join(after[8:])
    rep = parse_text(text)
    assert rep.cell("requests", "other", "natural_person").state == "number"
    assert rep.cell("requests", "other", "natural_person").value == other["natural_person"]
    np_ = "natural_person"
    split = lambda a: sum(r[k][a] for k in ("other_no_correction", "other_no_fee", "other_misc"))  # noqa: E731
    assert failed(rep) == {
        ("other_split", "requests.other.natural_person", split(np_), other[np_]),
        ("other_split", "requests.other.total", split("total"), other["total"]),
        ("outcome_total", "requests.natural_person", r["total_processed"][np_] + 1, r["total_processed"][np_]),
        ("outcome_total", "requests.total", r["total_processed"]["total"] + 1, r["total_processed"]["total"]),
    }


def test_proceeding_total_break():
    text, t = load("cells_t19")
    rv = t["review_litigation"]["review"]
    lines = text.split("\n")
    i = next(n for n, line in enumerate(lines) if line.strip() == str(rv["total"]) and n > lines.index("四、政府信息公开行政复议、行政诉讼情况") + 20)
    lines[i] = "\t" + str(rv["total"] + 2)
    rep = parse_text("\n".join(lines))
    assert failed(rep) == {("proceeding_total", "review_litigation.review", rv["total"], rv["total"] + 2)}


def test_non_negative_break():
    text, t = load("cells_t19")
    p = t["proactive"]
    text = set_cell(text, "其他对外管理服务事项", 2, "-4")
    text = set_cell(text, "行政许可", 2, "12.5")
    rep = parse_text(text)
    assert rep.cell("proactive", "other_services", "decisions").value == -4
    assert failed(rep) == {
        ("non_negative", "proactive.other_services.decisions", 0, -4),
        ("non_negative", "proactive.licensing.decisions", 12, 12.5),
    }
    # `change` may be negative: the truth's negative change is not a failure
    assert p["other_services"]["change"] < 0


def test_text_cell_skips_rule_instances_with_a_warning():
    text, t = load("cells_t19")
    text = set_cell(text, "（一）予以公开", 0, "见附件")
    rep = parse_text(text)
    c = rep.cell("requests", "granted", "natural_person")
    assert (c.value, c.state, c.raw) == (None, "text", "见附件")
    assert failed(rep) == set()
    wheres = {c.where for c in rep.checks}
    assert "requests.granted" not in wheres          # applicant_total of that row not evaluated
    assert "requests.natural_person" in wheres       # flow_balance still evaluated (no granted in it)
    assert not any(c.rule == "outcome_total" and c.where == "requests.natural_person" for c in rep.checks)
    checks, skipped = evaluate(rep)
    assert any("applicant_total @ requests.granted" in w and "requests.granted.natural_person" in w for w in skipped)
    assert any("outcome_total @ requests.natural_person" in w for w in rep.warnings)


def test_blank_and_dash_count_as_zero():
    text, t = load("cells_t19")
    r = t["requests"]
    # print a dash where granted.research is, and take its value out of the row total and the column sums
    v = r["granted"]["research"]
    text = set_cell(text, "（一）予以公开", 2, "—")
    rep = parse_text(text)
    assert rep.cell("requests", "granted", "research").state == "dash"
    assert failed(rep) == {
        ("applicant_total", "requests.granted", r["granted"]["total"] - v, r["granted"]["total"]),
        ("outcome_total", "requests.research", r["total_processed"]["research"] - v, r["total_processed"]["research"]),
    }


def test_checks_of_the_same_cells_handed_over_as_a_list_are_the_same():
    """evaluate reads a report's columns by layout position: the cells of a parse, handed over as a
    list (the template's layout) or shuffled (a layout of their own), give the same checks; a place
    the cells lack stops the sums that need it."""
    from pipelines.model import Report

    text, t = load("cells_t19")
    text = set_cell(text, "（一）予以公开", 0, "见附件")
    text = set_cell(text, "其他对外管理服务事项", 2, "-4")
    rep = parse_text(text)
    checks, skipped = evaluate(rep)
    assert ("non_negative", "proactive.other_services.decisions", 0, -4) in failed(rep)
    assert any("requests.granted.natural_person 为非数字文字" in w for w in skipped)

    def again(cells: list) -> tuple[list, list[str]]:
        return evaluate(Report(rep.source, rep.format, rep.unit, rep.year, rep.template, cells=cells,
                               meta=rep.meta))

    assert again(rep.cells) == (checks, skipped)
    shuffled = rep.cells[::-1]
    got, got_skipped = again(shuffled)
    assert sorted(map(repr, got)) == sorted(map(repr, checks)) and sorted(got_skipped) == sorted(skipped)
    lacking = [c for c in rep.cells if (c.row, c.column) != ("carried_over", "research")]
    got, got_skipped = again(lacking)
    assert "flow_balance @ requests.research: 未核对（requests.carried_over.research 不存在）" in " ".join(got_skipped)
    assert {(c.rule, c.where) for c in checks} - {(c.rule, c.where) for c in got} == {
        ("flow_balance", "requests.research"), ("applicant_total", "requests.carried_over")}
