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

from pipelines import template as T
from pipelines.model import Check, Report

Number = int | float
_AMOUNTS = {"fee_amount", "procurement_amount"}
_COUNTABLE = {"number", "recovered", "derived"}
_ZERO = {"blank", "dash"}


class _Grid:
    """Cell values as sums see them: blank/dash = 0, missing/text = unknown."""

    def __init__(self, report: Report) -> None:
        self.cells = cells = {(c.table, c.row, c.column): c for c in report.cells}
        self.vals: dict[tuple[str, str, str], Number | None] = {
            k: 0 if c.state in _ZERO else c.value if c.state in _COUNTABLE else None for k, c in cells.items()}
        self.tables = {k[0] for k in cells}

    def get(self, table: str, row: str, col: str) -> tuple[Number | None, str]:
        """(value for sums, reason when unknown)."""
        k = (table, row, col)
        v = self.vals.get(k)
        if v is not None:
            return v, ""
        c = self.cells.get(k)
        if c is None:
            return None, f"{table}.{row}.{col} 不存在"
        return None, f"{table}.{row}.{col} 为{T.CELL_STATES.get(c.state, c.state)}"


def _sum(grid: _Grid, table: str, cells: list[tuple[str, str]]) -> tuple[Number | None, str]:
    return _sum_keys(grid, [(table, row, col) for row, col in cells])


def _sum_keys(grid: _Grid, keys: "tuple[tuple[str, str, str], ...] | list[tuple[str, str, str]]") -> tuple[Number | None, str]:
    total: Number = 0
    vals = grid.vals
    for k in keys:
        v = vals.get(k)
        if v is None:
            return None, grid.get(*k)[1]
        total += v
    return total, ""


Keys = tuple[tuple[str, str, str], ...]


@lru_cache(maxsize=None)
def _request_rules(tpl: str, variant: str) -> tuple[tuple[str, str, str | None, Keys, Keys], ...]:
    """The fixed section 三 rule instances of a template variant, in order:
    (rule, where, item whose derived total skips it, expected keys, actual keys)."""
    rq = "requests"
    items = [i.code for i in T.request_items(tpl)]
    if variant == "hybrid":
        items = [i for i in items if i not in T.OTHER_SPLIT]
    applicants = [a.code for a in T.APPLICANTS]
    out: list[tuple[str, str, str | None, Keys, Keys]] = []

    def add(code: str, where: str, item: str | None, e: list[tuple[str, str]], a: list[tuple[str, str]]) -> None:
        out.append((code, where, item, tuple((rq, r, c) for r, c in e), tuple((rq, r, c) for r, c in a)))

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


@lru_cache(maxsize=None)
def _review_rules() -> tuple[tuple[str, str, Keys, Keys], ...]:
    rl = "review_litigation"
    return tuple(("proceeding_total", f"{rl}.{p.code}", tuple((rl, p.code, o) for o in T.OUTCOME_SUM_PARTS),
                  ((rl, p.code, "total"),)) for p in T.PROCEEDINGS)


def _eq(a: Number, b: Number) -> bool:
    return abs(a - b) < 1e-6


def evaluate(report: Report) -> tuple[list[Check], list[str]]:
    """All per-report rules: (checks, warnings about skipped rule instances)."""
    grid = _Grid(report)
    checks: list[Check] = []
    skipped: list[str] = []

    def rule(code: str, where: str, expected: Keys, actual: Keys) -> None:
        e, why_e = _sum_keys(grid, expected)
        a, why_a = _sum_keys(grid, actual)
        if e is None or a is None:
            skipped.append(f"勾稽关系 {code} @ {where}: 未核对（{why_e or why_a}）")
            return
        checks.append(Check(code, _eq(e, a), where, e, a))

    tpl = report.template
    variant = report.meta.get("variant", tpl)
    rq = "requests"
    if rq in grid.tables:
        for code, where, item, expected, actual in _request_rules(tpl, variant):
            if item is not None:
                c = grid.cells.get((rq, item, "total"))
                if c is not None and c.state == "derived":
                    continue
            rule(code, where, expected, actual)
        for group, by in report.meta.get("subtotals", {}).items():
            parts = {"withheld": T.WITHHELD, "unavailable": T.UNAVAILABLE, "rejected": T.REJECTED,
                     "outcomes": ("total_processed",)}.get(group)
            if group == "legal_person":
                for it, val in by.items():
                    orgs = [(it, o) for o in T.APPLICANT_PARTS if o != "natural_person"]
                    e, why = _sum(grid, rq, orgs)
                    if e is None or val is None:
                        skipped.append(f"勾稽关系 applicant_total @ {rq}.{it}.legal_person: 未核对（{why or '小计非数字'}）")
                    else:
                        checks.append(Check("applicant_total", _eq(e, val), f"{rq}.{it}.legal_person", e, val))
                continue
            if parts is None:
                continue
            for a, val in by.items():
                e, why = _sum(grid, rq, [(p, a) for p in parts])
                if e is None or val is None:
                    skipped.append(f"勾稽关系 outcome_total @ {rq}.{group}_subtotal.{a}: 未核对（{why or '小计非数字'}）")
                else:
                    checks.append(Check("outcome_total", _eq(e, val), f"{rq}.{group}_subtotal.{a}", e, val))
    if "review_litigation" in grid.tables:
        for code, where, expected, actual in _review_rules():
            rule(code, where, expected, actual)
    bad: dict[str, int] = {}
    seen: dict[str, int] = {}
    for c in report.cells:
        if c.value is None or c.column == "change":
            continue
        v = c.value
        seen[c.table] = seen.get(c.table, 0) + 1
        if v.__class__ is int and v >= 0:  # the usual count: already valid
            continue
        want: Number = max(0, v) if c.column in _AMOUNTS else max(0, round(v))
        if not _eq(want, v):
            bad[c.table] = bad.get(c.table, 0) + 1
            checks.append(Check("non_negative", False, f"{c.table}.{c.row}.{c.column}", want, v))
    for table in seen:
        if table not in bad:
            checks.append(Check("non_negative", True, table, 0, 0))
    return checks, skipped


def run_checks(report: Report) -> list[Check]:
    """One Check per rule instance that could be evaluated."""
    return evaluate(report)[0]
