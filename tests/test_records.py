"""The parse cache's rows of a chunk (warehouse.records.Rows): made from the reports' columns, they
hold every cell, check and warning of every report, keyed by its parse key and versions, and the
re-check from cached cells gives the rows the parse gave."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pytest

from pipelines import template as T
from pipelines.checks import evaluate
from pipelines.ingest.recheck import recheck_chunk
from pipelines.model import Cell, Report
from pipelines.parser import parse_text
from tests.test_checks import set_cell
from warehouse import records

FIX = Path(__file__).resolve().parent / "fixtures" / "text"
NOW = dt.datetime(2024, 5, 6, 7, 8, 9)
NAMES = ("cells_t19", "cells_t21", "cells_hybrid", "subtotals_t19", "runs_ambiguous_t19", "amount_units_t19")


@pytest.fixture(scope="module")
def reports() -> list[tuple[str, Report, list[str]]]:
    """(parse key, checked report, skipped-rule warnings) of several fixtures, one of them with a text cell."""
    out = []
    for name in NAMES:
        text = (FIX / f"{name}.txt").read_text(encoding="utf-8")
        if name == "cells_t19":
            text = set_cell(text, "（一）予以公开", 0, "见附件")
        rep = parse_text(text, path=f"/r/{name}.txt")
        rep.checks, skipped = evaluate(rep)
        out.append((f"{name}-key", rep, skipped))
    assert any(skipped for _k, _r, skipped in out)
    return out


def _rows(reports) -> records.Rows:
    rows = records.Rows()
    rows.rejection("bad-key", "pv", NOW, "not_a_report", "/r/bad.txt: not_a_report: …")
    for key, rep, skipped in reports:
        rows.report(rep, key, "pv", NOW, "cv", skipped)
    nameless = Report("/r/nameless.txt", "text", None, 2023, "2019",
                      cells=[Cell("requests", "granted", "total", 1, "number", "1")])
    rows.report(nameless, "nameless-key", "pv", NOW, "cv", [])
    return rows


def test_rows_hold_every_cell_check_and_warning_of_each_report(reports):
    batch = _rows(reports).to_arrow()
    assert set(batch) == set(records.RESULT_COLUMNS)
    for table, t in batch.items():
        assert t.schema == records.arrow_schema(table)
    parsed = batch["parsed"].to_pylist()
    assert [(p["sha256"], p["ok"], p["reason"]) for p in parsed] == [
        ("bad-key", False, "not_a_report"), *((k, True, None) for k, _r, _s in reports),
        ("nameless-key", False, "no_unit")]
    assert all(p["parser_version"] == "pv" and p["parsed_at"] == NOW for p in parsed)
    want_cells, want_checks, want_warnings, want_checked = [], [], [], []
    for key, rep, skipped in reports:
        want_cells += [(key, "pv", c.table, c.row, c.column, None if c.value is None else float(c.value), c.state,
                        c.raw if c.state in T.RAW_STATES else None) for c in rep.cells]
        want_checks += [(key, "pv", "cv", c.rule, c.passed, c.where, float(c.expected), float(c.actual))
                        for c in rep.checks]
        want_warnings += [(key, "pv", None, w) for w in rep.warnings] + [(key, "pv", "cv", w) for w in skipped]
        want_checked.append((key, "pv", "cv", sum(1 for c in rep.checks if not c.passed)))
    rows = {t: [tuple(r.values()) for r in batch[t].to_pylist()] for t in batch}
    assert rows["parsed_cells"] == want_cells
    assert rows["parsed_checks"] == want_checks
    assert rows["parsed_warnings"] == want_warnings
    assert rows["checked"] == want_checked
    assert any(c[6] == "text" and c[7] == "见附件" for c in want_cells)
    assert {c[6] for c in want_cells} >= {"number", "missing", "derived"}


def test_rows_without_results_are_empty_tables():
    batch = records.Rows().to_arrow()
    assert all(t.num_rows == 0 and t.schema == records.arrow_schema(n) for n, t in batch.items())
    only_rejected = records.Rows().rejection("k", "pv", NOW, "scanned", "x").to_arrow()
    assert only_rejected["parsed"].num_rows == 1 and only_rejected["parsed_cells"].num_rows == 0
    both = records.concat([batch, only_rejected])
    assert {t: both[t].num_rows for t in both} == {"parsed": 1, "checked": 0, "parsed_cells": 0, "parsed_checks": 0,
                                                   "parsed_warnings": 0}


def test_checks_again_from_cached_cells_are_the_checks_of_the_parse(reports):
    """recheck_chunk rebuilds each report from its cached cells (floats, raw kept only where its state
    keeps it) and gives the rows the parse gave: checks, skip warnings, failed counts."""
    batch = _rows(reports).to_arrow()
    parsed = batch["parsed"].filter(batch["parsed"].column("ok"))
    # the cache returns the cells grouped by content; contents in another order than the parse
    cells = batch["parsed_cells"].sort_by([("sha256", "descending")])
    again = recheck_chunk(parsed, cells, "pv", "cv2")
    def strip(t: pa.Table) -> list[tuple]:  # the rows without their checks_version
        return [r[:2] + r[3:] for r in (tuple(x.values()) for x in t.to_pylist())]

    by_key = lambda rows: sorted(rows, key=repr)  # noqa: E731 - row order is not kept (meta's keys come back sorted)
    assert by_key(strip(again["parsed_checks"])) == by_key(strip(batch["parsed_checks"]))
    warnings = batch["parsed_warnings"]
    cv_warnings = warnings.filter(pc.equal(warnings.column("checks_version"), "cv"))
    assert by_key(strip(again["parsed_warnings"])) == by_key(strip(cv_warnings))
    assert by_key(strip(again["checked"])) == by_key(strip(batch["checked"]))
    assert set(again["checked"].column("checks_version").to_pylist()) == {"cv2"}


def test_checks_again_from_cells_outside_the_template_layout():
    """Cached cells that are not a template's layout (a place missing) are checked as a Report of those cells."""
    rep = parse_text((FIX / "cells_t19.txt").read_text(encoding="utf-8"))
    cells = [c for c in rep.cells if (c.row, c.column) != ("carried_over", "research")]
    lacking = Report(rep.source, rep.format, rep.unit, rep.year, rep.template, cells=cells, meta=rep.meta)
    lacking.checks, skipped = evaluate(lacking)
    assert any("requests.carried_over.research 不存在" in w for w in skipped)
    batch = records.Rows().report(lacking, "k", "pv", NOW, "cv", skipped).to_arrow()
    again = recheck_chunk(batch["parsed"], batch["parsed_cells"], "pv", "cv")
    assert again["parsed_checks"].equals(batch["parsed_checks"])
    assert again["parsed_warnings"].to_pylist() == [r for r in batch["parsed_warnings"].to_pylist()
                                                    if r["checks_version"]]


