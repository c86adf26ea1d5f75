"""Ruled PDF tables across page breaks: join the parts, drop a repeated
header, and put back together a row that Word or WPS broke over the page end.

A table part is kept as rows of cells with their x-edges until the whole
document is read; only then is it laid on one column grid (the union of the
parts' x-edges), so parts whose pages drew different inner lines still line
up. At each page join the first row of the new part may be the rest of the
last row of the old part ("allow row to break across pages"): digits of a
number, the end of a label, the second line of a header; and a cell merged
down over that row prints the rest of its text there, which goes back to the
merged cell. It is merged only in the cases below, and every merge is
reported in the warnings.
"""
from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field
from typing import Any

from pipelines.readers.base import Block, Table

_NUMERIC = re.compile(r"^[-+]?\d[\d,，.]*%?$")
#: A label that starts a new row: （一） 一、 1. 1、 第…
_ENUMERATED = re.compile(r"^(?:[（(][一二三四五六七八九十\d]+[)）]|[一二三四五六七八九十]+[、.．]|\d+[、.．]|第)")


def _clean(text: str) -> str:
    from pipelines.readers.pdf import _clean as clean

    return clean(text)


@dataclass(slots=True)
class Ruled:
    """A ruled table while pages are read: each row's cells as (x0, x1, text)."""

    rows: list[list[tuple[float, float, str]]]
    page: int
    x0: float
    x1: float
    joins: list[int] = field(default_factory=list)  # row indices where a later page's part starts
    join_pages: list[int] = field(default_factory=list)

    def texts(self, k: int) -> list[list[str]]:
        return [[c[2] for c in r] for r in self.rows[:k]]

    def grid(self, warnings: list[str] | None = None) -> Table:
        """Columns from the x-edges of all cells; a cell's text at its left
        edge's column, None where the cell spans or a merge from above covers."""
        # Column starts only (cell x0), so double borders (HTML cellspacing)
        # and narrow empty gap cells between them add no column.
        xs = sorted({round(c[0], 1) for r in self.rows for c in r if c[1] - c[0] >= 6 or c[2]})
        edges: list[float] = []
        for x in xs:
            if not edges or x - edges[-1] > 4.0:
                edges.append(x)
        edges.append(max(c[1] for r in self.rows for c in r))
        ascending = all(a < b for a, b in zip(edges, edges[1:]))

        cols: dict[float, int] = {}  # x → column, as found (the rows repeat the same edges)

        def col(x: float) -> int:
            """The nearest edge (the first of equally near ones)."""
            i = cols.get(x)
            if i is not None:
                return i
            if not ascending:
                i = min(range(len(edges)), key=lambda i: abs(edges[i] - x))
            else:
                i = bisect_left(edges, x)  # the nearest is edges[i - 1] or edges[i]
                if i == len(edges) or (i > 0 and abs(edges[i - 1] - x) <= abs(edges[i] - x)):
                    i -= 1
            cols[x] = i
            return i

        n = len(edges) - 1
        joined = bool(self.joins)
        rows: list[list[str | None]] = []
        spans: list[list[int]] = []  # per row (joined parts only): the columns each cell covers (0: none starts)
        for r in self.rows:
            out: list[str | None] = [None] * n
            span = [0] * n
            for x0, x1, text in r:
                if x1 - x0 < 6 and not text:
                    continue  # the gap between two borders, not a cell
                i = col(x0)
                if i < n:
                    out[i] = text
                    if joined:
                        span[i] = max(1, col(x1) - i)
            rows.append(out)
            spans.append(span)
        values = _value_columns(rows)
        numbered = _numbered_columns(rows, values, {k - d for k in self.joins for d in (0, 1)}) if joined else set()
        for k, page in sorted(zip(self.joins, self.join_pages), reverse=True):
            if 0 < k < len(rows):
                above = _merged_above(rows, spans, k)
                merged = _merge_split_row(rows[k - 1], rows[k], values, above, numbered)
                if merged is not None:
                    _to_anchors(rows, rows[k], above)
                    rows[k - 1: k + 1] = [merged]
                    spans[k - 1: k + 1] = [spans[k - 1]]
                    if warnings is not None:
                        label = next((c for c in merged if c), "")
                        warnings.append(f"pdf: 第 {page} 页顶端的表格行是上一页末行的续行（跨页断行），已合并为“{label[:20]}”一行")
                elif _merge_header_fragments(rows[k - 1], rows[k], above):
                    _to_anchors(rows, rows[k], above)
                    if warnings is not None:
                        warnings.append(f"pdf: 第 {page} 页顶端表头中跨页断开的合并单元格已接回上一页")
        return Table(rows=rows, page=self.page)


