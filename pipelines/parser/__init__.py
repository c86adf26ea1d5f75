"""Document -> Report: the parser core (pure; no I/O).

Steps: normalise and tokenise the blocks (tokens.py), locate sections 二/三/四
(sections.py), read each table by its labels (proactive.py, requests.py,
review.py), read unit and year (header.py), decide the template from the
labels, lay the cells out in canonical codes, and run the checks.
"""
from __future__ import annotations

from pipelines import template as T
from pipelines.checks import evaluate
from pipelines.model import Report, ReportError, layout
from pipelines.parser.header import read_header
from pipelines.parser.inline import pseudo_lines
from pipelines.parser.normalize import has_traditional
from pipelines.parser.proactive import Proactive, parse_proactive
from pipelines.parser.requests import CANONICAL, Matrix, parse_requests
from pipelines.parser.review import Review, parse_review
from pipelines.parser.sections import find_zones
from pipelines.parser.tokens import plain_lines, tokenize
from pipelines.readers.base import Document, Table

__all__ = ["parse_document", "parse_text"]


def parse_text(text: str, path: str = "<text>", format: str = "text") -> Report:
    """Parse a report given as text (each line one block)."""
    return parse_document(Document(path=path, format=format, blocks=text.splitlines()))


def _lines(doc: Document, plain: bool, limit: int = 600) -> list[str]:
    """The first text lines (tables: their first rows), where title, period
    and script are read (`plain`: the whole document is one-line strings)."""
    head = doc.blocks[:limit]
    if head and (plain or plain_lines(head)):
        return pseudo_lines(head)  # one line per block; a report run together: its pseudo-lines
    out: list[str] = []
    for b in doc.blocks:
        if len(out) >= limit:
            break
        if isinstance(b, Table):
            out.extend(" ".join(c for c in row if c) for row in b.rows[:3])
        elif "\n" in b:
            out.extend(b.split("\n"))
        else:
            out.append(b)
    return out


def _tail(doc: Document, n: int = 12) -> list[str]:
    """The last text lines (the signature block)."""
    out: list[str] = []
    for b in reversed(doc.blocks):
        if isinstance(b, Table):
            break
        out.extend(reversed(b.split("\n")))
        if len(out) >= n:
            break
    return out[::-1]


def parse_document(doc: Document, checks: bool = True) -> Report:
    """Turn one reader Document into a checked canonical Report (unchecked with `checks=False`).

    Raises ReportError(not_a_report | no_requests_table) when the document
    is not an annual report or has no section 三 table.
    """
    plain = bool(doc.blocks) and plain_lines(doc.blocks)
    lines = _lines(doc, plain)
    traditional = has_traditional("\n".join(lines))
    stream = tokenize(doc.blocks, traditional, plain)
    zones = find_zones(stream)
    title = doc.meta.get("title")
    # an HTML page's <title> names the report when it names one (else ignored)
    head = read_header([title, *lines] if isinstance(title, str) and title.strip() else lines, doc.path, traditional,
                       _tail(doc))
    if zones.requests is None:
        if head.is_report or zones.proactive or zones.review:
            raise ReportError(doc.path, "no_requests_table",
                              "没有找到第三部分表格（三、收到和处理政府信息公开申请情况 / 本年新收政府信息公开申请数量）")
        raise ReportError(doc.path, "not_a_report",
                          "没有年度报告标志（政府信息公开工作年度报告）也没有模板表格（申请人情况、第二十条）")
    matrix = parse_requests(stream, *zones.requests)
    if not matrix.rows:
        raise ReportError(doc.path, "no_requests_table",
                          "第三部分没有可识别的行（本年新收、予以公开、总计……）")
    pro = parse_proactive(stream, *zones.proactive) if zones.proactive else Proactive()
    rev = parse_review(stream, *zones.review) if zones.review else Review()
    warnings: list[str] = [*doc.warnings, *head.warnings]
    template, variant = _decide_template(pro, matrix, warnings, zones.proactive is not None)
    meta: dict = {**doc.meta, "year_source": head.year_source, "variant": variant, "units": {}}
    if traditional:
        meta["traditional"] = True
    cols: Columns = ([], [], [])
    _proactive_cells(template, pro, cols, warnings, meta)
    _request_cells(template, variant, matrix, cols, warnings, meta)
    _review_cells(rev, cols, warnings, meta, zones.review is not None)
    if matrix.subtotals:
        meta["subtotals"] = {g: {a: v.value if v.state == "number" else None for a, v in by.items()}
                             for g, by in matrix.subtotals.items()}
    report = Report(source=doc.path, format=doc.format, unit=head.unit, year=head.year, template=template,
                    warnings=warnings, meta=meta, layout=layout(template), values=cols[0], states=cols[1],
                    raws=cols[2])
    if checks:
        report.checks, skipped = evaluate(report)
        report.warnings.extend(skipped)
    return report