@pytest.mark.parametrize("jobs", [1, 2])
def test_recheck_reads_each_part_and_gives_the_checks_of_the_parse(reports, tmp_path, monkeypatch, jobs):
    """The cache's contents in two parts, checked again part by part (by the pool's workers for two
    jobs; in small slices in this process for one): the rows the parse gave, under the new version."""
    from pipelines.ingest import recheck as rc
    from warehouse.cache import ParseCache

    monkeypatch.setattr(rc, "SLICE", 2)  # this process only: several slices per part
    cache = ParseCache(tmp_path / "parsed.duckdb")
    halves = (reports[:3], reports[3:])
    for half in halves:
        cache.add_results(_rows(half))
    todo = cache.unchecked("pv", "cv2", [k for k, _r, _s in reports])
    assert todo.num_rows == len(reports) and len(set(todo.column("part").to_pylist())) == 2
    got: list[records.Batch] = []
    rc.recheck(todo, cache.path, "pv", "cv2", jobs, got.append)
    cache.close()
    assert len(got) == 2  # one write per part
    again = records.concat(got)
    want = _rows(reports).to_arrow()

    def rows(t: pa.Table) -> list[tuple]:  # without the checks version, in a stable order
        return sorted((tuple(v for k, v in r.items() if k != "checks_version") for r in t.to_pylist()), key=repr)

    assert rows(again["parsed_checks"]) == rows(want["parsed_checks"])
    assert rows(again["checked"]) == rows(want["checked"])
    skipped = want["parsed_warnings"].filter(pc.is_valid(want["parsed_warnings"].column("checks_version")))
    assert rows(again["parsed_warnings"]) == rows(skipped)
    assert set(again["checked"].column("checks_version").to_pylist()) == {"cv2"}
