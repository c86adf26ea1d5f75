"""Crawler / copy-paste text: a whole report run together on one or a few lines.

Archives of government sites (and people copying a page) save a report as
plain text in which every paragraph, heading and table cell follows the
previous one without a break:
``…三、收到和处理政府信息公开申请情况（本列数据…）申请人情况自然人…一、本年新收政府信息公开申请数量640020470二、上年结转…``.
``split_line`` cuts such a line back into pseudo-lines the tokenizer reads
like any other text: before every template label (and around every section
heading), and between a row label and the run of digits after it. One
compiled matcher of the template's own labels finds the cuts; a label's
numbering (一、 （一） 1.) is read backwards from where its words start, so
that ``…00000002.其他法律…`` ends the run before the 2. The runs themselves
are split later by the section parsers, by the sums.

``run_together`` says which lines are treated so: those that carry template
row labels directly followed by runs of digits (two of them, or one next to
a section heading or table header, or one in a line long enough to be taken
for prose otherwise), and section headings run together with their table's
labels. Prose, and a single row run together in an ordinary text (the
``runs`` rendering), are left alone.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Iterator, NamedTuple

from pipelines import template as T

Piece = tuple[str, str]  # (kind, text): "head" a section heading, "label", "run" digits, "cells" apart by spaces, "text" other words

#: Lines longer than this are prose unless cells ran together in them (tokens.PROSE_LEN).
LONG = 120
_CN = "一二三四五六七八九十"
# A label's numbering just before its words: 一、 （一） 1. (a heading: 二、 or 2、 only).
_ROW_NUM = re.compile(rf"(?:[{_CN}]{{1,2}}[、.．]|[(（][{_CN}]{{1,2}}[)）]|\d[.、．])\s*$")
_HEAD_NUM = re.compile(rf"(?:[{_CN}]{{1,2}}|\d)\s*[、.．]\s*$")
# Bodies too short to be a row label unless numbered (3.其他).
_NUMBERED_ONLY = ("其他",)
# Page furniture of a saved web page: each starts a new pseudo-line of words.
_CHROME = ("当前位置", "您的位置", "来源：", "来源:", "发布时间", "发布日期", "时间：", "时间:", "浏览次数", "点击数",
           "点击率", "字号", "【", "分享到", "附件下载", "附件：", "附件:", "打印本页", "关闭窗口")
# Numbering glued to the end of a run of digits (…00000002.其他法律…): cut before it.
_GLUED = re.compile(r"(?<=\d)\d[.、．](?=[\u3400-\u9fff])")
_SPACE_OR_STOP = re.compile(r"\s+|(?<=[。；;！!？?])")
_RUN_TAIL = re.compile(r"[-−－]?\d[\d\s.．\-−－]*$")
_BRACKETED = re.compile(r"\([^()]*\)|（[^（）]*）")
_ASCII = str.maketrans("０１２３４５６７８９．－−", "0123456789.--")


_LEADING_NUM = re.compile(rf"^(?:[{_CN}]+、|（[{_CN}]+）|\d+\.)")


def _body(label: str) -> str:
    """A printed label without its numbering, bracketed asides and quotes."""
    return re.sub(r"[“”\"]", "", _BRACKETED.sub("", _LEADING_NUM.sub("", label)))


class _Matchers(NamedTuple):
    words: re.Pattern[str]      # every label, heading and chrome word, longest first (a plain alternation: fast)
    kinds: dict[str, str]       # word -> "head" | "label" | "numbered" | "chrome"
    context: re.Pattern[str]    # a section heading or a table header label: a row run together in a table
    ends: tuple[str, ...]       # row labels, as the text just before a run of digits ends with them
    last: frozenset[str]        # their last characters (a quick test before endswith)
    maybe: re.Pattern[str]      # what a run-together line must have somewhere: a digit after such a
                                # character, or a chapter number (a quick test before the others)
    ending: re.Pattern[str]     # its first half (on a long line of CJK text, two searches are faster)
    apart: re.Pattern[str]      # the same for rows with cells apart: such a character, spaces, a digit


@lru_cache(maxsize=1)
def _matchers() -> _Matchers:
    """The matchers, built from the template's labels once."""
    from pipelines.parser.sections import HEADINGS

    kinds: dict[str, str] = {}
    rows = {_body(i.label) for i in T.REQUEST_ITEMS} | {_body(i.group) for i in T.REQUEST_ITEMS if i.group}
    items = {it.label for its in T.PROACTIVE.values() for it in its}
    labels = rows | items | {k for its in T.PROACTIVE.values() for it in its for k in it.keys}
    labels |= {"第二十条", "信息内容", "行政诉讼"} | {p.label.split("·")[-1] for p in T.PROCEEDINGS}
    labels |= {o.label for o in T.OUTCOMES}
    for w in labels:
        kinds[w] = "numbered" if w in _NUMBERED_ONLY else "label"
    for w in _CHROME:
        kinds[w] = "chrome"
    phrases = {p for ps in HEADINGS.values() for p in ps} | {"总体情况"}
    for p in phrases:  # headings as printed: 行政复议、行政诉讼 (keys drop the 、)
        kinds[p] = kinds[p.replace("复议行政", "复议、行政")] = "head"
    words = re.compile("|".join(map(re.escape, sorted(kinds, key=len, reverse=True))))
    header = {o.label for o in T.OUTCOMES if o.code != "total"} | {a.label for a in T.APPLICANTS if a.code not in ("other_org", "total")}
    header |= {m.label for its in T.PROACTIVE.values() for it in its for m in it.measures} | {"申请人情况", "信息内容", "第二十条"}
    context = re.compile("|".join(map(re.escape, sorted(header | phrases, key=len, reverse=True))))
    # labels as printed: with quotes (危及“三安全一稳定”) or an aside (部分公开（区分处理的…）), full- or half-width
    printed = {_LEADING_NUM.sub("", i.label) for i in T.REQUEST_ITEMS}
    printed |= {p.replace("“", '"').replace("”", '"') for p in printed}
    printed |= {p.replace("（", "(").replace("）", ")").replace("，", ",") for p in printed}
    ends = tuple(sorted({b for b in rows | items | printed | {"总计"} if len(b) >= 2}))
    last = frozenset(e[-1] for e in ends)
    ending = f"[{''.join(map(re.escape, sorted(last)))}]"
    maybe = re.compile(f"{ending}[{_D}]|{_NUMBERED_HEAD.pattern}")
    return _Matchers(words, kinds, context, ends, last, maybe, re.compile(f"{ending}[{_D}]"),
                     re.compile(rf"{ending}\s+[{_D}]"))


