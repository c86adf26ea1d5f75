"""Section 四: fifteen numbers keyed by proceeding x outcome from the header.

The header names the proceedings (行政复议, 未经复议直接起诉, 复议后起诉) and
three runs of the five outcomes; runs are assigned to proceedings in the
order the proceedings are printed. A header that cannot be read falls back
to the template order, only when every proceeding's 总计 adds up, and says so.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from pipelines import template as T
from pipelines.parser.labels import KeyMatcher
from pipelines.parser.runs import agree, split_groups
from pipelines.parser.tokens import Stream, Token
from pipelines.parser.values import CellVal, split_cell, text_cell

PROC_CODES = [(p.code, p.keys) for p in T.PROCEEDINGS]
OUT_CODES = [(o.code, o.keys) for o in T.OUTCOMES]
PROCS = KeyMatcher(PROC_CODES)
OUTS = KeyMatcher(OUT_CODES)
CANON = [(p.code, o.code) for p in T.PROCEEDINGS for o in T.OUTCOMES]


@dataclass
class Review:
    cells: dict[tuple[str, str], CellVal] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


def _layout(tokens: list[Token]) -> list[tuple[str, str]] | None:
    joined = "".join(t.key for t in tokens if t.kind == "text")
    procs: list[str] = []
    for _, c in PROCS.scan(joined):
        if c not in procs:
            procs.append(c)
    outs = [c for _, c in OUTS.scan(joined)]
    runs: list[list[str]] = []
    for c in outs:
        if not runs or c in runs[-1]:
            runs.append([c])
        else:
            runs[-1].append(c)
    if len(procs) != 3 or len(runs) != 3 or any(sorted(r) != sorted(o.code for o in T.OUTCOMES) for r in runs):
        return None
    return [(p, o) for p, r in zip(procs, runs) for o in r]


_HEAD_KEYS = tuple(k for _, ks in PROC_CODES + OUT_CODES for k in ks) + ("行政诉讼", "结果", "审结")


@lru_cache(maxsize=20_000)  # labels recur across reports
def _is_head(k: str) -> bool:
    """A header label of section 四."""
    return len(k) <= 40 and any(h in k for h in _HEAD_KEYS)


def _number(cell: CellVal) -> int | float | None:
    """A cell's value for the sums: blank/dash 0, unknown None."""
    return cell.value if cell.state == "number" else (0 if cell.state in T.ZERO_STATES else None)


def _adds_up(part: list) -> bool:
    """One proceeding's five numbers: the four outcomes add up to 总计."""
    return None not in part and sum(part[:4]) == part[4]


def _sums_hold(nums: list) -> bool:
    return all(_adds_up(nums[g * 5:(g + 1) * 5]) for g in range(3))


_PLAIN = re.compile(r"[^0-9A-Za-z\u3400-\u9fff]+")


@lru_cache(maxsize=20_000)  # labels recur across reports
def _procs_in(text: str) -> tuple[str, ...]:
    """The distinct proceedings a label names."""
    return tuple({c for _, c in PROCS.scan(_PLAIN.sub("", text))})


def _vertical(zone: list[Token], r: Review) -> bool:
    """Section 四 printed with one row per proceeding (5 outcomes as columns)."""
    rows: dict[str, list[Token]] = {}
    first = None
    for i, t in enumerate(zone):
        if t.kind != "text":
            continue
        codes = _procs_in(t.text)
        if len(codes) != 1:
            continue
        vals = []
        for u in zone[i + 1:]:
            if u.kind != "value":
                break
            vals.append(u)
        if len(vals) == 5:
            rows[codes[0]] = vals
            first = i if first is None else first
    if len(rows) != 3:
        return False
    head = "".join(t.key for t in zone[:first] if t.kind == "text")
    outs = [c for _, c in OUTS.scan(head)]
    if not outs:
        # the header row lost (PDF-to-Markdown): template order, only when every 总计 adds up
        if not all(_adds_up([_number(v.cell) for v in vals]) for vals in rows.values()):
            return False
        outs = [o.code for o in T.OUTCOMES]
        r.warnings.append("review_litigation: 表头（结果维持……总计）缺失，按模板顺序读取各程序的 5 个数值（各程序总计相符）")
    if sorted(outs) != sorted(o.code for o in T.OUTCOMES):
        return False
    for p, vals in rows.items():
        for o, v in zip(outs, vals):
            r.cells[(p, o)] = v.cell
    return True


