"""Benchmark of the demo generator: text documents per second, time for 100,000 reports.

Two measurements:

* the default city in one process (cells/pipes/html), for reference;
* ``generate_corpus`` with text renderings and as many units × 7 years as
  needed for `n` reports (default 100,000), timed end to end (registry,
  process pool, report and truth writes): documents per second (target
  ≥ 2,000/s) and the time for 100,000 reports (target < 120 s). When `n` is
  below 100,000 that time is extrapolated linearly and labelled so;
* the CPU time per document (user + system of all processes), which other
  work on a shared machine does not inflate, and the rate it implies on the
  machine's cores when idle (an estimate, labelled so).
"""
from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from pipelines.demo import generate_corpus

TEXT = ["cells", "pipes", "html"]
FULL = 100_000
YEARS = (2019, 2025)


def _cpu() -> float:
    """CPU seconds of this process and its finished children (the pool's workers)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def run(n: int | None, workdir: Path) -> list[dict]:
    """Measure; `n` = number of reports for the scale run (default 100,000)."""
    target_reports = n or FULL
    rows: list[dict] = []

    out = workdir / "single"
    summary = generate_corpus(out, units=None, years=YEARS, formats=TEXT, seed=7)
    rows.append({"name": "default city, one process (cells/pipes/html)", "value": round(summary.total_files / summary.seconds, 1),
                 "unit": "docs/s", "target": None, "files": summary.total_files})
    shutil.rmtree(out, ignore_errors=True)

    n_years = YEARS[1] - YEARS[0] + 1
    units = max(1, -(-target_reports // n_years))
    out = workdir / "scale"
    cpu0 = _cpu()
    start = time.perf_counter()
    summary = generate_corpus(out, units=units, years=YEARS, formats=TEXT, seed=11)
    seconds = time.perf_counter() - start
    cpu = _cpu() - cpu0
    files = summary.total_files
    rate = files / seconds
    how = f"{summary.workers} processes" if summary.workers > 1 else "one process"
    rows.append({"name": f"text documents per second ({files:,} reports, {units:,} units × {n_years} years, {how})",
                 "value": round(rate, 1), "unit": "docs/s", "target": 2000, "seconds": round(seconds, 6)})
    per_doc = cpu / max(files, 1)
    cores = os.cpu_count() or 1
    rows.append({"name": "CPU time per document (user+system, all processes; independent of other load)",
                 "value": round(per_doc * 1000, 3), "unit": "ms", "target": None})
    rows.append({"name": f"rate on {cores} otherwise idle cores (ESTIMATE: cores / CPU time per document)",
                 "value": round(cores / per_doc, 1) if per_doc else 0.0, "unit": "docs/s", "target": None})
    est = seconds * FULL / max(files, 1)
    label = "measured" if files >= FULL else f"EXTRAPOLATED linearly from {files:,}"
    rows.append({"name": f"time for 100,000 reports ({label})", "value": round(est, 2),
                 "unit": "s", "target": 120})
    shutil.rmtree(out, ignore_errors=True)
    return rows
