"""Cell text -> (value, state, unit, note).

The spec's cell states: a printed number is ``number``; empty cells
(spaces, &nbsp;, U+3000) are ``blank``; '—', '-', '/', '无' are ``dash``;
anything else where a number belongs is ``text``. Thousands separators,
decimals and a trailing unit (251000元, 3.5万元, 12件) are understood; a note
after the number (22（其中修订 16 件）) keeps the leading number and is
reported so the caller can warn.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from pipelines.parser.normalize import nfkc

Number = int | float

_DASHES = frozenset({"-", "—", "–", "―", "─", "－", "/", "／", "\\", "无", "無", "--", "——", "-—", "x", "×", "*", "不适用", "暂无"})
_NUM = re.compile(
    r"^(?P<sign>[+\-−]?)\s*(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<unit>万元|亿元|元|件|个|项|条|次|宗|人次|笔)?$"
)
_LEADING_NUM = re.compile(r"^(?P<num>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)\s*(?P<unit>万元|亿元|元|件|个|项|条|次|宗|人次|笔)?\s*(?P<note>[(\[][^)\]]*[)\]])$")
_CHANGE = re.compile(r"^(?P<dir>增加|增|减少|减)\s*(?P<num>\d+(?:\.\d+)?)\s*(?:件|个|项)?$")
_DASH_CHARS = "-—–―─/ "


@dataclass(frozen=True, slots=True)
class Parsed:
    """One parsed cell text."""

    value: Number | None
    state: str            # number | blank | dash | text
    unit: str = ""        # unit printed with the number, if any
    note: str = ""        # text after the number, e.g. (其中修订16件)


BLANK = Parsed(None, "blank")
DASH = Parsed(None, "dash")


class CellVal(NamedTuple):
    """A cell as a section parser read it, before the layout gives it a canonical place:
    its value, its state (template.CELL_STATES), the text as printed, a unit printed
    with the number, a note printed after it (22（其中修订 16 件）)."""

    value: Number | None
    state: str
    raw: str
    unit: str = ""
    note: str = ""


_new = tuple.__new__  # builds a CellVal without its generated __new__ (half the time; cells of split runs)


def text_cell(raw: str) -> CellVal:
    """A cell whose printed text is not a number (or cannot be matched to its column)."""
    return _new(CellVal, (None, "text", raw, "", ""))


def split_cell(value: Number | None, run: str) -> CellVal:
    """A cell cut out of a run of digits: ``recovered`` when every reading gives it the
    same value, else ``ambiguous`` (no value; the run kept as raw, never a guess)."""
    return _new(CellVal, (value, "recovered", run, "", "") if value is not None else (None, "ambiguous", run, "", ""))


def _to_number(num: str, sign: str = "") -> Number:
    """int for whole numbers as printed, float when a decimal point was printed."""
    num = num.replace(",", "")
    val: Number = float(num) if "." in num else int(num)
    return -val if sign in ("-", "−") else val


TEXT = Parsed(None, "text")
# The ideographs a value can begin with (无, 不适用, 暂无, 〇, 零, 增加5, 减少3); a text that begins
# with any other ideograph is words (NFKC leaves a leading ideograph as it is).
_VALUE_IDEOGRAPHS = frozenset("无無不暂〇零增减")


def parse_value(raw: str) -> Parsed:
    """Classify a cell's printed text. Never raises."""
    if "\u4e00" <= raw[:1] <= "\u9fff" and raw[0] not in _VALUE_IDEOGRAPHS:
        return TEXT  # a label or prose: most texts, and the long ones
    s = nfkc(raw).strip()
    # (after strip() a non-empty s has no whitespace at its ends: not all blank)
    if not s or s == "&nbsp;":
        return BLANK
    if s in _DASHES or not s.strip(_DASH_CHARS):  # only dash characters
        return DASH
    m = _NUM.match(s)
    if m:
        if " " in m.group("num"):
            return TEXT
        return Parsed(_to_number(m.group("num"), m.group("sign")), "number", m.group("unit") or "")
    if s in ("〇", "零"):
        return Parsed(0, "number")
    m = _CHANGE.match(s)
    if m:  # 本年增/减 printed in words: 增加5 / 减少3
        v = _to_number(m.group("num"))
        return Parsed(-v if m.group("dir").startswith("减") else v, "number")
    m = _LEADING_NUM.match(s)
    if m:
        return Parsed(_to_number(m.group("num")), "number", m.group("unit") or "", m.group("note"))
    return TEXT
