"""Split digits that ran together (217100002 18 -> 217,1,0,0,0,0,218).

Copying a web table as text can drop the separators between cells. The
template's own sums decide the split: within a group the last number is the
sum of the parts (six applicants -> 总计; four outcomes -> 总计). Numbers
have no leading zeros (except 0 itself). Every split is returned, so the
caller can tell a unique split (``recovered``) from an ambiguous one
(flagged, never guessed); ``None`` means the splits could not all be
listed (too many, or over the search budget), which callers treat as
ambiguous.

Section 二 has no sums: ``split_kinds`` reads a run by the kinds of its
cells (a count has no sign or decimal point, 本年增/减 may start with '-',
an amount may have a decimal point), which fixes the cuts only sometimes.
"""
from __future__ import annotations

from functools import lru_cache
from itertools import combinations
from math import comb
from typing import Sequence

Split = tuple[int, ...]

MAX_CANDIDATES = 256   # more splits than this are not listed (the run counts as ambiguous)
MAX_DIGITS = 80        # longer runs are not split at all (flagged by the caller)
MAX_STEPS = 50_000     # search budget per run; beyond it the run counts as ambiguous


_ASCII_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


class _Over(Exception):
    """Too many splits or search steps: the list would be incomplete."""


def _forward(d: str, count: int, width: int, cap: int, reserve: int) -> list[tuple[int, int, Split]]:
    """(end, sum, numbers) of every run of `count` numbers read from the start
    of d, each at most `width` digits (no leading zeros), their sum at most
    `cap`, leaving at least `reserve` digits after them."""
    stop = len(d) - reserve
    out: list[tuple[int, int, Split]] = [(0, 0, ())]
    for left in range(count - 1, -1, -1):
        nxt: list[tuple[int, int, Split]] = []
        for pos, total, nums in out:
            room = min(width, stop - left - pos)  # digits this number may take
            if room <= 0:
                continue
            if d[pos] == "0":
                nxt.append((pos + 1, total, (*nums, 0)))
                continue
            rest = cap - total
            for ln in range(1, room + 1):
                v = int(d[pos:pos + ln])
                if v > rest:
                    break
                nxt.append((pos + ln, total + v, (*nums, v)))
        out = nxt
    return out


def _backward(d: str, count: int, width: int, cap: int, reserve: int) -> dict[tuple[int, int], list[Split]]:
    """{(start, sum): [numbers]} of every run of `count` numbers that ends d,
    read from the end, each at most `width` digits (no leading zeros), their
    sum at most `cap`, leaving at least `reserve` digits before them."""
    out: list[tuple[int, int, Split]] = [(len(d), 0, ())]
    for left in range(count - 1, -1, -1):
        nxt: list[tuple[int, int, Split]] = []
        for end, total, nums in out:
            room = min(width, end - reserve - left)
            rest = cap - total
            for ln in range(1, room + 1):
                a = end - ln
                if ln > 1 and d[a] == "0":
                    continue
                v = int(d[a:end])
                if v > rest:
                    break
                nxt.append((a, total + v, (v, *nums)))
        out = nxt
    by: dict[tuple[int, int], list[Split]] = {}
    for start, total, nums in out:
        by.setdefault((start, total), []).append(nums)
    return by


