"""One PDF page through PDFium: the tables drawn with ruling lines.

PDFium (C, via pypdfium2) reads a page about twenty times faster than
pdfminer. Ruling lines come from the page's path objects: thin paths are
edges, rectangles give their four sides. Edges are snapped and joined;
crossings become grid points; a cell is the smallest rectangle of points
whose four sides are drawn (so a merged cell is one cell); cells that share
corners form a table. Coordinates are top-down (0 at the top of the page),
as pdfplumber's, so the rest of the PDF reader works on either extractor;
the characters come from pdf_chars.
"""
from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from typing import Any, Iterator

from pipelines.readers.pdf_chars import BY_X0, Char, Geometry, char_centres, char_lines

__all__ = ["Cell", "Char", "Geometry", "MAX_PATHS", "MAX_POINTS", "cell_text", "find_tables", "page_edges", "table_rows"]

_TOL = 3.0     # points: snapping and joining tolerance for edges
_THIN = 3.0    # a path thinner than this is a line
MAX_PATHS = 5000   # more path objects on one page: a drawing, no ruled table looked for
MAX_POINTS = 4000  # more line crossings: likewise


@dataclass(slots=True)
class Cell:
    x0: float
    top: float
    x1: float
    bottom: float


def page_edges(page: Any, geo: Geometry) -> tuple[list[tuple[float, float, float]], list[tuple[float, float, float]]]:
    """Horizontal (y, x0, x1) and vertical (x, top, bottom) ruling edges."""
    import ctypes

    import pypdfium2 as pdfium

    get_bounds = _object_functions()[3]
    hs: list[tuple[float, float, float]] = []
    vs: list[tuple[float, float, float]] = []
    bounds = [ctypes.c_float() for _ in range(4)]
    refs = [ctypes.byref(v) for v in bounds]
    l_, b_, r_, t_ = bounds
    page_handle = ctypes.cast(page.raw, ctypes.c_void_p).value
    for n, obj in enumerate(_path_objects(page_handle, False, 0)):
        if n >= MAX_PATHS:  # a map or chart, not a table: keep the time bounded
            return [], []
        if not get_bounds(obj, *refs):
            raise pdfium.PdfiumError("Failed to locate pageobject.")
        left, right, t, b = geo.box(l_.value, b_.value, r_.value, t_.value)
        w, h = right - left, b - t
        if h <= _THIN and w > _THIN:
            hs.append(((t + b) / 2, left, right))
        elif w <= _THIN and h > _THIN:
            vs.append(((left + right) / 2, t, b))
        elif w > _THIN and h > _THIN:
            _segment_edges(obj, geo, hs, vs)  # a rectangle, or a whole grid drawn as one path
    return hs, vs


#: Form XObjects are looked into this many levels deep.
_FORM_DEPTH = 4


def _path_objects(parent: int, form: bool, level: int) -> Iterator[int]:
    """The path objects (handles) of a page (``form`` False) or form XObject in drawing
    order, those of forms inside included (pypdfium2's get_objects with a path filter and
    max_depth=_FORM_DEPTH, without a helper object per page object)."""
    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    page_get, form_get, get_type, _bounds, form_count = _object_functions()
    get = form_get if form else page_get
    path, form_kind = raw.FPDF_PAGEOBJ_PATH, raw.FPDF_PAGEOBJ_FORM
    n = form_count(parent) if form else raw.FPDFPage_CountObjects(_as(parent, raw.FPDF_PAGE))
    if n < 0:
        raise pdfium.PdfiumError("Failed to get number of pageobjects.")
    for i in range(n):
        obj = get(parent, i)
        if not obj:
            raise pdfium.PdfiumError("Failed to get pageobject.")
        kind = get_type(obj)
        if kind == path:
            yield obj
        elif kind == form_kind and level < _FORM_DEPTH - 1:
            yield from _path_objects(obj, True, level + 1)


_OBJECT_FUNCTIONS: tuple[Any, ...] | None = None


def _object_functions() -> tuple[Any, ...]:
    """FPDFPage_GetObject, FPDFFormObj_GetObject, FPDFPageObj_GetType, FPDFPageObj_GetBounds
    and FPDFFormObj_CountObjects behind plain prototypes (void* handles, as ints): a third
    less overhead per call than the typed bindings, for the hundreds of objects of a page."""
    global _OBJECT_FUNCTIONS
    if _OBJECT_FUNCTIONS is None:
        import ctypes

        import pypdfium2.raw as raw

        def plain(fn: Any, restype: Any, *argtypes: Any) -> Any:
            return ctypes.CFUNCTYPE(restype, *argtypes)(ctypes.cast(fn, ctypes.c_void_p).value)

        void, c_int = ctypes.c_void_p, ctypes.c_int
        _OBJECT_FUNCTIONS = (
            plain(raw.FPDFPage_GetObject, void, void, c_int),
            plain(raw.FPDFFormObj_GetObject, void, void, ctypes.c_ulong),
            plain(raw.FPDFPageObj_GetType, c_int, void),
            plain(raw.FPDFPageObj_GetBounds, c_int, void, void, void, void, void),
            plain(raw.FPDFFormObj_CountObjects, c_int, void),
        )
    return _OBJECT_FUNCTIONS


