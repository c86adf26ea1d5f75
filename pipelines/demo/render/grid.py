"""The three template tables as merged-cell grids, shared by every renderer.

A table is built once per (variant, label style) as a *skeleton*: rows of
anchors (the top-left cell of a merge, with its colspan/rowspan). An anchor
holds either fixed label text or a value slot ``(table, row, column)`` that a
renderer fills from the truth dict. Skeletons are cached, so rendering a
document only substitutes numbers (the generator must write thousands of
documents per second).

Three views of one skeleton serve all renderings:

* ``anchors``: HTML/Word view (rowspan/colspan);
* ``word_rows``: text exported from Word, one cell per line: a cell covered
  by a vertical merge prints as an empty cell once, a horizontal merge not
  at all (exactly like the seed report);
* ``dense_rows``: every grid position, covered ones empty (pipes, Markdown).
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter
from typing import Union

from pipelines.template import APPLICANTS, OUTCOMES, PROACTIVE, PROCEEDINGS, REQUEST_ITEMS

Slot = tuple[str, str, str]          # (table, row, column)
Content = Union[str, Slot]


@dataclass(frozen=True, slots=True)
class Anchor:
    """The top-left cell of a (possibly merged) table cell."""

    content: Content
    colspan: int = 1
    rowspan: int = 1
    head: bool = False               # a header/label cell (not a value)


@dataclass(frozen=True, slots=True)
class Skeleton:
    """One table: anchors per row plus the two derived text views."""

    ncols: int
    anchors: tuple[tuple[Anchor, ...], ...]
    word_rows: tuple[tuple[Content, ...], ...]
    dense_rows: tuple[tuple[Content, ...], ...]
    header_rows: int                  # leading rows that are column headers


NOTE = "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）"

#: Labels wrapped over two lines as Word cells do (本年新 / 制作数量, 商业 / 企业).
WRAPS: dict[str, str] = {
    "本年新制作数量": "本年新\n制作数量",
    "本年新公开数量": "本年新\n公开数量",
    "对外公开总数量": "对外公开\n总数量",
    "上一年项目数量": "上一年\n项目数量",
    "处理决定数量": "处理决定\n数量",
    "本年制发件数": "本年制发\n件数",
    "本年废止件数": "本年废止\n件数",
    "现行有效件数": "现行有效\n件数",
    "商业企业": "商业\n企业",
    "科研机构": "科研\n机构",
    "社会公益组织": "社会公益\n组织",
    "法律服务机构": "法律服务\n机构",
    "结果维持": "结果\n维持",
    "结果纠正": "结果\n纠正",
    "其他结果": "其他\n结果",
    "尚未审结": "尚未\n审结",
    "未经复议直接起诉": "未经复议\n直接起诉",
    "采购项目数量": "采购项目\n数量",
}


def _w(text: str, wrapped: bool) -> str:
    return WRAPS.get(text, text) if wrapped else text


def _views(ncols: int, rows: list[list[Anchor]]) -> tuple[tuple, tuple]:
    """word_rows and dense_rows of an anchor grid."""
    nrows = len(rows)
    owner: list[list[tuple[int, int, Anchor] | None]] = [[None] * ncols for _ in range(nrows)]
    for r, row in enumerate(rows):
        c = 0
        for a in row:
            while owner[r][c] is not None:
                c += 1
            for dr in range(a.rowspan):
                for dc in range(a.colspan):
                    owner[r + dr][c + dc] = (r, c, a)
            c += a.colspan
    word: list[tuple[Content, ...]] = []
    dense: list[tuple[Content, ...]] = []
    for r in range(nrows):
        wrow: list[Content] = []
        drow: list[Content] = []
        c = 0
        while c < ncols:
            own = owner[r][c]
            assert own is not None, (r, c)
            ar, ac, a = own
            if ar == r and ac == c:
                wrow.append(a.content)
            elif ar != r and ac == c:
                wrow.append("")          # vertical continuation: one empty cell
            for dc in range(a.colspan if ac == c else 1):
                drow.append(a.content if (ar == r and ac == c and dc == 0) else "")
            c += a.colspan if ac == c else 1
        word.append(tuple(wrow))
        dense.append(tuple(drow))
    return tuple(word), tuple(dense)


def _skeleton(ncols: int, rows: list[list[Anchor]], header_rows: int) -> Skeleton:
    word, dense = _views(ncols, rows)
    return Skeleton(ncols, tuple(tuple(r) for r in rows), word, dense, header_rows)


def _h(text: str, colspan: int = 1, rowspan: int = 1) -> Anchor:
    return Anchor(text, colspan, rowspan, head=True)


@lru_cache(maxsize=None)
def requests_table(variant: str, wrapped: bool = False) -> Skeleton:
    """Section 三: 3 label columns + 7 applicant columns (10 grid columns)."""
    template = "2019" if variant == "2019" else "2021"
    split = variant == "2021"
    parts = [a for a in APPLICANTS if a.code != "total"]
    rows: list[list[Anchor]] = [
        [_h(NOTE, 3, 3), _h("申请人情况", 7)],
        [_h("自然人", 1, 2), _h("法人或其他组织", 5), _h("总计", 1, 2)],
        [_h(_w(a.label, wrapped)) for a in parts[1:]],
    ]
    printed = [i for i in REQUEST_ITEMS if template in i.templates
               and (i.code != "other" or not split) and (i.code not in ("other_no_correction", "other_no_fee", "other_misc") or split)]
    result_rows = [i for i in printed if i.group and i.code not in ("new_received", "carried_over", "carried_forward")]
    seen_groups: set[str] = set()
    for item in printed:
        slots = [Anchor(("requests", item.code, a.code)) for a in APPLICANTS]
        if item.code in ("new_received", "carried_over", "carried_forward"):
            rows.append([_h(item.label, 3), *slots])
            continue
        lead: list[Anchor] = []
        if item is result_rows[0]:
            lead.append(_h("三、本年度办理结果", 1, len(result_rows)))
        if item.group == "三、本年度办理结果":
            lead.append(_h(item.label, 2))
        elif item.group not in seen_groups:
            seen_groups.add(item.group)
            size = sum(1 for i in printed if i.group == item.group)
            lead += [_h(item.group, 1, size), _h(item.label)]
        else:
            lead.append(_h(item.label))
        rows.append(lead + slots)
    return _skeleton(10, rows, 3)


@lru_cache(maxsize=None)
def review_table(wrapped: bool = False) -> Skeleton:
    """Section 四: 15 value columns in one row under a three-row header."""
    outs = [_w(o.label, wrapped) for o in OUTCOMES]
    rows: list[list[Anchor]] = [
        [_h("行政复议", 5), _h("行政诉讼", 10)],
        [*[_h(o, 1, 2) for o in outs], _h(_w("未经复议直接起诉", wrapped), 5), _h("复议后起诉", 5)],
        [*[_h(o) for o in outs], *[_h(o) for o in outs]],
        [Anchor(("review_litigation", p.code, o.code)) for p in PROCEEDINGS for o in OUTCOMES],
    ]
    return _skeleton(15, rows, 3)


@lru_cache(maxsize=None)
def proactive_table(template: str, wrapped: bool = False) -> Skeleton:
    """Section 二: clause rows, a 信息内容 header per clause, one row per item."""
    rows: list[list[Anchor]] = []
    clause = None
    items = PROACTIVE["2019" if template == "2019" else "2021"]
    for it in items:
        if it.clause != clause:
            clause = it.clause
            rows.append([_h(clause, 4)])
            head = [_h("信息内容")]
            ms = it.measures
            for k, m in enumerate(ms):
                span = 3 - len(ms) + 1 if k == len(ms) - 1 else 1
                head.append(_h(_w(m.label, wrapped), span))
            rows.append(head)
        cells = [_h(it.label)]
        for k, m in enumerate(it.measures):
            span = 3 - len(it.measures) + 1 if k == len(it.measures) - 1 else 1
            cells.append(Anchor(("proactive", it.code, m.code), span))
        rows.append(cells)
    return _skeleton(4, rows, 0)


def fmt(value: object) -> str:
    """A truth value as printed: None → blank, amounts without trailing zeros."""
    if value is None:
        return ""
    if isinstance(value, float):
        if value == int(value):
            return str(int(value))
        return ("%.2f" % value).rstrip("0").rstrip(".")
    return str(value)


def lookup(truth: dict, slot: Slot) -> str:
    """The printed text of one value slot."""
    table, row, col = slot
    return fmt(truth[table].get(row, {}).get(col))


def fill(truth: dict, content: Content) -> str:
    return content if isinstance(content, str) else lookup(truth, content)


_GROUPS: dict[int, tuple[tuple[str, str, object, int], ...]] = {}


def _groups(slots: tuple[Slot, ...]) -> tuple[tuple[str, str, object, int], ...]:
    """Consecutive slots of one row as (table, row, itemgetter, count)."""
    hit = _GROUPS.get(id(slots))
    if hit is None:
        runs: list[tuple[str, str, list[str]]] = []
        for table, row, col in slots:
            if runs and runs[-1][:2] == (table, row):
                runs[-1][2].append(col)
            else:
                runs.append((table, row, [col]))
        hit = _GROUPS[id(slots)] = tuple((t, r, itemgetter(*cols), len(cols)) for t, r, cols in runs)
        _KEEP.append(slots)  # id() stays valid only while the tuple lives
    return hit


_KEEP: list[tuple[Slot, ...]] = []


def slot_texts(truth: dict, slots: tuple[Slot, ...], thousands: bool = False) -> list[str]:
    """The printed text of many slots at once (the generator's hot loop):
    whole rows are fetched with one itemgetter call; a truth missing a row
    or cell takes the slow path below."""
    values: list[object] = []
    try:
        for table, row, getter, count in _groups(slots):
            got = getter(truth[table][row])  # type: ignore[operator]
            if count == 1:
                values.append(got)
            else:
                values.extend(got)
    except KeyError:
        return _slot_texts_slow(truth, slots)
    if thousands:  # 1,303 and 18,651.06 as some units print them
        return ["" if v is None else f"{v:,}" if type(v) is int else _grouped(fmt(v)) for v in values]
    return ["" if v is None else str(v) if type(v) is int else fmt(v) for v in values]


def _grouped(text: str) -> str:
    whole, dot, frac = text.partition(".")
    return f"{int(whole):,}{dot}{frac}" if whole.lstrip("-").isdigit() else text


def _slot_texts_slow(truth: dict, slots: tuple[Slot, ...]) -> list[str]:
    out: list[str] = []
    append = out.append
    for table, row, col in slots:
        cells = truth[table].get(row)
        v = None if cells is None else cells.get(col)
        if v is None:
            append("")
        elif type(v) is int:
            append(str(v))
        else:
            append(fmt(v))
    return out


def format_string(frags: tuple[str, ...]) -> str:
    """Fragments joined by ``{}`` fields (literal braces escaped), for str.format."""
    return "{}".join(f.replace("{", "{{").replace("}", "}}") for f in frags)
