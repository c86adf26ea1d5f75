"""Benchmark: ingest N generated text/HTML reports from scratch, refresh with nothing changed, peak memory.

Targets (issue 13, on a 2-core machine): 140,000 reports from scratch <= 120 s (scaled to the
corpus size for other N), a no-change refresh <= 5 s, peak memory of the whole process tree
<= 2 GB. Each run is a separate `nianbao ingest` process; memory is the sampled sum of RSS over
that process and its parser workers (and, for reference, the largest single process). The
phases of each run (scan and hash, parse, build and publish) are read from its log lines.
"""
from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

DEFAULT_N = 2000
YEARS = (2019, 2025)
#: Issue 13: files and seconds of the from-scratch target.
TARGET_FILES, TARGET_S = 140_000, 120.0
#: The run's log lines that time its phases (pipelines/ingest/run.py).
PHASES = {"scan and hash": re.compile(r"scanned and fingerprinted \d+ files in ([\d.]+) s"),
          "parse": re.compile(r"parsed \d+ files in ([\d.]+) s"),
          "check again": re.compile(r"checked \d+ cached reports again .* in ([\d.]+) s"),
          "build and publish": re.compile(r"built and published .* in ([\d.]+) s")}


def _tree_rss(root: int) -> tuple[int, int]:
    """(sum, max) RSS in bytes over `root` and its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    page = os.sysconf("SC_PAGE_SIZE")
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            with open(f"/proc/{entry}/statm") as fh:
                rss[int(entry)] = int(fh.read().split()[1]) * page
            parents[int(entry)] = int(fields[1])
        except (OSError, IndexError, ValueError):
            continue
    tree, frontier = {root}, [root]
    while frontier:
        pid = frontier.pop()
        for child, parent in parents.items():
            if parent == pid and child not in tree:
                tree.add(child)
                frontier.append(child)
    values = [rss.get(p, 0) for p in tree]
    return sum(values), max(values, default=0)


def _phases(log: str) -> dict[str, float]:
    """Seconds of each phase a run logged."""
    return {name: float(m.group(1)) for name, rx in PHASES.items() if (m := rx.search(log))}


def _timed(cmd: list[str], env: dict[str, str]) -> tuple[float, int, int, int, str]:
    """Run a command; (seconds, exit code, peak tree RSS, peak single RSS, its output)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    peak = [0, 0]

    def sample() -> None:
        while proc.poll() is None:
            total, single = _tree_rss(proc.pid)
            peak[0], peak[1] = max(peak[0], total), max(peak[1], single)
            time.sleep(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = proc.communicate()
    seconds = time.perf_counter() - start
    sampler.join()
    sys.stderr.write(out[-1500:])
    return seconds, proc.returncode, peak[0], peak[1], out


def run(n: int | None, workdir: Path) -> list[dict]:
    """Generate about `n` reports, ingest them, refresh with nothing changed; one dict per measure."""
    from pipelines.demo import generate_corpus

    n = n or DEFAULT_N
    per_unit = YEARS[1] - YEARS[0] + 1
    corpus = workdir / "corpus"
    t0 = time.perf_counter()
    summary = generate_corpus(corpus, units=max(1, -(-n // per_unit)), years=YEARS, formats=["cells", "pipes", "html"],
                              seed=11)
    gen_s = time.perf_counter() - t0
    files = sum(1 for p in (corpus / "reports").rglob("*") if p.is_file())
    db = workdir / "warehouse.duckdb"
    env = {k: v for k, v in os.environ.items() if k != "NIANBAO_TEST_KILL_AT"}
    cmd = [sys.executable, "-c", "from pipelines.cli import main; main()", "ingest", str(corpus / "reports"),
           "--db", str(db), "--registry", str(corpus / "units.csv")]
    scratch_s, rc1, tree1, single1, log1 = _timed(cmd, env)
    again_s, rc2, tree2, single2, log2 = _timed(cmd, env)
    mb = 2**20
    target_s = round(TARGET_S * files / TARGET_FILES, 2)
    rate = TARGET_FILES / TARGET_S
    phases = [{"name": f"  from scratch: {name}", "value": secs, "unit": "s", "target": None}
              for name, secs in _phases(log1).items()]
    phases += [{"name": f"  nothing changed: {name}", "value": secs, "unit": "s", "target": None}
               for name, secs in _phases(log2).items()]
    return [
        {"name": "corpus files (text/HTML)", "value": files, "unit": "files", "target": None,
         "note": f"generated in {gen_s:.1f} s ({summary.units} units)"},
        {"name": "ingest from scratch", "value": scratch_s, "unit": "s", "target": target_s,
         "ok": rc1 == 0 and scratch_s <= target_s},
        {"name": "ingest rate", "value": files / scratch_s, "unit": "files/s", "target": round(rate, 1),
         "ok": files / scratch_s >= rate},
        {"name": "refresh, nothing changed", "value": again_s, "unit": "s", "target": 5.0, "ok": rc2 == 0 and again_s <= 5},
        *phases,
        {"name": "peak memory, process tree", "value": max(tree1, tree2) / mb, "unit": "MB", "target": 2048,
         "ok": max(tree1, tree2) <= 2048 * mb},
        {"name": "peak memory, largest process", "value": max(single1, single2) / mb, "unit": "MB", "target": None},
        {"name": "warehouse size", "value": db.stat().st_size / mb if db.exists() else 0.0, "unit": "MB", "target": None},
    ]
