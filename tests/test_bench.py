"""The benchmark table: ratios against targets and min/median/max of repeated runs."""
from __future__ import annotations

import json

from pipelines import bench


def test_ratio_is_oriented_so_that_one_meets_the_target():
    rate = bench.finish({"name": "parse", "value": 1500.0, "unit": "reports/s", "target": 2000})
    assert rate["ratio"] == 0.75 and rate["ok"] is False
    seconds = bench.finish({"name": "ingest", "value": 60.0, "unit": "s", "target": 120})
    assert seconds["ratio"] == 2.0 and seconds["ok"] is True
    memory = bench.finish({"name": "peak", "value": 4096.0, "unit": "MB", "target": 2048})
    assert memory["ratio"] == 0.5 and memory["ok"] is False
    told = bench.finish({"name": "x", "value": 3.0, "unit": "s", "target": 2.0, "better": "higher"})
    assert told["ratio"] == 1.5


def test_runs_give_median_min_and_max():
    row = bench.finish({"name": "parse", "runs": [900.0, 1200.0, 1000.0], "unit": "reports/s", "target": 1000})
    assert (row["value"], row["min"], row["max"]) == (1000.0, 900.0, 1200.0)
    assert row["ratio"] == 1.0 and row["ok"] is True


def test_rows_without_target_have_no_verdict_and_an_explicit_ok_is_kept():
    plain = bench.finish({"name": "size", "value": 12.5, "unit": "MB", "target": None})
    assert plain["ratio"] is None and "ok" not in plain
    failed = bench.finish({"name": "ingest", "value": 10.0, "unit": "s", "target": 120, "ok": False})
    assert failed["ratio"] == 12.0 and failed["ok"] is False  # e.g. the run itself failed


def test_main_writes_the_finished_rows(tmp_path, monkeypatch):
    import types

    fake = types.ModuleType("pipelines.bench.fake")
    fake.run = lambda n, workdir: [{"name": "a", "runs": [3.0, 1.0, 2.0], "unit": "ms", "target": 4}]
    monkeypatch.setitem(__import__("sys").modules, "pipelines.bench.fake", fake)
    out = tmp_path / "bench" / "fake.json"
    rows = bench.main("fake", out=out)
    assert json.loads(out.read_text(encoding="utf-8")) == rows
    assert rows == [{"benchmark": "fake", "name": "a", "runs": [3.0, 1.0, 2.0], "unit": "ms", "target": 4,
                     "value": 2.0, "min": 1.0, "max": 3.0, "ratio": 2.0, "ok": True}]


def test_ingest_phases_are_read_from_the_runs_log(ingest_corpus, tmp_path, caplog):
    """bench ingest times the phases of a run from its log lines: the lines the run writes."""
    import logging

    from pipelines.bench.ingest import PHASES, _phases
    from pipelines.ingest import run_ingest

    with caplog.at_level(logging.INFO, logger="nianbao.ingest"):
        run_ingest([ingest_corpus / "reports"], db=tmp_path / "w.duckdb", registry=ingest_corpus / "units.csv", jobs=1)
    got = _phases("\n".join(caplog.messages))
    assert set(got) == set(PHASES) - {"check again"} and all(v >= 0 for v in got.values())
    assert _phases("checked 12 cached reports again (rules changed) in 0.5 s") == {"check again": 0.5}
