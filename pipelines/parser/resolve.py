"""Section 三 second pass: cells that need the whole matrix to be read.

Rows with one cell more than the header (a 法人或其他组织 subtotal column,
located by its sum) and rows whose digits ran together. A run-together row
is split by applicant_total (runs.split_groups lists every split); the
column identities (flow_balance, outcome_total) then pick among the rows'
splits by a search over the whole table, pruned by partial column sums.
A cell whose value is the same in every split that satisfies every sum is
``recovered``; one that differs between such splits is ``ambiguous``
(value NULL, the digit run kept as raw, never a guessed number).
"""
from __future__ import annotations

from functools import lru_cache

from pipelines import template as T
from pipelines.parser.requests import ORG, Matrix
from pipelines.parser.runs import Split, agree, split_groups
from pipelines.parser.tokens import Token
from pipelines.parser.values import CellVal, split_cell, text_cell

#: Solutions listed before a table counts as ambiguous, and search steps allowed.
MAX_SOLUTIONS = 16
MAX_NODES = 20_000
#: Candidate splits quoted in an ambiguity warning.
QUOTED = 3

_LABELS = {a.code: a.label for a in T.APPLICANTS}


def resolve_wide(m: Matrix, wide: dict[str, list[Token]], raw_rows: dict, columns: list[str]) -> None:
    """Rows with one more cell than the header: a 法人或其他组织 subtotal column."""
    orgs = [i for i, c in enumerate(columns) if c in ORG]
    fits: list[int] = []
    for pos in range(len(columns) + 1):
        ok = True
        for vals in wide.values():
            nums = [v.cell.value if v.kind == "value" and v.cell.state == "number" else 0 for v in vals]
            rest = nums[:pos] + nums[pos + 1:]
            if nums[pos] != sum(rest[i] for i in orgs):
                ok = False
                break
        if ok:
            fits.append(pos)
    if len(fits) == 1:
        pos = fits[0]
        for code, vals in wide.items():
            rest = vals[:pos] + vals[pos + 1:]
            if code.startswith("@"):  # a subtotal row of the wide table
                m.subtotals[code[1:]] = {c: v.cell for c, v in zip(columns, rest)}
                continue
            raw_rows[code] = rest
            m.subtotals.setdefault("legal_person", {})[code] = vals[pos].cell
        return
    for code, vals in wide.items():
        if code.startswith("@"):
            m.warnings.append(f"requests: 小计行（{code[1:]}）多出一列但位置无法确定，未核对")
            continue
        m.rows[code] = dict.fromkeys(columns, text_cell(" ".join(v.raw for v in vals)))
        m.warnings.append(f"requests.{code}: 多出一列（法人或其他组织小计？）但位置无法确定，记为文字")


def resolve_runs(m: Matrix, runs: dict[str, str]) -> None:
    """Split run-together rows by applicant_total, then by the column identities."""
    width = len(m.columns)
    cands = {code: split_groups(d, (width - 1,)) if d.isdigit() else () for code, d in runs.items()}
    known = {c: v for c, v in cands.items() if v}
    solved = _solve(m, known, {c for c, v in cands.items() if not v})
    if solved == {}:
        m.warnings.append("requests: 连写数字的各种拆分无一同时满足收支平衡和办理结果合计，各行只按本行合计拆分")
    rows: dict[str, list] = {}
    for code, own in cands.items():
        fits = solved[code] if solved and code in solved else own
        rows[code] = agree(fits) if fits else [None] * width
        if own and len(own) > 1 and None not in rows[code]:
            m.warnings.append(f"requests.{code}: 连写数字“{runs[code]}”经收支与办理结果勾稽关系唯一拆分")
    for code, d in runs.items():
        own, values = cands[code], rows[code]
        if own == ():
            m.rows[code] = dict.fromkeys(m.columns, text_cell(d))
            why = "含非数字字符" if not d.isdigit() else "无法按合计拆分"
            m.warnings.append(f"requests.{code}: 连写数字“{d}”{why}，未取值（需人工核对）")
            continue
        cells, printed = _split_row(d, tuple(values))
        m.rows[code] = dict(zip(m.columns, cells))
        if None not in values:
            m.warnings.append(f"requests.{code}: 连写数字“{d}”按合计拆分为 {printed}")
            continue
        fits = solved[code] if solved and code in solved else own
        open_ = "、".join(_LABELS.get(c, c) for c, v in zip(m.columns, values) if v is None)
        if fits:
            distinct = list(dict.fromkeys(fits))
            quoted = "；".join(" ".join(map(str, f)) for f in distinct[:QUOTED])
            how = f"有 {len(distinct)} 种拆分符合全部合计（如 {quoted}）"
        else:
            how = "拆分方式过多，无法逐一核对"
        m.warnings.append(f"requests.{code}: 连写数字“{d}”{how}，{open_}未取值（需人工核对）")


@lru_cache(maxsize=20_000)  # rows recur across reports (0000000, small counts)
def _split_row(run: str, values: tuple[int | None, ...]) -> tuple[tuple[CellVal, ...], str]:
    """The cells of a run split into `values` (None: ambiguous), and the values as a warning prints them."""
    return tuple(split_cell(v, run) for v in values), " ".join(map(str, values))


def _column_identities() -> tuple[tuple[dict[str, int], tuple[str, ...]], ...]:
    """Section 三's column rules (template.REQUESTS_COLUMN_RULES: flow_balance,
    outcome_total, other_split), each as {row: sign} (in every column the sum of
    sign * row is 0) with the rows of its `actual` side."""
    out = []
    for r in T.REQUESTS_COLUMN_RULES:
        eq = {t.code: t.sign for t in r.expected}
        for t in r.actual:
            eq[t.code] = eq.get(t.code, 0) - t.sign
        out.append((eq, tuple(t.code for t in r.actual)))
    return tuple(out)


