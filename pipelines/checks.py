"""Consistency rules (勾稽关系) evaluated on one parsed report. Pure.

Convention (the disclosure office's): a ``blank`` or ``dash`` cell counts as
0 in a sum. A ``missing`` or ``text`` cell makes the sum unknown: that rule
instance is skipped and a warning says which cell stopped it, so a rule is
never reported as passed on numbers that were not read.

``non_negative`` yields one failed Check per offending cell (``where`` the
cell, ``expected`` the nearest valid value — max(0, value), whole for
counts — and ``actual`` the value), and for a table without offenders one
passed Check with ``where`` the table and expected = actual = 0 offenders.
"""
from __future__ import annotations

from functools import lru_cache
from typing import Callable

from pipelines import template as T
from pipelines.model import Check, Report

Number = int | float
_AMOUNTS = {"fee_amount", "procurement_amount"}
_COUNTABLE = T.VALUE_STATES
_ZERO = T.ZERO_STATES


Keys = tuple[tuple[str, str, str], ...]
# A compiled rule instance: (rule, where, key of a cell that skips it when
# derived or None, expected keys, actual keys).
Instance = tuple[str, str, "tuple[str, str, str] | None", Keys, Keys]


def _why(cells: dict, k: tuple[str, str, str]) -> str:
    """Why the cell at `k` has no value for sums (it is absent, missing or text)."""
    c = cells.get(k)
    if c is None:
        return f"{k[0]}.{k[1]}.{k[2]} 不存在"
    return f"{k[0]}.{k[1]}.{k[2]} 为{T.state_label(c.state)}"


def _sum(vals: dict, cells: dict, table: str, cells_at: list[tuple[str, str]]) -> tuple[Number | None, str]:
    """Sum of cells in one table for sums (blank/dash = 0), or (None, why not)."""
    total, missing = _total(tuple((table, row, col) for row, col in cells_at), vals.get)
    return (total, "") if missing is None else (None, _why(cells, missing))


@lru_cache(maxsize=None)
def _request_rules(tpl: str, variant: str) -> tuple[Instance, ...]:
    """The fixed section 三 rule instances of a template variant, in order.
    An applicant_total instance is skipped when its row's total was derived."""
    rq = "requests"
    items = [i.code for i in T.request_items(tpl)]
    if variant == "hybrid":
        items = [i for i in items if i not in T.OTHER_SPLIT]
    applicants = [a.code for a in T.APPLICANTS]
    out: list[Instance] = []

    def add(code: str, where: str, item: str | None, e: list[tuple[str, str]], a: list[tuple[str, str]]) -> None:
        out.append((code, where, None if item is None else (rq, item, "total"),
                    tuple((rq, r, c) for r, c in e), tuple((rq, r, c) for r, c in a)))

    for a in applicants:
        add("flow_balance", f"{rq}.{a}", None, [("new_received", a), ("carried_over", a)],
            [("total_processed", a), ("carried_forward", a)])
    for it in items:
        add("applicant_total", f"{rq}.{it}", it, [(it, a) for a in T.APPLICANT_PARTS], [(it, "total")])
    for a in applicants:
        add("outcome_total", f"{rq}.{a}", None, [(p, a) for p in T.OUTCOME_PARTS], [("total_processed", a)])
    if tpl == "2021" and variant != "hybrid":
        for a in applicants:
            add("other_split", f"{rq}.other.{a}", None, [(p, a) for p in T.OTHER_SPLIT], [("other", a)])
    return tuple(out)


def _review_rules() -> tuple[Instance, ...]:
    rl = "review_litigation"
    return tuple(("proceeding_total", f"{rl}.{p.code}", None, tuple((rl, p.code, o) for o in T.OUTCOME_SUM_PARTS),
                  ((rl, p.code, "total"),)) for p in T.PROCEEDINGS)


_REVIEW_RULES = _review_rules()
_SUBTOTAL_PARTS: dict[str, tuple[str, ...]] = {
    "withheld": T.WITHHELD, "unavailable": T.UNAVAILABLE, "rejected": T.REJECTED, "outcomes": ("total_processed",)}
_ORGS = tuple(o for o in T.APPLICANT_PARTS if o != "natural_person")

# Checks are immutable and recur across reports: one shared object per
# distinct check with int numbers (as for parser cells; a float would merge
# 0.0 and -0.0).
_CHECKS: dict[tuple, Check] = {}
_CHECKS_MAX = 50_000