def _decide_template(pro: Proactive, m: Matrix, warnings: list[str], has_pro: bool) -> tuple[str, str]:
    """Template from the labels: section 二's measures and section 三's 其他处理 rows."""
    s19, s21 = pro.signals()
    warnings.extend(pro.warnings)
    warnings.extend(m.warnings)
    if s21 > s19:
        if s19:
            warnings.append(f"template: 第二部分同时出现 2019 版（{s19} 项）和 2021 版（{s21} 项）指标，按 2021 版读取")
        if not m.has_split and m.other_printed:
            warnings.append("template: 2021 版第二部分，但第三部分只有一行（六）其他处理（混合版）；其他处理三项细分记为缺失")
            return "2021", "hybrid"
        return "2021", "2021"
    if s19 > s21 or (s19 and s19 == s21):
        if s21:
            warnings.append(f"template: 第二部分同时出现 2019 版（{s19} 项）和 2021 版（{s21} 项）指标，按 2019 版读取")
        if m.has_split:
            warnings.append("template: 第二部分为 2019 版，但第三部分有（六）其他处理的三项细分（2021 版），按 2021 版读取；第二部分 2019 版指标记为缺失")
            return "2021", "2021"
        return "2019", "2019"
    if m.has_split:
        return "2021", "2021"
    warnings.append("template: 第二部分未识别，按第三部分（单行其他处理）判定为 2019 版" if not has_pro
                    else "template: 第二部分指标未识别，按第三部分（单行其他处理）判定为 2019 版")
    return "2019", "2019"


# ---------------------------------------------------------------- the cells, as columns
# A report's cells are three parallel lists over the template's Layout (pipelines.model): each
# table gathers its read tuples (value, state, raw, unit, note) in layout order and transposes
# them in one call, so no per-cell object or lookup is made.
Columns = tuple[list, list, list]  # values, states, raws
Place = tuple[str, str]            # (row, column)
Said = list[tuple[int, str]]       # warnings with the position (in the table) they are about

_MISSING = (None, "missing", "", "", "")
_MISSING_ROW = (_MISSING,) * len(CANONICAL)
_PROACTIVE_PLACES = {tpl: T.proactive_cells(tpl) for tpl in T.TEMPLATES}
_PROACTIVE_WANTED = {tpl: frozenset(cells) for tpl, cells in _PROACTIVE_PLACES.items()}
_REQUEST_ITEMS = {tpl: T.request_items(tpl) for tpl in T.TEMPLATES}
_REQUEST_PLACES = {tpl: tuple((i.code, a) for i in items for a in CANONICAL) for tpl, items in _REQUEST_ITEMS.items()}
_REVIEW_PLACES = tuple((p.code, o.code) for p in T.PROCEEDINGS for o in T.OUTCOMES)


def _put(cols: Columns, table: str, places: tuple[Place, ...], got: list, said: Said, warnings: list[str],
         meta: dict) -> None:
    """Append the cells read at `places` (each a read tuple, or None: not found, a missing cell)
    and the table's warnings `said`, in place order with the notes: a unit is kept in meta, a
    note after the number is warned about."""
    if not all(got):  # a None among the tuples (truth, not ==: cheap)
        got = [_MISSING if g is None else g for g in got]
    if got:
        values, states, raws, units, notes = zip(*got)
        cols[0].extend(values)
        cols[1].extend(states)
        cols[2].extend(raws)
        if any(units) or any(notes):
            for i, ((row, col), g) in enumerate(zip(places, got)):
                if g[3]:
                    meta["units"][f"{table}.{row}.{col}"] = g[3]
                if g[4]:
                    said.append((i, f"{table}.{row}.{col}: 单元格附注“{g[4]}”，取前面的数字 {g[0]}"))
            said.sort(key=lambda w: w[0])  # stable: in place order, as read
    warnings.extend(text for _i, text in said)


