"""Section 二: each item row read against the measures of its own header row.

A header row (信息内容 + measure labels, possibly wrapped or with a year
inside like 本年(2023)制发件数) sets the measures for the item rows under
it. Measures of both templates are recognised; which ones were found tells
the template. An item row without a label right under the 规章 header (the
规章 cell left blank) is taken as 规章, with a warning.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipelines import template as T
from pipelines.parser.collect import collect_values, skip_continuation, trim_blanks
from pipelines.parser.labels import KeyMatcher
from pipelines.parser.runs import agree, split_kinds
from pipelines.parser.tokens import Stream, Token
from pipelines.parser.values import CellVal, split_cell, text_cell

_YEAR = re.compile(r"(?:19|20)\d{2}年?度?")


def _measure_codes() -> list[tuple[str, tuple[str, ...]]]:
    seen: dict[str, list[str]] = {}
    for items in T.PROACTIVE.values():
        for it in items:
            for m in it.measures:
                ks = seen.setdefault(m.code, [])
                ks.extend(k for k in m.keys if k not in ks)
    return [(c, tuple(ks)) for c, ks in seen.items()]


def _item_codes() -> list[tuple[str, tuple[str, ...]]]:
    seen: dict[str, list[str]] = {}
    for items in T.PROACTIVE.values():
        for it in items:
            ks = seen.setdefault(it.code, [])
            ks.extend(k for k in it.keys if k not in ks)
    return [(c, tuple(ks)) for c, ks in seen.items()]


MEASURES = KeyMatcher(_measure_codes())
ITEMS = KeyMatcher(_item_codes())
KINDS: dict[str, str] = {m.code: m.kind for items in T.PROACTIVE.values() for it in items for m in it.measures}
_RUN = re.compile(r"^-?\d[\d.\-]*$")
ONLY_2019 = {"new_made", "new_published", "total_published", "prev_count", "change", "procurement_count", "procurement_amount"}
ONLY_2021 = {"issued", "repealed", "in_force", "fee_amount"}
_AMBIG = {"本年新": ("new_made", "new_published")}


@dataclass
class Proactive:
    cells: dict[tuple[str, str], CellVal] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    header_units: dict[str, str] = field(default_factory=dict)

    def signals(self) -> tuple[int, int]:
        """How many 2019-only and 2021-only measures were found."""
        ms = {m for _, m in self.cells}
        return len(ms & ONLY_2019), len(ms & ONLY_2021)


def parse_measures(head: list[Token], warnings: list[str]) -> list[str]:
    """Measure codes of one header row, in printed order."""
    joined = _YEAR.sub("", "".join(t.key for t in head))
    found = MEASURES.scan(joined)
    codes = [c for _, c in found]
    if not codes or "本年新" in joined:
        # second line of a wrapped label lost: 本年新 / 本年新 / 对外公开总数量
        n_amb = joined.count("本年新") - sum(1 for c in codes if c in ("new_made", "new_published"))
        if n_amb > 0 and "new_made" not in codes and "new_published" not in codes and n_amb == 2:
            warnings.append("proactive: 表头“本年新”两列的第二行缺失，按模板顺序读作 本年新制作数量、本年新公开数量")
            codes = ["new_made", "new_published", *codes]
    return codes


def _is_label(t: Token) -> bool:
    return ITEMS.code(t.key) is not None or bool(MEASURES.scan(t.key))


def parse_proactive(s: Stream, lo: int, hi: int) -> Proactive:
    """Read section 二 from tokens[lo:hi]."""
    tokens = s.tokens
    p = Proactive()
    head: list[Token] = []
    measures: list[str] = []
    apart: list[tuple[str, Token]] = []  # item labels still waiting for their values
    i = lo + 1
    while i < hi:
        t = tokens[i]
        if t.kind == "text":
            item = ITEMS.code(t.key)
            if item is None:
                if "第二十条" in t.key and head:
                    # a new clause block (or a header repeated after a page break):
                    # a measure header read so far stays in force
                    ms = parse_measures(head, p.warnings)
                    if ms:
                        measures = ms
                        _header_units(head, p)
                    head = []
                head.append(t)
                i += 1
                continue
            if head:
                ms = parse_measures(head, p.warnings)
                if ms:
                    measures = ms
                    _header_units(head, p)
                head = []
            last = i if i + 1 < hi and tokens[i + 1].kind == "value" else \
                skip_continuation(s, i, hi, lambda x: not _is_label(x) and not x.boxed)
            vals, j = collect_values(s, last, hi, _is_label, len(measures) if measures else None)
            if vals and apart and measures:
                # labels printed apart from their values: label, label, …, then all their numbers
                run, k = _run(tokens, last + 1, hi)
                if len(run) == (len(apart) + 1) * len(measures):
                    apart.append((item, t))
                    _apart(p, apart, run, measures)
                    i = k
                    continue
            if vals or not measures:
                if apart:
                    _flush(p, apart, measures)
                _assign(p, item, t, vals, measures)
            else:  # no values yet: perhaps a column of labels, the numbers after it
                apart.append((item, t))
            i = j
            continue
        # values with no item label
        vals, j = _run(tokens, i, hi)
        if any(v.shape == "v" for v in vals):
            ms = parse_measures(head, p.warnings) if head else measures
            if head and ms:
                measures = ms
                _header_units(head, p)
            head = []
            if apart and measures and len(vals) == len(apart) * len(measures):
                _apart(p, apart, vals, measures)
            elif apart:
                _flush(p, apart, measures)
                p.warnings.append(f"proactive: {len(vals)} 个数值无法对应到事项标签，已忽略（“{' '.join(v.raw for v in vals[:6])}”）")
            elif measures and measures[0] in ("new_made", "issued") and not any(k[0] == "regulations" for k in p.cells):
                p.warnings.append("proactive.regulations: 规章行标签为空，按位置（规范性文件之上）读作规章")
                _assign(p, "regulations", None, vals, measures)
            else:
                p.warnings.append(f"proactive: {len(vals)} 个数值前没有事项标签，已忽略（“{' '.join(v.raw for v in vals[:6])}”）")
        i = j
    if apart:
        _flush(p, apart, measures)
    return p


def _apart(p: Proactive, apart: list[tuple[str, Token]], vals: list[Token], measures: list[str]) -> None:
    """Item labels printed apart from their values, matched in printed order (and said so)."""
    n = len(measures)
    for k, (item, label) in enumerate(apart):
        _assign(p, item, label, vals[k * n:(k + 1) * n], measures)
    p.warnings.append(f"proactive: {len(apart)} 行事项标签与数值分开印刷，按印刷顺序对应：{'、'.join(i for i, _ in apart)}")
    apart.clear()


def _flush(p: Proactive, apart: list[tuple[str, Token]], measures: list[str]) -> None:
    """Item labels that no values followed: no cells."""
    for item, label in apart:
        _assign(p, item, label, [], measures)
    apart.clear()


def _run(tokens: list[Token], i: int, hi: int) -> tuple[list[Token], int]:
    j = i
    while j < hi and tokens[j].kind == "value":
        j += 1
    return tokens[i:j], j


def _header_units(head: list[Token], p: Proactive) -> None:
    joined = "".join(t.text for t in head)
    if "万元" in joined:
        p.header_units["fee_amount" if "收费" in joined else "procurement_amount"] = "万元"
    elif "采购总金额" in joined and "元" in joined.split("采购总金额", 1)[1][:6]:
        p.header_units["procurement_amount"] = "元"


def _assign(p: Proactive, item: str, label: Token | None, vals: list[Token], measures: list[str]) -> None:
    if not measures:
        p.warnings.append(f"proactive.{item}: 未找到表头（本年新制作数量……），数值无法对应，记为缺失")
        return
    vals = trim_blanks(vals, len(measures))
    if len(vals) == 1 and len(measures) > 1 and vals[0].kind == "value" and _RUN.match(vals[0].raw):
        _split(p, item, vals[0].raw, measures)
        return
    if len(vals) != len(measures):
        raw = " ".join(v.raw for v in vals)
        p.warnings.append(f"proactive.{item}: 找到 {len(vals)} 个单元格，表头有 {len(measures)} 列，无法按列对应（“{raw}”），记为文字")
        for m in measures:
            p.cells.setdefault((item, m), text_cell(raw))
        return
    for m, v in zip(measures, vals):
        if (item, m) in p.cells:
            if p.cells[(item, m)].raw != v.raw:
                p.warnings.append(f"proactive.{item}.{m}: 印刷了两次且数值不同，采用第一次")
            continue
        p.cells[(item, m)] = v.cell


def _split(p: Proactive, item: str, run: str, measures: list[str]) -> None:
    """One run of digits for a row of several cells. Section 二 has no sums:
    the kinds of the cells (a count has no sign or decimal point) fix the cuts
    only when the digits are as many as the cells, or a '-' or '.' marks them;
    a cell that every reading agrees on is recovered, the others ambiguous."""
    cands = split_kinds(run, tuple(KINDS.get(m, "count") for m in measures))
    if cands == []:
        p.warnings.append(f"proactive.{item}: 连写数字“{run}”无法拆成 {len(measures)} 个数值，记为文字")
        for m in measures:
            p.cells.setdefault((item, m), text_cell(run))
        return
    values = agree(cands) if cands else [None] * len(measures)
    for m, v in zip(measures, values):
        p.cells.setdefault((item, m), split_cell(v, run))
    if None in values:
        quoted = "；".join(" ".join(map(str, c)) for c in (cands or [])[:3])
        how = f"有 {len(cands)} 种读法（如 {quoted}）" if cands else "读法过多"
        lost = "、".join(m for m, v in zip(measures, values) if v is None)
        p.warnings.append(f"proactive.{item}: 连写数字“{run}”{how}，本部分没有合计可以核对，{lost} 未取值（需人工核对）")
