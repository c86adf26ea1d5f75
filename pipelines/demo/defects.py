"""Defects injected at known places, and the report-level rules they break.

``plan_defects`` picks, deterministically, which unit-years carry which
defect (a handful of each in the default corpus, ~0.3 % of reports in large
ones; at most one defect per unit-year). ``apply_defect`` changes a truth
dict the way the printed document is wrong and returns what a parser is
expected to report (``expect``). ``failed_rules`` evaluates the report-level
rules of template.RULES on a truth dict (NULL read as 0, as the dashboards do).
"""
from __future__ import annotations

import random

from pipelines.checks import rule_instances
from pipelines.demo.render import SPLIT_BY_SUMS
from pipelines.template import APPLICANT_PARTS, REJECTED, RULE_TOLERANCE, RULES, UNAVAILABLE, WITHHELD, measure_codes

_SIGNED = measure_codes("signed")
_AMOUNTS = measure_codes("amount")

#: Defect codes, in the order they are planned.
DEFECTS: tuple[str, ...] = (
    "flow_imbalance", "wrong_row_total", "blank_cells", "missing_section_3", "wrong_year_in_filename",
    "duplicate_report", "missing_year", "name_variant", "gbk", "not_a_report", "corrupt_pdf",
)
#: Defects that replace or alter a unit-year's one report file.
IN_PLACE = ("flow_imbalance", "wrong_row_total", "blank_cells", "missing_section_3",
            "wrong_year_in_filename", "name_variant", "gbk", "corrupt_pdf")
#: Defects that break the template's sums: never in a rendering read back by the
#: sums (render.SPLIT_BY_SUMS), whose runs of digits would then not split at all.
BREAKS_SUMS = ("flow_imbalance", "wrong_row_total")
#: Renderings a defect may use (None: any available one).
RENDERINGS_FOR: dict[str, tuple[str, ...] | None] = {
    "blank_cells": ("cells", "cells_wrapped", "pipes", "html", "markdown", "docx", "pdf"),
    "missing_section_3": ("cells", "cells_wrapped", "pipes", "html", "markdown"),
    "gbk": ("cells", "pipes", "cells_wrapped"),
    "corrupt_pdf": ("corrupt_pdf",),
    "not_a_report": ("cells", "html"),
}


def failed_rules(truth: dict) -> list[str]:
    """Report-level rule codes that fail on this truth (sorted): every instance the checker
    compiles from template.RULES for the truth's template and variant, with NULL read as 0 (as
    the dashboards do); an instance none of whose cells is printed is not evaluated."""
    tpl = truth["template"]
    variant = truth.get("variant") or tpl
    failed: set[str] = set()

    def value(key: tuple[str, str, str]) -> float | None:
        table, row, col = key
        return ((truth.get(table) or {}).get(row) or {}).get(col)

    for rule in RULES:
        if rule.scope != "report":
            continue
        if rule.kind == "non_negative":
            if any(v is not None and (v < 0 or (col not in _AMOUNTS and v != round(v)))
                   for t in ("requests", "review_litigation", "proactive") for row in (truth.get(t) or {}).values()
                   for col, v in row.items() if col not in _SIGNED):
                failed.add(rule.code)
            continue
        for inst in rule_instances(rule, tpl, variant):
            sides = [[(value(k), sign) for k, sign in side] for side in (inst.expected, inst.actual)]
            if all(v is None for side in sides for v, _ in side):
                continue
            e, a = (sum((v or 0) * sign for v, sign in side) for side in sides)
            if abs(e - a) >= RULE_TOLERANCE:
                failed.add(rule.code)
                break
    return sorted(failed)


def plan_defects(keys: list[tuple[str, int]], seed: int, renderable: set[str]) -> dict[tuple[str, int], str]:
    """{(unit_id, year): defect} for a corpus of unit-years `keys` (in order)."""
    rng = random.Random(f"defects|{seed}")
    per_code = max(3, len(keys) // 350)
    pool = list(keys)
    rng.shuffle(pool)
    plan: dict[tuple[str, int], str] = {}
    it = iter(pool)
    for code in DEFECTS:
        allowed = RENDERINGS_FOR.get(code)
        if allowed is not None and code != "corrupt_pdf" and not (set(allowed) & renderable):
            continue
        if code in BREAKS_SUMS and not renderable - set(SPLIT_BY_SUMS):
            continue
        for _ in range(per_code):
            key = next(it, None)
            if key is None:
                return plan
            plan[key] = code
    return plan


def apply_defect(code: str, truth: dict, rng: random.Random) -> dict:
    """Alter `truth` in place for an in-document defect; return `expect`."""
    req = truth["requests"]
    if code == "flow_imbalance":
        a = rng.choice(APPLICANT_PARTS[:2])
        d = rng.randint(1, 5)
        req["new_received"][a] += d
        req["new_received"]["total"] += d
        return {"failed_rules": failed_rules(truth)}
    if code == "wrong_row_total":
        d = rng.randint(1, 3)
        rows = [i for i in ("granted", *WITHHELD, *UNAVAILABLE, *REJECTED) if req[i]["total"] >= d]
        req["partially_granted"]["total"] += d
        if rows:
            req[rng.choice(rows)]["total"] -= d  # keeps the column sums: only the row totals are wrong
        return {"failed_rules": failed_rules(truth)}
    if code == "blank_cells":
        candidates = [(f"requests.{i}.{a}", req[i], a) for i in (*WITHHELD, *UNAVAILABLE, *REJECTED)
                      for a in APPLICANT_PARTS if req[i][a] == 0]
        picks = sorted(rng.sample(candidates, min(len(candidates), rng.randint(2, 6))), key=lambda c: c[0])
        for _, cells, a in picks:
            cells[a] = None
        return {"blank": [p for p, _, _ in picks]}
    if code == "missing_section_3":
        truth["requests"] = {}
        return {"reject": "no_requests_table"}
    if code == "corrupt_pdf":
        return {"reject": "unreadable"}
    return {}


def corrupt_pdf_bytes(rng: random.Random) -> bytes:
    """A file that starts like a PDF but has no readable structure."""
    junk = bytes(rng.getrandbits(8) for _ in range(rng.randint(600, 2000)))
    return b"%PDF-1.5\n%\xe2\xe3\xcf\xd3\n% " + "演示数据".encode("utf-8") + b"\n1 0 obj\n<< /Type /Cata" + junk


#: Renderings that print a dash cell as given (the docx/pdf renderers take numbers only).
DASH_RENDERINGS = ("cells", "cells_wrapped", "pipes", "html", "html_gbk", "markdown", "traditional")
DASHES = ("—", "/", "-", "无")
P_DASHES = 0.05


def dash_cells(truth: dict, rng: random.Random) -> tuple[dict, list[str]]:
    """Print a few zero cells as '—', '/', '-' or '无' (spec: also to be expected).

    Not a defect: the numbers stay consistent. Returns the truth to render
    (dash strings in place) and the places; `truth` itself gets None there."""
    req = truth["requests"]
    zeros = [(i, a) for i in (*WITHHELD, *UNAVAILABLE, *REJECTED) for a in APPLICANT_PARTS if req[i][a] == 0]
    if not zeros:
        return truth, []
    picks = sorted(rng.sample(zeros, min(len(zeros), rng.randint(2, 5))))
    dash = rng.choice(DASHES)
    printed = {**truth, "requests": {i: dict(row) for i, row in req.items()}}
    for i, a in picks:
        printed["requests"][i][a] = dash
        req[i][a] = None
    return printed, [f"requests.{i}.{a}" for i, a in picks]
