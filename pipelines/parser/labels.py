"""Label matching against template keys: exact (longest key wins) and loose.

Labels are compared in their ``key`` form (normalize.key). Scanning a joined
header string finds several labels with their positions, which gives the
printed order of columns even when a header cell wraps over lines.

Each list of (code, keys) the parsers match against is one KeyMatcher, built
once from the template's data; a label key or header text seen before is
answered from its memo.
"""
from __future__ import annotations

from difflib import SequenceMatcher
from functools import lru_cache
from typing import Sequence

from pipelines.parser.memo import Memo
from pipelines.parser.normalize import key as make_key

Codes = Sequence[tuple[str, Sequence[str]]]


class KeyMatcher:
    """The codes of one label list (module constants of the section parsers)."""

    def __init__(self, codes: Codes) -> None:
        self.codes = tuple((code, tuple(keys)) for code, keys in codes)
        # every key with its code, longest first (a long key masks the short ones inside it)
        self._pairs = sorted(((kk, code) for code, keys in self.codes for kk in keys), key=lambda p: -len(p[0]))
        self._longest: Memo[str, tuple[str | None, int]] = Memo(self._find_longest, 20_000)
        self._scans: Memo[str, tuple[tuple[int, str], ...]] = Memo(self._find_all, 20_000)

    def longest(self, k: str) -> tuple[str | None, int]:
        """The code whose longest key is contained in `k` (and that key's length)."""
        return self._longest[k]

    def code(self, k: str) -> str | None:
        """The code whose longest key is contained in `k`, if any."""
        return self._longest[k][0]

    def scan(self, joined: str) -> list[tuple[int, str]]:
        """Every occurrence of every key in `joined`, longest keys first: (position, code), sorted.

        Matched spans are masked so that a short key (其他) is not found again
        inside a longer label (法人或其他组织)."""
        return list(self._scans[joined])

    def _find_longest(self, k: str) -> tuple[str | None, int]:
        best: str | None = None
        best_len = 0
        for code, keys in self.codes:
            for kk in keys:
                if len(kk) > best_len and kk in k:
                    best, best_len = code, len(kk)
        return best, best_len

    def _find_all(self, joined: str) -> tuple[tuple[int, str], ...]:
        if not any(kk in joined for kk, _ in self._pairs):
            return ()
        buf = list(joined)
        text = joined
        found: list[tuple[int, str]] = []
        for kk, code in self._pairs:
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
        return tuple(found)


@lru_cache(maxsize=4096)  # a damaged label recurs in the reports of its unit
def loose_match(k: str, candidates: tuple[tuple[str, str], ...], threshold: float = 0.6) -> tuple[str | None, float]:
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
