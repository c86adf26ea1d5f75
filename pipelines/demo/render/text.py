"""Plain-text renderings: how reports arrive as .txt or .md exports.

* ``cells``: one cell per line, tab-indented, blank line between rows (the seed);
* ``cells_wrapped``: the same with header labels wrapped over two lines;
* ``pipes``: one row per line, cells between ``|``, trailing empties ``||||``;
* ``pipes_lone``: one cell per line ending `` |``, or values alternating with lone ``|``;
* ``runs``: copied from a web page: requests rows run together where the
  row's applicant sum makes the split unique, else tab-separated;
* ``markdown``: PDF-to-Markdown: pipe tables split at page breaks with the
  header repeated and page footers ``— 5 —``.
"""
from __future__ import annotations

import random
import re
from functools import lru_cache

from pipelines.demo.render.doc import blocks, doc_rng
from pipelines.demo.render.grid import Skeleton, fill, format_string, slot_texts
from pipelines.demo.render.variants import thousands, vary


def _paragraphs(kind: str, payload: object, out: list[str]) -> bool:
    """Write non-table blocks as plain lines; False for tables."""
    if kind == "title":
        out.extend(payload)  # type: ignore[arg-type]
        out.append("")
    elif kind in ("p", "h"):
        out.append(payload)  # type: ignore[arg-type]
        out.append("")
    elif kind == "sign":
        out.extend(payload)  # type: ignore[arg-type]
    else:
        return False
    return True


class _Echo:
    """Stands in for a truth dict: every value lookup returns a marker naming
    its slot, so a table renderer run once yields a reusable template."""

    def __init__(self, *path: str) -> None:
        self.path = path

    def __getitem__(self, key: str) -> "_Echo":
        return _Echo(*self.path, key)

    def get(self, key: str, default: object = None) -> object:
        if len(self.path) == 2:
            return "\x00" + "|".join((*self.path, key)) + "\x00"
        return _Echo(*self.path, key)


_MARK = re.compile("\x00([^\x00]*)\x00")
_TEMPLATES: dict[tuple, tuple[str, tuple[tuple[str, str, str], ...]]] = {}


def _compiled(table_fn, sk: Skeleton) -> tuple[str, tuple[tuple[str, str, str], ...]]:
    """(format string, slots) of a value-independent table renderer (cached)."""
    key = (table_fn, id(sk))  # skeletons live as long as the process
    hit = _TEMPLATES.get(key)
    if hit is None:
        out: list[str] = []
        table_fn(_Echo(), sk, out, None)
        parts = _MARK.split("\n".join(out))
        hit = _TEMPLATES[key] = (format_string(tuple(parts[0::2])), tuple(tuple(x.split("|")) for x in parts[1::2]))  # type: ignore[misc]
    return hit


def _fill_compiled(truth: dict, table_fn, sk: Skeleton, grouped: bool = False) -> str:
    template, slots = _compiled(table_fn, sk)
    return template.format(*slot_texts(truth, slots, grouped))


def _walk(truth: dict, rng: random.Random, wrapped: bool, table_fn, compiled: bool = True, seed: int = 0) -> str:
    out: list[str] = []
    grouped = compiled and thousands(truth, seed)
    for kind, payload in blocks(truth, rng, wrapped):
        if not _paragraphs(kind, payload, out):
            if compiled:
                out.append(_fill_compiled(truth, table_fn, payload, grouped))
            else:
                table_fn(truth, payload, out, rng)
            out.append("")
    return "\n".join(out) + "\n"


# ------------------------------------------------------------------ cells
def _cells_table(truth: dict, sk: Skeleton, out: list[str], rng: random.Random) -> None:
    for r, row in enumerate(sk.word_rows):
        if r:
            out.append("")
        for content in row:
            out.append("\t" + fill(truth, content))


def render_cells(truth: dict, seed: int = 0) -> bytes:
    return vary(_walk(truth, doc_rng(truth, "cells", seed), False, _cells_table, seed=seed), truth, seed).encode("utf-8")


def render_cells_wrapped(truth: dict, seed: int = 0) -> bytes:
    return vary(_walk(truth, doc_rng(truth, "cells_wrapped", seed), True, _cells_table, seed=seed), truth, seed, True).encode("utf-8")


# ------------------------------------------------------------------ pipes
def _pipe_line(cells: list[str]) -> str:
    last = max((k for k, c in enumerate(cells) if c), default=-1)
    if last < 0:
        return "|" * (len(cells) + 1)
    return "| " + " | ".join(cells[: last + 1]) + " |" + "|" * (len(cells) - last - 1)


def _pipes_table(truth: dict, sk: Skeleton, out: list[str], rng: random.Random) -> None:
    for row in sk.dense_rows:
        out.append(_pipe_line([fill(truth, c).replace("\n", "") for c in row]))


def render_pipes(truth: dict, seed: int = 0) -> bytes:
    return vary(_walk(truth, doc_rng(truth, "pipes", seed), False, _pipes_table, seed=seed), truth, seed).encode("utf-8")


