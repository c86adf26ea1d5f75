"""One PDF page through PDFium: characters with positions, words, and the
tables drawn with ruling lines.

PDFium (C, via pypdfium2) reads a page about twenty times faster than
pdfminer. Ruling lines come from the page's path objects: thin paths are
edges, rectangles give their four sides. Edges are snapped and joined;
crossings become grid points; a cell is the smallest rectangle of points
whose four sides are drawn (so a merged cell is one cell); cells that share
corners form a table. Coordinates are top-down (0 at the top of the page),
as pdfplumber's, so the rest of the PDF reader works on either extractor.
"""
from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from typing import Any

_TOL = 3.0     # points: snapping and joining tolerance for edges
_THIN = 3.0    # a path thinner than this is a line
MAX_PATHS = 5000   # more path objects on one page: a drawing, no ruled table looked for
MAX_POINTS = 4000  # more line crossings: likewise


@dataclass(slots=True)
class Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float


@dataclass(slots=True)
class Cell:
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True, slots=True)
class Geometry:
    """Page size and /Rotate: maps PDF user-space boxes to the page as
    displayed, top-down (a landscape table on a rotated page reads upright)."""

    width: float      # unrotated media width and height
    height: float
    rotation: int     # 0, 90, 180, 270 (clockwise when displayed)

    @classmethod
    def of(cls, page: Any) -> "Geometry":
        rot = page.get_rotation() % 360
        return cls(float(page.get_width()), float(page.get_height()), rot if rot in (90, 180, 270) else 0)

    @property
    def display_height(self) -> float:
        return self.width if self.rotation in (90, 270) else self.height

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        """(x0, x1, top, bottom) as displayed."""
        w, h = self.width, self.height
        if self.rotation == 90:
            return bottom, top, left, right
        if self.rotation == 180:
            return w - right, w - left, bottom, top
        if self.rotation == 270:
            return h - top, h - bottom, w - right, w - left
        return left, right, h - top, h - bottom


def page_chars(page: Any, geo: Geometry) -> list[Char]:
    """Every visible character of a page (whitespace and PDFium's generated
    line breaks left out; spacing is rebuilt from the gaps)."""
    import pypdfium2.raw as raw

    tp = page.get_textpage()
    out: list[Char] = []
    n = tp.count_chars()
    for i in range(n):
        code = raw.FPDFText_GetUnicode(tp.raw, i)
        if code <= 32 or code in (0xA0, 0x3000, 0xFFFE, 0xFEFF):
            continue
        x0, x1, top, bottom = geo.box(*tp.get_charbox(i, loose=True))
        out.append(Char(chr(code), x0, x1, top, bottom))
    return out


def page_edges(page: Any, geo: Geometry) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """Horizontal (y, x0, x1) and vertical (x, top, bottom) ruling edges."""
    import pypdfium2.raw as raw

    hs: list[tuple[float, float, float]] = []
    vs: list[tuple[float, float, float]] = []
    for n, obj in enumerate(page.get_objects(filter=(raw.FPDF_PAGEOBJ_PATH,), max_depth=4)):
        if n >= MAX_PATHS:  # a map or chart, not a table: keep the time bounded
            return [], []
        left, right, t, b = geo.box(*obj.get_bounds())
        w, h = right - left, b - t
        if h <= _THIN and w > _THIN:
            hs.append(((t + b) / 2, left, right))
        elif w <= _THIN and h > _THIN:
            vs.append(((left + right) / 2, t, b))
        elif w > _THIN and h > _THIN:
            _segment_edges(obj, geo, hs, vs)  # a rectangle, or a whole grid drawn as one path
    return hs, vs


def _segment_edges(obj: Any, geo: Geometry, hs: list[tuple[float, float, float]],
                   vs: list[tuple[float, float, float]]) -> None:
    """Straight horizontal and vertical segments of one path object."""
    import ctypes

    import pypdfium2.raw as raw

    n = raw.FPDFPath_CountSegments(obj.raw)
    if n <= 0 or n > 4 * MAX_PATHS:
        return
    m = obj.get_matrix()
    a, b_, c, d, e, f = m.a, m.b, m.c, m.d, m.e, m.f
    x, y = ctypes.c_float(), ctypes.c_float()
    start = prev = None
    for i in range(n):
        seg = raw.FPDFPath_GetPathSegment(obj.raw, i)
        if not raw.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y)):
            continue
        pt = (a * x.value + c * y.value + e, b_ * x.value + d * y.value + f)
        kind = raw.FPDFPathSegment_GetType(seg)
        if kind == raw.FPDF_SEGMENT_MOVETO:
            start = prev = pt
            continue
        if kind == raw.FPDF_SEGMENT_LINETO and prev is not None:
            _add_line(prev, pt, geo, hs, vs)
        prev = pt
        if raw.FPDFPathSegment_GetClose(seg) and start is not None:
            _add_line(pt, start, geo, hs, vs)
            prev = start


