"""Property tests: random valid reports round-trip; random damage never misleads.

Reports come from random valid truths (pipelines.bench.parse.random_truth)
rendered by the demo renderers in every text and HTML rendering, read by the
readers and parsed. Damage (a deleted line, two row labels swapped, garbage
bytes, truncation) may make the parser give up (ReportError) or flag what it
read, but a number that differs from what the damaged document says must
come with a failed check or a warning.
"""
from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipelines import template as T
from pipelines.bench.parse import random_truth
from pipelines.demo.render import HTML_RENDERINGS, RENDERINGS, TEXT_RENDERINGS, render, to_traditional
from pipelines.model import REJECT_REASONS, ReportError
from pipelines.parser import parse_document
from pipelines.readers import read_bytes

RENDERS = TEXT_RENDERINGS + HTML_RENDERINGS
SETTINGS = settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
TABLES = ("requests", "review_litigation", "proactive")


def _parse(data: bytes, rendering: str):
    return parse_document(read_bytes(f"report{RENDERINGS[rendering]}", data))


@SETTINGS
@given(seed=st.integers(0, 10**6), variant=st.sampled_from(["2019", "2021", "hybrid"]), rendering=st.sampled_from(RENDERS))
def test_roundtrip(seed: int, variant: str, rendering: str) -> None:
    truth = random_truth(random.Random(seed), variant=variant)
    rep = _parse(render(truth, rendering, seed=seed), rendering)
    assert (rep.year, rep.template, rep.meta["variant"]) == (truth["year"], truth["template"], variant)
    unit = to_traditional(truth["unit"]) if rendering == "traditional" else truth["unit"]
    assert rep.unit == unit
    for table in TABLES:
        got = rep.table(table)
        want = truth[table]
        if variant == "hybrid" and table == "requests":
            got = {k: v for k, v in got.items() if k not in T.OTHER_SPLIT}
            assert all(rep.cell("requests", r, "total").state == "missing" for r in T.OTHER_SPLIT)
        assert got == want, table
    assert rep.failed_checks == []


def _damage(data: bytes, rng: random.Random, kind: str, truth: dict) -> tuple[bytes, dict]:
    """Apply one damage; return the bytes and what the damaged document says."""
    if kind == "delete_line":
        lines = data.split(b"\n")
        del lines[rng.randrange(len(lines))]
        return b"\n".join(lines), truth
    if kind == "truncate":
        return data[: rng.randrange(len(data) // 3, len(data))], truth
    if kind == "garbage":
        # no digits, signs or separators: those would print a different number,
        # which the document then really says
        junk = bytes(rng.choice([b for b in range(256) if b not in b"0123456789-.,+\n\r"]) for _ in range(rng.randint(1, 12)))
        at = rng.randrange(len(data))
        return data[:at] + junk + data[at:], truth
    # swap two request row labels: the document then says the swapped numbers
    rows = [i for i in T.request_items(truth["template"]) if i.code in truth["requests"]
            and i.code not in ("other_misc", "total_processed", "other", "partially_granted")]
    a, b = rng.sample(rows, 2)
    la, lb = (i.label.encode() for i in (a, b))
    if data.count(la) != 1 or data.count(lb) != 1:
        return data, truth
    data = data.replace(la, b"\0A\0").replace(lb, la).replace(b"\0A\0", lb)
    said = {**truth, "requests": dict(truth["requests"])}
    said["requests"][a.code], said["requests"][b.code] = truth["requests"][b.code], truth["requests"][a.code]
    if truth["variant"] == "2021":  # the derived 其他处理 follows the printed split rows
        said["requests"]["other"] = {k: sum(said["requests"][s][k] for s in T.OTHER_SPLIT) for k in truth["requests"]["other"]}
    return data, said


@SETTINGS
@given(seed=st.integers(0, 10**6), variant=st.sampled_from(["2019", "2021", "hybrid"]),
       rendering=st.sampled_from(RENDERS), kind=st.sampled_from(["delete_line", "truncate", "garbage", "swap_labels"]))
def test_damage_never_misleads(seed: int, variant: str, rendering: str, kind: str) -> None:
    rng = random.Random(seed)
    truth = random_truth(rng, variant=variant)
    data = render(truth, rendering, seed=seed)
    if kind == "swap_labels" and rendering in ("html_gbk", "traditional"):
        kind = "delete_line"
    data, said = _damage(data, rng, kind, truth)
    try:
        rep = _parse(data, rendering)
    except ReportError as err:
        assert err.reason in REJECT_REASONS and str(err).startswith("report")
        return
    flagged = bool(rep.failed_checks or rep.warnings)
    if rep.template != truth["template"]:
        assert flagged
        return
    wrong = []
    for c in rep.cells:
        if c.value is None:
            continue
        want = said[c.table].get(c.row, {}).get(c.column)
        if want != c.value:
            wrong.append((c.table, c.row, c.column, c.value, want))
    if wrong:
        assert flagged, wrong


def test_damage_example_deleted_value_is_flagged() -> None:
    """A concrete instance: one value line deleted from a cell-per-line report."""
    truth = random_truth(random.Random(5), variant="2021")
    text = render(truth, "cells", seed=5).decode("utf-8")
    lines = text.split("\n")
    i = next(n for n, line in enumerate(lines) if line.strip() == "（一）予以公开")
    del lines[i + 2]
    rep = _parse("\n".join(lines).encode(), "cells")
    assert {c.state for c in rep.cells if c.row == "granted" and c.table == "requests"} == {"text"}
    assert any("requests.granted" in w for w in rep.warnings)


@pytest.mark.parametrize("rendering", RENDERS)
def test_every_rendering_once(rendering: str) -> None:
    truth = random_truth(random.Random(11), variant="2021")
    rep = _parse(render(truth, rendering, seed=3), rendering)
    assert rep.table("requests") == truth["requests"]
