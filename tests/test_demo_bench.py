"""`nianbao bench demo` reports rates and an honestly labelled extrapolation (no timing asserted)."""
from __future__ import annotations

import os

from pipelines.bench import demo


def test_bench_rows_and_extrapolation_label(tmp_path):
    rows = demo.run(140, tmp_path)
    assert [r["unit"] for r in rows] == ["docs/s", "docs/s", "ms", "docs/s", "s"]
    single, scaled, cpu, idle, full = rows
    assert cpu["value"] > 0 and "ESTIMATE" in idle["name"]
    assert abs(idle["value"] - os.cpu_count() / (cpu["value"] / 1000)) < 0.02 * idle["value"] + 1
    assert single["files"] > 1400 and single["value"] > 0
    assert "one process" in scaled["name"] and scaled["target"] == 2000
    assert "EXTRAPOLATED" in full["name"]
    files = int(scaled["name"].split(" reports")[0].split("(")[1].replace(",", ""))
    assert files >= 140
    assert abs(full["value"] - scaled["seconds"] * 100_000 / files) < 0.05 * full["value"] + 0.01
    assert full["target"] == 120
    assert list(tmp_path.iterdir()) == [], "the benchmark cleans up its corpora"