def _may_add(digits: int, count: int, width: int, want: int) -> bool:
    """Whether `count` numbers of at most `width` digits read from `digits`
    digits can add up to `want`: one of them has at least ceil(digits/count)
    digits (so is at least 10**(that-1) when more than one), none has more
    than min(width, digits-count+1)."""
    longest = -(-digits // count)
    if longest > 1 and want < 10 ** (longest - 1):
        return False
    return want < count * 10 ** min(width, digits - count + 1)


def _parts(d: str, lo: int, hi: int, k: int, target: int, steps: list[int]) -> list[Split]:
    """Every way to read d[lo:hi] as exactly k numbers adding up to `target`.

    Meet in the middle: the first half of the numbers read forward, the
    second half backward from the end, joined where one ends and the other
    starts and their sums make the target."""
    span = hi - lo
    width = len(str(target))
    if not k <= span <= k * width:
        return []
    seg = d[lo:hi]
    head = k // 2
    tail = k - head
    firsts = _forward(seg, head, width, target, tail)
    lasts = _backward(seg, tail, width, target, head)
    steps[0] -= len(firsts) + len(lasts)
    out: list[Split] = []
    for end, total, nums in firsts:
        if not _may_add(span - end, tail, width, target - total):
            continue
        for rest in lasts.get((end, target - total), ()):
            out.append((*nums, *rest))
    if steps[0] < 0 or len(out) > MAX_CANDIDATES:
        raise _Over
    return out


def _totals(d: str, lo: int, hi: int, k: int, sums9: list[int]) -> list[tuple[int, int]]:
    """(start, value) of every total that may end at `hi` after k parts from `lo`.

    A number is congruent to its digit sum modulo 9, so the parts of any split
    of d[lo:start] add up to the digit sum of d[lo:start] modulo 9: a total
    that disagrees cannot be right, whatever the split."""
    out: list[tuple[int, int]] = []
    for start in range(hi - 1, lo + k - 1, -1):
        if d[start] == "0" and start != hi - 1:
            continue
        total = int(d[start:hi])
        if (sums9[start] - sums9[lo] - total) % 9 == 0 and _may_add(start - lo, k, hi - start, total):
            out.append((start, total))
    return out


@lru_cache(maxsize=20_000)  # rows recur across reports (0000000, small counts)
def split_groups(digits: str, groups: tuple[int, ...]) -> tuple[Split, ...] | None:
    """Every way to read `digits` as consecutive groups of parts + their sum.

    ``groups=(6,)`` reads one requests row (7 numbers); ``(4, 4, 4)`` the 15
    numbers of section 四. None when the splits cannot all be listed (more
    than MAX_CANDIDATES, over MAX_STEPS, longer than MAX_DIGITS)."""
    d = digits if digits.isascii() else digits.translate(_ASCII_DIGITS)
    if not d.isdigit() or not d.isascii() or len(d) > MAX_DIGITS:
        return None
    sums9 = [0]
    for ch in d:
        sums9.append(sums9[-1] + ord(ch) - 48)
    steps = [MAX_STEPS]
    out: list[Split] = []
    n = len(d)

    if len(groups) == 1 and n == groups[0] + 1:  # one digit a number: one reading at most
        nums = tuple(map(int, d))
        return (nums,) if sum(nums[:-1]) == nums[-1] else ()

    def rec(pos: int, gi: int, acc: Split) -> None:
        k = groups[gi]
        last = gi == len(groups) - 1
        ends = (n,) if last else range(pos + k + 1, n - sum(g + 1 for g in groups[gi + 1:]) + 1)
        for end in ends:
            for start, total in _totals(d, pos, end, k, sums9):
                for parts in _parts(d, pos, start, k, total, steps):
                    if last:
                        out.append((*acc, *parts, total))
                        if len(out) > MAX_CANDIDATES:
                            raise _Over
                    else:
                        rec(end, gi + 1, (*acc, *parts, total))

    try:
        rec(0, 0, ())
    except _Over:
        return None
    return tuple(out)


def agree(cands: Sequence[Sequence[object]]) -> list[object | None]:
    """Per position, the value every candidate has there (None where they differ)."""
    first = cands[0]
    if len(cands) == 1:  # the usual case: one split
        return list(first)
    return [v if all(c[i] == v for c in cands) else None for i, v in enumerate(first)]


# ------------------------------------------------------------------ section 二
def _number_at(s: str, pos: int, kind: str) -> list[tuple[int, object]]:
    """(end, value) of every number of `kind` that may start at s[pos]."""
    out: list[tuple[int, object]] = []
    i = pos
    if kind == "signed" and i < len(s) and s[i] == "-":
        i += 1
    if i >= len(s) or not s[i].isdigit():
        return out
    sign = -1 if i > pos else 1
    j = i
    while j < len(s) and s[j].isdigit():
        j += 1
        whole = s[i:j]
        if len(whole) > 1 and whole[0] == "0":
            break
        if kind == "amount" and j < len(s) and s[j] == ".":
            f = j + 1
            while f < len(s) and s[f].isdigit():
                f += 1
                out.append((f, float(s[i:f])))
        out.append((j, sign * int(whole)))
    return out


def split_kinds(run: str, kinds: tuple[str, ...]) -> list[tuple[object, ...]] | None:
    """Every way to read `run` (digits, '-' and '.') as len(kinds) numbers of
    those kinds ('count', 'signed', 'amount'); None when there are too many."""
    if len(run) > MAX_DIGITS:
        return None
    if run.isdigit() and all(k == "count" for k in kinds):
        return _counts(run, len(kinds))
    out: list[tuple[object, ...]] = []

    def rec(pos: int, ki: int, acc: tuple[object, ...]) -> None:
        if ki == len(kinds):
            if pos == len(run):
                out.append(acc)
                if len(out) > MAX_CANDIDATES:
                    raise _Over
            return
        for end, value in _number_at(run, pos, kinds[ki]):
            rec(end, ki + 1, (*acc, value))

    try:
        rec(0, 0, ())
    except _Over:
        return None
    return out


def _counts(run: str, n: int) -> list[tuple[object, ...]] | None:
    """Every way to cut a run of digits into n counts (no leading zeros)."""
    if n > len(run):
        return []
    if comb(len(run) - 1, n - 1) > MAX_CANDIDATES * 16:
        return None
    out: list[tuple[object, ...]] = []
    for cuts in combinations(range(1, len(run)), n - 1):
        bounds = (0, *cuts, len(run))
        parts = [run[a:b] for a, b in zip(bounds, bounds[1:])]
        if all(len(p) == 1 or p[0] != "0" for p in parts):
            out.append(tuple(int(p) for p in parts))
            if len(out) > MAX_CANDIDATES:
                return None
    return out