def _cuts(line: str, lo: int = 0) -> list[tuple[int, int, str]]:
    """(start, end, kind) of every cut in line[lo:]: a label or heading with its numbering, or chrome."""
    mt = _matchers()
    out: list[tuple[int, int, str]] = []
    for m in mt.words.finditer(line, lo):
        kind = mt.kinds[m.group()]
        start = m.start()
        before = line[max(lo, start - 6):start]
        if kind == "chrome":
            out.append((start, m.end(), "chrome"))
            continue
        num = (_HEAD_NUM if kind == "head" else _ROW_NUM).search(before)
        if num is None and kind in ("head", "numbered"):
            continue  # an unnumbered heading is words (…（一）主动公开政府信息情况…), 其他 alone too
        if num is not None:
            start -= len(before) - num.start()
        out.append((start, m.end(), kind))
    for m in _GLUED.finditer(line, lo):
        out.append((m.start(), m.start(), "label"))
    out.sort()
    return out


# Digits glued to a label (one digit before 、 or . is the next label's numbering: 1.属于…),
# and two more groups of digits after them: a row printed with its cells apart by spaces.
# Digits are spelled out as a class: a plain class is scanned fast, \d (any Unicode
# digit) is slow on CJK text. The text before a run must end with a row label (_ends_label).
_D = "0-9０-９"
_RUN = re.compile(rf"[{_D}]+")
_APART = re.compile(rf"\s+(?=[{_D}])")
_NUMBERING = frozenset(".、．")


