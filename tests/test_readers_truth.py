"""Truth dicts for reader/renderer tests: every cell non-zero and distinct
within its table, all the template's sums consistent. Tested here so the
fixtures other tests build on are known to be right."""
from __future__ import annotations

import random

from pipelines.template import APPLICANT_PARTS, OUTCOME_SUM_PARTS, OTHER_SPLIT, PROACTIVE, PROCEEDINGS, request_items


def make_truth(variant: str = "2021", seed: int = 1, unit: str = "示例市测试局", year: int | None = None) -> dict:
    """A consistent report truth in the demo generator's shape."""
    rng = random.Random(seed)
    template = "2019" if variant == "2019" else "2021"
    year = year or (2020 if template == "2019" else 2023)
    items = [i.code for i in request_items(template)]
    parts = [c for c in items if c not in ("new_received", "carried_over", "total_processed", "carried_forward", "other")
             or (c == "other" and variant != "2021")]
    if variant == "2021":
        parts = [c for c in parts if c != "other"]
    elif template == "2021":  # hybrid: only the single 其他处理 row is printed
        parts = [c for c in parts if c not in OTHER_SPLIT]
    pool = rng.sample(range(11, 3000), len(parts) * len(APPLICANT_PARTS) + len(APPLICANT_PARTS))
    carried = rng.sample(range(3001, 6000), len(APPLICANT_PARTS))
    req: dict[str, dict[str, int]] = {c: {} for c in items}
    for a in APPLICANT_PARTS:
        for c in parts:
            req[c][a] = pool.pop()
        if template == "2021" and variant == "2021":
            req["other"][a] = sum(req[c][a] for c in OTHER_SPLIT)
        elif template == "2021":
            for c in OTHER_SPLIT:
                req[c][a] = None
        done = sum(req[c][a] for c in ("granted", "partially_granted") + tuple(
            c for c in items if c.startswith(("withheld_", "unavailable_", "rejected_"))) + ("other",))
        req["total_processed"][a] = done
        req["carried_forward"][a] = pool.pop()
        req["carried_over"][a] = carried.pop()
        req["new_received"][a] = done + req["carried_forward"][a] - req["carried_over"][a]
    for c in items:
        vals = [req[c][a] for a in APPLICANT_PARTS]
        req[c]["total"] = None if None in vals else sum(vals)
    rev_pool = rng.sample(range(1, 99), 12)
    rev = {}
    for p in PROCEEDINGS:
        d = {o: rev_pool.pop() for o in OUTCOME_SUM_PARTS}
        d["total"] = sum(d.values())
        rev[p.code] = d
    pro_pool = rng.sample(range(2, 900), 40)
    pro: dict[str, dict[str, int | float]] = {}
    for it in PROACTIVE[template]:
        pro[it.code] = {}
        for m in it.measures:
            v: int | float = pro_pool.pop()
            if m.kind == "amount":
                v = v + rng.randint(1, 99) / 100
            if m.kind == "signed":
                v = -v
            pro[it.code][m.code] = v
    return {"unit": unit, "year": year, "template": template, "variant": variant,
            "requests": req, "review_litigation": rev, "proactive": pro}


def test_truth_is_consistent_and_distinct():
    for variant in ("2019", "2021", "hybrid"):
        t = make_truth(variant, seed=7)
        req = t["requests"]
        for a in APPLICANT_PARTS + ("total",):
            assert req["new_received"][a] + req["carried_over"][a] == req["total_processed"][a] + req["carried_forward"][a]
        for row in req.values():
            vals = [v for v in row.values() if v is not None]
            assert all(v > 0 for v in vals)
        printed = [v for c, row in req.items() for a, v in row.items()
                   if v is not None and a != "total" and not (variant == "2021" and c == "other")]
        parts = [v for c, row in req.items() for a, v in row.items() if v is not None and a != "total"
                 and c not in ("total_processed", "new_received", "other")]
        assert req["carried_over"]["natural_person"] < req["total_processed"]["natural_person"]
        assert len(set(parts)) == len(parts)  # drawn without replacement
        assert len(printed) >= 19 * 6
        for p, d in t["review_litigation"].items():
            assert d["total"] == sum(d[o] for o in OUTCOME_SUM_PARTS)


def printed(v) -> str:
    """How a truth value is printed in a rendered table ('' for None)."""
    if v is None:
        return ""
    if isinstance(v, float):
        return ("%.2f" % v).rstrip("0").rstrip(".")
    return str(v)


def assert_document_tables(doc, truth: dict) -> int:
    """Every number of the truth is in the Document's tables at the row of its
    printed label and the column of its code. Returns how many were checked."""
    from pipelines.readers.base import Table
    from pipelines.template import APPLICANTS, OUTCOMES, PROCEEDINGS, printed_request_items

    variant = truth.get("variant", truth["template"])
    tables = [b for b in doc.blocks if isinstance(b, Table)]
    checked = 0
    # section 三: label in the first three grid columns, 7 values after
    req = next(t for t in tables if any(r[0] == "一、本年新收政府信息公开申请数量" for r in t.rows))
    by_label = {next(c for c in reversed(r[:3]) if c): r[3:] for r in req.rows[3:]}
    items = [i for i in printed_request_items(truth["template"])]
    if variant == "hybrid":
        from pipelines.template import REQUEST_ITEMS
        items = [i for i in REQUEST_ITEMS if "2021" in i.templates and i.code not in OTHER_SPLIT]
    assert [i.label for i in items] == list(by_label), list(by_label)
    for item in items:
        expect = [printed(truth["requests"][item.code][a.code]) or "\u3000" for a in APPLICANTS]
        got = [c if c else "\u3000" for c in by_label[item.label]]
        assert got == expect, item.code
        checked += len(expect)
    # section 四: the row of 15 values
    rev = next(t for t in tables if t.rows[0][0] == "行政复议")
    expect = [printed(truth["review_litigation"][p.code][o.code]) for p in PROCEEDINGS for o in OUTCOMES]
    assert rev.rows[-1] == expect
    checked += 15
    # section 二: item label in column 0, values after it
    for it in PROACTIVE[truth["template"]]:
        row = next(r for t in tables for r in t.rows if r[0] == it.label)
        assert [c for c in row[1:] if c is not None] == [printed(truth["proactive"][it.code][m.code]) for m in it.measures], it.code
        checked += len(it.measures)
    return checked