def _covered_from_left(row: list[str | None], span: list[int], j: int) -> bool:
    """Whether position j of a row lies under a cell that starts left of it in the same row."""
    return any(row[i] is not None and i + span[i] > j for i in range(j))


def _merged_above(rows: list[list[str | None]], spans: list[list[int]], k: int) -> dict[int, int]:
    """Where row k (the first of a page's part) holds text under a cell merged down from above
    over the old part's last row, as wide as that cell: {column: the row of the merged cell}.

    A merged cell cut by the page end prints the rest of its text at the top of the next
    page, in a cell of its width: that text belongs to the merged cell, not to a row."""
    out: dict[int, int] = {}
    last, first = rows[k - 1], rows[k]
    for j, text in enumerate(first):
        if not text or _ENUMERATED.match(text) or last[j] is not None or _covered_from_left(last, spans[k - 1], j):
            continue  # (an enumerated label opens a cell of its own)
        r = k - 2
        while r >= 0 and rows[r][j] is None and not _covered_from_left(rows[r], spans[r], j):
            r -= 1
        if r >= 0 and rows[r][j] and spans[r][j] == spans[k][j]:
            out[j] = r
    return out


def _to_anchors(rows: list[list[str | None]], first: list[str | None], above: dict[int, int]) -> None:
    """Move the text of a page's first row at the ``above`` columns to the merged cells above."""
    for j, r in above.items():
        if first[j]:
            rows[r][j] = _clean(f"{rows[r][j]}\n{first[j]}")
        first[j] = None


def _value_columns(rows: list[list[str | None]]) -> set[int]:
    """Columns holding a number in at least two rows."""
    width = max((len(r) for r in rows), default=0)
    return {j for j in range(width) if sum(1 for r in rows if j < len(r) and r[j] and _NUMERIC.match(r[j])) >= 2}


def _numbered_columns(rows: list[list[str | None]], values: set[int], skip: set[int]) -> set[int]:
    """Label columns where every row holding a number that has a label there (two at least)
    starts it with an enumeration (（一） 1. 一、 第…); rows at ``skip`` (the rows on either
    side of a page join: maybe the two parts of one row) not counted."""
    seen: dict[int, list[bool]] = {}
    for k, row in enumerate(rows):
        if k in skip or not any(row[j] and _NUMERIC.match(row[j]) for j in values if j < len(row)):
            continue
        for j, c in enumerate(row):
            if c and j not in values:
                seen.setdefault(j, []).append(bool(_ENUMERATED.match(c)))
    return {j for j, marks in seen.items() if len(marks) >= 2 and all(marks)}


def _kind(row: list[str | None], values: set[int]) -> str:
    cells = [row[j] for j in values if row[j]]
    if not cells:
        return "empty"
    return "num" if all(_NUMERIC.match(c) for c in cells) else "text"


def _merge_split_row(last: list[str | None], first: list[str | None], values: set[int],
                     above: dict[int, int] | None = None, numbered: set[int] | frozenset[int] = frozenset(),
                     ) -> list[str | None] | None:
    """``last`` + ``first`` as one row if ``first`` is the rest of ``last``, else None.

    Merged when the cell structure agrees and: (1) both hold numbers and the
    new part has no label (digits wrapped over the page end); (2) the numbers
    are in the old part, the new part holds only a label tail; (3) the
    numbers are in the new part, with a label tail, after a label start; or
    (4) both are header text (no number at all), the new part only under
    non-empty old cells; or (5) both hold numbers and the new part has a
    label tail under the old part's label, in a column whose other labels
    are all enumerated (``numbered``), and fewer numbers, each under one of
    the old part's (the end of a label and the last digits of numbers that
    wrapped in their cells).
    A label tail never starts with an enumeration (（一） 1. 一、 第…).
    ``above``: the columns where ``first`` holds the tail of a cell merged down
    from above over ``last`` (see _merged_above); they stay None in the merged row.
    """
    above = above or {}
    if len(last) != len(first):
        return None
    for j, (a, b) in enumerate(zip(last, first)):
        if j in above:
            continue
        if b is None and a is not None:
            return None
        if b and a is None:
            return None
    labels_first = [first[j] for j in range(len(first)) if j not in values and first[j]]
    labels_last = [last[j] for j in range(len(last)) if j not in values and last[j]]
    tail = bool(labels_first) and not any(_ENUMERATED.match(t) for t in labels_first)
    kl, kf = _kind(last, values), _kind(first, values)
    ok = (
        (kl == "num" and kf == "num" and not labels_first)
        or (kl == "num" and kf == "empty" and tail)
        or (kl == "empty" and kf == "num" and bool(labels_last) and tail)
        or (kl == "text" and kf == "text" and all(last[j] or j in above for j in range(len(first)) if first[j])
            and not any(c and _NUMERIC.match(c) for c in (*last, *first))
            and not any(_ENUMERATED.match(t) for t in labels_first))
        or (kl == "num" and kf == "num" and tail and _digits_tail(last, first, values, numbered))
    )
    if not ok:
        return None
    return [None if j in above else a if not b else (b if not a else _clean(a + "\n" + b))
            for j, (a, b) in enumerate(zip(last, first))]


