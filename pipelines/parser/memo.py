"""The parse path's one memo: a bounded dict of a pure function's results.

What the parser works out from a piece of text (the tokens of a line, a
table row or a cell; what a label says) depends on that text alone, and
the pieces recur across reports (labels, 0, blank cells): each is worked
out once. ``memo[key]`` is one dict lookup in C on a hit and calls the
function on a miss (``dict.__missing__``), which a hot loop can use as it
would a dict.

Only what recurs is kept: a report's own text (its prose, a row of its
counts, an amount) is met once, and keeping it would only grow the memo and
empty it sooner. A key's first result is not kept, only noted in a set of
keys met once (a doorkeeper); a key met again is kept. A memo (or its
doorkeeper) that reaches its limit is emptied (the recurring pieces come
back at once). A `keep` test leaves out results never worth keeping.
Functions of several arguments or called from few places use
``functools.lru_cache`` instead.
"""
from __future__ import annotations

from typing import Callable, Generic, Hashable, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Memo(dict, Generic[K, V]):  # type: ignore[type-arg]
    """``memo[key]`` is ``fn(key)``, kept from the second time `key` is asked for (and
    only when ``keep(key, value)``, if given, says so); at most `limit` entries."""

    __slots__ = ("fn", "limit", "keep", "once")

    def __init__(self, fn: Callable[[K], V], limit: int = 50_000,
                 keep: Callable[[K, V], bool] | None = None) -> None:
        super().__init__()
        self.fn = fn
        self.limit = limit
        self.keep = keep
        self.once: set[K] = set()  # keys met once, their results not kept

    def __missing__(self, key: K) -> V:
        value = self.fn(key)
        if self.keep is None or self.keep(key, value):
            once = self.once
            if key in once:
                once.discard(key)
                if len(self) >= self.limit:
                    self.clear()
                self[key] = value
            else:
                if len(once) >= self.limit:
                    once.clear()
                once.add(key)
        return value
