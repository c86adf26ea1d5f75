"""Document -> Report: the parser core (pure; no I/O).

Steps: normalise and tokenise the blocks (tokens.py), locate sections 二/三/四
(sections.py), read each table by its labels (proactive.py, requests.py,
review.py), read unit and year (header.py), decide the template from the
labels, lay the cells out in canonical codes, and run the checks.
"""
from __future__ import annotations

from pipelines import template as T
from pipelines.checks import evaluate
from pipelines.model import Cell, Report, ReportError
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
    cells: list[Cell] = []
    _proactive_cells(template, pro, cells, warnings, meta)
    _request_cells(template, variant, matrix, cells, warnings, meta)
    _review_cells(rev, cells, warnings, meta, zones.review is not None)
    if matrix.subtotals:
        meta["subtotals"] = {g: {a: v.value if v.state == "number" else None for a, v in by.items()}
                             for g, by in matrix.subtotals.items()}
    report = Report(source=doc.path, format=doc.format, unit=head.unit, year=head.year, template=template,
                    cells=cells, warnings=warnings, meta=meta)
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


# Cells are immutable and recur across reports (same place, count and text):
# one shared object per distinct cell is cheaper than a new frozen dataclass.
# Only None and int values are shared (a float key would merge 0.0 and -0.0).
_CELLS: dict[tuple, Cell] = {}
_CELLS_MAX = 100_000


def _cell(table: str, row: str, col: str, value: object, state: str, raw: str) -> Cell:
    if value is not None and value.__class__ is not int:
        return Cell(table, row, col, value, state, raw)
    k = (table, row, col, value, state, raw)
    c = _CELLS.get(k)
    if c is None:
        if len(_CELLS) > _CELLS_MAX:
            _CELLS.clear()
        c = _CELLS[k] = Cell(table, row, col, value, state, raw)
    return c


def _mk(table: str, row: str, col: str, v: tuple, warnings: list[str], meta: dict) -> Cell:
    """The Cell of a read value (value, state, raw, unit, note); a unit is
    kept in meta, a note after the number is warned about."""
    value, state, raw, unit, note = v
    if unit:
        meta["units"][f"{table}.{row}.{col}"] = unit
    if note:
        warnings.append(f"{table}.{row}.{col}: 单元格附注“{note}”，取前面的数字 {value}")
    return _cell(table, row, col, value, state, raw)


# Per template: request items and section 二 cells, laid out once.
_REQUEST_ITEMS = {tpl: T.request_items(tpl) for tpl in T.TEMPLATES}
_PROACTIVE_CELLS = {tpl: T.proactive_cells(tpl) for tpl in T.TEMPLATES}
_PROACTIVE_WANTED = {tpl: frozenset(cells) for tpl, cells in _PROACTIVE_CELLS.items()}


def _proactive_cells(tpl: str, pro: Proactive, cells: list[Cell], warnings: list[str], meta: dict) -> None:
    for m, unit in pro.header_units.items():
        for it in T.PROACTIVE[tpl]:
            if any(x.code == m for x in it.measures):
                meta["units"].setdefault(f"proactive.{it.code}.{m}", unit)
    wanted = _PROACTIVE_WANTED[tpl]
    lost: dict[str, list[str]] = {}
    for item, mcode in _PROACTIVE_CELLS[tpl]:
        v = pro.cells.get((item, mcode))
        if v is None:
            cells.append(_cell("proactive", item, mcode, None, "missing", ""))
            lost.setdefault(item, []).append(T.measure(tpl, item, mcode).label)
        else:
            cells.append(_mk("proactive", item, mcode, v, warnings, meta))
    for item, labels in lost.items():
        warnings.append(f"proactive.{item}: 未找到 {'、'.join(labels)}，记为缺失")
    extra = sorted(f"{i}.{m}" for i, m in pro.cells if (i, m) not in wanted)
    if extra:
        warnings.append(f"proactive: 以下指标不属于 {tpl} 版模板，未计入：{'、'.join(extra)}")


def _request_cells(tpl: str, variant: str, m: Matrix, cells: list[Cell], warnings: list[str], meta: dict) -> None:
    append = cells.append
    for item in _REQUEST_ITEMS[tpl]:
        code = item.code
        if variant == "hybrid" and code in T.OTHER_SPLIT:
            cells.extend(_missing_row(code))
            continue
        if code == "other" and tpl == "2021" and variant != "hybrid" and code not in m.rows:
            _derive_other(m, cells, warnings)
            continue
        row = m.rows.get(code)
        if row is None:
            if tpl in item.printed_in or variant == "hybrid":
                warnings.append(f"requests.{code}: 未找到行“{item.label}”，记为缺失")
            cells.extend(_missing_row(code))
            continue
        for a in CANONICAL:
            v = row.get(a)
            append(_cell("requests", code, a, None, "missing", "") if v is None
                   else _mk("requests", code, a, v, warnings, meta))


_MISSING_ROWS: dict[str, tuple[Cell, ...]] = {}


def _missing_row(code: str) -> tuple[Cell, ...]:
    """The cells of a section 三 row that was not found (all missing)."""
    hit = _MISSING_ROWS.get(code)
    if hit is None:
        hit = _MISSING_ROWS[code] = tuple(Cell("requests", code, a, None, "missing", "") for a in CANONICAL)
    return hit


def _derive_other(m: Matrix, cells: list[Cell], warnings: list[str]) -> None:
    """2021: `other` = sum of the three printed 其他处理 rows (blank/dash = 0)."""
    for a in CANONICAL:
        total = 0
        ok = True
        for part in T.OTHER_SPLIT:
            v = m.rows.get(part, {}).get(a)
            if v is None or v[1] in T.UNKNOWN_STATES:
                ok = False
                break
            total += v[0] if v[1] in T.VALUE_STATES else 0
        if ok:
            cells.append(_cell("requests", "other", a, total, "derived", ""))
        else:
            cells.append(_cell("requests", "other", a, None, "missing", ""))
            warnings.append(f"requests.other.{a}: 其他处理三项细分不全，无法推算")


def _review_cells(rev: Review, cells: list[Cell], warnings: list[str], meta: dict, found: bool) -> None:
    if not found:
        warnings.append("review_litigation: 未找到第四部分（政府信息公开行政复议、行政诉讼情况）")
    warnings.extend(rev.warnings)
    for p in T.PROCEEDINGS:
        for o in T.OUTCOMES:
            v = rev.cells.get((p.code, o.code))
            cells.append(_cell("review_litigation", p.code, o.code, None, "missing", "") if v is None
                         else _mk("review_litigation", p.code, o.code, v, warnings, meta))
