"""Section 三: the requests matrix (rows = item, columns = applicant).

Columns come from the header's labels in printed order (a two-row header
with 法人或其他组织 over its five children is flattened so the children take
the group's place). Rows come from their labels, with context for the
ambiguous short ones: 3.其他 is `other_misc` only inside （六）其他处理, 总计 is
`total_processed` only after the outcome rows. Group labels printed once
(三、本年度办理结果, （三）不予公开) are skipped; when they carry values they
are subtotal rows, kept in ``subtotals`` and checked, never stored as
template cells.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache
from operator import attrgetter

from pipelines import template as T
from pipelines.parser.collect import collect_values, skip_continuation, trim_blanks
from pipelines.parser.labels import KeyMatcher, loose_match
from pipelines.parser.normalize import strip_numbering
from pipelines.parser.tokens import Stream, Token
from pipelines.parser.values import CellVal, text_cell

ORG = ("commercial", "research", "social_welfare", "legal_service", "other_org")
CANONICAL = tuple(a.code for a in T.APPLICANTS)
COLUMN_CODES: list[tuple[str, tuple[str, ...]]] = [(a.code, a.keys) for a in T.APPLICANTS] + [("legal_person", ("法人或其他组织",))]
_AMBIGUOUS = ("other_misc", "total_processed")
ROW_CODES = [(c.code, c.keys) for c in T.REQUEST_ITEMS if c.code not in _AMBIGUOUS]
ROW_LABELS = {c.code: c.label for c in T.REQUEST_ITEMS}
GROUPS = {"不予公开": "withheld", "无法提供": "unavailable", "不予处理": "rejected", "本年度办理结果": "outcomes"}
HEADER_WORDS = ("自然人", "商业企业", "科研机构", "社会公益组织", "法律服务机构", "法人或其他组织", "申请人情况")
ROWS = KeyMatcher(ROW_CODES)
COLUMNS = KeyMatcher(COLUMN_CODES)
ALL_LABELS = KeyMatcher([*ROW_CODES, *COLUMN_CODES, ("g", tuple(GROUPS))])


@dataclass
class Matrix:
    """What section 三 yielded, before the template decides which rows count."""

    columns: list[str] = field(default_factory=list)
    rows: dict[str, dict[str, CellVal]] = field(default_factory=dict)
    subtotals: dict[str, dict[str, CellVal]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    other_printed: bool = False

    @property
    def has_split(self) -> bool:
        return any(r in self.rows for r in T.OTHER_SPLIT)


_SUBTOTAL = ("小计", "合计", "小计数")


def _is_label(t: Token) -> bool:
    """A row, column or group label (or 小计): ends a row's values."""
    return _is_label_key(t.key)


@lru_cache(maxsize=20_000)  # labels recur across reports
def _is_label_key(k: str) -> bool:
    return k in _SUBTOTAL or ALL_LABELS.code(k) is not None or any(w in k for w in HEADER_WORDS)


def find_columns(tokens: list[Token], lo: int, hi: int) -> tuple[list[str], bool]:
    """Applicant columns in printed order, and whether 法人或其他组织 was printed."""
    joined = "".join(t.key for t in tokens[lo:hi] if t.kind == "text")
    seq: list[str] = []
    for _, code in COLUMNS.scan(joined):
        if code not in seq:
            seq.append(code)
    has_group = "legal_person" in seq
    out: list[str] = []
    for code in seq:
        if code == "legal_person":
            out.extend(c for c in seq if c in ORG)
        elif code in ORG and has_group:
            continue
        else:
            out.append(code)
    return out, has_group


class _Ctx:
    def __init__(self) -> None:
        self.rows_seen = 0
        self.in_other_group = False
        self.open_group: str | None = None  # a group label just printed (（三）不予公开 | 小计)


def classify(tok: Token, ctx: _Ctx, has_values: bool = False) -> tuple[str, str | None]:
    """('row', code) | ('group', name) | ('header', None) | ('other', None).

    The short labels 3.其他 and （七）总计 are rows only when followed by
    values in their context; otherwise they are column headers (其他, 总计)."""
    code, body, group, header = _label_of(tok.key)
    if code:
        return "row", code
    if body in _SUBTOTAL and ctx.open_group and has_values:
        return "group", ctx.open_group
    if body == "其他":
        return ("row", "other_misc") if ctx.in_other_group and has_values else ("header", None)
    if body in ("总计", "合计"):
        return ("row", "total_processed") if ctx.rows_seen >= 3 and has_values else ("header", None)
    if group:
        return "group", group
    if header:
        return "header", None
    return "other", None


