"""Consistency rules (勾稽关系) evaluated on one parsed report. Pure.

The rules are data (`template.RULES`); this module compiles each rule into
its instances for a template and variant (`rule_instances`, also read by the
demo's defect truth and the warehouse's cross-year SQL) and evaluates them.

Convention (the disclosure office's): a ``blank`` or ``dash`` cell counts as
0 in a sum. A ``missing`` or ``text`` cell makes the sum unknown: that rule
instance is skipped and a warning says which cell stopped it, so a rule is
never reported as passed on numbers that were not read.

Evaluation works on a report's columns: the instances are compiled once per
layout, template and variant into positions of the layout (`_plan`), and a
report's sums are read by position.

``non_negative`` yields one failed Check per offending cell (``where`` the
cell, ``expected`` the nearest valid value — max(0, value), whole for
counts — and ``actual`` the value), and for a table without offenders one
passed Check with ``where`` the table and expected = actual = 0 offenders.
"""
from __future__ import annotations

from functools import lru_cache
from operator import itemgetter
from typing import Callable, NamedTuple

from pipelines import template as T
from pipelines.model import Check, Layout, Report

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


def _eq(a: Number, b: Number) -> bool:
    return abs(a - b) < T.RULE_TOLERANCE


# ---------------------------------------------------------------- compiled against a layout
class _Side(NamedTuple):
    """One side of an instance as positions of a layout (a place the layout lacks is position
    len(layout): the sums read None there, `why` says 不存在)."""

    keys: tuple[Key, ...]
    at: tuple[int, ...]
    signs: tuple[int, ...]
    get: Callable[[list], tuple] | None  # all signs +1: the side's values in one C call

    def total(self, sums: list) -> Number | None:
        """The signed sum, left to right as printed; None when a place has no value."""
        if self.get is not None:
            try:
                return sum(self.get(sums))
            except TypeError:  # a None among the values
                return None
        total: Number = 0
        for i, sign in zip(self.at, self.signs):
            v = sums[i]
            if v is None:
                return None
            total += v if sign > 0 else -v
        return total

    def why(self, report: Report, sums: list) -> str:
        """Why the side has no sum: its first cell without a value (absent, missing, text …)."""
        j = next(j for j, i in enumerate(self.at) if sums[i] is None)
        t, r, c = self.keys[j]
        i = self.at[j]
        if i >= len(report.layout):
            return f"{t}.{r}.{c} 不存在"
        return f"{t}.{r}.{c} 为{T.state_label(report.states[i])}"


@lru_cache(maxsize=4096)
def _side(lay: Layout, side: Side) -> _Side:
    absent = len(lay)
    at = tuple(lay.index.get(k, absent) for k, _sign in side)
    signs = tuple(sign for _k, sign in side)
    get = _getter(at) if all(sign > 0 for sign in signs) else None
    return _Side(tuple(k for k, _sign in side), at, signs, get)


class _Compiled(NamedTuple):
    rule: str
    where: str
    skip_if_derived: int | None  # position of the cell whose derivation makes the instance trivially true
    expected: _Side
    actual: _Side
    # Checks recur across reports: this instance's Check per (expected, actual) whole numbers
    # (a float would merge 0.0 and -0.0)
    memo: dict[tuple[int, int], Check]


class _Plan(NamedTuple):
    """Everything `evaluate` needs for one layout, template and variant, by position."""

    instances: tuple[_Compiled, ...]
    tables: frozenset[str]
    # non_negative: the positions it looks at (signed measures exempt), per table in layout order,
    # with their values in one C call and the table's passed Check
    counted: tuple[tuple[str, tuple[int, ...], Callable[[list], tuple], Check], ...]
    amounts: frozenset[int]      # positions that may be fractional
    # a contiguous layout: the values that must be whole, and the amounts, each in one C call
    counts: Callable[[list], tuple] | None
    fractional: Callable[[list], tuple] | None


_PLANS: dict[tuple[Layout, str, str], tuple[object, _Plan]] = {}


def _plan(lay: Layout, template: str, variant: str) -> _Plan:
    """The compiled plan of a layout, template and variant; compiled again when the rules were
    (after `_report_instances.cache_clear()`)."""
    rules = _report_instances(template, variant)
    hit = _PLANS.get((lay, template, variant))
    if hit is not None and hit[0] is rules:
        return hit[1]
    if len(_PLANS) > 512:  # layouts of hand-made reports
        _PLANS.clear()
    plan = _compile(lay, rules)
    _PLANS[(lay, template, variant)] = (rules, plan)
    return plan


def _compile(lay: Layout, rules: tuple[tuple[str, tuple[Instance, ...]], ...]) -> _Plan:
    tables = frozenset(lay.tables)
    compiled = []
    for table, instances in rules:
        if table not in tables:
            continue
        for inst in instances:
            skip = None if inst.skip_if_derived is None else lay.index.get(inst.skip_if_derived)
            compiled.append(_Compiled(inst.rule, inst.where, skip, _side(lay, inst.expected),
                                      _side(lay, inst.actual), {}))
    counted = []
    for t, span in lay.spans.items():
        at = tuple(i for i in span if lay.keys[i][2] not in _SIGNED)
        if at:
            counted.append((t, at, _getter(at), Check("non_negative", True, t, 0, 0)))
    amounts = tuple(i for _t, at, _get, _c in counted for i in at if lay.keys[i][2] in _AMOUNTS)
    whole = tuple(i for _t, at, _get, _c in counted for i in at if lay.keys[i][2] not in _AMOUNTS)
    counts = fractional = None
    if lay.contiguous and whole:
        counts, fractional = _getter(whole), _getter(amounts)
    return _Plan(tuple(compiled), tables, tuple(counted), frozenset(amounts), counts, fractional)