def _as(handle: int, kind: Any) -> Any:
    """A handle (int) as the typed pointer the pypdfium2 bindings take."""
    import ctypes

    return ctypes.cast(ctypes.c_void_p(handle), kind)


def _segment_edges(handle: int, geo: Geometry, hs: list[tuple[float, float, float]],
                   vs: list[tuple[float, float, float]]) -> None:
    """Straight horizontal and vertical segments of one path object (its handle)."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as raw

    obj = _as(handle, raw.FPDF_PAGEOBJECT)
    n = raw.FPDFPath_CountSegments(obj)
    if n <= 0 or n > 4 * MAX_PATHS:
        return
    m = raw.FS_MATRIX()
    if not raw.FPDFPageObj_GetMatrix(obj, m):
        raise pdfium.PdfiumError("Failed to get matrix of pageobject.")
    a, b_, c, d, e, f = m.a, m.b, m.c, m.d, m.e, m.f
    x, y = ctypes.c_float(), ctypes.c_float()
    start = prev = None
    for i in range(n):
        seg = raw.FPDFPath_GetPathSegment(obj, i)
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


class _Reach:
    """For each line of a _merge result: how far its drawn spans reach from a point.

    One of a line's spans covers [a, b] (with the tolerance at both ends) exactly
    when ``b <= reach(pos, a)``: the joined spans of a line are sorted and apart, so
    their ends ascend too, and the furthest end among the spans starting (less the
    tolerance) at or before ``a`` is the last one's. One bisect per test instead of
    a scan of the line's spans."""

    __slots__ = ("starts", "ends")

    def __init__(self, lines: dict[float, list[list[float]]]) -> None:
        self.starts = {pos: [s0 - _TOL for s0, _ in spans] for pos, spans in lines.items()}
        self.ends = {pos: [s1 + _TOL for _, s1 in spans] for pos, spans in lines.items()}

    def __call__(self, pos: float, a: float) -> float:
        k = bisect_right(self.starts[pos], a)
        return self.ends[pos][k - 1] if k else _NO_REACH


_NO_REACH = float("-inf")


def find_tables(hs: list[tuple[float, float, float]], vs: list[tuple[float, float, float]]) -> list[list[Cell]]:
    """Cells of the ruled tables on a page, one list per table."""
    if len(hs) < 2 or len(vs) < 2:
        return []
    H, V = _merge(hs), _merge(vs)
    open_ends = _open_ends(H, V)
    if open_ends:
        H = _merge([(y, a, b) for y, spans in H.items() for a, b in spans] + open_ends)
    h_reach, v_reach = _Reach(H), _Reach(V)
    # Grid points: where a horizontal and a vertical line both pass (within the tolerance).
    xs, ys = list(V), list(H)  # ascending, as _merge makes them
    crossed = {x: set(_passing(spans, ys)) for x, spans in V.items()}  # the ys each vertical line passes
    points: set[tuple[float, float]] = set()
    by_row: dict[float, list[float]] = {}
    by_col: dict[float, list[float]] = {x: [] for x in xs}
    for y, spans in H.items():
        row = [x for x in _passing(spans, xs) if y in crossed[x]]
        if row:
            by_row[y] = row
            for x in row:
                points.add((x, y))
                by_col[x].append(y)
    if len(points) > MAX_POINTS:
        return []
    # A cell: the smallest rectangle of points from a top-left point whose four sides are
    # drawn; the first found scanning bottoms, then rights, each nearest first. (The reach
    # tables are read inline: this loop runs once per grid point.)
    h_starts, h_ends, v_starts, v_ends = h_reach.starts, h_reach.ends, v_reach.starts, v_reach.ends
    cells: list[Cell] = []
    for y in sorted(by_row):
        row = by_row[y]  # ascending x
        hs_y, he_y = h_starts[y], h_ends[y]
        for i, x in enumerate(row):
            k = bisect_right(hs_y, x)  # the top side from x reaches he_y[k - 1]
            right_end = bisect_right(row, he_y[k - 1], i + 1) if k else i + 1
            if right_end == i + 1:
                continue
            col = by_col[x]  # ascending y
            below = bisect_right(col, y)
            k = bisect_right(v_starts[x], y)  # the left side from y
            bottom_end = bisect_right(col, v_ends[x][k - 1], below) if k else below
            found = False
            for y2 in col[below:bottom_end]:
                k = bisect_right(h_starts[y2], x)
                if not k:
                    continue
                reach2 = h_ends[y2][k - 1]  # the bottom side from x
                for x2 in row[i + 1:right_end]:
                    if x2 > reach2:
                        break
                    if (x2, y2) in points:
                        k = bisect_right(v_starts[x2], y)
                        if k and y2 <= v_ends[x2][k - 1]:  # the right side from y
                            cells.append(Cell(x, y, x2, y2))
                            found = True
                            break
                if found:
                    break
    return _group(cells)


