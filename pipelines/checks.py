"""Consistency rules (勾稽关系) evaluated on one parsed report. Pure.

The rules are data (`template.RULES`); this module compiles each rule into
its instances for a template and variant (`rule_instances`, also read by the
demo's defect truth and the warehouse's cross-year SQL) and evaluates them.

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
from typing import Callable, NamedTuple

from pipelines import template as T
from pipelines.model import Check, Report

Number = int | float
Key = tuple[str, str, str]          # (table, row, column)
Side = tuple[tuple[Key, int], ...]  # the places a side adds up, each with its sign

_SIGNED = T.measure_codes("signed")   # exempt from non_negative (本年增/减)
_AMOUNTS = T.measure_codes("amount")  # may be fractional
_COUNTABLE = T.VALUE_STATES
_ZERO = T.ZERO_STATES


class Instance(NamedTuple):
    """One rule at one place: sum(expected) = sum(actual)."""

    rule: str
    where: str
    skip_if_derived: Key | None  # the cell whose derivation makes the instance trivially true
    expected: Side
    actual: Side
    year_offsets: tuple[int, ...] = ()  # per term of expected + actual (cross-year rules)


def rule_instances(rule: T.Rule, template: str, variant: str | None = None) -> tuple[Instance, ...]:
    """The instances of a balance rule for a template (and variant), in line order; none when the
    rule does not apply to them."""
    if rule.kind != "balance" or template not in rule.templates or (variant or template) in rule.not_in_variants:
        return ()
    table = rule.table
    assert table is not None, rule.code
    lines = rule.lines or T.table_lines(table, rule.each, template, variant)

    def key(line: str, code: str) -> Key:
        return (table, code, line) if rule.each == "column" else (table, line, code)

    out = []
    for line in lines:
        exp = tuple((key(line, t.code), t.sign) for t in rule.expected)
        act = tuple((key(line, t.code), t.sign) for t in rule.actual)
        out.append(Instance(rule.code, rule.where.format(table=table, line=line),
                            act[0][0] if rule.skip_derived else None, exp, act,
                            tuple(t.year for t in (*rule.expected, *rule.actual))))
    return tuple(out)


@lru_cache(maxsize=None)
def _report_instances(template: str, variant: str) -> tuple[tuple[str, tuple[Instance, ...]], ...]:
    """(table, instances) of every report-scope balance rule, in rule order."""
    return tuple((r.table, rule_instances(r, template, variant)) for r in T.RULES  # type: ignore[misc]
                 if r.scope == "report" and r.kind == "balance")


_SUBTOTALS: tuple[tuple[T.Rule, T.Subtotal], ...] = tuple((r, s) for r in T.RULES for s in r.subtotals)


def _why(cells: dict, k: Key) -> str:
    """Why the cell at `k` has no value for sums (it is absent, missing or text)."""
    c = cells.get(k)
    if c is None:
        return f"{k[0]}.{k[1]}.{k[2]} 不存在"
    return f"{k[0]}.{k[1]}.{k[2]} 为{T.state_label(c.state)}"


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
    return abs(a - b) < T.RULE_TOLERANCE


def _total(side: Side, get: Callable) -> tuple[Number, None] | tuple[None, Key]:
    """The signed sum of the cells of one side (left to right, as printed), or (None, the first
    key without a value)."""
    total: Number = 0
    for k, sign in side:
        v = get(k)
        if v is None:
            return None, k
        total += v if sign > 0 else -v
    return total, None


def _run(instances: tuple[Instance, ...], vals: dict, cells: dict, derived: dict,
         checks: list[Check], skipped: list[str]) -> None:
    """Evaluate compiled rule instances. The first unknown cell (expected side first) says
    why an instance is skipped."""
    get = vals.get
    for code, where, total_key, expected, actual, _years in instances:
        if total_key is not None and total_key in derived:
            continue
        e, missing = _total(expected, get)
        if missing is None:
            a, missing = _total(actual, get)
            if missing is None:
                checks.append(_check(code, _eq(e, a), where, e, a))
                continue
        skipped.append(f"勾稽关系 {code} @ {where}: 未核对（{_why(cells, missing)}）")


def _subtotal_checks(report: Report, tables: set[str], vals: dict, cells: dict, checks: list[Check],
                     skipped: list[str]) -> None:
    """The printed subtotal lines (法人或其他组织, 不予公开 …) against the parts they add up."""
    printed = report.meta.get("subtotals") or {}
    for rule, sub in _SUBTOTALS:
        by = printed.get(sub.group)
        if not by or rule.table not in tables:
            continue
        for line, val in by.items():
            where = sub.where.format(table=rule.table, line=line, group=sub.group)
            side = tuple((((rule.table, p, line) if rule.each == "column" else (rule.table, line, p)), 1)
                         for p in sub.parts)
            e, missing = _total(side, vals.get)
            if e is None or val is None:
                why = _why(cells, missing) if missing is not None else "小计非数字"
                skipped.append(f"勾稽关系 {rule.code} @ {where}: 未核对（{why}）")
            else:
                checks.append(Check(rule.code, _eq(e, val), where, e, val))


def evaluate(report: Report) -> tuple[list[Check], list[str]]:
    """All per-report rules: (checks, warnings about skipped rule instances)."""
    # One pass over the cells: the grid as sums see it (blank/dash = 0,
    # missing/text = unknown; the last cell at a place wins) and the
    # non_negative offenders, reported after the other rules.
    cells: dict[Key, object] = {}
    vals: dict[Key, Number | None] = {}
    derived: dict[Key, None] = {}
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
        if v is None or k[2] in _SIGNED:
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
    tables = {k[0] for k in cells}
    for table, instances in _report_instances(report.template, report.meta.get("variant", report.template)):
        if table in tables:
            _run(instances, vals, cells, derived, checks, skipped)
    _subtotal_checks(report, tables, vals, cells, checks, skipped)
    checks.extend(negative)
    for table in seen:
        if table not in bad:
            checks.append(_check("non_negative", True, table, 0, 0))
    return checks, skipped


def run_checks(report: Report) -> list[Check]:
    """One Check per rule instance that could be evaluated."""
    return evaluate(report)[0]
