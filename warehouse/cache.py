"""The parse cache and file manifest (beside the warehouse, never published).

Parsed results are keyed by (sha256, parser_version): unchanged content is
never parsed twice, whatever its path; their checks also by checks_version, so
that a new rule re-checks cached cells instead of parsing again.
`parsed.duckdb` holds one row per content (`parsed`) and per checked content
(`checked`); the cells, checks and warnings (about 250 rows per report) go to
Parquet parts, one per batch and table (`parts/<table>/<part>.parquet`):
writing them costs a quarter of inserting them into DuckDB, and the build
reads them as fast. A part is in place (written, synced, renamed) before the
transaction that names it commits, so a killed refresh leaves whole reports
or none; parts no row names are deleted later.
"""
from __future__ import annotations

import logging
import os
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb

from pipelines.errors import CacheBusy
from warehouse.db import insert_frame, run_script, sql_text
from warehouse.records import RESULT_COLUMNS, Batch, Rows, arrow_schema

if TYPE_CHECKING:  # pandas and pyarrow load when results are written or read, not for a run with nothing to do
    import pandas as pd
    import pyarrow as pa

log = logging.getLogger(__name__)

#: Result tables kept as Parquet parts (the rest of RESULT_COLUMNS, `parsed` and `checked`, are
#: DuckDB tables).
PART_TABLES: tuple[str, ...] = ("parsed_cells", "parsed_checks", "parsed_warnings")
#: Each part table's folder always holds this empty part, so that a build can read the folder
#: before anything was parsed.
EMPTY_PART = "empty"
#: A part with fewer contents than this is small (a refresh that changed a few files) ...
SMALL_PART = 500
#: ... and this many small parts are merged into one, so that years of daily refreshes do not
#: leave the build thousands of small files to read.
COMPACT_AT = 32


def parts_dir(cache_path: Path) -> Path:
    """Folder of the Parquet parts of the cache file `cache_path`."""
    return Path(cache_path).parent / "parts"


def part_files(cache_path: Path, table: str) -> list[str]:
    """Every part file of one result table (the empty part included), for read_parquet."""
    return sorted(str(f) for f in (parts_dir(cache_path) / table).glob("*.parquet"))


#: Columns of the parts with Parquet statistics: the keys the build and re-checks join on.
_STATISTICS = ("sha256", "parser_version", "checks_version", "part")

_LOCKED = "Could not set lock on file"  # DuckDB's message when another process has the file open


