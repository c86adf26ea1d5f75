"""Blocks -> a flat token stream with row groups.

Every rendering (one cell per line, pipe rows, space-separated rows, grid
tables from HTML/PDF/Word) is reduced to the same thing: a list of tokens,
each either ``text`` (a label or other words) or ``value`` (number, blank,
dash), tagged with the row group it was printed in (a line, a pipe row, a
table row, or a run of lines between blank lines). The section parsers read
labels and the values that follow them; they never see the format.
"""
from __future__ import annotations

import re

from pipelines.parser import inline
from pipelines.parser.normalize import clean
from pipelines.parser.normalize import key as make_key
from pipelines.parser.values import BLANK, CellVal, Parsed, parse_value
from pipelines.readers.base import Block, Table

# Page footers and page counters inserted by PDF/Markdown converters.
_FOOTER = re.compile(r"^(?:[-—–－_~\s]+\d{1,3}[-—–－_~\s]+|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|page\s*\d+(?:\s*of\s*\d+)?)$", re.I)
_MD_SEP = re.compile(r"^\s*:?-{3,}:?\s*$")
_MD_NOISE = re.compile(r"^#{1,6}\s*|\*\*|__|<br\s*/?>|</?(?:p|span|b|strong|div)[^>]*>", re.I)
_TRAILING_DIGITS = re.compile(r"^(?P<label>.*?[\u3400-\u9fff)\]”\"」》])(?P<digits>\d[\d ]*\d|\d)$")
_BLANK_ONLY = re.compile(r"^[\t\u3000\xa0]+$|^&nbsp;$")


class Token:
    """One cell or label as printed. ``raw`` is verbatim; ``text`` is clean;
    ``key`` is normalize.key(text) of a label, computed once with the (cached)
    plan: a plain slot, since labels are matched by key many times per report.

    Tokens are made only by Tokenizer.tokens(), from plan ops (raw, text,
    kind, parsed, boxed, key, cell) and a row group; there are ~300 per report,
    so it fills the slots directly instead of calling an __init__."""

    __slots__ = ("raw", "text", "kind", "group", "parsed", "boxed", "key", "cell")
    raw: str
    text: str
    kind: str                 # "text" or "value"
    group: int                # row group: a line, pipe row, table row or run of lines
    parsed: Parsed | None
    boxed: bool               # printed in an explicit cell (pipe row, grid table)
    key: str | None           # None for values: only labels are matched by key
    cell: CellVal | None      # a value as a cell; None for text

    def __repr__(self) -> str:
        return (f"Token(raw={self.raw!r}, text={self.text!r}, kind={self.kind!r}, group={self.group}, "
                f"parsed={self.parsed!r}, boxed={self.boxed})")


def _split_pieces(line: str) -> list[str]:
    """Split on whitespace outside brackets (a note like (其中修订 16 件) stays whole)."""
    if "(" not in line and "（" not in line:
        return line.split()
    out: list[str] = []
    buf: list[str] = []
    depth = 0
    for ch in line:
        if ch in "(（":
            depth += 1
        elif ch in ")）" and depth:
            depth -= 1
        if depth == 0 and ch.isspace():
            if buf:
                out.append("".join(buf))
                buf = []
        else:
            buf.append(ch)
    if buf:
        out.append("".join(buf))
    return out


# Cell texts recur across reports (labels, small numbers): cache their clean
# form and parsed value per script. Bounded; cleared when full.
_CACHES: dict[bool, dict[str, tuple[str, Parsed]]] = {False: {}, True: {}}
_CACHE_MAX = 50_000
PROSE_LEN = 120  # longer lines without '|' are prose: kept, not normalised
RUN_TOGETHER_LEN = 60  # a line this long whose cells ran together makes the rest of the text crawler text


Op = tuple | None  # (raw, text, kind, parsed, boxed, key, cell) or None for "new row group"
_LINE_CACHES: dict[bool, dict[str, tuple[Op, ...]]] = {False: {}, True: {}}
# Plans of single cells, keyed by (text, split_words, boxed): pipe rows and
# grid tables are new lines in every report, but their cells recur.
_CELL_CACHES: dict[bool, dict[tuple[str, bool, bool], tuple[Op, ...]]] = {False: {}, True: {}}
# Plans of grid table rows, keyed by the row's cells.
_ROW_CACHES: dict[bool, dict[tuple[str | None, ...], tuple[Op, ...]]] = {False: {}, True: {}}


