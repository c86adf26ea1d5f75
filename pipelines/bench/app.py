"""Benchmark: the dashboard's queries per page, at demo scale and at N unit-years.

For each page, the named queries it runs on a cache miss (dashboard.pages) are
run through `warehouse.query` on a published warehouse, each opening the file
read-only as the app does; the page's time is the median of 3 runs. Target
(issue 6): at most 300 ms per page at demo scale; the large warehouse
(default 100,000 unit-years, generated as `cells` reports and ingested) is
reported for reference.
"""
from __future__ import annotations

import math
import statistics
import subprocess
import sys
import time
from pathlib import Path

import warehouse
from dashboard.pages import COMMON, PAGE_QUERIES, PAGE_TITLES, params_for

DEFAULT_N = 100_000
YEARS = (2019, 2025)
TARGET_MS = 300.0
REPEATS = 3


def build(out: Path, units: int | None, formats: list[str]) -> Path:
    """Generate a demo corpus and ingest it with `nianbao ingest` in its own process."""
    from pipelines.demo import generate_corpus

    corpus = out / "corpus"
    generate_corpus(corpus, units=units, years=YEARS, formats=formats)
    db = out / "warehouse.duckdb"
    cmd = [sys.executable, "-c", "from pipelines.cli import main; main()", "ingest", str(corpus / "reports"),
           "--db", str(db), "--registry", str(corpus / "units.csv")]
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if done.returncode != 0 or not db.exists():
        tail = "\n".join(done.stderr.splitlines()[-5:])
        raise RuntimeError(f"ingest of {corpus} failed with exit status {done.returncode}: {tail}")
    return db


def time_pages(db: Path) -> dict[str, float]:
    """Median milliseconds per page for its queries on `db` (no cache)."""
    years = [int(v) for v in warehouse.query("app_filter_options", db=db).query("kind == 'year'")["value"]]
    lo, hi = min(years), max(years)
    units = warehouse.query("app_unit_list", db=db, areas=None, kinds=None, search=None)
    unit = str(units["unit_id"].iloc[0]) if len(units) else None
    out: dict[str, float] = {}
    for page, queries in PAGE_QUERIES.items():
        runs = []
        for _ in range(REPEATS):
            start = time.perf_counter()
            for name, kind in (*COMMON, *queries):
                warehouse.query(name, db=db, **params_for(kind, year_from=lo, year_to=hi, unit=unit))
            runs.append((time.perf_counter() - start) * 1000)
        out[page] = statistics.median(runs)
    return out


def unit_years(db: Path) -> int:
    return int(warehouse.query("app_meta", db=db)["reports"].iloc[0])


def _rows(label: str, db: Path, target: float | None) -> list[dict]:
    n = unit_years(db)
    rows = []
    for page, ms in time_pages(db).items():
        row = {"name": f"{PAGE_TITLES[page]} ({label}, {n:,} unit-years)", "value": round(ms, 1), "unit": "ms",
               "target": target}
        if target is not None:
            row["ok"] = ms <= target
        rows.append(row)
    return rows


def run(n: int | None, workdir: Path) -> list[dict]:
    """Time every page at demo scale (target 300 ms) and at `n` unit-years (reported)."""
    n = n or DEFAULT_N
    demo = build(workdir / "demo", None, ["cells", "html", "pipes"])
    rows = _rows("demo", demo, TARGET_MS)
    large = build(workdir / "large", math.ceil(n / (YEARS[1] - YEARS[0] + 1)), ["cells"])
    rows += _rows("large", large, None)
    return rows