class ParseCache:
    """Read and write the cache file; one instance per refresh, under the lock."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.con = self._open()
        except duckdb.Error as err:  # a cache is only an accelerator: start afresh
            if _LOCKED in str(err):  # in use, not broken: setting it aside would lose it for nothing
                raise CacheBusy(f"{self.path}: the parse cache is open in another process; close that "
                                f"session (a read-only one counts) and run again ({err})") from err
            log.warning("%s: parse cache unusable (%s); starting a new one", self.path, err)
            bad = self.path.with_name(self.path.name + f".corrupt-{int(time.time())}")
            self.path.replace(bad)
            Path(str(self.path) + ".wal").unlink(missing_ok=True)
            self.con = self._open()
        self.parts = parts_dir(self.path)
        for table in PART_TABLES:
            empty = self.parts / table / f"{EMPTY_PART}.parquet"
            if not empty.exists():
                import pyarrow as pa

                self._write_part(pa.table({c: [] for c in RESULT_COLUMNS[table]} | {"part": []},
                                          schema=_part_schema(table)), empty)
        self._forget_missing_parts()

    def _open(self) -> duckdb.DuckDBPyConnection:
        """Connect with the cache's settings and tables; a cache in an older format is an error."""
        con = duckdb.connect(str(self.path))
        try:
            run_script(con, "ops/db:settings")
            run_script(con, "ops/parse_cache:settings")
            if run_script(con, "ops/parse_cache:old_format")[0][0]:
                raise duckdb.Error("written by an older nianbao (cells inside the database, or checks "
                                   "counted with the parse)")
            run_script(con, "cache")
        except duckdb.Error:
            con.close()
            raise
        return con

    def close(self) -> None:
        self.con.checkpoint()
        self.con.close()

    # ------------------------------------------------------------ manifest
    def manifest(self) -> dict[str, tuple[int, int, str, Any]]:
        """{path: (size, mtime_ns, sha256, first_seen)} of the last published run."""
        rows = run_script(self.con, "ops/parse_cache:manifest")
        return {p: (s, m, h, f) for p, s, m, h, f in rows}

    @contextmanager
    def _transaction(self, **frames: Any) -> Iterator[None]:
        """Register `frames` (DataFrames or Arrow tables, by the name the SQL uses) and run the
        body in one transaction: committed when it ends, rolled back if it fails."""
        for name, frame in frames.items():
            self.con.register(name, frame)
        self.con.begin()
        try:
            yield
        except BaseException:
            self.con.rollback()
            raise
        else:
            self.con.commit()
        finally:
            for name in frames:
                self.con.unregister(name)

    def save_manifest(self, files: pd.DataFrame, state: dict[str, str], run: dict[str, Any]) -> None:
        """Replace the manifest and state and append the run, in one transaction."""
        with self._transaction(files_df=files):
            run_script(self.con, "ops/parse_cache:save_manifest")
            for key, value in state.items():
                run_script(self.con, "ops/parse_cache:set_state", key=key, value=value)
            self.add_run(run)

    def claim(self, owner: str) -> str | None:
        """Make `owner` (a warehouse file name) the cache's owner unless another one is; returns
        that other owner. One cache serves one warehouse: its file list is that warehouse's."""
        current = self.state("owner")
        if current is not None and current != owner:
            return current
        if current is None:
            run_script(self.con, "ops/parse_cache:set_state", key="owner", value=owner)
        return None

    def state(self, key: str) -> str | None:
        rows = run_script(self.con, "ops/parse_cache:get_state", key=key)
        return rows[0][0] if rows else None

    # ------------------------------------------------------------ results
    def cached(self, parser_version: str) -> set[str]:
        """sha256 of every content parsed by this parser version."""
        return {r[0] for r in run_script(self.con, "ops/parse_cache:cached", pv=parser_version)}

    def forget_rejected(self, parser_version: str, keys: list[str]) -> int:
        """Drop the cached rejections of these parse keys (so they are parsed again); returns how many."""
        with self._transaction(retry_df=_strings("sha256", keys)):
            n = run_script(self.con, "ops/parse_cache:forget_rejected", pv=parser_version)[0][0]
        return int(n)

    def unchecked(self, parser_version: str, checks_version: str, keys: list[str]) -> pa.Table:
        """Of these parse keys, the contents parsed by this parser version whose checks of this
        checks version are not cached: (sha256, template, variant, meta_json, part)."""
        with self._transaction(keys_df=_strings("sha256", keys)):
            return self.con.sql(sql_text("ops/parse_cache:unchecked"),
                                params={"pv": parser_version, "cv": checks_version}).to_arrow_table()

    def cells_of(self, parser_version: str, want: pa.Table) -> pa.Table:
        """The cached cells of the contents `want` (sha256, part): see `cells_of`."""
        return cells_of(self.path, parser_version, want)

    def prune(self, parser_version: str, checks_version: str) -> int:
        """Delete the results of every other parser version and the checks of every other checks
        version, in one transaction; returns how many rows they were (0: nothing rewritten)."""
        n = int(run_script(self.con, "ops/parse_cache:other_versions", pv=parser_version, cv=checks_version)[0][0])
        if n:
            with self._transaction():
                run_script(self.con, "ops/parse_cache:prune", pv=parser_version, cv=checks_version)
        self.drop_unused_parts()
        return n

    def add_results(self, batch: Rows | Batch) -> None:
        """Store one batch of results atomically: Rows, or their Arrow tables (Rows.to_arrow,
        records.concat). The cells, checks and warnings become one Parquet part per table; the
        parsed rows name it."""
        import pyarrow as pa

        if isinstance(batch, Rows):
            batch = batch.to_arrow()
        part: str | None = None
        if batch["checked"].num_rows:  # rejections alone have no rows to keep
            part = _new_part_name()
            for table in PART_TABLES:  # every table, even without rows: a part is whole or missing
                rows = batch[table]
                rows = rows.append_column("part", pa.repeat(pa.scalar(part, pa.string()), rows.num_rows))
                self._write_part(rows, self.parts / table / f"{part}.parquet")
        with self._transaction(parsed_batch=batch["parsed"], checked_batch=batch["checked"]):
            run_script(self.con, "ops/parse_cache:insert_batch", part=part)

    @staticmethod
    def _write_part(rows: pa.Table, dest: Path) -> None:
        """Write a part durably under its final name (temporary file, fsync, rename)."""
        import pyarrow.parquet as pq

        dest.parent.mkdir(parents=True, exist_ok=True)
        tmp = dest.with_name(dest.name + ".tmp")
        # statistics only for the columns reads select on (the rest cost a fifth of the write)
        pq.write_table(rows, tmp, write_statistics=[c for c in _STATISTICS if c in rows.schema.names])
        _sync_rename(tmp, dest)

    def _forget_missing_parts(self) -> None:
        """Contents whose part is gone (deleted by hand, a lost disk write) are parsed again."""
        named = {r[0] for r in run_script(self.con, "ops/parse_cache:parts")}
        present = set.intersection(*({Path(f).stem for f in part_files(self.path, t)} for t in PART_TABLES))
        missing = sorted(named - present)
        if missing:
            log.warning("%s: %d parse-cache part(s) missing; their files will be parsed again", self.parts,
                        len(missing))
            self.con.register("missing_df", _strings("part", missing))
            run_script(self.con, "ops/parse_cache:forget_parts")
            self.con.unregister("missing_df")

    def compact(self) -> int:
        """Merge the small parts into one when there are COMPACT_AT of them; returns how many were
        merged. The merged part is complete (synced, renamed) before one transaction names it
        instead of the small ones; their files are deleted after."""
        small = sorted(p for p, n in run_script(self.con, "ops/parse_cache:part_sizes") if n < SMALL_PART)
        if len(small) < COMPACT_AT:
            return 0
        merged = _new_part_name()
        for table in PART_TABLES:
            dest = self.parts / table / f"{merged}.parquet"
            tmp = dest.with_name(dest.name + ".tmp")
            files = [str(self.parts / table / f"{p}.parquet") for p in small]
            self.con.sql(sql_text("ops/parse_cache:compact_select"), params={"files": files, "part": merged}) \
                .write_parquet(str(tmp))
            _sync_rename(tmp, dest)
        with self._transaction(merged_df=_strings("part", small)):
            run_script(self.con, "ops/parse_cache:rename_parts", part=merged)
        self.drop_unused_parts()
        return len(small)

    def tidy(self, parser_version: str, checks_version: str) -> None:
        """After a publish: drop other versions' results (prune), merge small parts (compact)."""
        pruned = self.prune(parser_version, checks_version)
        if pruned:
            log.info("dropped %d cached results of other parser or checks versions", pruned)
        merged = self.compact()
        if merged:
            log.info("merged %d small parse-cache parts into one", merged)

    def drop_unused_parts(self) -> int:
        """Delete the part files no parsed row names (other parser versions, killed runs)."""
        named = {r[0] for r in run_script(self.con, "ops/parse_cache:parts")} | {EMPTY_PART}
        dropped = 0
        for table in PART_TABLES:
            for f in (self.parts / table).glob("*.parquet*"):
                if f.name.endswith(".tmp") or f.stem not in named:
                    f.unlink(missing_ok=True)
                    dropped += 1
        return dropped

    # ------------------------------------------------------------ runs
    def next_run_id(self) -> int:
        return int(run_script(self.con, "ops/parse_cache:next_run")[0][0])

    def runs(self) -> pd.DataFrame:
        """Every recorded run (the ingest_runs history), oldest first."""
        return self.con.execute(sql_text("ops/parse_cache:runs")).df()

    def add_run(self, run: dict[str, Any]) -> None:
        """Record one run (also runs that published nothing)."""
        run_script(self.con, "ops/parse_cache:add_run", **{c: run.get(c) for c in RUN_COLUMNS})

    def record_runs(self, runs: list[dict[str, Any]], state: dict[str, str]) -> None:
        """Record runs (dicts of RUN_COLUMNS) and set state keys, in one transaction."""
        with self._transaction():
            for run in runs:
                self.add_run(run)
            for key, value in state.items():
                run_script(self.con, "ops/parse_cache:set_state", key=key, value=value)

    def add_runs(self, runs: pd.DataFrame) -> None:
        """Record runs (columns RUN_COLUMNS), e.g. the history of a published warehouse."""
        insert_frame(self.con, "runs", runs[list(RUN_COLUMNS)])


