"""The tokens of a line, a cell or a grid row: pure, and memoised per script.

A piece of text becomes a *plan*: a tuple of Tokens and ``None`` (a new row
group starts). What a line, a cell or a table row makes depends on its text
alone (and on the script: traditional text goes through OpenCC), and most
of them recur across reports (labels, 0, blank cells), so each distinct one
is planned once (memo.Memo) and replayed by one ``list.extend``. Tokens are
immutable and shared between the plans and the reports that replay them.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import chain
from typing import Callable

from pipelines.parser import inline
from pipelines.parser.memo import Memo
from pipelines.parser.normalize import clean
from pipelines.parser.normalize import key as make_key
from pipelines.parser.sections import heading
from pipelines.parser.values import BLANK, CellVal, Parsed, parse_value, text_cell

# Page footers and page counters inserted by PDF/Markdown converters.
FOOTER = re.compile(r"^(?:[-—–－_~\s]+\d{1,3}[-—–－_~\s]+|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+|page\s*\d+(?:\s*of\s*\d+)?)$", re.I)
_MD_SEP = re.compile(r"^\s*:?-{3,}:?\s*$")
_MD_NOISE = re.compile(r"^#{1,6}\s*|\*\*|__|<br\s*/?>|</?(?:p|span|b|strong|div)[^>]*>", re.I)
_TRAILING_DIGITS = re.compile(r"^(?P<label>.*?[\u3400-\u9fff)\]”\"」》])(?P<digits>\d[\d ]*\d|\d)$")
_BLANK_ONLY = re.compile(r"^[\t\u3000\xa0]+$|^&nbsp;$")

PROSE_LEN = 120  # longer lines without '|' are prose: kept, not normalised (and not memoised)
RUN_TOGETHER_LEN = 60  # a line this long whose cells ran together makes the rest of the text crawler text


@dataclass(slots=True, eq=False)
class Token:
    """One cell or label as printed. ``raw`` is verbatim; ``text`` is clean.

    Made once per plan and shared by every report that replays it: never
    changed after it is made. A plain slotted class (the parsers read its
    fields many times per report, and a slot is read faster than a
    NamedTuple field; a frozen dataclass takes four times as long to make,
    which a report's new cells pay). Equal only to itself."""

    raw: str
    text: str
    kind: str            # "text" or "value"
    key: str | None      # normalize.key(text) of a label (labels are matched by key); None for values
    boxed: bool          # printed in an explicit cell (pipe row, grid table)
    cell: CellVal        # the token read as a cell (a label: a text cell, unless its text reads as a value)
    shape: str           # "t" text, "h" a text that is a section heading, "v" value, "b" blank value


Op = Token | None  # None: a new row group starts


class CrawlerPlan(tuple):
    """The plan of a line whose cells ran together, RUN_TOGETHER_LEN long or more: the rest
    of its document is crawler text (tokens.Tokenizer.add_run_together). Never memoised."""


def text_token(raw: str, text: str, boxed: bool) -> Token:
    p = parse_value(text)
    cell = text_cell(raw) if p.state == "text" else CellVal(p.value, p.state, raw, p.unit, p.note)
    key = make_key(text)
    return Token(raw, text, "text", key, boxed, cell, "h" if heading(text, key) else "t")


def value_token(raw: str, text: str, parsed: Parsed, boxed: bool) -> Token:
    return Token(raw, text, "value", None, boxed, CellVal(parsed.value, parsed.state, raw, parsed.unit, parsed.note),
                 "b" if parsed.state == "blank" else "v")


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


def _has_cjk(s: str) -> bool:
    return any("\u3400" <= ch <= "\u9fff" for ch in s)


class Planner:
    """The plans of one script (``traditional``: converted to simplified first)."""

    def __init__(self, traditional: bool) -> None:
        self.traditional = traditional
        self.texts: Memo[str, tuple[str, Parsed]] = Memo(self._read)   # cell text -> (clean text, value)
        self.cells: Memo[tuple[str, bool, bool], tuple[Op, ...]] = Memo(self._cell)  # (text, split_words, boxed)
        self.lines: Memo[str, tuple[Op, ...]] = Memo(self._line, keep=_keep_line)  # a line -> its plan
        self.rows: Memo[tuple[str | None, ...], tuple[Op, ...]] = Memo(self._row)  # grid row -> plan
        self.grid_cells: Memo[str, tuple[Op, ...]] = Memo(self._grid_cell)  # a grid row's cell -> its ops
        self.pipe_cells: Memo[str, tuple[Op, ...]] = Memo(self._pipe_cell)  # a pipe row's cell -> its ops
        # a piece of a space-separated row -> its value token, None for a word (both forms of boxed)
        self.pieces: dict[bool, Memo[str, Token | None]] = {b: Memo(_piece_token(b)) for b in (False, True)}
        self.crawler_plans = 0  # CrawlerPlans made so far (a document with one changes mode)

    # ---------------------------------------------------------------- lines
    def _line(self, line: str) -> tuple[Op, ...]:
        """The plan of one text line (a CrawlerPlan when the rest of its text is crawler text)."""
        body = line.strip()
        if body.isdigit() and body.isascii():  # one count per line: the commonest line
            value = int(body)
            return (Token(body, body, "value", None, False, CellVal(value, "number", body), "v"),)
        out: list[Op] = []
        if self.plan_line(out, line):
            self.crawler_plans += 1
            return CrawlerPlan(out)
        return tuple(out)

    def plan_line(self, out: list[Op], line: str, whole: bool = True) -> bool:
        """Append the ops of one line (True: it ran together, RUN_TOGETHER_LEN long); `whole`
        is False for a pseudo-line cut out of a run-together line (not looked at again)."""
        stripped = line.strip(" \r\n")
        if not stripped:
            out.append(None)
            return False
        if _BLANK_ONLY.match(stripped):
            out.append(value_token(line, "", BLANK, False))
            return False
        body = stripped.strip()
        piped = "|" in body or "｜" in body
        if whole and not piped and inline.run_together(body):
            self.plan_pieces(out, inline.split_line(body))
            return len(body) >= RUN_TOGETHER_LEN
        if len(body) > PROSE_LEN and not piped:
            if whole and inline.spaced_rows(body):  # a section printed as one paragraph
                self.plan_pieces(out, inline.split_line(body, stray=False))
            else:
                out.extend((None, text_token(body, body, False), None))
        elif FOOTER.match(body):
            out.append(None)
        elif piped:
            self._pipe_row(out, body.replace("｜", "|"))
        else:
            self.add_cell(out, body, True, False)
        return False

    def plan_pieces(self, out: list[Op], pieces: tuple[inline.Piece, ...]) -> None:
        """A run-together line, cut by inline.split_line: each heading, label
        or other words a row group of its own, a run of digits one value
        after its label (split later by the sums)."""
        for kind, text in pieces:
            if kind == "run":
                out.append(value_token(text, text, parse_value(text), False))
                continue
            out.append(None)
            if kind in ("text", "cells"):
                self.plan_line(out, text, whole=False)
            else:
                self.add_cell(out, text, False, False)
        out.append(None)

    def _pipe_row(self, out: list[Op], body: str) -> None:
        out.append(None)
        cells = body.split("|")
        if body.startswith("|"):
            cells = cells[1:]
        if body.endswith("|") and cells:
            cells = cells[:-1]
        if not cells or all(_MD_SEP.match(c) for c in cells if c.strip()) and any(c.strip() for c in cells):
            out.append(None)
            return
        # Trailing empty cells of a row (`| ||||`) carry nothing.
        while cells and not cells[-1].strip():
            cells.pop()
        out.extend(chain.from_iterable(map(self.pipe_cells.__getitem__, cells)))
        out.append(None)

    def _pipe_cell(self, c: str) -> tuple[Op, ...]:
        """The ops of one cell of a pipe row as printed (a blank, or its text)."""
        c = c.strip()
        if not c:
            return (value_token("", "", BLANK, True),)
        return self.cells[(c, True, True)]

    # ---------------------------------------------------------------- grid rows
    def _row(self, row: tuple[str | None, ...]) -> tuple[Op, ...]:
        """A grid row: a new row group, then its cells (merged positions, None, dropped).

        A row with counts is one report's own, but its cells recur (labels, 0, small
        counts): each cell's ops come from the grid cell memo, looked up in C."""
        out: list[Op] = [None]
        out.extend(chain.from_iterable(map(self.grid_cells.__getitem__, [c for c in row if c is not None])))
        return tuple(out)

    def _grid_cell(self, cell: str) -> tuple[Op, ...]:
        """The ops of one grid cell as printed (a blank, or its text as a boxed cell)."""
        if "\n" not in cell and "\r" not in cell:  # both forms below are cell.strip()
            flat = cell.strip()
            if not flat:
                return (value_token(cell, "", BLANK, True),)
            return self.cells[(flat, False, True)]
        flat = cell.replace("\r", "").replace("\n", "").strip()
        if not flat:
            return (value_token(cell, "", BLANK, True),)
        return self.cells[(flat if _has_cjk(flat) else cell.replace("\n", " ").strip(), False, True)]

    # ---------------------------------------------------------------- cells
    def add_cell(self, out: list[Op], raw: str, split_words: bool, boxed: bool) -> None:
        """Append one cell's ops; `split_words` splits a space-separated row."""
        out.extend(self.cells[(raw, split_words, boxed)])

    def _read(self, raw: str) -> tuple[str, Parsed]:
        if raw.isdigit() and raw.isascii():  # a plain count
            return raw, Parsed(int(raw), "number")
        text = clean(raw, self.traditional).strip()
        return text, parse_value(text)

    def _cell(self, k: tuple[str, bool, bool]) -> tuple[Op, ...]:
        raw, split_words, boxed = k
        out: list[Op] = []
        text, parsed = self.texts[raw]
        if parsed.state != "text":
            out.append(value_token(raw, text, parsed, boxed))
            return tuple(out)
        text = _MD_NOISE.sub("", text).strip() if ("*" in text or "<" in text or "#" in text) else text
        if not text:
            return ()
        if split_words and (" " in text or "\t" in text):
            pieces = _split_pieces(text)
            if len(pieces) > 1:  # a row printed on one line is its own row group
                out.append(None)
                self._add_pieces(out, pieces, boxed)
                out.append(None)
                return tuple(out)
        m = _TRAILING_DIGITS.match(text) if text[-1:].isdigit() else None
        if m:
            if split_words:
                out.append(None)
            label = m.group("label").strip()
            out.append(text_token(label, label, boxed))
            digits = m.group("digits")
            out.append(value_token(digits, digits, parse_value(digits), boxed))
            if split_words:
                out.append(None)
            return tuple(out)
        out.append(text_token(raw.strip(), text, boxed))
        return tuple(out)

    def _add_pieces(self, out: list[Op], pieces: list[str], boxed: bool) -> None:
        """Consecutive word pieces join into one label; numeric pieces are values."""
        words: list[str] = []
        values = self.pieces[boxed]
        for p in pieces:
            tok = values[p]
            if tok is None:
                words.append(p)
                continue
            if words:
                self.add_cell(out, "".join(words), False, boxed)
                words = []
            out.append(tok)
        if words:
            self.add_cell(out, "".join(words), False, boxed)


def _piece_token(boxed: bool) -> Callable[[str], Token | None]:
    """What a piece of a space-separated row is: a value token, or None for words (and blanks)."""
    def token(p: str) -> Token | None:
        parsed = parse_value(p)
        return None if parsed.state == "text" or parsed.state == "blank" else value_token(p, p, parsed, boxed)
    return token


def _keep_line(line: str, plan: tuple[Op, ...]) -> bool:
    """Memoise the plans of lines that recur: not prose, not a crawler line."""
    return len(line) <= PROSE_LEN and type(plan) is tuple


#: One planner per script, shared by every document.
PLANNERS = {False: Planner(False), True: Planner(True)}