class Tokenizer:
    """Builds the token stream; ``traditional`` switches on OpenCC.

    Each line or table cell becomes a short plan of ops (tokens and row-group
    breaks). Plans of lines are pure functions of the line and are cached,
    since most lines recur across reports (labels, 0, blank cells).
    """

    def __init__(self, traditional: bool = False) -> None:
        self.traditional = traditional
        self.ops: list[Op] = []
        self.boxed = False
        self.together = False  # a line whose cells ran together was met: crawler text from here on
        self._cache = _CACHES[traditional]
        self._lines = _LINE_CACHES[traditional]
        self._cells = _CELL_CACHES[traditional]
        self._rows = _ROW_CACHES[traditional]
        for cache in (self._cache, self._cells, self._lines, self._rows):
            if len(cache) > _CACHE_MAX:
                cache.clear()

    def _new_group(self) -> None:
        self.ops.append(None)

    def _emit(self, raw: str, text: str, kind: str, parsed: Parsed | None = None) -> None:
        if kind == "text":
            self.ops.append((raw, text, kind, parsed, self.boxed, make_key(text), None))
        else:  # values always come parsed
            self.ops.append((raw, text, kind, parsed, self.boxed, None,
                             CellVal(parsed.value, parsed.state, raw, parsed.unit, parsed.note)))

    def _add(self, raw: str, split_words: bool) -> None:
        """Add one cell's text; `split_words` splits a space-separated row.

        The cell's plan is a pure function of (raw, split_words, boxed): cached."""
        k = (raw, split_words, self.boxed)
        plan = self._cells.get(k)
        if plan is None:
            saved, self.ops = self.ops, []
            self._plan_cell(raw, split_words)
            plan = self._cells[k] = tuple(self.ops)
            self.ops = saved
        self.ops.extend(plan)

    def _plan_cell(self, raw: str, split_words: bool) -> None:
        hit = self._cache.get(raw)
        if hit is None:
            if raw.isdigit() and raw.isascii():  # a plain count
                hit = (raw, Parsed(int(raw), "number"))
            else:
                text = clean(raw, self.traditional).strip()
                hit = (text, parse_value(text))
            self._cache[raw] = hit
        text, parsed = hit
        if parsed.state != "text":
            self._emit(raw, text, "value", parsed)
            return
        text = _MD_NOISE.sub("", text).strip() if ("*" in text or "<" in text or "#" in text) else text
        if not text:
            return
        if split_words and (" " in text or "\t" in text):
            pieces = _split_pieces(text)
            if len(pieces) > 1:
                # a row printed on one line is its own row group
                self._new_group()
                self._add_pieces(pieces)
                self._new_group()
                return
        m = _TRAILING_DIGITS.match(text) if text[-1:].isdigit() else None
        if m:
            if split_words:
                self._new_group()
            label = m.group("label").strip()
            self._emit(label, label, "text")
            digits = m.group("digits")
            self._emit(digits, digits, "value", parse_value(digits))
            if split_words:
                self._new_group()
            return
        self._emit(raw.strip(), text, "text")

    def _add_pieces(self, pieces: list[str]) -> None:
        """Consecutive word pieces join into one label; numeric pieces are values."""
        words: list[str] = []
        for p in pieces:
            parsed = parse_value(p)
            if parsed.state == "text" or parsed.state == "blank":
                words.append(p)
                continue
            if words:
                self._add("".join(words), False)
                words = []
            self._emit(p, p, "value", parsed)
        if words:
            self._add("".join(words), False)

    def add_line(self, line: str) -> None:
        """One line of a text document (plan cached per distinct line)."""
        body = line.strip()
        if body.isdigit() and body.isascii():  # fast path: one count per line
            value = int(body)
            op = (body, body, "value", Parsed(value, "number"), False, None, CellVal(value, "number", body))
            self.ops.append(op)
            if len(line) <= PROSE_LEN:
                self._lines[line] = (op,)
            return
        plan = self._lines.get(line)
        if plan is None:
            saved, self.ops = self.ops, []
            together = self.together
            self._plan_line(line)
            plan = tuple(self.ops)
            self.ops = saved
            if len(line) <= PROSE_LEN and self.together == together:  # (a plan that switches mode is not reused)
                self._lines[line] = plan
        self.ops.extend(plan)

    def add_lines(self, lines: list[str]) -> None:
        """add_line for each line; a line seen before costs one dict lookup."""
        if self.together:
            self.add_run_together(lines)
            return
        plans = self._lines
        ops = self.ops  # add_line restores this same list after planning
        rest = iter(lines)
        for line in rest:
            plan = plans.get(line)
            if plan is None:
                self.add_line(line)
                if self.together:
                    self.add_run_together(list(rest))
                    return
            else:
                ops.extend(plan)

    def _plan_line(self, line: str, whole: bool = True) -> None:
        """The ops of one line; `whole` is False for a pseudo-line cut out of a
        run-together line (which is not looked at for run-together rows again)."""
        stripped = line.strip(" \r\n")
        if not stripped:
            self._new_group()
            return
        if _BLANK_ONLY.match(stripped):
            self._emit(line, "", "value", BLANK)
            return
        body = stripped.strip()
        if whole and "|" not in body and "｜" not in body and inline.run_together(body):
            self.together = self.together or len(body) >= RUN_TOGETHER_LEN
            self._plan_pieces(inline.split_line(body))
            return
        if len(body) > PROSE_LEN and "|" not in body and "｜" not in body:
            if whole and inline.spaced_rows(body):  # a section printed as one paragraph
                self._plan_pieces(inline.split_line(body, stray=False))
                return
            self._new_group()
            self._emit(body, body, "text")
            self._new_group()
            return
        if _FOOTER.match(body):
            self._new_group()
            return
        if "|" in body or "｜" in body:
            self._add_pipe_row(body.replace("｜", "|"))
            return
        self._add(body, True)

    def add_run_together(self, lines: list[str]) -> None:
        """A document whose cells ran together (crawler text): every line is
        cut by inline.split_line, short ones too, so that a space inside a run
        of digits is taken as stray in every row, not as a cell boundary in
        the rows a line break left alone."""
        for line in lines:
            body = line.strip()
            if not body or _FOOTER.match(body):
                self._new_group()
            elif "|" in body or "｜" in body:
                self.add_line(line)
            else:
                self._plan_pieces(inline.split_line(body))

    def _plan_pieces(self, pieces: tuple[inline.Piece, ...]) -> None:
        """A run-together line, cut by inline.split_line: each heading, label
        or other words a row group of its own, a run of digits one value
        after its label (split later by the sums)."""
        for kind, text in pieces:
            if kind == "run":
                self._emit(text, text, "value", parse_value(text))
                continue
            self._new_group()
            if kind in ("text", "cells"):
                self._plan_line(text, whole=False)
            else:
                self._add(text, False)
        self._new_group()

    def _add_pipe_row(self, body: str) -> None:
        self.boxed = True
        try:
            self._pipe_cells(body)
        finally:
            self.boxed = False

    def _pipe_cells(self, body: str) -> None:
        self._new_group()
        cells = body.split("|")
        if body.startswith("|"):
            cells = cells[1:]
        if body.endswith("|") and cells:
            cells = cells[:-1]
        if not cells or all(_MD_SEP.match(c) for c in cells if c.strip()) and any(c.strip() for c in cells):
            self._new_group()
            return
        # Trailing empty cells of a row (`| ||||`) carry nothing.
        while cells and not cells[-1].strip():
            cells.pop()
        for c in cells:
            c = c.strip()
            if not c:
                self._emit("", "", "value", BLANK)
            else:
                self._add(c, True)
        self._new_group()

    def add_table(self, table: Table) -> None:
        """A grid table: one group per row; merged (None) positions dropped.

        A row's plan is a pure function of its cells and is cached: most rows
        recur across reports (labels with 0 or blank cells)."""
        rows = self._rows
        ops = self.ops  # _plan_row restores this same list
        for row in table.rows:
            k = tuple(row)
            plan = rows.get(k)
            if plan is None:
                plan = rows[k] = self._plan_row(row)
            ops.extend(plan)
        ops.append(None)

    def _plan_row(self, row: list[str | None]) -> tuple[Op, ...]:
        """The ops of one grid row: a new row group, then its cells."""
        saved, self.ops = self.ops, []
        self.boxed = True
        self._new_group()
        for cell in row:
            if cell is None:
                continue
            if "\n" not in cell and "\r" not in cell:  # both forms below are cell.strip()
                flat = cell.strip()
                if not flat:
                    self._emit(cell, "", "value", BLANK)
                else:
                    self._add(flat, False)
                continue
            flat = cell.replace("\r", "").replace("\n", "").strip()
            if not flat:
                self._emit(cell, "", "value", BLANK)
            else:
                self._add(flat if _has_cjk(flat) else cell.replace("\n", " ").strip(), False)
        self.boxed = False
        plan = tuple(self.ops)
        self.ops = saved
        return plan

    def tokens(self) -> list[Token]:
        """Execute the ops: number the row groups (empty groups collapse) and
        drop label-column blanks (see tokenize)."""
        out: list[Token] = []
        append = out.append
        pending: list[Token] = []
        group = 0
        used = False
        new = object.__new__
        for op in self.ops:
            if op is None:
                if used:
                    group += 1
                    used = False
                continue
            used = True
            t = new(Token)
            t.raw, t.text, t.kind, t.parsed, t.boxed, t.key, t.cell = op
            t.group = group
            if op[3] is BLANK and op[2] == "value":
                if pending and pending[-1].group != group:
                    out.extend(pending)
                    pending = []
                pending.append(t)
                continue
            if pending:
                if op[2] == "text" and pending[-1].group == group:
                    # label-column blanks: drop those in this row before the label
                    out.extend(p for p in pending if p.group != group)
                else:
                    out.extend(pending)
                pending = []
            append(t)
        out.extend(pending)
        return out


def _has_cjk(s: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in s)


_ONLY_STR = {str}


def plain_lines(blocks: list[Block]) -> bool:
    """Whether the blocks are all one-line strings (a plain text document; checked in C)."""
    return set(map(type, blocks)) <= _ONLY_STR and "\n" not in "".join(blocks)


def tokenize(blocks: list[Block], traditional: bool = False) -> list[Token]:
    """Flatten a document's blocks into tokens, dropping label-column blanks.

    A blank cell that precedes a label within the same row group is the
    empty label column of a merged row label, not a value, and is dropped.
    From the first line of RUN_TOGETHER_LEN characters or more whose cells ran
    together, a text is crawler text: every line after it is cut by
    inline.split_line (Tokenizer.add_run_together).
    """
    tk = Tokenizer(traditional)
    if blocks and plain_lines(blocks):  # a plain text document: the blocks are its lines
        tk.add_lines(blocks)
        return tk.tokens()
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
    return tk.tokens()