def _digits_tail(last: list[str | None], first: list[str | None], values: set[int],
                 numbered: set[int] | frozenset[int]) -> bool:
    """Case (5) of _merge_split_row: ``first`` holds a label tail only under a label of
    ``last`` in numbered columns, and fewer numbers than ``last``, each under a number."""
    labels = [j for j in range(len(first)) if j not in values and first[j]]
    if not all(j in numbered and last[j] for j in labels):
        return False
    nums_first = [j for j in values if first[j]]
    nums_last = [j for j in values if last[j] and _NUMERIC.match(last[j])]
    return len(nums_first) < len(nums_last) and all(j in nums_last for j in nums_first)


def _span(row: list[str | None], j: int) -> int:
    n = 1
    while j + n < len(row) and row[j + n] is None:
        n += 1
    return n


def _merge_header_fragments(last: list[str | None], first: list[str | None],
                            above: dict[int, int] | None = None) -> bool:
    """Header rows only (no number): a merged header cell cut by the page end
    leaves the rest of its text in the new page's first row, in a cell of
    the same span under it; that text goes back to the cell above. The new
    row's own cells (under a column-spanning cell above) stay. ``above``: the
    columns where ``first`` holds the tail of a cell merged down from rows above
    ``last`` (moved by the caller); they count as fragments."""
    above = above or {}
    if len(last) != len(first) or any(c and _NUMERIC.match(c) for c in (*last, *first)):
        return False
    frags = [j for j, (a, b) in enumerate(zip(last, first))
             if a and b and not _ENUMERATED.match(b) and _span(last, j) == _span(first, j)]
    own = [j for j, (a, b) in enumerate(zip(last, first)) if b and j not in frags and j not in above]
    if not (frags or above) or not own:
        return False
    for j in frags:
        last[j] = _clean(f"{last[j]}\n{first[j]}")
        first[j] = ""
    return True


def append_page(blocks: list[Any], page_blocks: list[tuple[float, Any]]) -> None:
    """Add a page's blocks; a ruled table opening the page continues the one
    that closed the previous page when their left and right edges agree
    (a repeated header row is dropped)."""
    items = [b for _, b in page_blocks]
    if items and blocks and isinstance(items[0], Ruled) and isinstance(blocks[-1], Ruled):
        prev, cont = blocks[-1], items[0]
        # The parts overlap over most of the narrower one's width: the new
        # part may lack left columns (a merged group cell without ruling on
        # the new page) or carry the table's outer border further right.
        overlap = min(prev.x1, cont.x1) - max(prev.x0, cont.x0)
        if overlap >= 0.8 * min(prev.x1 - prev.x0, cont.x1 - cont.x0):
            head = 0
            while head < min(len(cont.rows), len(prev.rows), 4) and cont.texts(head + 1)[head] == prev.texts(head + 1)[head]:
                head += 1
            prev.joins.append(len(prev.rows))
            prev.join_pages.append(cont.page)
            prev.rows.extend(cont.rows[head:])
            items = items[1:]
    blocks.extend(items)


def finish(blocks: list[Any], warnings: list[str] | None = None) -> list[Block]:
    """Lay every ruled table on its grid (merging rows broken over pages)."""
    return [b.grid(warnings) if isinstance(b, Ruled) else b for b in blocks]