def _numbers(line: str, apart: bool = False) -> Iterator[tuple[int, int]]:
    """(start, end) of each number glued to what comes before it (`apart`: after spaces,
    the start is that of the spaces), a decimal amount whole; a single digit before 、 or .
    that no digit follows is left out (the numbering of the next label: 1.属于…)."""
    for m in (_APART if apart else _RUN).finditer(line):
        at = m.end() if apart else m.start()
        end = _RUN.match(line, at).end()  # type: ignore[union-attr]
        if end - at == 1 and line[end:end + 1] in _NUMBERING and not line[end + 1:end + 2].isdigit():
            continue
        if line[end:end + 1] in ".．" and line[end + 1:end + 2].isdigit():
            end = _RUN.match(line, end + 1).end()  # type: ignore[union-attr]
        yield m.start(), end


_SPACED = re.compile(rf"(?:\s+-?[{_D}][{_D}.]*){{2}}")
_DIGIT_START = re.compile(rf"\s*[{_D}]{{2,}}")
# A chapter number before words (二、主动…): a section heading may be in the line.
_NUMBERED_HEAD = re.compile(rf"(?:[{_CN}]|[{_D}])\s*[、.．]\s*[\u3400-\u9fff]")


def _ends_label(line: str, at: int, mt: _Matchers) -> bool:
    """Whether line[:at] ends with a row label (its last character is looked at first)."""
    return at > 0 and line[at - 1] in mt.last and line.endswith(mt.ends, 0, at)


def run_together(line: str) -> bool:
    """Whether a report's cells ran together in this line (see the module doc)."""
    mt = _matchers()
    if len(line) < 6 or not (mt.maybe.search(line) if len(line) <= LONG
                             else mt.ending.search(line) or _NUMBERED_HEAD.search(line)):
        return False  # most lines of an ordinary text
    return _long_run_together(line) if len(line) > LONG else _run_together(line)


@lru_cache(maxsize=64)  # the tokenizer and the title search ask about the same long lines
def _long_run_together(line: str) -> bool:
    return _run_together(line)


def _run_together(line: str) -> bool:
    mt = _matchers()
    runs = spaced = 0
    for at, end in _numbers(line):
        if _ends_label(line, at, mt):
            if _SPACED.match(line, end):
                spaced += 1  # alone, an ordinary row with its cells apart; beside a run, rows ran together
            else:
                runs += 1
                if any(kind != "chrome" and (start >= end or (start and line[start - 1].isdigit()))
                       for start, _, kind in _cuts(line)):
                    return True  # another label after the run (行政处罚92行政强制407), or glued to digits before it
            if runs and (runs + spaced >= 2 or len(line) > LONG or mt.context.search(line)):
                return True
    if not _NUMBERED_HEAD.search(line):
        return False  # the checks below are about a section heading in the line
    if len(line) > LONG:
        heads = [c for c in _cuts(line, 1) if c[2] == "head"]
        if not heads:
            return False
        # the numbers of a table on the line of the next section's heading, or
        # prose that runs into a section heading and its table's first labels
        tail = heads[-1][1]
        return (_DIGIT_START.match(line) is not None
                or ("。" not in line[tail:] and any(c[2] == "label" for c in _cuts(line, tail))))
    # a section heading run together with its table's header (the numbers on the next line)
    cuts = _cuts(line)
    return (bool(cuts) and cuts[0][2] == "head" and not line[:cuts[0][0]].strip() and "。" not in line
            and any(c[2] == "label" for c in cuts[1:]))


