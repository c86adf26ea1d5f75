"""Build and publish a warehouse straight from Report objects (tests, notebooks, fixtures).

The same path as an ingest, minus the files: reports become cache rows
(records.py), the cache is bulk-inserted via Arrow and the warehouse is built
by build.py and published atomically.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import tempfile
from pathlib import Path
from typing import Iterable

import pandas as pd

from pipelines.model import Report, ReportError
from pipelines.units import Registry, load_registry
from warehouse import records
from warehouse.build import BuildResult, build_warehouse
from warehouse.cache import ParseCache
from warehouse.publish import lock_for, next_path, publish

LOAD_VERSION = "load_reports"


def _sha(obj: object) -> str:
    return hashlib.sha256(json.dumps(obj, ensure_ascii=False, sort_keys=True, default=str).encode()).hexdigest()


def load_reports(reports: Iterable[Report], db: str | Path, registry: Registry | str | Path | None = None,
                 rejected: Iterable[ReportError] = (), now: dt.datetime | None = None) -> BuildResult:
    """Publish a warehouse at `db` holding `reports` (and `rejected` as rejected files).

    A report's `source` is its path; two reports of one unit-year are resolved by the
    conflict rule (later in the list counts as newer)."""
    now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    reg = registry if isinstance(registry, Registry) else load_registry(registry)
    db = Path(db)
    batch = records.Rows()
    files: list[tuple[str, str, int, dt.datetime]] = []
    seen: set[str] = set()
    for report in reports:
        sha = _sha(report.to_json())
        if sha not in seen:  # identical content is cached once, as an ingest does
            batch.report(report, sha, LOAD_VERSION, now, LOAD_VERSION)
            seen.add(sha)
        files.append((report.source, sha, len(files), now))
    for err in rejected:
        sha = _sha([err.path, err.reason, err.detail])
        if sha not in seen:
            batch.rejection(sha, LOAD_VERSION, now, err.reason, str(err))
            seen.add(sha)
        files.append((err.path, sha, len(files), now))
    frame = pd.DataFrame(files, columns=["path", "sha256", "mtime_ns", "first_seen"])
    frame["parse_key"] = frame["sha256"]  # the reports are already parsed: one result per content
    frame = frame.drop_duplicates("path", keep="last")
    with tempfile.TemporaryDirectory(prefix="nianbao-load-") as tmp:
        cache = ParseCache(Path(tmp) / "parsed.duckdb")
        cache.add_results(batch)
        cache.close()
        runs = pd.DataFrame([{"run_id": 1, "started": now, "finished": now, "seen": len(frame), "new": len(frame),
                              "changed": 0, "unchanged": 0, "deleted": 0, "parsed": len(frame),
                              "rejected": batch.cols["parsed"]["ok"].count(False), "conflicts": 0,
                              "outcome": "published", "detail": "load_reports"}])
        db.parent.mkdir(parents=True, exist_ok=True)
        with lock_for(db):  # the same lock as ingest/refresh: one writer per warehouse
            out = next_path(db)
            result = build_warehouse(out, Path(tmp) / "parsed.duckdb", frame, reg, LOAD_VERSION, LOAD_VERSION, runs,
                                     now)
            publish(out, db)
    return result

