"""Collect the value cells printed after a row label."""
from __future__ import annotations

import re

from pipelines.parser.tokens import Stream, Token


_VALUES = re.compile("[vb]*")


def collect_values(s: Stream, i: int, hi: int, is_label, n: int | None = None) -> tuple[list[Token], int]:
    """Value tokens following the label at `i`, and the index after them.

    Values may continue into following row groups (labels and values printed
    apart). A short text token in the label's own row group that is not
    itself a label (`is_label(tok)` false) is a text cell where a number
    belongs, when the row still lacks cells (fewer than `n`) and the token
    sits in an explicit cell (pipe row, grid table) or next to a value.
    The run of values is found in the stream's shape; the tokens are looked
    at one by one only when a text token in the label's group may be a cell.
    """
    tokens, groups = s.tokens, s.groups
    group = groups[i]
    e = _VALUES.match(s.shape, i + 1, hi).end()
    if n is not None and e - i - 1 >= n:
        # the row is complete: beyond n values, only the rest of the last value's row group
        j = i + 1 + n
        while j < e and groups[j] == groups[j - 1]:
            j += 1
        return tokens[i + 1:j], j
    if e == hi or groups[e] != group:
        return tokens[i + 1:e], e
    out = tokens[i + 1:e]
    last = groups[e - 1]
    j = e
    while j < hi:
        t = tokens[j]
        if t.kind == "value":
            if n is not None and len(out) >= n and groups[j] != last:
                break  # the row is complete; the next row group is not ours
        elif not (groups[j] == group and (n is None or len(out) < n) and (not out or last == group)
                  and len(t.text) <= 24 and len(t.key) <= 8 and not is_label(t)
                  and (t.boxed or (out and out[-1].kind == "value") or (j + 1 < hi and tokens[j + 1].kind == "value"))):
            break
        out.append(t)
        last = groups[j]
        j += 1
    return out, j


def _blank(t: Token) -> bool:
    return t.shape == "b"


def trim_blanks(vals: list[Token], n: int) -> list[Token]:
    """Drop surplus blank cells: leading ones are the empty label columns of a
    merged row label (`| 三、… | | | 12 |`), trailing ones are `| 1 | 2 ||||`."""
    if len(vals) <= n:
        return vals
    while len(vals) > n and _blank(vals[0]):
        vals = vals[1:]
    while len(vals) > n and _blank(vals[-1]):
        vals = vals[:-1]
    return vals


def skip_continuation(s: Stream, i: int, hi: int, is_other) -> int:
    """Index of the last piece of a label wrapped inside its cell.

    ``（二）部分公开（区分处理的，只计这一情形，`` / ``不计其他情形）``: text pieces
    right after the label, in its row group, that are not labels themselves
    (`is_other(tok)` true), belong to the label; values start after them.
    """
    tokens, groups = s.tokens, s.groups
    j = i
    while j + 1 < hi:
        t = tokens[j + 1]
        if t.kind != "text" or groups[j + 1] != groups[i] or not is_other(t):
            break
        j += 1
    return j