def _add_line(p: tuple[float, float], q: tuple[float, float], geo: Geometry,
              hs: list[tuple[float, float, float]], vs: list[tuple[float, float, float]]) -> None:
    x0, x1, top, bottom = geo.box(min(p[0], q[0]), min(p[1], q[1]), max(p[0], q[0]), max(p[1], q[1]))
    if bottom - top <= 0.5 and x1 - x0 > _THIN:
        hs.append(((top + bottom) / 2, x0, x1))
    elif x1 - x0 <= 0.5 and bottom - top > _THIN:
        vs.append(((x0 + x1) / 2, top, bottom))


def _merge(edges: list[tuple[float, float, float]]) -> dict[float, list[list[float]]]:
    """Snap edges to common positions and join touching pieces: {pos: [[a, b], …]}."""
    out: dict[float, list[list[float]]] = {}
    pos: float | None = None
    for p, a, b in sorted(edges):
        if pos is None or p - pos > _TOL:
            pos = p
            out[pos] = []
        out[pos].append([min(a, b), max(a, b)])
    for key, spans in out.items():
        spans.sort()
        joined = [spans[0]]
        for a, b in spans[1:]:
            if a <= joined[-1][1] + _TOL:
                joined[-1][1] = max(joined[-1][1], b)
            else:
                joined.append([a, b])
        out[key] = joined
    return out


def _covered(spans: list[list[float]], a: float, b: float) -> bool:
    return any(s0 - _TOL <= a and b <= s1 + _TOL for s0, s1 in spans)


def find_tables(hs: list[tuple[float, float, float]], vs: list[tuple[float, float, float]]) -> list[list[Cell]]:
    """Cells of the ruled tables on a page, one list per table."""
    if len(hs) < 2 or len(vs) < 2:
        return []
    H, V = _merge(hs), _merge(vs)
    open_ends = _open_ends(H, V)
    if open_ends:
        H = _merge([(y, a, b) for y, spans in H.items() for a, b in spans] + open_ends)
    points: set[tuple[float, float]] = set()
    for y, hspans in H.items():
        for x, vspans in V.items():
            if _covered(hspans, x, x) and _covered(vspans, y, y):
                points.add((x, y))
    if len(points) > MAX_POINTS:
        return []
    by_row: dict[float, list[float]] = {}
    by_col: dict[float, list[float]] = {}
    for x, y in points:
        by_row.setdefault(y, []).append(x)
        by_col.setdefault(x, []).append(y)
    for lst in (*by_row.values(), *by_col.values()):
        lst.sort()
    cells: list[Cell] = []
    for x, y in sorted(points, key=lambda p: (p[1], p[0])):
        rights = [x2 for x2 in by_row[y] if x2 > x]
        belows = [y2 for y2 in by_col[x] if y2 > y]
        rights = [x2 for x2 in rights if _covered(H[y], x, x2)]
        belows = [y2 for y2 in belows if _covered(V[x], y, y2)]
        done = False
        for y2 in belows:
            for x2 in rights:
                if (x2, y2) in points and _covered(V[x2], y, y2) and _covered(H[y2], x, x2):
                    cells.append(Cell(x, y, x2, y2))
                    done = True
                    break
            if done:
                break
    return _group(cells)


def _open_ends(H: dict[float, list[list[float]]], V: dict[float, list[list[float]]]) -> list[tuple[float, float, float]]:
    """Virtual horizontal edges where two or more vertical lines stop at the
    same height with no horizontal line there: a table cut by the page end
    (browsers print a row broken over pages without its closing border)."""
    ends: list[tuple[float, float]] = []
    for x, spans in V.items():
        for a, b in spans:
            for y in (a, b):
                if not any(abs(hy - y) <= _TOL and _covered(hspans, x, x) for hy, hspans in H.items()):
                    ends.append((y, x))
    out: list[tuple[float, float, float]] = []
    group: list[tuple[float, float]] = []
    for y, x in sorted(ends) + [(float("inf"), 0.0)]:
        if group and y - group[0][0] > _TOL:
            if len(group) >= 2:
                xs = [gx for _, gx in group]
                out.append((group[0][0], min(xs), max(xs)))
            group = []
        group.append((y, x))
    return out


