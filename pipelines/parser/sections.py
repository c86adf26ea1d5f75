"""Locate sections 二, 三 and 四 in the token stream.

Headings are recognised by their key (numbering 二、/2、/（二） ignored) and
a length bound, so that prose mentioning 收到和处理政府信息公开申请情况 is not
taken for a heading. Without headings the tables are found from their own
labels (申请人情况/自然人/本年新收, 第二十条/信息内容, 行政复议).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from pipelines.parser.memo import Memo

if TYPE_CHECKING:  # (plans.py reads the headings when it makes a label: no import at run time)
    from pipelines.parser.tokens import Stream, Token

_NUMBERING = re.compile(r"^(?:第?[一二三四五六七八九十]+部分|[一二三四五六七八九十]+|\d{1,2})")

HEADINGS: dict[str, tuple[str, ...]] = {
    "proactive": ("主动公开政府信息情况", "主动公开政府信息"),
    "requests": ("收到和处理政府信息公开申请情况", "收到和处理政府信息公开申请", "依申请公开政府信息情况"),
    "review": ("政府信息公开行政复议行政诉讼情况", "行政复议行政诉讼情况", "政府信息公开行政复议行政诉讼"),
    "end": ("存在的主要问题及改进情况", "存在的主要问题", "其他需要报告的事项", "政府信息公开工作存在的主要问题"),
}


@dataclass(slots=True)
class Zones:
    """Token index ranges [start, end) of each section; None when absent."""

    proactive: tuple[int, int] | None
    requests: tuple[int, int] | None
    review: tuple[int, int] | None
    headings: dict[str, int]


def heading(text: str, key: str) -> str | None:
    """Which section heading a label (its clean text and key) is, if any."""
    return _HEADINGS[key] if len(text) <= 60 else None


def heading_of(tok: Token) -> str | None:
    """Which section heading a token is, if any (shape "h": its plan asked heading())."""
    return heading(tok.text, tok.key) if tok.kind == "text" else None  # type: ignore[arg-type]


def _heading(k: str) -> str | None:
    if len(k) > 30:
        return None
    body = _NUMBERING.sub("", k)
    numbered = body != k
    for name, phrases in HEADINGS.items():
        for p in phrases:
            # a wrapped prose line can start with the phrase: without a chapter
            # number only the bare phrase is a heading
            if body.startswith(p) and (len(body) <= len(p) + 6 if numbered else body in phrases):
                return name
            if name == "end" and p in body and len(body) <= len(p) + 8:
                return name
    return None


_HEADINGS: Memo[str, str | None] = Memo(_heading, 20_000)  # label key -> section heading or None

#: Labels of each section's own table: the heading that counts is the last one before them.
ANCHORS: dict[str, tuple[str, ...]] = {
    "proactive": ("第二十条", "信息内容"),
    "requests": ("申请人情况", "本年新收"),
    "review": ("结果维持", "尚未审结"),
}


_HEADING_TOKEN = re.compile("h")


def find_zones(s: Stream) -> Zones:
    """Split the stream into the three table sections."""
    tokens = s.tokens
    heads: dict[str, int] = {}
    again: dict[str, list[int]] = {}  # later headings of a section already seen (narrative sub-headings…)
    for m in _HEADING_TOKEN.finditer(s.shape):  # the few tokens that are headings
        i = m.start()
        h = heading_of(tokens[i])
        if h not in heads:
            if h == "end" and "requests" not in heads and "review" not in heads:
                continue
            heads[h] = i  # type: ignore[index]
        elif h != "end":
            again.setdefault(h, []).append(i)  # type: ignore[arg-type]
    for h, later in again.items():
        heads[h] = _anchored(tokens, heads[h], later, ANCHORS[h])
    n = len(tokens)

    req_start = heads.get("requests")
    if req_start is None:
        req_start = _first(tokens, ("申请人情况", "本年新收"), heads.get("proactive", 0))
    rev_start = heads.get("review")
    if rev_start is None and req_start is not None:
        rev_start = _first(tokens, ("行政复议",), _first(tokens, ("结转下年度",), req_start) or req_start)
    end = heads.get("end", n)
    if rev_start is not None and end < rev_start:
        end = n

    pro_start = heads.get("proactive")
    if pro_start is None:
        first = _first(tokens, ("第二十条", "信息内容"), 0)
        if first is not None and (req_start is None or first < req_start):
            pro_start = first
    requests = None
    if req_start is not None:
        requests = (req_start, rev_start if rev_start is not None and rev_start > req_start else end)
    review = (rev_start, end if end > rev_start else n) if rev_start is not None else None
    proactive = None
    if pro_start is not None:
        stop = req_start if req_start is not None and req_start > pro_start else (rev_start or end)
        proactive = (pro_start, stop)
    return Zones(proactive, requests, review, heads)


def _anchored(tokens: list[Token], first: int, later: list[int], keys: tuple[str, ...]) -> int:
    """Of a section's headings, the last one before its table's own labels.

    A heading's words also head narrative paragraphs (（一）主动公开政府信息情况
    under 一、总体情况) before the real section: the section starts at the
    heading nearest above its table, not at the first matching words."""
    anchor = _first(tokens, keys, first)
    if anchor is None:
        return first
    return max((i for i in (first, *later) if i <= anchor), default=first)


def _first(tokens: list[Token], keys: tuple[str, ...], start: int | None) -> int | None:
    for i in range(start or 0, len(tokens)):
        t = tokens[i]
        if t.kind == "text" and len(t.text) < 60 and any(k in t.key for k in keys):
            return i
    return None
