"""The run history: one row per ingest or refresh run (`ingest_runs`), however the run ends.

A run that holds the lock and its parse cache records its row in the cache (`runs`), from
where each build copies the history into the warehouse. A run stopped before that (another
run holds the lock, a config that cannot be used, the parse cache open in another process or
serving another warehouse) may not write the cache: it appends one line to the early-exit
journal beside it instead (`early-exits.jsonl`; one O_APPEND write of one line, safe without
the lock), and the next run that holds the cache folds the lines it has not folded yet into
the history, with the same columns (nothing counted, outcome `failed`, the error as detail).
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pipelines.errors import IngestError

if TYPE_CHECKING:
    from warehouse.cache import ParseCache

log = logging.getLogger("nianbao.ingest")

#: The early-exit journal, in the cache folder (beside parsed.duckdb).
JOURNAL = "early-exits.jsonl"
#: The cache state that says how far the journal was folded: "<inode>:<bytes>".
FOLDED = "early_exits_folded"


def default_cache_dir(db: Path) -> Path:
    """data/cache/<db stem>/ beside the warehouse: its parse cache and early-exit journal."""
    return db.parent / "cache" / db.stem


def now() -> dt.datetime:
    """The time a run records (UTC, whole seconds, naive as the tables store it)."""
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


@dataclass
class RunStats:
    """Counts of one run (the end summary and the ingest_runs row)."""

    seen: int = 0
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    deleted: int = 0
    parsed: int = 0
    rejected: int = 0
    conflicts: int = 0
    reasons: dict[str, int] = field(default_factory=dict)
    outcome: str = "failed"
    detail: str = ""
    db: Path | None = None

    def lines(self) -> list[str]:
        """The run's summary, as the command line prints it."""
        head = {"published": f"已发布 published {self.db}", "unchanged": f"无变化 nothing changed, {self.db} kept",
                "failed": "失败 failed: nothing published"}[self.outcome]
        out = [f"nianbao: {head}",
               f"  seen {self.seen}  new {self.new}  changed {self.changed}  unchanged {self.unchanged}"
               f"  deleted {self.deleted}  parsed {self.parsed}",
               f"  rejected {self.rejected}" + (": " + ", ".join(f"{k} {v}" for k, v in sorted(self.reasons.items()))
                                                  if self.reasons else ""),
               f"  conflicts {self.conflicts}"]
        if self.detail:
            out.append(f"  {self.detail}")
        return out

    def row(self, run_id: int, started: dt.datetime, outcome: str | None = None) -> dict[str, Any]:
        """The run's row of `runs` / ingest_runs (warehouse.cache.RUN_COLUMNS), finished now."""
        reasons = ", ".join(f"{k} {v}" for k, v in sorted(self.reasons.items()))
        detail = "; ".join(filter(None, [self.detail, reasons])) or None
        return {"run_id": run_id, "started": started, "finished": now(), "seen": self.seen, "new": self.new,
                "changed": self.changed, "unchanged": self.unchanged, "deleted": self.deleted,
                "parsed": self.parsed, "rejected": self.rejected, "conflicts": self.conflicts,
                "outcome": outcome or self.outcome, "detail": detail}


def record_early_exit(cache_dir: Path, started: dt.datetime, err: BaseException) -> None:
    """Append the row of a run stopped before it held its cache to the journal in `cache_dir`
    (created if need be). A journal that cannot be written is logged; the run's own error
    goes on to the caller either way."""
    detail = str(err) if isinstance(err, IngestError) else f"{type(err).__name__}: {err}"
    line = json.dumps({"started": started.isoformat(), "finished": now().isoformat(), "detail": detail},
                      ensure_ascii=False) + "\n"
    path = Path(cache_dir) / JOURNAL
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
        try:
            os.write(fd, line.encode("utf-8"))  # one write of one line: lines of concurrent runs never mix
        finally:
            os.close(fd)
    except OSError as io:
        log.warning("%s: cannot record this run in the early-exit journal (%s)", path, io)


def fold_early_exits(cache: ParseCache) -> int:
    """Add the journal's lines not folded yet to the cache's runs (numbered after the runs it has),
    together with how far the journal is folded, in one transaction; returns how many."""
    path = cache.path.parent / JOURNAL
    try:
        with path.open("rb") as fh:
            st = os.fstat(fh.fileno())
            inode, _, offset = (cache.state(FOLDED) or "").partition(":")
            # a new journal (deleted, replaced or cut short by hand) is read from its start
            start = int(offset) if inode == str(st.st_ino) and offset.isdigit() and int(offset) <= st.st_size else 0
            fh.seek(start)
            data = fh.read()
    except FileNotFoundError:
        return 0
    end = data.rfind(b"\n") + 1  # a line still being written waits for the next run
    if end == 0:
        return 0
    rows: list[dict[str, Any]] = []
    run_id = cache.next_run_id()
    for n, raw in enumerate(data[:end].splitlines(), 1):
        try:
            entry = json.loads(raw)
            started = dt.datetime.fromisoformat(entry["started"])
            finished = dt.datetime.fromisoformat(entry["finished"])
            detail = str(entry["detail"])
        except (ValueError, KeyError, TypeError) as err:
            log.warning("%s: line %d after byte %d is not an early exit (%s); skipped", path, n, start, err)
            continue
        rows.append(RunStats(detail=detail).row(run_id + len(rows), started) | {"finished": finished})
    cache.record_runs(rows, {FOLDED: f"{st.st_ino}:{start + end}"})
    if rows:
        log.info("recorded %d run(s) stopped early (from %s)", len(rows), path)
    return len(rows)