def _group(cells: list[Cell]) -> list[list[Cell]]:
    """Cells sharing a corner belong to one table (union-find over corners)."""
    parent = list(range(len(cells)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[float, float], int] = {}
    for i, c in enumerate(cells):
        for corner in ((c.x0, c.top), (c.x1, c.top), (c.x0, c.bottom), (c.x1, c.bottom)):
            j = owner.setdefault(corner, i)
            parent[find(i)] = find(j)
    groups: dict[int, list[Cell]] = {}
    for i, c in enumerate(cells):
        groups.setdefault(find(i), []).append(c)
    return sorted(groups.values(), key=lambda g: min(c.top for c in g))


def table_rows(cells: list[Cell], chars: list[Char]) -> tuple[list[list[tuple[float, float, str]]], tuple[float, float, float, float], set[int]]:
    """Rows of (x0, x1, text) for one table, its bbox, and the ids of the chars used.

    Each char goes to the cell holding its centre, found by bisecting the
    table's grid lines rather than testing every cell.
    """
    xs = sorted({c.x0 for c in cells} | {c.x1 for c in cells})
    ys = sorted({c.top for c in cells} | {c.bottom for c in cells})
    slot: dict[tuple[int, int], int] = {}
    for k, c in enumerate(cells):
        for i in range(xs.index(c.x0), xs.index(c.x1)):
            for j in range(ys.index(c.top), ys.index(c.bottom)):
                slot[(i, j)] = k
    bbox = (xs[0], ys[0], xs[-1], ys[-1])
    content: dict[int, list[Char]] = {}
    used: set[int] = set()
    for n, ch in enumerate(chars):
        cx, cy = (ch.x0 + ch.x1) / 2, (ch.top + ch.bottom) / 2
        if not (bbox[0] < cx < bbox[2] and bbox[1] < cy < bbox[3]):
            continue
        k = slot.get((bisect_right(xs, cx) - 1, bisect_right(ys, cy) - 1))
        if k is not None:
            content.setdefault(k, []).append(ch)
            used.add(n)
    rows: dict[float, list[tuple[float, float, str]]] = {}
    for k, c in enumerate(cells):
        rows.setdefault(c.top, []).append((c.x0, c.x1, cell_text(content.get(k, []))))
    return [sorted(rows[y]) for y in sorted(rows)], bbox, used


def cell_text(chars: list[Char]) -> str:
    """Chars of one cell as lines (newline-separated), a space at wide gaps."""
    lines = char_lines(chars)
    out = []
    for ln in lines:
        ln.sort(key=lambda c: c.x0)
        s = ln[0].text
        for prev, ch in zip(ln, ln[1:]):
            s += (" " if ch.x0 - prev.x1 > _TOL else "") + ch.text
        out.append(s)
    return "\n".join(out)


def char_lines(chars: list[Char]) -> list[list[Char]]:
    """Chars grouped into visual lines: a char whose vertical centre lies in
    the band of the current line joins it (glyph boxes are tight: 一 is
    shorter than 稳, so tops alone would split a line)."""
    lines: list[list[Char]] = []
    band = (0.0, 0.0)
    for ch in sorted(chars, key=lambda c: ((c.top + c.bottom) / 2, c.x0)):
        mid = (ch.top + ch.bottom) / 2
        if lines and band[0] - 0.5 <= mid <= band[1] + 0.5:
            lines[-1].append(ch)
            band = (min(band[0], ch.top), max(band[1], ch.bottom))
        else:
            lines.append([ch])
            band = (ch.top, ch.bottom)
    return lines


def words(chars: list[Char], gap: float = 1.5) -> list[dict[str, Any]]:
    """pdfplumber-style words (text, x0, x1, top, bottom): chars on one line
    closer than ``gap`` points."""
    out: list[dict[str, Any]] = []
    for ln in char_lines(chars):
        ln.sort(key=lambda c: c.x0)
        cur = [ln[0]]
        for prev, ch in zip(ln, ln[1:]):
            if ch.x0 - prev.x1 > gap:
                out.append(_word(cur))
                cur = [ch]
            else:
                cur.append(ch)
        out.append(_word(cur))
    return out


def _word(chars: list[Char]) -> dict[str, Any]:
    return {"text": "".join(c.text for c in chars), "x0": chars[0].x0, "x1": chars[-1].x1,
            "top": min(c.top for c in chars), "bottom": max(c.bottom for c in chars)}