@lru_cache(maxsize=20_000)  # labels recur across reports
def _label_of(k: str) -> tuple[str | None, str, str | None, bool]:
    """What a key says without context: (unambiguous row code, key without
    numbering, group name, has a header word)."""
    code = ROWS.code(k)
    group = next((name for g, name in GROUPS.items() if g in k), None)
    return code, strip_numbering(k), group, any(w in k for w in HEADER_WORDS)


def parse_requests(s: Stream, lo: int, hi: int) -> Matrix:
    """Read section 三 from tokens[lo:hi]."""
    return _Reader(s, hi).read(lo)


_CELL = attrgetter("cell")
_OPENS_OTHER = ("other_no_correction", "other_no_fee")  # rows of （六）其他处理: 3.其他 after them is other_misc
_VALUE_RUN = re.compile("[vb]*")


class _Reader:
    """Section 三, read in named steps: the header (which columns), then label by label
    (a row, a group or subtotal, a header repeated, or words), then the second pass."""

    def __init__(self, s: Stream, hi: int) -> None:
        self.s = s
        self.tokens = s.tokens
        self.hi = hi
        self.m = Matrix()
        self.ctx = _Ctx()
        self.raw_rows: dict[str, list[Token]] = {}   # rows of exactly one cell per column
        self.runs: dict[str, str] = {}               # rows whose digits ran together
        self.wide: dict[str, list[Token]] = {}       # rows with one cell more (a 法人或其他组织 subtotal)
        self.pending_rows: list[str] = []            # row labels still waiting for their values
        self.pending_text: list[Token] = []          # words since the last row (a wrapped label?)

    def read(self, lo: int) -> Matrix:
        i = self._header(lo)
        tokens, shape, hi, n = self.tokens, self.s.shape, self.hi, self.n
        ctx, raw_rows = self.ctx, self.raw_rows
        while i < hi:
            t = tokens[i]
            if t.kind == "value":
                i = self._orphans(i)
                continue
            # the usual row: an unambiguous row label, then exactly one value per column
            # (what _label would do for it, without its general steps)
            code = _label_of(t.key)[0]
            if code and not self.pending_rows and code not in raw_rows:
                e = _VALUE_RUN.match(shape, i + 1, hi).end()
                if e - i - 1 == n:
                    self._begin_row(code)
                    ctx.rows_seen += 1
                    raw_rows[code] = tokens[i + 1:e]
                    i = e
                    continue
            i = self._label(i)
        return self._finish()

    # ---------------------------------------------------------------- header
    def _header(self, lo: int) -> int:
        """Read the columns from the header zone (up to the first unambiguous row label); its end."""
        m, hi = self.m, self.hi
        # (classify says "row" without values exactly for the unambiguous row labels)
        r0 = next((i for i in range(lo, hi) if self.tokens[i].kind == "text" and _label_of(self.tokens[i].key)[0]), hi)
        found, self.has_group = find_columns(self.tokens, lo + 1, r0)
        # The template fixes the column order (自然人, five 法人或其他组织 columns,
        # 总计); a flattened two-row header prints the labels in another order
        # (the group label and 总计 before the five children), so the printed
        # order of labels is not the column order. Labels decide which columns
        # exist; applicant_total then checks that 总计 is where it should be.
        if len(found) < 3:
            m.warnings.append("requests: 未找到申请人表头（自然人、商业企业……总计），按模板列顺序读取，请核对")
        elif set(found) != set(CANONICAL):
            lost = [a.label for a in T.APPLICANTS if a.code not in found]
            m.warnings.append(f"requests: 表头未识别列 {'、'.join(lost)}，按模板列顺序读取，请核对")
        m.columns = self.columns = list(CANONICAL)
        self.n = len(self.columns)
        # a table printed without some column (e.g. no 总计): rows with exactly
        # the recognised columns' count are read against those columns only
        self.short = [c for c in CANONICAL if c in found] if 3 <= len(found) < self.n else None
        return r0

    # ---------------------------------------------------------------- values without a label
    def _orphans(self, i: int) -> int:
        """Values where a label belongs: those of row labels printed apart, or noise."""
        m, n = self.m, self.n
        run, j = self._value_run(i)
        if not any(v.shape == "v" for v in run):
            return j
        if self.pending_rows:
            if len(run) == len(self.pending_rows) * n:
                for r, code in enumerate(self.pending_rows):
                    self.raw_rows[code] = run[r * n:(r + 1) * n]
                m.warnings.append(f"requests: {len(self.pending_rows)} 行标签与数值分开印刷，按印刷顺序对应：{'、'.join(self.pending_rows)}")
            else:
                m.warnings.append(f"requests: {len(run)} 个数值无法对应到行标签（{'、'.join(self.pending_rows)}），已忽略")
            self.pending_rows = []
        else:
            m.warnings.append(f"requests: 有 {len(run)} 个数值前没有行标签（“{' '.join(v.raw for v in run[:8])}”），已忽略")
        return j

    def _value_run(self, i: int) -> tuple[list[Token], int]:
        j = _VALUE_RUN.match(self.s.shape, i, self.hi).end()
        return self.tokens[i:j], j

    # ---------------------------------------------------------------- a label
    def _label(self, i: int) -> int:
        """The label at `i` and the values after it; the index to go on from."""
        t = self.tokens[i]
        vals, j = collect_values(self.s, i, self.hi, _is_label, self.n)
        kind, code = classify(t, self.ctx, self.s.shape.find("v", i + 1, j) >= 0)
        if kind == "header" and _label_of(t.key)[3]:
            # the header printed again after a page break (PDF-to-Markdown): the rest of its
            # row is header too (its 总计 and 其他 are not rows)
            groups = self.s.groups
            g = groups[i]
            while i < self.hi and groups[i] == g:
                i += 1
            return i
        if kind != "row" or not vals:  # (a row label with its values is the usual case)
            kind, code, vals, j = self._second_look(i, t, kind, code, vals, j)
        if kind == "row" and code:
            return self._row(i, code, vals, j)
        if kind == "group":
            self._group(t, code, vals)
        elif kind == "other":
            self.pending_text.append(t)
        return j if vals and kind == "group" else i + 1

    def _second_look(self, i: int, t: Token, kind: str, code: str | None, vals: list[Token],
                     j: int) -> tuple[str, str | None, list[Token], int]:
        """A label that is not a plain row: 总计 in a column of labels printed apart, a label
        wrapped inside its cell, a typo; a row label whose values follow its wrapped rest."""
        if kind == "header" and self.pending_rows and strip_numbering(t.key) in ("总计", "合计"):
            kind, code = "row", "total_processed"  # （七）总计 in a column of labels printed apart
        if kind == "other":
            # a label wrapped inside its cell whose first piece alone matches nothing
            last = skip_continuation(self.s, i, self.hi, self._is_other)
            if last > i:
                joined = ROWS.code("".join(x.key for x in self.tokens[i:last + 1]))
                if joined and joined not in self.raw_rows:
                    kind, code = "row", joined
                    vals, j = collect_values(self.s, last, self.hi, _is_label, self.n)
        if kind == "other" and vals and any(v.shape == "v" for v in vals):
            code = _recover_label(t, self.pending_text, self.m, self.raw_rows)
            kind = "row" if code else kind
        if kind == "row" and code and not vals:
            last = skip_continuation(self.s, i, self.hi, self._is_other)
            if last > i:
                vals, j = collect_values(self.s, last, self.hi, _is_label, self.n)
        return kind, code, vals, j

    def _is_other(self, t: Token) -> bool:
        return classify(t, self.ctx)[0] == "other"

    # ---------------------------------------------------------------- a row
    def _begin_row(self, code: str) -> None:
        """A row label closes an open group and the words before it."""
        self.ctx.open_group = None
        self.pending_text = []
        if code in _OPENS_OTHER:
            self.ctx.in_other_group = True

    def _row(self, i: int, code: str, vals: list[Token], j: int) -> int:
        ctx = self.ctx
        self._begin_row(code)
        if code == "other" and not vals:
            ctx.in_other_group = True
            if self.pending_rows:
                self.pending_rows.append(code)  # may be a row printed apart from its values
            return j
        if not vals:
            self.pending_rows.append(code)
            return j
        if self.pending_rows:
            self.pending_rows = [pc for pc in self.pending_rows if pc != code]  # its own first label piece
            if self.pending_rows:
                k = self._labels_apart(i, code)
                if k is not None:
                    return k
            self.pending_rows = []
        ctx.rows_seen += 1
        if code in self.raw_rows:
            if [v.raw for v in self.raw_rows[code]] != [v.raw for v in vals]:
                self.m.warnings.append(f"requests.{code}: 该行印刷了两次且数值不同，采用第一次")
            return j
        self._store(code, trim_blanks(vals, self.n))
        return j

    def _labels_apart(self, i: int, code: str) -> int | None:
        """Row labels printed apart from their values (label, label, …, values): the index
        after the values when they were matched or given up, None to read the row as usual."""
        m, n = self.m, self.n
        run, k = self._value_run(i + 1)
        pending = self.pending_rows
        chains = [pending, [p for p in pending if p != "other"]]
        chain = next((c for c in chains if len(run) == (len(c) + 1) * n), None)
        if chain is not None:
            for r, pc in enumerate([*chain, code]):
                self.raw_rows.setdefault(pc, run[r * n:(r + 1) * n])
            m.warnings.append(f"requests: {len(chain) + 1} 行标签与数值分开印刷，按印刷顺序对应：{'、'.join([*chain, code])}")
            self.pending_rows = []
            return k
        for pc in pending:
            if pc != "other":
                m.warnings.append(f"requests.{pc}: 行标签后没有数值")
        if len(run) > n:
            # values of several rows follow: which are this row's is not known
            self.pending_rows = []
            m.rows[code] = dict.fromkeys(self.columns, text_cell(" ".join(v.raw for v in run[:n])))
            m.warnings.append(f"requests.{code}: 行标签与 {len(run)} 个数值分开印刷，无法对应，记为文字")
            return k
        return None

    def _store(self, code: str, vals: list[Token]) -> None:
        """A row's cells, by how many there are: one per column (or per recognised column),
        one more (a subtotal column, placed later), one run of digits, or text."""
        n, m = self.n, self.m
        if len(vals) == n:
            self.raw_rows[code] = vals
        elif self.short and len(vals) == len(self.short):
            m.rows[code] = dict(zip(self.short, map(_CELL, vals)))
        elif len(vals) == n + 1 and self.has_group:
            self.wide[code] = vals
        elif all(v.kind == "value" and v.cell.state == "number" and isinstance(v.cell.value, int) for v in vals) \
                and self.columns[-1] == "total":
            self.runs[code] = "".join(v.raw for v in vals)
        else:
            m.rows[code] = dict.fromkeys(self.columns, text_cell(" ".join(v.raw for v in vals)))
            m.warnings.append(f"requests.{code}: 找到 {len(vals)} 个单元格，应为 {n} 个，无法按列对应（“{' '.join(v.raw for v in vals)}”），记为文字")

    # ---------------------------------------------------------------- a group label
    def _group(self, t: Token, code: str | None, vals: list[Token]) -> None:
        """A group label (（三）不予公开): with values a subtotal row, else it opens its group."""
        n = self.n
        if not (vals and any(v.shape == "v" for v in vals)):
            self.ctx.open_group = code
            return
        self.ctx.open_group = None
        vals = trim_blanks(vals, n)
        if len(vals) == n:
            self.m.subtotals[code] = dict(zip(self.columns, map(_CELL, vals)))  # type: ignore[index]
        elif len(vals) == n + 1 and self.has_group:
            self.wide[f"@{code}"] = vals
        else:
            self.m.warnings.append(f"requests: 小计行“{t.raw}”有 {len(vals)} 个单元格，应为 {n} 个，未核对")

    # ---------------------------------------------------------------- second pass
    def _finish(self) -> Matrix:
        m = self.m
        if self.wide:
            from pipelines.parser.resolve import resolve_wide

            resolve_wide(m, self.wide, self.raw_rows, self.columns)
        for code, vals in self.raw_rows.items():
            m.rows[code] = dict(zip(self.columns, map(_CELL, vals)))
        if self.runs:
            from pipelines.parser.resolve import resolve_runs

            resolve_runs(m, self.runs)
        m.other_printed = "other" in m.rows
        for code in self.pending_rows:
            if code != "other":
                m.warnings.append(f"requests.{code}: 行标签后没有数值")
        return m


def _recover_label(t: Token, pending: list[Token], m: Matrix, seen: dict) -> str | None:
    """A label with values that matched nothing: wrapped over lines, or a typo."""
    for back in (1, 2):
        if len(pending) >= back:
            joined = "".join(p.key for p in pending[-back:]) + t.key
            code = ROWS.code(joined)
            if code and code not in seen:
                return code
    body = strip_numbering(t.key)
    if len(body) < 4:
        return None
    cands = tuple((c.code, c.label) for c in T.REQUEST_ITEMS if c.code not in seen and c.code not in m.rows and c.code != "other")
    code, score = loose_match(body, cands)
    if code:
        m.warnings.append(f"requests.{code}: 行标签“{t.raw}”与模板不一致，近似匹配“{ROW_LABELS[code]}”（相似度 {score:.2f}）")
    return code
