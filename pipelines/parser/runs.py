"""Split digits that ran together (217100002 18 -> 217,1,0,0,0,0,218).

Copying a web table as text can drop the separators between cells. The
template's own sums decide the split: within a group the last number is the
sum of the parts (six applicants -> 总计; four outcomes -> 总计). Numbers
have no leading zeros (except 0 itself). All splits are returned, so the
caller can tell a unique split (``recovered``) from an ambiguous one
(flagged, never guessed).
"""
from __future__ import annotations


MAX_CANDIDATES = 64
MAX_DIGITS = 60        # longer runs are not split at all (flagged by the caller)
MAX_STEPS = 200_000    # search budget; beyond it the split counts as ambiguous


class _Budget(Exception):
    pass


def _parts(d: str, p: int, q: int, k: int, target: int, out: list[list[int]], limit: int, steps: list[int]) -> None:
    """All ways to read d[p:q] as k numbers adding up to `target` (pruned)."""
    dead: set[tuple[int, int, int]] = set()

    def rec(pos: int, left: int, acc: list[int], rest: int) -> bool:
        steps[0] += 1
        if steps[0] > MAX_STEPS:
            raise _Budget
        if len(out) >= limit:
            return True
        span = q - pos
        if left == 1:  # the last part is what remains
            tail = d[pos:q]
            if span and (span == 1 or tail[0] != "0") and span <= len(str(rest)) and int(tail) == rest:
                out.append([*acc, rest])
                return True
            return False
        width = len(str(rest))
        if span < left or span > left * width or (pos, left, rest) in dead:
            return False
        ok = False
        if d[pos] == "0":
            ok = rec(pos + 1, left - 1, [*acc, 0], rest)
        else:
            for ln in range(1, min(width, span - left + 1) + 1):
                v = int(d[pos:pos + ln])
                if v > rest:
                    break
                ok = rec(pos + ln, left - 1, [*acc, v], rest - v) or ok
        if not ok:
            dead.add((pos, left, rest))
        return ok

    if k == 0:
        if p == q and target == 0:
            out.append([])
        return
    rec(p, k, [], target)


def split_run(digits: str, groups: tuple[int, ...]) -> list[list[int]]:
    """Every way to read `digits` as consecutive groups of parts + sum.

    ``groups=(6,)`` reads one requests row (7 numbers); ``(4, 4, 4)`` reads
    the 15 numbers of section 四. At most MAX_CANDIDATES are returned; a run
    longer than MAX_DIGITS gives none, and one whose search exceeds the
    budget gives two (so it is never taken as a unique split).
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
        k = groups[gi]
        last = gi == len(groups) - 1
        # the group's total ends at `end` and is `ln` digits long
        ends = (len(d),) if last else range(pos + k + 1, len(d) + 1)
        for end in ends:
            for ln in range(1, end - pos - k + 1):
                t = d[end - ln:end]
                if len(t) > 1 and t[0] == "0":
                    continue
                total = int(t)
                found: list[list[int]] = []
                _parts(d, pos, end - ln, k, total, found, MAX_CANDIDATES, steps)
                for parts in found:
                    rec(end, gi + 1, acc + parts + [total])

    steps = [0]
    if not d or len(d) > MAX_DIGITS:
        return []
    try:
        rec(0, 0, [])
    except _Budget:
        # too many ways to try: report as ambiguous (two unknown candidates), never guess
        return out[:2] if len(out) >= 2 else [[-1], [-1]]
    return out
