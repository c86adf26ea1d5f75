"""Section 三 second pass: cells that need the whole matrix to be read.

Rows with one cell more than the header (a 法人或其他组织 subtotal column,
located by its sum) and rows whose digits ran together (split by
applicant_total, then by the flow and outcome identities across rows).
"""
from __future__ import annotations

from itertools import product

from pipelines import template as T
from pipelines.parser.requests import ORG, Matrix, cell_of
from pipelines.parser.runs import split_run
from pipelines.parser.tokens import Token


def resolve_wide(m: Matrix, wide: dict[str, list[Token]], raw_rows: dict, columns: list[str]) -> None:
    """Rows with one more cell than the header: a 法人或其他组织 subtotal column."""
    orgs = [i for i, c in enumerate(columns) if c in ORG]
    fits: list[int] = []
    for pos in range(len(columns) + 1):
        ok = True
        for vals in wide.values():
            nums = [v.parsed.value if v.kind == "value" and v.parsed.state == "number" else 0 for v in vals]
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
                m.subtotals[code[1:]] = {c: cell_of(v) for c, v in zip(columns, rest)}
                continue
            raw_rows[code] = rest
            m.subtotals.setdefault("legal_person", {})[code] = cell_of(vals[pos])
        return
    for code, vals in wide.items():
        if code.startswith("@"):
            m.warnings.append(f"requests: 小计行（{code[1:]}）多出一列但位置无法确定，未核对")
            continue
        m.rows[code] = {c: (None, "text", " ".join(v.raw for v in vals), "", "") for c in columns}
        m.warnings.append(f"requests.{code}: 多出一列（法人或其他组织小计？）但位置无法确定，记为文字")


def resolve_runs(m: Matrix, runs: dict[str, str]) -> None:
    """Split run-together rows by applicant_total, then by the column identities."""
    cands = {code: split_run(d, (len(m.columns) - 1,)) for code, d in runs.items()}
    chosen: dict[str, list[int]] = {c: v[0] for c, v in cands.items() if len(v) == 1}
    open_ = {c: v for c, v in cands.items() if len(v) > 1}
    if open_ and all(len(v) <= 64 for v in open_.values()):
        combos = 1
        for v in open_.values():
            combos *= len(v)
        if combos <= 20000:
            good = []
            keys = list(open_)
            for pick in product(*(open_[k] for k in keys)):
                trial = {**chosen, **dict(zip(keys, pick))}
                if _identities_hold(m, trial):
                    good.append(pick)
                    if len(good) > 1:
                        break
            if len(good) == 1:
                for k, v in zip(keys, good[0]):
                    chosen[k] = v
                    m.warnings.append(f"requests.{k}: 连写数字“{runs[k]}”经收支与办理结果勾稽关系唯一拆分")
                open_ = {}
            else:
                open_ = {k: open_[k] for k in keys}
    for code, d in runs.items():
        if code in chosen:
            m.rows[code] = {c: (v, "recovered", d, "", "") for c, v in zip(m.columns, chosen[code])}
            m.warnings.append(f"requests.{code}: 连写数字“{d}”按合计拆分为 {' '.join(map(str, chosen[code]))}")
        else:
            n = len(cands[code])
            m.rows[code] = {c: (None, "text", d, "", "") for c in m.columns}
            what = f"有 {n} 种拆分方式" if n else "无法按合计拆分"
            m.warnings.append(f"requests.{code}: 连写数字“{d}”{what}，未取值（需人工核对）")


def _identities_hold(m: Matrix, trial: dict[str, list[int]]) -> bool:
    """flow_balance and outcome_total for every column, with trial run splits."""
    def val(code: str, ci: int) -> int | None:
        if code in trial:
            return trial[code][ci]
        row = m.rows.get(code)
        if row is None:
            return None if code != "other" else 0
        v = row.get(m.columns[ci])
        if v is None:
            return None
        if v[1] in T.ZERO_STATES:
            return 0
        return v[0]

    outcome_parts = [*T.OUTCOME_PARTS[:-1], *(T.OTHER_SPLIT if any(c in trial or c in m.rows for c in T.OTHER_SPLIT) else ("other",))]
    for ci in range(len(m.columns)):
        a = [val(c, ci) for c in ("new_received", "carried_over", "total_processed", "carried_forward")]
        if None not in a and a[0] + a[1] != a[2] + a[3]:
            return False
        parts = [val(c, ci) for c in outcome_parts]
        tot = val("total_processed", ci)
        if None not in parts and tot is not None and sum(parts) != tot:
            return False
    return True