def _passing(spans: list[list[float]], positions: list[float]) -> list[float]:
    """The positions (ascending, as given) that one of a line's spans reaches, the
    tolerance added at both ends."""
    out: list[float] = []
    done = 0  # positions before this index are taken or passed
    for s0, s1 in spans:
        lo = max(bisect_left(positions, s0 - _TOL), done)
        hi = bisect_right(positions, s1 + _TOL)
        if hi > lo:
            out.extend(positions[lo:hi])
            done = hi
    return out


def _open_ends(H: dict[float, list[list[float]]], V: dict[float, list[list[float]]]) -> list[tuple[float, float, float]]:
    """Virtual horizontal edges where two or more vertical lines stop at the
    same height with no horizontal line there: a table cut by the page end
    (browsers print a row broken over pages without its closing border)."""
    h_reach = _Reach(H)
    hys = list(H)  # ascending
    ends: list[tuple[float, float]] = []
    for x, spans in V.items():
        for a, b in spans:
            for y in (a, b):
                # Lines within the tolerance of y (the window a point wider, then the exact test).
                for hy in hys[bisect_left(hys, y - _TOL - 1):bisect_right(hys, y + _TOL + 1)]:
                    if abs(hy - y) <= _TOL and x <= h_reach(hy, x):
                        break
                else:
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
    owner: dict[tuple[float, float], int] = {}
    for i, c in enumerate(cells):
        for corner in ((c.x0, c.top), (c.x1, c.top), (c.x0, c.bottom), (c.x1, c.bottom)):
            j = owner.setdefault(corner, i)
            if j == i:
                continue
            a = i
            while parent[a] != a:  # find(i), halving the path
                parent[a] = parent[parent[a]]
                a = parent[a]
            while parent[j] != j:  # find(j)
                parent[j] = parent[parent[j]]
                j = parent[j]
            parent[a] = j
    groups: dict[int, list[Cell]] = {}
    for i, c in enumerate(cells):
        r = i
        while parent[r] != r:
            r = parent[r]
        groups.setdefault(r, []).append(c)
    return sorted(groups.values(), key=lambda g: min(c.top for c in g))


def table_rows(cells: list[Cell], chars: list[Char], centres: list[tuple[float, float]] | None = None,
               ) -> tuple[list[list[tuple[float, float, str]]], tuple[float, float, float, float], set[int]]:
    """Rows of (x0, x1, text) for one table, its bbox, and the ids of the chars used.

    Each char goes to the cell holding its centre (``centres``: the chars'
    centres, computed once per page by char_centres), found by bisecting the
    table's grid lines rather than testing every cell.
    """
    if centres is None:
        centres = char_centres(chars)
    xs = sorted({c.x0 for c in cells} | {c.x1 for c in cells})
    ys = sorted({c.top for c in cells} | {c.bottom for c in cells})
    x_at = {x: i for i, x in enumerate(xs)}
    y_at = {y: j for j, y in enumerate(ys)}
    ny = len(ys)
    slot = [-1] * (len(xs) * ny)  # grid square (i, j) at i * ny + j: the cell covering it
    for k, c in enumerate(cells):
        j0, j1 = y_at[c.top], y_at[c.bottom]
        for i in range(x_at[c.x0], x_at[c.x1]):
            slot[i * ny + j0:i * ny + j1] = [k] * (j1 - j0)
    bbox = (xs[0], ys[0], xs[-1], ys[-1])
    left, top, right, bottom = bbox
    content: list[list[Char]] = [[] for _ in cells]
    used: set[int] = set()
    for n, (cx, cy) in enumerate(centres):
        if not (left < cx < right and top < cy < bottom):
            continue
        k = slot[(bisect_right(xs, cx) - 1) * ny + bisect_right(ys, cy) - 1]
        if k >= 0:
            content[k].append(chars[n])
            used.add(n)
    rows: dict[float, list[tuple[float, float, str]]] = {}
    for c, inside in zip(cells, content):
        rows.setdefault(c.top, []).append((c.x0, c.x1, cell_text(inside)))
    return [sorted(rows[y]) for y in sorted(rows)], bbox, used


def cell_text(chars: list[Char]) -> str:
    """Chars of one cell as lines (newline-separated), a space at wide gaps."""
    if len(chars) < 2:
        return chars[0].text if chars else ""
    lines = char_lines(chars)
    out = []
    for ln in lines:
        ln.sort(key=BY_X0)
        s = ln[0].text
        for prev, ch in zip(ln, ln[1:]):
            s += (" " if ch.x0 - prev.x1 > _TOL else "") + ch.text
        out.append(s)
    return "\n".join(out)