def _getter(at: tuple[int, ...]) -> Callable[[list], tuple]:
    """The values at positions `at` as a tuple, in one C call."""
    if len(at) > 1:
        return itemgetter(*at)
    return (lambda values, i=at[0]: (values[i],)) if at else (lambda values: ())


def _sums(report: Report) -> list:
    """The grid as sums see it, by position: blank/dash = 0, missing/text/ambiguous = None."""
    return [v if s in _COUNTABLE else (0 if s in _ZERO else None) for v, s in zip(report.values, report.states)]


def _valid(values: set, whole: bool) -> bool:
    """Whether these values (None dropped) are all ≥ 0, and whole numbers if `whole`."""
    values.discard(None)
    return not values or (min(values) >= 0 and (not whole or set(map(type, values)) == {int}))


def _non_negative(report: Report, plan: _Plan, checks: list[Check]) -> None:
    """One failed Check per offending cell (in cell order), then one passed Check per table with
    a value and no offender."""
    values = report.values
    if plan.counts is not None and _valid(set(plan.counts(values)), True) \
            and _valid(set(plan.fractional(values)), False):  # type: ignore[misc]
        # nothing to offend (the usual report): each table with a value passes
        for _table, at, get, passed in plan.counted:
            if get(values).count(None) < len(at):
                checks.append(passed)
        return
    keys = report.layout.keys
    seen: dict[str, None] = {}
    bad: dict[str, None] = {}
    every = sorted(i for _t, at, _get, _c in plan.counted for i in at)
    for i in every:
        v = values[i]
        if v is None:
            continue
        table = keys[i][0]
        seen[table] = None
        if v.__class__ is int and v >= 0:  # the usual count: already valid
            continue
        want: Number = max(0, v) if i in plan.amounts else max(0, round(v))
        if not _eq(want, v):
            bad[table] = None
            checks.append(Check("non_negative", False, f"{keys[i][0]}.{keys[i][1]}.{keys[i][2]}", want, v))
    passed = {t: c for t, _at, _get, c in plan.counted}
    checks.extend(passed[t] for t in seen if t not in bad)


def _subtotal_checks(report: Report, tables: frozenset[str], sums: list, checks: list[Check],
                     skipped: list[str]) -> None:
    """The printed subtotal lines (法人或其他组织, 不予公开 …) against the parts they add up."""
    printed = report.meta.get("subtotals") or {}
    if not printed:
        return
    lay = report.layout
    for rule, sub in _SUBTOTALS:
        by = printed.get(sub.group)
        if not by or rule.table not in tables:
            continue
        for line, val in by.items():
            where = sub.where.format(table=rule.table, line=line, group=sub.group)
            keys = tuple((((rule.table, p, line) if rule.each == "column" else (rule.table, line, p)), 1)
                         for p in sub.parts)
            side = _side(lay, keys)
            e = side.total(sums)
            if e is None or val is None:
                why = side.why(report, sums) if e is None else "小计非数字"
                skipped.append(f"勾稽关系 {rule.code} @ {where}: 未核对（{why}）")
            else:
                checks.append(Check(rule.code, _eq(e, val), where, e, val))


def evaluate(report: Report) -> tuple[list[Check], list[str]]:
    """All per-report rules: (checks, warnings about skipped rule instances)."""
    plan = _plan(report.layout, report.template, report.meta.get("variant", report.template))
    sums = _sums(report)
    sums.append(None)  # the position of a place the layout lacks
    states = report.states
    checks: list[Check] = []
    skipped: list[str] = []
    for code, where, skip, expected, actual, memo in plan.instances:
        if skip is not None and states[skip] == "derived":
            continue
        get = expected.get
        if get is None:
            e = expected.total(sums)
        else:  # inline: the usual side, all terms added
            try:
                e = sum(get(sums))
            except TypeError:  # a None among them
                e = None
        if e is None:
            skipped.append(f"勾稽关系 {code} @ {where}: 未核对（{expected.why(report, sums)}）")
            continue
        get = actual.get
        if get is None:
            a = actual.total(sums)
        else:
            try:
                a = sum(get(sums))
            except TypeError:
                a = None
        if a is None:
            skipped.append(f"勾稽关系 {code} @ {where}: 未核对（{actual.why(report, sums)}）")
        elif e.__class__ is int and a.__class__ is int:
            c = memo.get((e, a))
            if c is None:
                if len(memo) > _MEMO_MAX:
                    memo.clear()
                c = memo[(e, a)] = Check(code, e == a, where, e, a)
            checks.append(c)
        else:
            checks.append(Check(code, _eq(e, a), where, e, a))
    _subtotal_checks(report, plan.tables, sums, checks, skipped)
    _non_negative(report, plan, checks)
    return checks, skipped


_MEMO_MAX = 512


def run_checks(report: Report) -> list[Check]:
    """One Check per rule instance that could be evaluated."""
    return evaluate(report)[0]
