"""Label matching against template keys: exact (longest key wins) and loose.

Labels are compared in their ``key`` form (normalize.key). Scanning a joined
header string finds several labels with their positions, which gives the
printed order of columns even when a header cell wraps over lines.
"""
from __future__ import annotations

from difflib import SequenceMatcher
from typing import Iterable, Sequence

from pipelines.parser.normalize import key as make_key


_MEMO: dict[int, dict[str, tuple[str | None, int]]] = {}


def longest_key_match(k: str, codes: Sequence[tuple[str, Sequence[str]]]) -> tuple[str | None, int]:
    """The code whose longest key is contained in `k` (and that key's length).

    Memoised per code list (the lists are module constants)."""
    memo = _MEMO.setdefault(id(codes), {})
    hit = memo.get(k)
    if hit is None:
        if len(memo) > 20000:
            memo.clear()
        hit = memo[k] = _longest(k, codes)
    return hit


def _longest(k: str, codes: Iterable[tuple[str, Sequence[str]]]) -> tuple[str | None, int]:
    best: str | None = None
    best_len = 0
    for code, keys in codes:
        for kk in keys:
            if len(kk) > best_len and kk in k:
                best, best_len = code, len(kk)
    return best, best_len


_PAIRS: dict[int, list[tuple[str, str]]] = {}
_SCANS: dict[int, dict[str, tuple[tuple[int, str], ...]]] = {}


def scan(joined: str, codes: Sequence[tuple[str, Sequence[str]]]) -> list[tuple[int, str]]:
    """Find every occurrence of every code's keys in `joined`, longest keys first.

    Matched spans are masked so that a short key (其他) is not found again
    inside a longer label (法人或其他组织). Returns (position, code) sorted.
    Memoised per code list (module constants): header texts recur.
    """
    memo = _SCANS.setdefault(id(codes), {})
    hit = memo.get(joined)
    if hit is None:
        if len(memo) > 20000:
            memo.clear()
        hit = memo[joined] = tuple(_scan(joined, codes))
    return list(hit)


def _scan(joined: str, codes: Sequence[tuple[str, Sequence[str]]]) -> list[tuple[int, str]]:
    pairs = _PAIRS.get(id(codes))
    if pairs is None:
        pairs = _PAIRS[id(codes)] = sorted(((kk, code) for code, keys in codes for kk in keys), key=lambda p: -len(p[0]))
    if not any(kk in joined for kk, _ in pairs):
        return []
    buf = list(joined)
    text = joined
    found: list[tuple[int, str]] = []
    for kk, code in pairs:
        start = 0
        while True:
            i = text.find(kk, start)
            if i < 0:
                break
            found.append((i, code))
            for j in range(i, i + len(kk)):
                buf[j] = "\0"
            text = "".join(buf)
            start = i + len(kk)
    found.sort()
    return found


def loose_match(k: str, candidates: Sequence[tuple[str, str]], threshold: float = 0.6) -> tuple[str | None, float]:
    """Best candidate (code, label) for a damaged label, if clearly the best.

    Accepts when the similarity is at least `threshold` and beats the
    runner-up by 0.1; returns (None, score) otherwise.
    """
    scored: list[tuple[float, str]] = []
    for code, label in candidates:
        lk = make_key(label)
        scored.append((SequenceMatcher(None, k, lk, autojunk=False).ratio(), code))
    if not scored:
        return None, 0.0
    scored.sort(reverse=True)
    best = scored[0]
    second = scored[1][0] if len(scored) > 1 else 0.0
    if best[0] >= threshold and best[0] - second >= 0.1:
        return best[1], best[0]
    return None, best[0]
