"""Collect the value cells printed after a row label."""
from __future__ import annotations

from pipelines.parser.tokens import Token


def collect_values(tokens: list[Token], i: int, hi: int, is_label, n: int | None = None) -> tuple[list[Token], int]:
    """Value tokens following the label at `i`, and the index after them.

    Values may continue into following row groups (labels and values printed
    apart). A short text token in the label's own row group that is not
    itself a label (`is_label(tok)` false) is a text cell where a number
    belongs, when the row still lacks cells (fewer than `n`) and the token
    sits in an explicit cell (pipe row, grid table) or next to a value.
    """
    out: list[Token] = []
    group = tokens[i].group
    j = i + 1
    while j < hi:
        t = tokens[j]
        if t.kind == "value":
            if n is not None and len(out) >= n and t.group != out[-1].group:
                break  # the row is complete; the next row group is not ours
            out.append(t)
        elif (t.group == group and (n is None or len(out) < n) and (not out or out[-1].group == group)
              and len(t.text) <= 24 and len(t.key) <= 8 and not is_label(t)
              and (t.boxed or (out and out[-1].kind == "value") or (j + 1 < hi and tokens[j + 1].kind == "value"))):
            out.append(t)
        else:
            break
        j += 1
    return out, j


def _blank(t: Token) -> bool:
    return t.kind == "value" and t.parsed is not None and t.parsed.state == "blank"


def trim_blanks(vals: list[Token], n: int) -> list[Token]:
    """Drop surplus blank cells: leading ones are the empty label columns of a
    merged row label (`| 三、… | | | 12 |`), trailing ones are `| 1 | 2 ||||`."""
    while len(vals) > n and _blank(vals[0]):
        vals = vals[1:]
    while len(vals) > n and vals[-1].kind == "value" and vals[-1].parsed is not None and vals[-1].parsed.state == "blank":
        vals = vals[:-1]
    return vals


def skip_continuation(tokens: list[Token], i: int, hi: int, is_other) -> int:
    """Index of the last piece of a label wrapped inside its cell.

    ``（二）部分公开（区分处理的，只计这一情形，`` / ``不计其他情形）``: text pieces
    right after the label, in its row group, that are not labels themselves
    (`is_other(tok)` true), belong to the label; values start after them.
    """
    j = i
    while j + 1 < hi:
        t = tokens[j + 1]
        if t.kind != "text" or t.group != tokens[i].group or not is_other(t):
            break
        j += 1
    return j
