"""The parse path's memo keeps what recurs across reports, not one report's own text."""
from __future__ import annotations

import random

from pipelines.bench.parse import random_truth
from pipelines.demo.render import render
from pipelines.parser import parse_text
from pipelines.parser.memo import Memo
from pipelines.parser import plans


def test_memo_keeps_a_key_from_its_second_ask():
    calls: list[str] = []

    def fn(k: str) -> int:
        calls.append(k)
        return len(k)

    m: Memo[str, int] = Memo(fn)
    assert m["abc"] == 3 and "abc" not in m  # met once: worked out, not kept
    assert m["abc"] == 3 and "abc" in m  # met again: kept
    assert m["abc"] == 3 and calls == ["abc", "abc"]  # then answered from the memo
    assert m["xy"] == 2 and dict(m) == {"abc": 3}


def test_memo_keep_test_and_limit():
    m: Memo[int, int] = Memo(lambda k: k * 10, limit=3, keep=lambda k, v: k % 2 == 0)
    for _ in range(2):
        assert [m[k] for k in (1, 2, 3, 4, 6)] == [10, 20, 30, 40, 60]
    assert dict(m) == {2: 20, 4: 40, 6: 60}  # odd keys never kept, however often asked
    m[8], m[8]
    assert dict(m) == {8: 80}  # full: emptied before the new key went in
    for k in range(10, 20, 2):  # the keys met once are bounded too
        m[k]
    assert len(m.once) <= 3


def test_plans_keep_recurring_lines_not_a_reports_own(monkeypatch):
    """Two reports of the same rendering: lines both print (labels, headers) are kept by
    the line memo; a line only one of them prints (a row of its counts) is not."""
    monkeypatch.setitem(plans.PLANNERS, False, plans.Planner(False))  # memos of these two reports only
    rng = random.Random(1)
    texts = [render(random_truth(rng), "pipes", seed=i).decode("utf-8") for i in range(2)]
    for t in texts:
        parse_text(t)
    lines = plans.PLANNERS[False].lines
    a, b = (t.splitlines() for t in texts)
    own = [ln for ln in a if ln not in b and a.count(ln) == 1 and "|" in ln]
    shared = [ln for ln in set(a) & set(b) if "|" in ln and len(ln) <= 120]
    assert own and shared
    assert not any(ln in lines for ln in own)
    assert all(ln in lines for ln in shared)
