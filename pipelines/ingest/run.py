"""One ingest or refresh run: lock, scan, hash what changed, parse what is new, build, publish.

Exit codes (for cron and systemd): 0 a warehouse was published, or nothing
changed and the published one stands; 1 nothing could be published (a
source folder is missing, the build failed); 2 bad config or registry;
75 (EX_TEMPFAIL) another run holds the lock and --no-wait was given.
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import signal
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipelines.ingest.pool import parse_files
from pipelines.ingest.progress import progress
from pipelines.ingest.scan import FileStat, parse_key, scan, sha256_file, under
from pipelines.ingest.worker import parser_version
from pipelines.units import RegistryError, load_registry
from warehouse import records
from warehouse.build import build_warehouse
from warehouse.cache import ParseCache
from warehouse.db import conflict_paths, published_runs, resolve_db
from warehouse.publish import Timeout, clean_stale, lock_for, next_path, publish

log = logging.getLogger("nianbao.ingest")

EXIT_OK, EXIT_FAILED, EXIT_CONFIG, EXIT_LOCKED = 0, 1, 2, 75
#: Points where NIANBAO_TEST_KILL_AT=<stage> SIGKILLs the run (crash-safety tests).
KILL_STAGES = ("after_scan", "after_hash", "mid_parse", "after_parse", "build_schema", "build_loaded",
               "build_views", "after_build", "publish_linked", "publish_prev", "publish_replaced",
               "after_publish", "after_manifest")
FLUSH_EVERY = 2000  # results per cache write; NIANBAO_TEST_FLUSH_EVERY lowers it so tests can
# kill a run after a write while the workers are still parsing (the mid_parse stage)
UNREADABLE = "unreadable-"  # prefix of the stand-in hash of a file that could not be read


def kill_hook(stage: str) -> None:
    """Test hook: die here, uncleanly, when NIANBAO_TEST_KILL_AT names this stage."""
    if os.environ.get("NIANBAO_TEST_KILL_AT") == stage:
        os.kill(os.getpid(), signal.SIGKILL)


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

    def lines(self, db: Path) -> list[str]:
        head = {"published": f"已发布 published {db}", "unchanged": f"无变化 nothing changed, {db} kept",
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


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)


def _setup_logging() -> None:
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(levelname)s %(message)s")


def _fingerprint(pv: str, registry: Path | None) -> str:
    """Everything besides the files that shapes the warehouse: parser, registry, build code."""
    h = hashlib.sha256(pv.encode())
    h.update(registry.read_bytes() if registry else b"no-registry")
    here = Path(__file__).resolve().parents[2]
    for f in sorted((here / "warehouse" / "sql").glob("*.sql")) + [here / "warehouse" / "labels.py",
                                                                  here / "warehouse" / "build.py",
                                                                  here / "pipelines" / "units.py"]:
        h.update(f.read_bytes())
    return h.hexdigest()


def default_cache_dir(db: Path) -> Path:
    """data/cache/<db stem>/ beside the warehouse."""
    return db.parent / "cache" / db.stem


def run(sources: list[Path], db: Path | None = None, registry: Path | None = None, jobs: int | None = None,
        wait: bool = False, exclusive: bool = False, cache_dir: Path | None = None, timeout: float = 60.0,
        memory_mb: int = 1536, force: bool = False, retry_rejected: bool = False) -> int:
    """Lock, then ingest `sources` into the warehouse `db`. See the module doc for exit codes.

    `exclusive`: the sources are the whole truth (refresh); otherwise files ingested earlier from
    other paths are kept while they exist (ingest). `force`: rebuild even when nothing changed.
    `retry_rejected`: parse again the files rejected earlier (rejections are cached by content like
    parsed reports; after installing LibreOffice or raising a limit they deserve another try)."""
    _setup_logging()
    db = resolve_db(db).absolute()
    db.parent.mkdir(parents=True, exist_ok=True)
    lock = lock_for(db)
    try:
        lock.acquire(timeout=-1 if wait else 0)
    except Timeout:
        msg = f"{db}: another ingest/refresh holds {lock.lock_file}; exiting (use --wait to wait for it)"
        log.error(msg)
        print(f"nianbao: {msg}", file=sys.stderr)
        return EXIT_LOCKED
    try:
        return _locked_run(sources, db, registry, jobs, exclusive, cache_dir or default_cache_dir(db), timeout,
                           memory_mb, force, retry_rejected)
    except Exception as err:  # noqa: BLE001 - schedulers need an exit code and a message, not a traceback
        log.exception("ingest failed")
        print(f"nianbao: 失败 failed: nothing published ({type(err).__name__}: {err})", file=sys.stderr)
        return EXIT_FAILED
    finally:
        lock.release()


def _locked_run(sources: list[Path], db: Path, registry_path: Path | None, jobs: int | None, exclusive: bool,
                cache_dir: Path, timeout: float, memory_mb: int, force: bool, retry_rejected: bool) -> int:
    started = _now()
    t_start = time.perf_counter()
    stats = RunStats()
    if registry_path is not None and not Path(registry_path).is_file():
        print(f"nianbao: {registry_path}: registry file not found", file=sys.stderr)
        return EXIT_CONFIG
    roots = [Path(s).absolute() for s in sources]
    missing = [str(r) for r in roots if not r.exists()]
    clean_stale(db)
    cache = ParseCache(cache_dir / "parsed.duckdb")
    other = cache.claim(db.name)
    if other is not None:
        cache.close()
        msg = (f"{cache_dir}: this parse cache belongs to the warehouse {db.parent / other}, not {db}; "
               "name the warehouse file differently, or give it its own cache_dir in nianbao.toml")
        log.error(msg)
        print(f"nianbao: {msg}", file=sys.stderr)
        return EXIT_CONFIG
    run_id = cache.next_run_id()
    if run_id == 1 and db.exists():  # a new or set-aside cache: keep the published run history
        history = published_runs(db)
        if history is not None and len(history):
            cache.add_runs(history)
            run_id = cache.next_run_id()
    if missing:
        stats.detail = f"source folder(s) not found: {', '.join(missing)}"
        return _fail(cache, stats, run_id, started, db)

    # -- scan and fingerprint: stat first, hash only what changed
    manifest = cache.manifest()
    unlisted: list[Path] = []  # folders that could not be listed: their files are unknown, not deleted

    def cannot_list(folder: str, err: OSError) -> None:
        log.warning("%s: cannot list folder (%s); its files are kept as last seen", folder, err.strerror or err)
        unlisted.append(Path(folder))

    current: dict[str, FileStat] = scan(roots, on_error=cannot_list)
    if unlisted:
        for path, (size, mtime_ns, _sha, _first) in manifest.items():
            if path not in current and under(path, unlisted):
                current[path] = FileStat(path, size, mtime_ns)
        stats.detail = "folders that could not be listed (their files kept as last seen): " + \
            ", ".join(map(str, unlisted))
    if not exclusive:
        for path, (size, mtime_ns, _sha, _first) in manifest.items():
            if path not in current and not under(path, roots) and os.path.isfile(path):
                st = os.stat(path)
                current[path] = FileStat(path, st.st_size, st.st_mtime_ns)
    kill_hook("after_scan")
    pv = parser_version()
    unreadable = records.empty()  # files that cannot even be hashed become rejected files
    rows = []
    touched: list[str] = []  # modification time or size changed, content the same
    for path in sorted(current):
        fs = current[path]
        old = manifest.get(path)
        # A stand-in hash (the file could not be read) is never reused: the file may be readable now.
        if old and old[0] == fs.size and old[1] == fs.mtime_ns and not old[2].startswith(UNREADABLE):
            sha = old[2]
        else:
            try:
                sha = sha256_file(path)
            except OSError as err:
                sha = UNREADABLE + hashlib.sha256(f"{path}|{fs.size}|{fs.mtime_ns}".encode()).hexdigest()[:40]
                records.merge(unreadable, records.rejection(parse_key(sha, path), pv, started, "unreadable",
                                                            f"{path}: cannot read file: {err.strerror or err}"))
        if old is None:
            stats.new += 1
        elif old[2] != sha:
            stats.changed += 1
        else:
            stats.unchanged += 1
            if (old[0], old[1]) != (fs.size, fs.mtime_ns):
                touched.append(path)
        rows.append((path, fs.size, fs.mtime_ns, sha, old[3] if old else started))
    files = pd.DataFrame(rows, columns=["path", "size", "mtime_ns", "sha256", "first_seen"])
    stats.seen = len(files)
    stats.deleted = sum(1 for p in manifest if p not in current)
    kill_hook("after_hash")
    log.info("scanned and fingerprinted %d files in %.1f s", len(files), time.perf_counter() - t_start)

    if retry_rejected:
        retried = cache.forget_rejected(pv, list(map(parse_key, files["sha256"], files["path"])))
        log.info("retrying %d file(s) rejected earlier", retried)
        force = force or retried > 0
    fingerprint = _fingerprint(pv, registry_path)
    if (not force and not stats.new and not stats.changed and not stats.deleted and db.exists()
            and cache.state("inputs") == fingerprint and not _touched_matter(touched, db)):
        stats.outcome = "unchanged"
        stats.rejected = int(cache.state("rejected") or 0)
        stats.conflicts = int(cache.state("conflicts") or 0)
        stats.reasons = json.loads(cache.state("reasons") or "{}")
        if touched:  # remember the new times, so these files are not hashed again next time
            cache.save_manifest(files, {}, _run_row(stats, run_id, started, _now()))
        else:
            cache.add_run(_run_row(stats, run_id, started, _now()))
        cache.close()
        _report(stats, db)
        return EXIT_OK

    try:  # read only when a build follows (normalising thousands of names takes a moment)
        registry = load_registry(registry_path)
        for warning in registry.warnings:
            log.warning("%s", warning)
    except (RegistryError, OSError) as err:
        log.error("%s", err)
        print(f"nianbao: {err}", file=sys.stderr)
        cache.close()
        return EXIT_CONFIG

    # -- parse every content not yet in the cache (one path per content and year named by the path)
    files["parse_key"] = list(map(parse_key, files["sha256"], files["path"]))
    cached = cache.cached(pv)
    fresh = [i for i, key in enumerate(unreadable["parsed"]["sha256"]) if key not in cached]
    if fresh:
        cache.add_results({"parsed": {c: [v[i] for i in fresh] for c, v in unreadable["parsed"].items()}})
        cached |= set(unreadable["parsed"]["sha256"])
    todo: dict[str, str] = {}
    for path, key in zip(files["path"], files["parse_key"]):  # one parse per key (content + year in path)
        if key not in cached and key not in todo:
            todo[key] = path
    items = [(path, key) for key, path in todo.items()]
    buffer: dict = {"rows": [], "n": 0, "flushes": 0}
    flush_every = int(os.environ.get("NIANBAO_TEST_FLUSH_EVERY") or FLUSH_EVERY)

    def flush() -> None:
        if buffer["n"]:
            cache.add_results(records.concat(buffer["rows"]))
            buffer["rows"], buffer["n"] = [], 0
            buffer["flushes"] += 1
            if buffer["flushes"] == 1:
                kill_hook("mid_parse")

    t_parse = time.perf_counter()
    with progress(len(items)) as advance:
        def on_result(part: records.Batch, n: int) -> None:
            buffer["rows"].append(part)
            buffer["n"] += part["parsed"].num_rows
            advance(n)
            if buffer["n"] >= flush_every:
                flush()

        parse_files(items, pv, started, on_result, jobs=jobs, timeout=timeout, memory_mb=memory_mb)
    flush()
    stats.parsed = len(items)
    log.info("parsed %d files in %.1f s", len(items), time.perf_counter() - t_parse)
    t_build = time.perf_counter()
    history = cache.runs()
    cache.close()
    kill_hook("after_parse")

    # -- build the next warehouse in a new file, then publish it by rename
    out = next_path(db)
    try:
        current_run = pd.DataFrame([_run_row(stats, run_id, started, _now(), outcome="published")])
        runs = pd.concat([history, current_run], ignore_index=True) if len(history) else current_run
        result = build_warehouse(out, cache_dir / "parsed.duckdb", files, registry, pv, runs, _now(),
                                 meta={"sources": "|".join(str(r) for r in roots)}, hook=kill_hook)
        kill_hook("after_build")
        publish(out, db, hook=kill_hook)
    except Exception as err:  # noqa: BLE001 - any build failure leaves the published warehouse untouched
        log.exception("build failed")
        out.unlink(missing_ok=True)
        stats.detail = f"build failed: {type(err).__name__}: {err}"
        return _fail(ParseCache(cache_dir / "parsed.duckdb"), stats, run_id, started, db)
    kill_hook("after_publish")
    log.info("built and published %s in %.1f s", db, time.perf_counter() - t_build)
    stats.rejected = result.counts["rejected_files"]
    stats.conflicts = result.counts["conflicts"]
    stats.reasons = result.rejected_by_reason
    stats.outcome = "published"
    try:
        _after_publish(cache_dir, pv, files, stats, fingerprint, _run_row(stats, run_id, started, _now()))
    except Exception as err:  # noqa: BLE001 - the warehouse is published; the next run redoes this
        log.exception("housekeeping after publishing failed")
        stats.detail = "; ".join(filter(None, [stats.detail, f"published; the housekeeping after it failed "
                                                f"({type(err).__name__}: {err}) and is left to the next run"]))
    _report(stats, db)
    return EXIT_OK


def _after_publish(cache_dir: Path, pv: str, files: pd.DataFrame, stats: RunStats, fingerprint: str,
                   run_row: dict) -> None:
    """Once the new warehouse is published: save the file list, state and run first (what the
    next run needs), then drop other parser versions' results and merge small parts. A failure
    here does not unpublish; what was not done is done by a later run."""
    cache = ParseCache(cache_dir / "parsed.duckdb")
    try:
        cache.save_manifest(files, {"inputs": fingerprint, "rejected": str(stats.rejected),
                                    "conflicts": str(stats.conflicts),
                                    "reasons": json.dumps(stats.reasons, sort_keys=True)}, run_row)
        kill_hook("after_manifest")
        pruned = cache.prune(pv)
        if pruned:
            log.info("dropped the cached results of %d files parsed by other parser versions", pruned)
        merged = cache.compact()
        if merged:
            log.info("merged %d small parse-cache parts into one", merged)
    finally:
        cache.close()


def _touched_matter(touched: list[str], db: Path) -> bool:
    """Whether a file whose content is unchanged but whose modification time changed needs a
    rebuild: its time decides which file of a unit-year is kept when it is in a conflict."""
    if not touched:
        return False
    paths = conflict_paths(db)
    return paths is None or not paths.isdisjoint(touched)


def _run_row(stats: RunStats, run_id: int, started: dt.datetime, finished: dt.datetime,
             outcome: str | None = None) -> dict:
    reasons = ", ".join(f"{k} {v}" for k, v in sorted(stats.reasons.items()))
    detail = "; ".join(filter(None, [stats.detail, reasons])) or None
    return {"run_id": run_id, "started": started, "finished": finished, "seen": stats.seen, "new": stats.new,
            "changed": stats.changed, "unchanged": stats.unchanged, "deleted": stats.deleted,
            "parsed": stats.parsed, "rejected": stats.rejected, "conflicts": stats.conflicts,
            "outcome": outcome or stats.outcome, "detail": detail}


def _fail(cache: ParseCache, stats: RunStats, run_id: int, started: dt.datetime, db: Path) -> int:
    stats.outcome = "failed"
    log.error("%s", stats.detail)
    cache.add_run(_run_row(stats, run_id, started, _now()))
    cache.close()
    _report(stats, db)
    return EXIT_FAILED


def _report(stats: RunStats, db: Path) -> None:
    for line in stats.lines(db):
        print(line)
    sys.stdout.flush()


__all__ = ["run", "RunStats", "KILL_STAGES", "EXIT_OK", "EXIT_FAILED", "EXIT_CONFIG", "EXIT_LOCKED"]