_IDENTITIES = _column_identities()
#: Rows a template derives from others (其他处理 in 2021: the sum of its three parts).
_DERIVED = tuple(i.code for i in T.REQUEST_ITEMS if i.derived_in)


def _equations(m: Matrix, runs: set[str]) -> list[dict[str, int]]:
    """The column identities this table can use. A derived row that was not printed
    (nor run together) is replaced in the others by the rule that defines it (the
    one rule whose `actual` side is that row alone)."""
    eqs = [(dict(eq), actual) for eq, actual in _IDENTITIES]
    for row in _DERIVED:
        if row in runs or row in m.rows:
            continue
        rule = next(((eq, a) for eq, a in eqs if a == (row,)), None)
        if rule is None:
            continue
        eqs.remove(rule)
        own = rule[0][row]
        for eq, _ in eqs:
            coef = eq.pop(row, 0)
            for code, sign in rule[0].items():
                if code != row:
                    eq[code] = eq.get(code, 0) - coef * sign * own  # own is ±1
    return [eq for eq, _ in eqs]


def _fixed(m: Matrix, code: str, ci: int) -> int | float | None:
    """A printed row's value in column ci for the identities (blank/dash 0; None unknown or not printed)."""
    row = m.rows.get(code)
    if row is None:
        return None
    v = row.get(m.columns[ci])
    if v is None or v.state in T.UNKNOWN_STATES:
        return None
    return 0 if v.state in T.ZERO_STATES else v.value


class _Stop(Exception):
    """The search would list too many solutions or take too many steps."""


def _solve(m: Matrix, cands: dict[str, tuple[Split, ...] | None], unknown: set[str]) -> dict[str, list[Split]] | None:
    """For each run row, its split in every choice of one split per row that
    satisfies the column identities ({} when no choice does), or None when
    there is nothing to choose or the choices cannot all be listed (more than
    MAX_SOLUTIONS, over MAX_NODES): callers then fall back on each row's own
    splits.

    Rows whose splits are not all known (None) or that have none (`unknown`)
    make the identities they appear in unusable, like an unreadable cell. A
    row with one split is a constant; only rows with several are searched,
    pruned by the least and most the rows still open can add to each sum."""
    unknown = unknown | {c for c, v in cands.items() if v is None}
    fixed = {c: v[0] for c, v in cands.items() if v is not None and len(v) == 1}
    order = sorted((c for c, v in cands.items() if v is not None and len(v) > 1), key=lambda c: len(cands[c]))  # type: ignore[arg-type]
    if not order:
        return None
    width = len(m.columns)
    index = {c: i for i, c in enumerate(order)}
    rows: list[tuple[Split, ...]] = [cands[c] for c in order]  # type: ignore[misc]
    # constraints: (column, constant, {open row index: coef}) for every usable equation and column
    cons: list[tuple[int, int | float, dict[int, int]]] = []
    for eq in _equations(m, set(cands) | unknown):
        for ci in range(width):
            const: int | float = 0
            terms: dict[int, int] = {}
            for code, coef in eq.items():
                if code in index:
                    terms[index[code]] = coef
                    continue
                v = fixed[code][ci] if code in fixed else None if code in unknown else _fixed(m, code, ci)
                if v is None:
                    break
                const += coef * v
            else:
                if terms:
                    cons.append((ci, const, terms))
                elif const:
                    return {}  # the fixed rows alone break an identity: no choice can mend it
    n = len(order)
    touching = [[k for k, (_, _, terms) in enumerate(cons) if i in terms] for i in range(n)]
    # per constraint: the least and the most the open rows from index i on can add
    lo_rest = [[0] * (n + 1) for _ in cons]
    hi_rest = [[0] * (n + 1) for _ in cons]
    for k, (ci, _, terms) in enumerate(cons):
        for i in range(n - 1, -1, -1):
            coef = terms.get(i, 0)
            lo = hi = 0
            if coef:
                col = [coef * s[ci] for s in rows[i]]
                lo, hi = min(col), max(col)
            lo_rest[k][i] = lo_rest[k][i + 1] + lo
            hi_rest[k][i] = hi_rest[k][i + 1] + hi
    searched = [i for i in range(n) if touching[i]]
    found: list[tuple[Split, ...]] = []
    partial = [const for _, const, _ in cons]
    pick: list[Split] = []
    budget = [MAX_NODES]

    def rec(j: int) -> None:
        if j == len(searched):
            found.append(tuple(pick))
            if len(found) > MAX_SOLUTIONS:
                raise _Stop
            return
        i = searched[j]
        ks = touching[i]
        for s in rows[i]:
            budget[0] -= 1
            if budget[0] < 0:
                raise _Stop
            for k in ks:
                partial[k] += cons[k][2][i] * s[cons[k][0]]
            if all(partial[k] + lo_rest[k][i + 1] <= 0 <= partial[k] + hi_rest[k][i + 1] for k in ks):
                pick.append(s)
                rec(j + 1)
                pick.pop()
            for k in ks:
                partial[k] -= cons[k][2][i] * s[cons[k][0]]

    try:
        rec(0)
    except _Stop:
        return None
    if not found:
        return {}
    out = {order[i]: [f[j] for f in found] for j, i in enumerate(searched)}
    for i in range(n):  # rows in no usable identity keep their own splits
        if not touching[i]:
            out[order[i]] = list(rows[i])
    return out