def parse_review(s: Stream, lo: int, hi: int) -> Review:
    """Read section 四 from tokens[lo:hi]."""
    r = Review()
    zone = s.tokens[lo + 1:hi]
    if _vertical(zone, r):
        return r
    # header: up to the last outcome/proceeding label; values: the run of
    # value cells after it (short row labels such as 数量 are skipped; prose
    # after the table ends the run)
    last_head = max((i for i, t in enumerate(zone) if t.kind == "text" and _is_head(t.key)), default=-1)
    head = zone[:last_head + 1]
    vals: list[Token] = []
    for t in zone[last_head + 1:]:
        if t.kind == "value":
            vals.append(t)
        elif len(t.key) > 6 or (vals and len(vals) >= 15):
            break
    while vals and vals[-1].shape == "b" and len(vals) > 15:
        vals.pop()
    while vals and vals[0].shape == "b" and len(vals) > 15:
        vals.pop(0)
    layout = _layout(head)
    if len(vals) != 15:
        digits = "".join(v.raw for v in vals)
        if vals and all(v.cell.state == "number" and isinstance(v.cell.value, int) for v in vals):
            _split(r, digits, layout)
            return r
        if vals:
            r.warnings.append(f"review_litigation: 找到 {len(vals)} 个数值，应为 15 个，无法按列对应")
            for k in CANON:
                r.cells[k] = text_cell(" ".join(v.raw for v in vals))
        else:
            r.warnings.append("review_litigation: 第四部分没有数值")
        return r
    cells = [v.cell for v in vals]
    if layout is None:
        nums = [_number(c) for c in cells]
        if _sums_hold(nums):
            layout = CANON
            r.warnings.append("review_litigation: 表头无法完整识别，数值按模板顺序读取（各程序总计相符）")
        else:
            r.warnings.append("review_litigation: 表头无法识别且合计不符，未取值")
            for k in CANON:
                r.cells[k] = text_cell(" ".join(v.raw for v in vals))
            return r
    for k, c in zip(layout, cells):
        r.cells[k] = c
    return r


def _split(r: Review, digits: str, layout: list[tuple[str, str]] | None) -> None:
    """Fifteen numbers that ran together, split by each proceeding's 总计
    (a cell every split agrees on is recovered, the others ambiguous)."""
    keys = layout or CANON
    if any(keys[i][1] != "total" for i in (4, 9, 14)):
        r.warnings.append(f"review_litigation: 表头中总计不在各程序的最后一列，连写数字“{digits}”无法按合计拆分，未取值")
        for k in CANON:
            r.cells[k] = text_cell(digits)
        return
    cands = split_groups(digits, (4, 4, 4)) if digits.isdigit() else ()
    if not cands:
        why = "无法按合计拆分" if cands == () else "拆分方式过多，无法逐一核对"
        state = "text" if cands == () else "ambiguous"
        r.warnings.append(f"review_litigation: 连写数字“{digits}”{why}，未取值（需人工核对）")
        for k in CANON:
            r.cells[k] = CellVal(None, state, digits)
        return
    values = agree(cands)
    for k, v in zip(keys, values):
        r.cells[k] = split_cell(v, digits)
    if layout is None:
        r.warnings.append("review_litigation: 表头无法识别，按模板顺序读取")
    if None not in values:
        r.warnings.append(f"review_litigation: 连写数字“{digits}”按合计唯一拆分")
        return
    quoted = "；".join(" ".join(map(str, c)) for c in cands[:3])
    lost = "、".join(f"{p}.{o}" for (p, o), v in zip(keys, values) if v is None)
    r.warnings.append(f"review_litigation: 连写数字“{digits}”有 {len(cands)} 种拆分符合各程序总计（如 {quoted}），"
                      f"{lost} 未取值（需人工核对）")
