"""The parse cache and file manifest (a DuckDB file beside the warehouse, never published).

Parsed results are keyed by (sha256, parser_version): unchanged content is
never parsed twice, whatever its path. Each batch is written in one
transaction, so a killed refresh leaves whole reports or none.
"""
from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd
import pyarrow as pa

from warehouse.db import run_script, sql_text
from warehouse.records import RESULT_COLUMNS, Batch, Columns, to_arrow

log = logging.getLogger(__name__)


class ParseCache:
    """Read and write the cache file; one instance per refresh, under the lock."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = duckdb.connect(str(self.path))
            run_script(self.con, "ops/settings")
            run_script(self.con, "ops/cache_settings")
            run_script(self.con, "cache")
        except duckdb.Error as err:  # a cache is only an accelerator: start afresh
            log.warning("%s: parse cache unusable (%s); starting a new one", self.path, err)
            bad = self.path.with_name(self.path.name + f".corrupt-{int(time.time())}")
            self.path.replace(bad)
            Path(str(self.path) + ".wal").unlink(missing_ok=True)
            self.con = duckdb.connect(str(self.path))
            run_script(self.con, "cache")

    def close(self) -> None:
        run_script(self.con, "ops/checkpoint")
        self.con.close()

    # ------------------------------------------------------------ manifest
    def manifest(self) -> dict[str, tuple[int, int, str, Any]]:
        """{path: (size, mtime_ns, sha256, first_seen)} of the last published run."""
        rows = run_script(self.con, "ops/cache_manifest")
        return {p: (s, m, h, f) for p, s, m, h, f in rows}

    def save_manifest(self, files: pd.DataFrame, state: dict[str, str], run: dict[str, Any]) -> None:
        """Replace the manifest and state and append the run, in one transaction."""
        run_script(self.con, "ops/begin")
        self.con.register("files_df", files)
        run_script(self.con, "ops/cache_save_manifest")
        self.con.unregister("files_df")
        for key, value in state.items():
            run_script(self.con, "ops/cache_set_state", key=key, value=value)
        self.add_run(run)
        run_script(self.con, "ops/commit")

    def state(self, key: str) -> str | None:
        rows = run_script(self.con, "ops/cache_get_state", key=key)
        return rows[0][0] if rows else None

    # ------------------------------------------------------------ results
    def cached(self, parser_version: str) -> set[str]:
        """sha256 of every content parsed by this parser version."""
        return {r[0] for r in run_script(self.con, "ops/cache_cached", pv=parser_version)}

    def forget_rejected(self, parser_version: str, shas: list[str]) -> int:
        """Drop the cached rejections of these contents (so they are parsed again); returns how many."""
        self.con.register("retry_df", pd.DataFrame({"sha256": list(shas)}, dtype="string"))
        run_script(self.con, "ops/begin")
        n = run_script(self.con, "ops/cache_forget_rejected", pv=parser_version)[0][0]
        run_script(self.con, "ops/commit")
        self.con.unregister("retry_df")
        return int(n)

    def prune(self, parser_version: str) -> int:
        """Delete the results of every other parser version, in one transaction; returns how many
        files they covered (0: nothing to do, nothing rewritten)."""
        n = int(run_script(self.con, "ops/cache_other_versions", pv=parser_version)[0][0])
        if n:
            run_script(self.con, "ops/begin")
            run_script(self.con, "ops/cache_prune", pv=parser_version)
            run_script(self.con, "ops/commit")
        return n

    def add_results(self, batch: Columns | Batch) -> None:
        """Insert one batch of worker results atomically: column lists per table, or Arrow tables
        (records.to_arrow / records.concat)."""
        if not all(isinstance(batch.get(t), pa.Table) for t in RESULT_COLUMNS):
            batch = to_arrow(batch)
        for table in RESULT_COLUMNS:
            self.con.register(f"{table}_batch", batch[table])
        run_script(self.con, "ops/begin")
        run_script(self.con, "ops/cache_insert_batch")
        run_script(self.con, "ops/commit")
        for table in RESULT_COLUMNS:
            self.con.unregister(f"{table}_batch")

    # ------------------------------------------------------------ runs
    def next_run_id(self) -> int:
        return int(run_script(self.con, "ops/cache_next_run")[0][0])

    def runs(self) -> pd.DataFrame:
        """Every recorded run (the ingest_runs history), oldest first."""
        return self.con.execute(sql_text("ops/cache_runs")).df()

    def add_run(self, run: dict[str, Any]) -> None:
        """Record one run (also runs that published nothing)."""
        self.con.register("run_df", pd.DataFrame([{c: run.get(c) for c in RUN_COLUMNS}]))
        run_script(self.con, "ops/cache_add_run")
        self.con.unregister("run_df")


RUN_COLUMNS = ("run_id", "started", "finished", "seen", "new", "changed", "unchanged", "deleted", "parsed",
               "rejected", "conflicts", "outcome", "detail")
