"""Split digits that ran together (217100002 18 -> 217,1,0,0,0,0,218).

Copying a web table as text can drop the separators between cells. The
template's own sums decide the split: within a group the last number is the
sum of the parts (six applicants -> 总计; four outcomes -> 总计). Numbers
have no leading zeros (except 0 itself). All splits are returned, so the
caller can tell a unique split (``recovered``) from an ambiguous one
(flagged, never guessed).
"""
from __future__ import annotations

from typing import Iterator

MAX_CANDIDATES = 64


def _group(d: str, p: int, parts: int) -> Iterator[tuple[int, list[int]]]:
    """Yield (end position, numbers) for one group of `parts` numbers + their sum."""

    def rec(pos: int, left: int, acc: list[int], total: int) -> Iterator[tuple[int, list[int]]]:
        if left == 0:
            s = str(total)
            if d.startswith(s, pos):
                yield pos + len(s), [*acc, total]
            return
        if pos >= len(d):
            return
        if d[pos] == "0":
            yield from rec(pos + 1, left - 1, [*acc, 0], total)
            return
        # leave at least one digit per remaining part and for the sum
        limit = len(d) - pos - left
        for ln in range(1, max(limit, 0) + 1):
            v = int(d[pos:pos + ln])
            yield from rec(pos + ln, left - 1, [*acc, v], total + v)

    yield from rec(p, parts, [], 0)


def split_run(digits: str, groups: tuple[int, ...]) -> list[list[int]]:
    """Every way to read `digits` as consecutive groups of parts + sum.

    ``groups=(6,)`` reads one requests row (7 numbers); ``(4, 4, 4)`` reads
    the 15 numbers of section 四. At most MAX_CANDIDATES are returned.
    """
    d = "".join(ch for ch in digits if ch.isdigit())
    out: list[list[int]] = []

    def rec(pos: int, gi: int, acc: list[int]) -> None:
        if len(out) >= MAX_CANDIDATES:
            return
        if gi == len(groups):
            if pos == len(d):
                out.append(acc)
            return
        for end, nums in _group(d, pos, groups[gi]):
            rec(end, gi + 1, acc + nums)

    if d:
        rec(0, 0, [])
    return out