def cells_of(cache_path: Path, parser_version: str, want: pa.Table) -> pa.Table:
    """The cached cells of the contents `want` (Arrow: sha256, part) of the cache file
    `cache_path`, grouped by content, each content's in the order the parse wrote them (sha256,
    table_name, row_code, column_code, value, state, raw). Read from the Parquet parts with a
    DuckDB connection of its own (in memory, one thread), so that re-check workers read in
    parallel while the refresh holds the cache file."""
    parts = sorted(set(want.column("part").to_pylist()))
    files = [str(parts_dir(cache_path) / "parsed_cells" / f"{p}.parquet") for p in parts]
    con = duckdb.connect()
    try:
        run_script(con, "ops/parse_cache:settings")
        con.register("want_df", want.select(["sha256", "part"]))
        return con.sql(sql_text("ops/parse_cache:cells_of"), params={"files": files, "pv": parser_version}) \
            .to_arrow_table()
    finally:
        con.close()


def _new_part_name() -> str:
    """A part name that sorts by creation time and never repeats."""
    return f"{time.time_ns():x}-{uuid.uuid4().hex[:8]}"


def _sync_rename(tmp: Path, dest: Path) -> None:
    """Put a written file in place durably: fsync, then rename over `dest`."""
    fd = os.open(tmp, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
    os.replace(tmp, dest)


def _part_schema(table: str) -> pa.Schema:
    import pyarrow as pa

    return arrow_schema(table).append(pa.field("part", pa.string()))


def _strings(column: str, values: list[str]) -> pa.Table:
    """A one-column Arrow table of strings, to register for a query."""
    import pyarrow as pa

    return pa.table({column: pa.array(list(values), pa.string())})


RUN_COLUMNS = ("run_id", "started", "finished", "seen", "new", "changed", "unchanged", "deleted", "parsed",
               "rejected", "conflicts", "outcome", "detail")
