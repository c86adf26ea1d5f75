"""Build a complete warehouse file from the parse cache (bulk SQL, no row-by-row inserts).

The caller hands over the current file manifest, the registry and the run's
counts; everything else is read from the cache with set-based SQL
(sql/build.sql, sql/cross_year.sql) and the views are created last
(sql/views.sql). The output is a new file, never the published one.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass, field
from pathlib import Path, PurePath
from typing import Callable

import duckdb
import pandas as pd

from pipelines.parser.header import path_year
from pipelines.template import RULE_TOLERANCE
from pipelines.units import UNKNOWN_AREA, Registry, Unit
from warehouse.cache import PART_TABLES, part_files
from warehouse.db import insert_frame, run_script
from warehouse.labels import small_tables
from warehouse.summaries import derive as derive_summaries

SCHEMA_VERSION = "1"
#: Tables whose row counts are written to meta (readers can verify a complete file).
COUNTED = ("units", "reports", "requests", "review_litigation", "proactive", "checks", "warnings",
           "rejected_files", "conflicts")


@dataclass
class BuildResult:
    """What the build loaded, for the run summary."""

    counts: dict[str, int] = field(default_factory=dict)
    rejected_by_reason: dict[str, int] = field(default_factory=dict)


#: Oldest DuckDB release that can read the published warehouse.
STORAGE_VERSION = "v1.4.0"


def path_attribution(path: str, registry: Registry) -> tuple[str | None, int | None]:
    """Unit and year named by a file's path: a registered unit name among the folder
    names or the file stem (year removed), and the year a parse reads from the path
    (pipelines.parser.header.path_year)."""
    p = PurePath(path)
    year = path_year(path)
    unit_id = None
    stem_name = re.sub(r"[_\-\s]*20\d\d.*$", "", p.stem)
    for part in (stem_name, *reversed(p.parts[:-1])):
        unit = registry.match(part)
        if unit is not None:
            unit_id = unit.unit_id
            break
    return unit_id, year


def _unit_tables(con: duckdb.DuckDBPyConnection, registry: Registry, pv: str) -> None:
    """Match printed names to units; register unit_map, units_df and rej_attr."""
    printed = [r[0] for r in run_script(con, "ops/build_steps:printed_names", pv=pv)]
    units: dict[str, Unit] = dict(registry.units)
    mapping: list[tuple[str, str]] = []
    for name in printed:
        unit = registry.resolve(name)
        units.setdefault(unit.unit_id, unit)
        mapping.append((name, unit.unit_id))
    unit_map = pd.DataFrame(mapping, columns=["printed", "unit_id"])
    rejected = run_script(con, "ops/build_steps:rejected_parses", pv=pv)
    attr: list[tuple[str, str | None, int | None, str | None]] = []
    for path, unit_name, year in rejected:
        unit_id = registry.resolve(unit_name).unit_id if unit_name else None
        if unit_name and unit_id not in units:
            units[unit_id] = registry.resolve(unit_name)
        by = "report" if (unit_id or year) else None
        if unit_id is None or year is None:
            p_unit, p_year = path_attribution(path, registry)
            if (unit_id is None and p_unit) or (year is None and p_year):
                by = "path" if by is None else "report+path"
            unit_id, year = unit_id or p_unit, year or p_year
        attr.append((path, unit_id, year, by))
    units_df = pd.DataFrame(
        [(u.unit_id, u.name, "|".join(u.aliases) or None, u.parent, u.kind,
          u.area if u.registered else UNKNOWN_AREA, u.registered) for u in sorted(units.values(), key=lambda u: u.unit_id)],
        columns=["unit_id", "name", "aliases", "parent", "kind", "area", "registered"])
    con.register("unit_map_df", unit_map)
    con.register("rej_attr_df", pd.DataFrame(attr, columns=["path", "unit_id", "year", "attributed_by"]).astype({"year": "Int32"}))
    con.register("units_df", units_df)
    run_script(con, "ops/build_steps:stage_units")


def build_warehouse(out: Path, cache_path: Path, files: pd.DataFrame, registry: Registry, parser_version: str,
                    checks_version: str, runs: pd.DataFrame, now: dt.datetime, meta: dict[str, str] | None = None,
                    hook: Callable[[str], None] = lambda stage: None) -> BuildResult:
    """Write a complete warehouse to `out` (which must not exist) and close it, checkpointed.

    `files`: the current manifest (path, sha256, mtime_ns, first_seen, and parse_key: the cache
    key of the file's parse, see pipelines.ingest.scan.parse_key); `runs`: ingest_runs rows
    including the current run. `hook(stage)` is called between stages (tests kill there).
    """
    if out.exists():
        out.unlink()
    # Written in the v1.4 storage format so that analysts' DuckDB CLIs and
    # drivers from 1.4 on (not only the exact version that built it) can open it.
    con = duckdb.connect(str(out), config={"storage_compatibility_version": STORAGE_VERSION})
    try:
        run_script(con, "ops/db:settings")
        run_script(con, "schema")
        for name, frame in small_tables().items():
            insert_frame(con, name, frame)
        hook("build_schema")
        con.register("cur_files_df", files[["path", "sha256", "mtime_ns", "first_seen", "parse_key"]])
        run_script(con, "ops/build_steps:stage_files", path=str(cache_path))
        _unit_tables(con, registry, parser_version)
        run_script(con, "build", pv=parser_version, cv=checks_version, now=now,
                   **{t.removeprefix("parsed_"): part_files(cache_path, t) for t in PART_TABLES})
        hook("build_loaded")
        run_script(con, "cross_year", tol=RULE_TOLERANCE)
        insert_frame(con, "ingest_runs", runs)
        if len(runs):
            run_script(con, "runs", run_id=int(runs["run_id"].max()))
        derive_summaries(con)  # the dashboard's summary tables (warehouse/summaries.py), read by the views
        run_script(con, "views")
        result = BuildResult()
        counts = {name: int(n) for name, n in run_script(con, "ops/build_steps:counts")}
        synthetic = counts.pop("synthetic_reports")
        result.counts = {t: counts[t] for t in COUNTED}
        result.rejected_by_reason = dict(run_script(con, "ops/build_steps:rejected_by_reason"))
        info = {
            "built_at": now.isoformat(timespec="seconds"),
            "parser_version": parser_version,
            "checks_version": checks_version,
            "schema_version": SCHEMA_VERSION,
            "synthetic": "true" if synthetic else "false",
            "synthetic_reports": str(synthetic),
            **{f"rows.{t}": str(n) for t, n in result.counts.items()},
            **(meta or {}),
        }
        insert_frame(con, "meta", pd.DataFrame(sorted(info.items()), columns=["key", "value"]))
        hook("build_views")
        con.checkpoint()
    finally:
        con.close()
    fd = os.open(out, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    return result