def _check(rule: str, passed: bool, where: str, expected: Number, actual: Number) -> Check:
    if expected.__class__ is not int or actual.__class__ is not int:
        return Check(rule, passed, where, expected, actual)
    k = (rule, passed, where, expected, actual)
    c = _CHECKS.get(k)
    if c is None:
        if len(_CHECKS) > _CHECKS_MAX:
            _CHECKS.clear()
        c = _CHECKS[k] = Check(rule, passed, where, expected, actual)
    return c


def _eq(a: Number, b: Number) -> bool:
    return abs(a - b) < 1e-6


def _total(keys: Keys, get: Callable) -> tuple[Number, None] | tuple[None, tuple[str, str, str]]:
    """The sum of the cells at `keys` (left to right, as printed), or (None, the first key
    without a value)."""
    total: Number = 0
    for k in keys:
        v = get(k)
        if v is None:
            return None, k
        total += v
    return total, None


def _run(instances: tuple[Instance, ...], vals: dict, cells: dict, derived: dict,
         checks: list[Check], skipped: list[str]) -> None:
    """Evaluate compiled rule instances. The first unknown cell (expected side first) says
    why an instance is skipped."""
    get = vals.get
    for code, where, total_key, expected, actual in instances:
        if total_key is not None and total_key in derived:
            continue
        e, missing = _total(expected, get)
        if missing is None:
            a, missing = _total(actual, get)
            if missing is None:
                checks.append(_check(code, _eq(e, a), where, e, a))
                continue
        skipped.append(f"勾稽关系 {code} @ {where}: 未核对（{_why(cells, missing)}）")


def evaluate(report: Report) -> tuple[list[Check], list[str]]:
    """All per-report rules: (checks, warnings about skipped rule instances)."""
    # One pass over the cells: the grid as sums see it (blank/dash = 0,
    # missing/text = unknown; the last cell at a place wins) and the
    # non_negative offenders, reported after the other rules.
    cells: dict[tuple[str, str, str], object] = {}
    vals: dict[tuple[str, str, str], Number | None] = {}
    derived: dict[tuple[str, str, str], None] = {}
    seen: dict[str, None] = {}  # tables with a value, in order
    bad: dict[str, None] = {}
    negative: list[Check] = []
    for c in report.cells:
        k = (c.table, c.row, c.column)
        cells[k] = c
        st = c.state
        v = c.value
        if st in _COUNTABLE:
            vals[k] = v
            if st == "derived":
                derived[k] = None
            elif derived and k in derived:
                del derived[k]
        else:
            vals[k] = 0 if st in _ZERO else None
            if derived and k in derived:
                del derived[k]
        if v is None or k[2] == "change":
            continue
        seen[k[0]] = None
        if v.__class__ is int and v >= 0:  # the usual count: already valid
            continue
        want: Number = max(0, v) if k[2] in _AMOUNTS else max(0, round(v))
        if not _eq(want, v):
            bad[k[0]] = None
            negative.append(Check("non_negative", False, f"{k[0]}.{k[1]}.{k[2]}", want, v))
    checks: list[Check] = []
    skipped: list[str] = []
    tpl = report.template
    rq = "requests"
    tables = {k[0] for k in cells}
    if rq in tables:
        _run(_request_rules(tpl, report.meta.get("variant", tpl)), vals, cells, derived, checks, skipped)
        for group, by in report.meta.get("subtotals", {}).items():
            parts = _SUBTOTAL_PARTS.get(group)
            if group == "legal_person":
                for it, val in by.items():
                    e, why = _sum(vals, cells, rq, [(it, o) for o in _ORGS])
                    if e is None or val is None:
                        skipped.append(f"勾稽关系 applicant_total @ {rq}.{it}.legal_person: 未核对（{why or '小计非数字'}）")
                    else:
                        checks.append(Check("applicant_total", _eq(e, val), f"{rq}.{it}.legal_person", e, val))
                continue
            if parts is None:
                continue
            for a, val in by.items():
                e, why = _sum(vals, cells, rq, [(p, a) for p in parts])
                if e is None or val is None:
                    skipped.append(f"勾稽关系 outcome_total @ {rq}.{group}_subtotal.{a}: 未核对（{why or '小计非数字'}）")
                else:
                    checks.append(Check("outcome_total", _eq(e, val), f"{rq}.{group}_subtotal.{a}", e, val))
    if "review_litigation" in tables:
        _run(_REVIEW_RULES, vals, cells, derived, checks, skipped)
    checks.extend(negative)
    for table in seen:
        if table not in bad:
            checks.append(_check("non_negative", True, table, 0, 0))
    return checks, skipped


def run_checks(report: Report) -> list[Check]:
    """One Check per rule instance that could be evaluated."""
    return evaluate(report)[0]
