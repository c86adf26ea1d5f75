"""Blocks -> a flat token stream with row groups.

Every rendering (one cell per line, pipe rows, space-separated rows, grid
tables from HTML/PDF/Word) is reduced to the same thing: a list of tokens,
each either ``text`` (a label or other words) or ``value`` (number, blank,
dash), with the row group it was printed in (a line, a pipe row, a table
row, or a run of lines between blank lines). The section parsers read
labels and the values that follow them; they never see the format.

The tokens of each line, cell and table row come from plans.Planner (one
memoised plan per distinct piece); a document's stream is its plans
replayed, then numbered into row groups by C-level iterators.
"""
from __future__ import annotations

import re
from itertools import chain
from operator import attrgetter
from typing import NamedTuple

from pipelines.parser import inline
from pipelines.parser.plans import FOOTER, PLANNERS, PROSE_LEN, RUN_TOGETHER_LEN, CrawlerPlan, Op, Token
from pipelines.readers.base import Block, Table

__all__ = ["PROSE_LEN", "RUN_TOGETHER_LEN", "Stream", "Token", "plain_lines", "tokenize"]


class Stream(NamedTuple):
    """A document's tokens, with per token its row group (two tokens were printed in the same
    line, pipe row, table row or run of lines exactly when their groups are equal) and its
    shape ("t" text, "h" a section heading, "v" value, "b" blank value: one character per
    token, for scans in C)."""

    tokens: list[Token]
    groups: list[int]
    shape: str


_SHAPE = attrgetter("shape")
# Blank cells right before a label: the label's own group decides whether they are its
# empty label column (see tokenize).
_BEFORE_LABEL = re.compile("b+[th]")


class Tokenizer:
    """Builds one document's ops (its plans replayed); ``traditional`` switches on OpenCC."""

    def __init__(self, traditional: bool = False) -> None:
        self.planner = PLANNERS[traditional]
        self.ops: list[Op] = []
        self.together = False  # a line whose cells ran together was met: crawler text from here on

    def add_lines(self, lines: list[str]) -> None:
        """Text lines: their plans are looked up together (in C; a line not seen before is
        planned by the memo); a CrawlerPlan makes the rest crawler text."""
        if self.together:
            self.add_run_together(lines)
            return
        planner = self.planner
        crawler_plans = planner.crawler_plans
        plans = list(map(planner.lines.__getitem__, lines))
        if planner.crawler_plans == crawler_plans:  # (the usual case: no crawler line)
            self.ops.extend(chain.from_iterable(plans))
            return
        k = next(k for k, plan in enumerate(plans) if type(plan) is CrawlerPlan)
        self.ops.extend(chain.from_iterable(plans[:k + 1]))
        self.together = True
        self.add_run_together(lines[k + 1:])

    def add_run_together(self, lines: list[str]) -> None:
        """A document whose cells ran together (crawler text): every line is
        cut by inline.split_line, short ones too, so that a space inside a run
        of digits is taken as stray in every row, not as a cell boundary in
        the rows a line break left alone."""
        planner = self.planner
        ops = self.ops
        for line in lines:
            body = line.strip()
            if not body or FOOTER.match(body):
                ops.append(None)
            elif "|" in body or "｜" in body:
                ops.extend(planner.lines[line])
            else:
                planner.plan_pieces(ops, inline.split_line(body))

    def add_table(self, table: Table) -> None:
        """A grid table: one group per row (each row's plan memoised)."""
        rows = self.planner.rows
        ops = self.ops
        for row in table.rows:
            ops.extend(rows[tuple(row)])
        ops.append(None)

    def stream(self) -> Stream:
        """The tokens with their row groups (the count of group breaks before each: empty
        groups do not matter, only equality does), label-column blanks dropped."""
        ops = self.ops
        tokens = list(filter(None, ops))
        groups: list[int] = []
        add = groups.append
        g = 0
        for op in ops:  # (a plain loop: faster than accumulate/compress over map(is_))
            if op is None:
                g += 1
            else:
                add(g)
        shape = "".join(map(_SHAPE, tokens))
        drops: list[tuple[int, int]] = []  # label-column blanks: [start, label) before a label of their group
        for m in _BEFORE_LABEL.finditer(shape):
            label = m.end() - 1
            g = groups[label]
            if groups[label - 1] != g:
                continue
            start = label - 1
            while start > m.start() and groups[start - 1] == g:
                start -= 1
            drops.append((start, label))
        if drops:
            for start, label in reversed(drops):
                del tokens[start:label], groups[start:label]
            ends = [0, *(x for d in drops for x in d), len(shape)]
            shape = "".join([shape[a:b] for a, b in zip(ends[::2], ends[1::2])])
        return Stream(tokens, groups, shape)


def plain_lines(blocks: list[Block]) -> bool:
    """Whether the blocks are all one-line strings (a plain text document; checked in C:
    joining fails on a table)."""
    try:
        return "\n" not in "".join(blocks)  # type: ignore[arg-type]
    except TypeError:
        return False


def tokenize(blocks: list[Block], traditional: bool = False, plain: bool | None = None) -> Stream:
    """Flatten a document's blocks into a token stream, dropping label-column blanks.

    A blank cell that precedes a label within the same row group is the
    empty label column of a merged row label, not a value, and is dropped
    (of several blanks in a row, those of the label's group).
    From the first line of RUN_TOGETHER_LEN characters or more whose cells ran
    together, a text is crawler text: every line after it is cut by
    inline.split_line (Tokenizer.add_run_together). `plain`: whether the blocks are
    all one-line strings, if the caller knows.
    """
    tk = Tokenizer(traditional)
    if plain if plain is not None else blocks and plain_lines(blocks):  # a plain text document: its lines
        tk.add_lines(blocks)  # type: ignore[arg-type]
        return tk.stream()
    run: list[str] = []  # consecutive text lines, added in one call
    for b in blocks:
        if isinstance(b, Table):
            if run:
                tk.add_lines(run)
                run = []
            tk.add_table(b)
        elif "\n" in b:
            run.extend(b.split("\n"))
        else:
            run.append(b)
    if run:
        tk.add_lines(run)
    return tk.stream()
