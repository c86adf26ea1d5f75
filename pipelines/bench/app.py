"""Benchmark: the dashboard's queries per page, on a real build and on a generated national warehouse.

For each page, the named queries it runs on a cache miss (dashboard.pages: the common
sidebar queries, then the page's own) are run through one `warehouse.Reader` (the file
held open read-only, as the app holds it), with the parameters of a first visit (every
year, all areas and kinds); a page's time is the median of 3 runs, the pages taken in
turn. Target (issue 13): every page at most 300 ms.

* demo: the small demo city generated as files and ingested by `nianbao ingest` (the
  real build, summaries included);
* generated: `n` unit-years (default 100,000; `-n 1000000` for the national scale)
  written straight into the warehouse's tables by `warehouse.synthetic`, then the
  product's own cross-year, summary and view steps. Reported besides the pages: the
  slowest page, the time to generate (and of the summaries step in it), the file size,
  the time to open the file, and, for reference without a target, every page with a unit
  search for one unit's name.
The machine's load average is reported too: other work on a shared machine slows every
query, and the timings are wall-clock times.
"""
from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

import warehouse
from dashboard.pages import COMMON, PAGES, bench_params
from warehouse.synthetic import generate

DEFAULT_N = 100_000
YEARS = (2019, 2025)
TARGET_MS = 300.0
REPEATS = 3


def build_demo(out: Path) -> Path:
    """Generate the small demo corpus and ingest it with `nianbao ingest` in its own process."""
    from pipelines.demo import generate_corpus

    corpus = out / "corpus"
    generate_corpus(corpus, units=30, years=YEARS, formats=["cells", "html", "pipes"])
    db = out / "warehouse.duckdb"
    cmd = [sys.executable, "-c", "from pipelines.cli import main; main()", "ingest", str(corpus / "reports"),
           "--db", str(db), "--registry", str(corpus / "units.csv")]
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0 or not db.exists():
        tail = "\n".join(done.stderr.splitlines()[-5:])
        raise RuntimeError(f"ingest of {corpus} failed with exit status {done.returncode}: {tail}")
    return db


def time_pages(reader: warehouse.Reader, params: dict) -> dict[str, list[float]]:
    """Milliseconds of each page's queries, REPEATS runs per page (pages in turn)."""
    runs: dict[str, list[float]] = {page: [] for page in PAGES}
    for _ in range(REPEATS):
        for key, page in PAGES.items():
            start = time.perf_counter()
            for name in (*COMMON, *page.queries):
                reader.query(name, **params)
            runs[key].append(round((time.perf_counter() - start) * 1000, 1))
    return runs


def _pages(db: Path, label: str, search: str | None = None, target: float | None = TARGET_MS) -> list[dict]:
    """One row per page (median of its runs) and one for the slowest page."""
    start = time.perf_counter()
    reader = warehouse.Reader(db)
    opened = (time.perf_counter() - start) * 1000
    try:
        years = [int(v) for v in reader.query("app_filter_options").query("kind == 'year'")["value"]]
        n = int(reader.query("app_meta")["reports"].iloc[0])
        first = reader.query("app_unit_list", areas=None, kinds=None, search=None, top=1, unit=None)
        unit = str(first["unit_id"].iloc[0])
        if search == "unit":
            search = str(first["name"].iloc[0])
        runs = time_pages(reader, bench_params(year_from=min(years), year_to=max(years), unit=unit, search=search))
    finally:
        reader.close()
    where = f"{label} {n:,}" + (" + search" if search else "")  # short: the table is printed 80 wide
    rows = [{"name": f"{PAGES[p].title} ({where})", "runs": r, "unit": "ms", "target": target} for p, r in runs.items()]
    slowest = max(runs, key=lambda p: statistics.median(runs[p]))
    rows.append({"name": f"slowest: {PAGES[slowest].title} ({where})", "runs": runs[slowest], "unit": "ms",
                 "target": target})
    if search is None:
        rows.append({"name": f"open file ({where})", "value": round(opened, 1), "unit": "ms", "target": None})
    return rows


def run(n: int | None, workdir: Path) -> list[dict]:
    """Time every page on the ingested demo city and on `n` generated unit-years (target 300 ms each)."""
    n = n or DEFAULT_N
    rows = [{"name": "load average at start", "value": round(os.getloadavg()[0], 2), "unit": "", "target": None}]
    rows += _pages(build_demo(workdir / "demo"), "demo")
    out = workdir / "generated.duckdb"
    start = time.perf_counter()
    made = generate(out, n, years=YEARS)
    seconds = time.perf_counter() - start
    rows.append({"name": f"generate {made.counts['reports']:,} unit-years ({made.counts['units']:,} units)",
                 "value": round(seconds, 1), "unit": "s", "target": None, "counts": made.counts, "steps": made.seconds})
    rows.append({"name": "of which the summaries step", "value": round(made.seconds["summaries"], 1), "unit": "s",
                 "target": None})
    rows.append({"name": "generated file size", "value": round(out.stat().st_size / 2**20, 1), "unit": "MB",
                 "target": None})
    rows += _pages(out, "generated")
    rows += _pages(out, "generated", search="unit", target=None)
    rows.append({"name": "load average at end", "value": round(os.getloadavg()[0], 2), "unit": "", "target": None})
    return rows