def _lone_table(truth: dict, sk: Skeleton, out: list[str], rng: random.Random, alternate: bool = False) -> None:
    for r, row in enumerate(sk.word_rows):
        if r:
            out.append("")
        for content in row:
            if content == "":
                continue  # a merge continuation: nothing printed
            text = fill(truth, content).replace("\n", "")
            if alternate:
                out += [text, "|"]
            else:
                out.append(text + " |")


def _lone_alternate(truth: dict, sk: Skeleton, out: list[str], rng: random.Random) -> None:
    _lone_table(truth, sk, out, rng, alternate=True)


def render_pipes_lone(truth: dict, seed: int = 0) -> bytes:
    rng = doc_rng(truth, "pipes_lone", seed)
    fn = _lone_alternate if rng.random() < 0.5 else _lone_table
    return vary(_walk(truth, rng, False, fn, seed=seed), truth, seed).encode("utf-8")


# ------------------------------------------------------------------ runs
def split_count(digits: str, parts: int = 6, limit: int = 2) -> int:
    """How many ways `digits` splits into `parts` numbers plus a total equal
    to their sum (numbers without leading zeros), counted up to `limit`."""
    n = len(digits)
    found = 0
    for tl in range(1, n - parts + 1):
        tail = digits[n - tl:]
        if tl > 1 and tail[0] == "0":
            continue
        found += ways_prefix(digits[: n - tl], parts, int(tail), limit)
        if found >= limit:
            return found
    return found


def ways_prefix(digits: str, parts: int, target: int, limit: int) -> int:
    """Ways to split `digits` into exactly `parts` numbers summing to `target`."""
    n = len(digits)

    @lru_cache(maxsize=None)
    def ways(pos: int, k: int, remaining: int) -> int:
        if k == 0:
            return 1 if pos == n and remaining == 0 else 0
        total = 0
        for ln in range(1, n - pos - (k - 1) + 1):
            piece = digits[pos: pos + ln]
            if ln > 1 and piece[0] == "0":
                break
            v = int(piece)
            if v > remaining:
                break
            total += ways(pos + ln, k - 1, remaining - v)
            if total >= limit:
                return total
        return total

    return ways(0, parts, target)


def run_together(values: list[str]) -> bool:
    """True when the 7 printed values of a requests row may be run together:
    all printed and the split by the row's applicant sum is unique."""
    if len(values) != 7 or not all(v.isdigit() for v in values):
        return False
    return split_count("".join(values)) == 1


def _runs_table(truth: dict, sk: Skeleton, out: list[str], rng: random.Random) -> None:
    for r, row in enumerate(sk.word_rows):
        labels = [fill(truth, c) for c in row if isinstance(c, str) and c]
        values = [fill(truth, c) for c in row if not isinstance(c, str)]
        if r < sk.header_rows or not values:
            out.append("\t".join(labels))
            continue
        is_request = not isinstance(row[-1], str) and row[-1][0] == "requests"
        if is_request and run_together(values):
            out.append("".join(labels) + "".join(values))
        else:
            out.append("".join(labels) + ("\t" if labels else "") + "\t".join(values))


def render_runs(truth: dict, seed: int = 0) -> bytes:
    return vary(_walk(truth, doc_rng(truth, "runs", seed), False, _runs_table, compiled=False), truth, seed).encode("utf-8")


# ------------------------------------------------------------------ markdown
class _Pages:
    """Page counter for PDF-to-Markdown footers."""

    def __init__(self, rng: random.Random) -> None:
        self.page = 1
        self.style = rng.choice(("— {} —", "- {} -", "—{}—"))

    def footer(self, out: list[str]) -> None:
        out += ["", self.style.format(self.page), ""]
        self.page += 1


def _md_row(cells: list[str]) -> str:
    return "| " + " | ".join(c.replace("\n", "") for c in cells) + " |"


def render_markdown(truth: dict, seed: int = 0) -> bytes:
    rng = doc_rng(truth, "markdown", seed)
    pages = _Pages(rng)
    out: list[str] = []
    lines_on_page = 0
    for kind, payload in blocks(truth, rng, False):
        if kind == "title":
            out += ["# " + "".join(payload), ""]  # type: ignore[arg-type]
        elif kind == "h":
            out += ["## " + payload, ""]  # type: ignore[operator]
        elif kind == "p":
            out += [payload, ""]  # type: ignore[list-item]
            lines_on_page += 3
        elif kind == "sign":
            out += list(payload)  # type: ignore[arg-type]
        else:
            sk: Skeleton = payload  # type: ignore[assignment]
            rows = [[fill(truth, c) for c in row] for row in sk.dense_rows]
            head = rows[: max(sk.header_rows, 1)]
            body = rows[max(sk.header_rows, 1):]
            chunk = rng.randint(8, 14)
            first = True
            while body or first:
                piece, body = body[:chunk], body[chunk:]
                out.append(_md_row(head[0]))
                out.append("|" + "---|" * sk.ncols)
                out += [_md_row(r) for r in head[1:] + piece]
                first = False
                if body:
                    pages.footer(out)
            out.append("")
            lines_on_page += 10
        if lines_on_page > 12:
            pages.footer(out)
            lines_on_page = 0
    pages.footer(out)
    return vary("\n".join(out) + "\n", truth, seed).encode("utf-8")