def _proactive_cells(tpl: str, pro: Proactive, cols: Columns, warnings: list[str], meta: dict) -> None:
    for m, unit in pro.header_units.items():
        for it in T.PROACTIVE[tpl]:
            if any(x.code == m for x in it.measures):
                meta["units"].setdefault(f"proactive.{it.code}.{m}", unit)
    places = _PROACTIVE_PLACES[tpl]
    got = list(map(pro.cells.get, places))
    _put(cols, "proactive", places, got, [], warnings, meta)
    if None in got:
        lost: dict[str, list[str]] = {}
        for (item, mcode), g in zip(places, got):
            if g is None:
                lost.setdefault(item, []).append(T.measure(tpl, item, mcode).label)
        for item, labels in lost.items():
            warnings.append(f"proactive.{item}: 未找到 {'、'.join(labels)}，记为缺失")
    wanted = _PROACTIVE_WANTED[tpl]
    extra = sorted(f"{i}.{m}" for i, m in pro.cells if (i, m) not in wanted)
    if extra:
        warnings.append(f"proactive: 以下指标不属于 {tpl} 版模板，未计入：{'、'.join(extra)}")


_RowPlan = tuple[tuple[str, bool, bool, str | None], ...]
_REQUEST_PLANS: dict[tuple[str, str], _RowPlan] = {}


def _request_plan(tpl: str, variant: str) -> _RowPlan:
    """Per section 三 row of a template and variant: (code, never read: a hybrid's split rows,
    derived when not printed: 2021's 其他处理, the warning when it is not found or None)."""
    plan = _REQUEST_PLANS.get((tpl, variant))
    if plan is None:
        plan = _REQUEST_PLANS[(tpl, variant)] = tuple(
            (i.code, variant == "hybrid" and i.code in T.OTHER_SPLIT,
             i.code == "other" and tpl == "2021" and variant != "hybrid",
             f"requests.{i.code}: 未找到行“{i.label}”，记为缺失" if tpl in i.printed_in or variant == "hybrid" else None)
            for i in _REQUEST_ITEMS[tpl])
    return plan


def _request_cells(tpl: str, variant: str, m: Matrix, cols: Columns, warnings: list[str], meta: dict) -> None:
    got: list = []
    said: Said = []
    rows = m.rows
    for code, skip, derive, missing in _request_plan(tpl, variant):
        row = None if skip else rows.get(code)
        if row is not None:
            got += map(row.get, CANONICAL)
        elif derive:
            _derive_other(rows, got, said)
        else:
            if missing and not skip:
                said.append((len(got), missing))
            got += _MISSING_ROW
    _put(cols, "requests", _REQUEST_PLACES[tpl], got, said, warnings, meta)


_NO_ROW: dict = {}
_UNKNOWN, _VALUE = T.UNKNOWN_STATES, T.VALUE_STATES


def _derive_other(rows: dict, got: list, said: Said) -> None:
    """2021: `other` = sum of the three printed 其他处理 rows (blank/dash = 0)."""
    parts = [rows.get(part, _NO_ROW) for part in T.OTHER_SPLIT]
    for a in CANONICAL:
        total = 0
        for part in parts:
            v = part.get(a)
            if v is None or v[1] in _UNKNOWN:
                said.append((len(got), f"requests.other.{a}: 其他处理三项细分不全，无法推算"))
                got.append(_MISSING)
                break
            if v[1] in _VALUE:
                total += v[0]
        else:
            got.append((total, "derived", "", "", ""))


def _review_cells(rev: Review, cols: Columns, warnings: list[str], meta: dict, found: bool) -> None:
    if not found:
        warnings.append("review_litigation: 未找到第四部分（政府信息公开行政复议、行政诉讼情况）")
    warnings.extend(rev.warnings)
    _put(cols, "review_litigation", _REVIEW_PLACES, list(map(rev.cells.get, _REVIEW_PLACES)), [], warnings, meta)