def spaced_rows(line: str) -> bool:
    """Whether a line too long for a table row holds several rows with their
    cells apart by spaces (规章 595 771 590 行政规范性文件 221 776 202 …): a section
    printed as one paragraph, not prose."""
    mt = _matchers()
    if not mt.apart.search(line):
        return False
    seen = 0
    for at, _ in _numbers(line, apart=True):
        if _ends_label(line, at, mt):
            seen += 1
            if seen == 2:
                return True
    return False


@lru_cache(maxsize=64)  # the tokenizer and the title search read the same lines
def split_line(line: str, stray: bool = True) -> tuple[Piece, ...]:
    """The pseudo-lines of a run-together line, in order, each with its kind.

    `stray`: spaces inside a run of digits are stray (crawler text, the run
    is one pseudo-line without them); otherwise they part cells, and what
    follows a label is one pseudo-line of cells ("cells")."""
    bounds: list[tuple[int, str]] = [(0, "text")]
    for start, end, kind in _cuts(line):
        if start < bounds[-1][0]:
            continue  # inside a heading already cut
        kind = "text" if kind == "chrome" else "head" if kind == "head" else "label"
        if start == bounds[-1][0]:
            bounds[-1] = (start, kind)
        else:
            bounds.append((start, kind))
        if kind == "head":
            bounds.append((end, "text"))
    bounds.append((len(line), ""))
    out: list[Piece] = []
    for (start, kind), (end, _) in zip(bounds, bounds[1:]):
        text = line[start:end].strip()
        if not text:
            continue
        if kind == "head":
            out.append(("head", text))
        elif kind == "label" and not stray:
            _cells_piece(line, start, end, out)
        elif kind == "label":
            _label_piece(line, start, end, out)
        else:
            out.extend(("text", p) for p in _SPACE_OR_STOP.split(text) if p and p.strip())
    return tuple(out)


def _label_piece(line: str, start: int, end: int, out: list[Piece]) -> None:
    """A label and the run of digits printed after it (stray spaces in the run dropped)."""
    m = _RUN_TAIL.search(line, start, end)
    if m is None or _in_brackets(line[start:m.start()]):
        out.append(("label", line[start:end].strip()))
        return
    label = line[start:m.start()].strip()
    run = re.sub(r"\s+", "", m.group()).translate(_ASCII).rstrip(".-")
    if label:
        out.append(("label", label))
    if run:
        out.append(("run", run))


_LABEL_END = re.compile(r"[^\d\s]*?(?:[（(][^（）()]*[）)])?(?=\s|\d|$)")


def _cells_piece(line: str, start: int, end: int, out: list[Piece]) -> None:
    """A label (with a bracketed aside after it) and the cells after it, apart by spaces."""
    m = _LABEL_END.match(line, start, end)
    cut = m.end() if m and m.end() > start else end
    label, cells = line[start:cut].strip(), line[cut:end].strip()
    if label:
        out.append(("label", label))
    if cells:
        out.append(("cells", cells))


def _in_brackets(text: str) -> bool:
    """Whether the end of `text` is inside an open bracket (本年(2023…)."""
    return text.count("(") + text.count("（") > text.count(")") + text.count("）")


#: Lines at the top of a text where the title and the statistics period are looked for.
HEAD_LINES = 12


def pseudo_lines(lines: list[str]) -> list[str]:
    """The lines with each long run-together line among the first HEAD_LINES
    replaced by its pseudo-lines (for the title search, which reads lines)."""
    first = lines[:HEAD_LINES]
    if not first or max(map(len, first)) <= LONG:
        return lines
    out: list[str] | None = None
    for k, line in enumerate(first):
        body = line.strip()
        if len(body) > LONG and run_together(body):
            if out is None:
                out = list(lines[:k])
            out.extend(text for _, text in split_line(body))
        elif out is not None:
            out.append(line)
    return lines if out is None else out + lines[HEAD_LINES:]
