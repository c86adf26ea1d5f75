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

from warehouse.db import run_script
from warehouse.records import RESULT_COLUMNS

log = logging.getLogger(__name__)

_TYPES: dict[str, pa.DataType] = {
    "ok": pa.bool_(), "synthetic": pa.bool_(), "passed": pa.bool_(), "year": pa.int32(), "n_failed": pa.int32(),
    "value": pa.float64(), "expected": pa.float64(), "actual": pa.float64(), "parsed_at": pa.timestamp("us"),
}


def _schema(table: str) -> pa.Schema:
    return pa.schema([(c, _TYPES.get(c, pa.string())) for c in RESULT_COLUMNS[table]])


class ParseCache:
    """Read and write the cache file; one instance per refresh, under the lock."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = duckdb.connect(str(self.path))
            run_script(self.con, "cache")
        except duckdb.Error as err:  # a cache is only an accelerator: start afresh
            log.warning("%s: parse cache unusable (%s); starting a new one", self.path, err)
            bad = self.path.with_name(self.path.name + f".corrupt-{int(time.time())}")
            self.path.replace(bad)
            Path(str(self.path) + ".wal").unlink(missing_ok=True)
            self.con = duckdb.connect(str(self.path))
            run_script(self.con, "cache")

    def close(self) -> None:
        self.con.execute("CHECKPOINT")
        self.con.close()

    # ------------------------------------------------------------ manifest
    def manifest(self) -> dict[str, tuple[int, int, str, Any]]:
        """{path: (size, mtime_ns, sha256, first_seen)} of the last published run."""
        rows = self.con.execute("SELECT path, size, mtime_ns, sha256, first_seen FROM files").fetchall()
        return {p: (s, m, h, f) for p, s, m, h, f in rows}

    def save_manifest(self, files: pd.DataFrame, state: dict[str, str], run: dict[str, Any]) -> None:
        """Replace the manifest and state and append the run, in one transaction."""
        self.con.execute("BEGIN")
        self.con.execute("DELETE FROM files")
        self.con.register("files_df", files[["path", "size", "mtime_ns", "sha256", "first_seen"]])
        self.con.execute("INSERT INTO files SELECT * FROM files_df")
        self.con.unregister("files_df")
        for key, value in state.items():
            self.con.execute("INSERT OR REPLACE INTO state VALUES (?, ?)", [key, value])
        self._insert_run(run)
        self.con.execute("COMMIT")

    def state(self, key: str) -> str | None:
        row = self.con.execute("SELECT value FROM state WHERE key = ?", [key]).fetchone()
        return row[0] if row else None

    # ------------------------------------------------------------ results
    def cached(self, parser_version: str) -> set[str]:
        """sha256 of every content parsed by this parser version."""
        rows = self.con.execute("SELECT sha256 FROM parsed WHERE parser_version = ?", [parser_version]).fetchall()
        return {r[0] for r in rows}

    def add_results(self, batch: dict[str, dict[str, list]]) -> None:
        """Insert one batch of worker results (columnar lists per table) atomically."""
        self.con.execute("BEGIN")
        for table, columns in batch.items():
            if not columns or not columns[RESULT_COLUMNS[table][0]]:
                continue
            arrow = pa.table({c: columns[c] for c in RESULT_COLUMNS[table]}, schema=_schema(table))
            self.con.register("batch_tbl", arrow)
            self.con.execute(f'INSERT INTO {table} SELECT * FROM batch_tbl')  # table: a fixed name above
            self.con.unregister("batch_tbl")
        self.con.execute("COMMIT")

    # ------------------------------------------------------------ runs
    def next_run_id(self) -> int:
        return int(self.con.execute("SELECT coalesce(max(run_id), 0) + 1 FROM runs").fetchone()[0])

    def runs(self) -> pd.DataFrame:
        """Every recorded run (the ingest_runs history), oldest first."""
        return self.con.execute("SELECT * FROM runs ORDER BY run_id").df()

    def add_run(self, run: dict[str, Any]) -> None:
        self._insert_run(run)

    def _insert_run(self, run: dict[str, Any]) -> None:
        cols = ("run_id", "started", "finished", "seen", "new", "changed", "unchanged", "deleted", "parsed",
                "rejected", "conflicts", "outcome", "detail")
        self.con.execute(f"INSERT INTO runs VALUES ({', '.join('?' * len(cols))})", [run.get(c) for c in cols])

