"""One ingest or refresh run: lock, scan, hash what changed, parse what is new, check, build, publish.

`run` returns the run's counts (RunStats) or raises a typed error (pipelines.errors); the
command line turns both into a summary, a message and an exit code. Every way a run ends is
a row of `ingest_runs` (pipelines/ingest/history.py): once it holds the lock and its own
parse cache, written there (published, nothing changed, or any error); stopped before that
(another run holds the lock, the cache open elsewhere or belonging to another warehouse, a
bad config: see run_refresh), through the early-exit journal beside the cache.
"""
from __future__ import annotations

import datetime as dt
import json
import logging
import os
import signal
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pipelines.errors import BuildFailed, CacheOwnedByOther, IngestError, Locked, RegistryError, SourceMissing
from pipelines.ingest.history import RunStats, default_cache_dir, fold_early_exits, now, record_early_exit
from pipelines.ingest.pool import default_jobs, parse_into
from pipelines.ingest.recheck import recheck
from pipelines.ingest.scan import FileStat, fingerprint, parse_key, scan, sha256_file, under
from pipelines.ingest.versions import build_fingerprint, checks_version, parser_version
from pipelines.units import Registry, load_registry
from warehouse import records
from warehouse.cache import ParseCache
from warehouse.db import conflict_paths, published_runs, resolve_db
from warehouse.publish import Timeout, clean_stale, lock_for, next_path, publish

if TYPE_CHECKING:
    import pandas as pd

    from warehouse.build import BuildResult

log = logging.getLogger("nianbao.ingest")

#: Points where NIANBAO_TEST_KILL_AT=<stage> SIGKILLs the run (crash-safety tests).
KILL_STAGES = ("after_scan", "after_hash", "mid_parse", "after_parse", "build_schema", "build_loaded",
               "build_views", "after_build", "publish_linked", "publish_prev", "publish_replaced",
               "after_publish", "after_manifest")
FLUSH_EVERY = 2000  # results per cache write; NIANBAO_TEST_FLUSH_EVERY lowers it so tests can
# kill a run after a write while the workers are still parsing (the mid_parse stage)


def kill_hook(stage: str) -> None:
    """Test hook: die here, uncleanly, when NIANBAO_TEST_KILL_AT names this stage."""
    if os.environ.get("NIANBAO_TEST_KILL_AT") == stage:
        os.kill(os.getpid(), signal.SIGKILL)


@dataclass(frozen=True)
class Options:
    """What one run is asked to do (see `run`)."""

    sources: list[Path]
    db: Path
    registry: Path | None
    jobs: int | None
    exclusive: bool
    cache_dir: Path
    timeout: float
    memory_mb: int
    force: bool
    retry_rejected: bool


def build_warehouse(*args, **kwargs) -> BuildResult:  # noqa: ANN002, ANN003
    """warehouse.build.build_warehouse, loaded when a build follows: pandas alone takes longer to
    import than a no-change refresh of 140,000 files should (the bench's 5 s)."""
    from warehouse.build import build_warehouse as build

    return build(*args, **kwargs)


def _setup_logging() -> None:
    if not logging.getLogger().handlers:
        logging.basicConfig(level=logging.INFO, stream=sys.stderr, format="%(asctime)s %(levelname)s %(message)s")


def run(sources: list[Path], db: Path | None = None, registry: Path | None = None, jobs: int | None = None,
        wait: bool = False, exclusive: bool = False, cache_dir: Path | None = None, timeout: float = 60.0,
        memory_mb: int = 1536, force: bool = False, retry_rejected: bool = False) -> RunStats:
    """Lock, then ingest `sources` into the warehouse `db`; the run's counts, or a typed error.

    `exclusive`: the sources are the whole truth (refresh); otherwise files ingested earlier from
    other paths are kept while they exist (ingest). `force`: rebuild even when nothing changed.
    `retry_rejected`: parse again the files rejected earlier (rejections are cached by content like
    parsed reports; after installing LibreOffice or raising a limit they deserve another try)."""
    _setup_logging()
    started = now()
    db = resolve_db(db).absolute()
    db.parent.mkdir(parents=True, exist_ok=True)
    cache_dir = cache_dir or default_cache_dir(db)
    lock = lock_for(db)
    try:
        lock.acquire(timeout=-1 if wait else 0)
    except Timeout:
        err = Locked(f"{db}: another ingest/refresh holds {lock.lock_file}; exiting (use --wait to wait for it)")
        record_early_exit(cache_dir, started, err)
        raise err from None
    try:
        opts = Options([Path(s).absolute() for s in sources], db, Path(registry) if registry else None, jobs,
                       exclusive, cache_dir, timeout, memory_mb, force, retry_rejected)
        return _Run(opts, started).execute()
    finally:
        lock.release()


class _Run:
    """The steps of one run under the lock, in order (see `execute`)."""

    def __init__(self, opts: Options, started: dt.datetime) -> None:
        self.opts = opts
        self.started = started
        self.t_start = time.perf_counter()
        self.stats = RunStats(db=opts.db)
        self.pv = parser_version()
        self.cv = checks_version()
        self.cache_path = opts.cache_dir / "parsed.duckdb"
        self.cache: ParseCache | None = None
        self.run_id = 0
        self.rows: list[tuple] = []  # the current files (path, size, mtime_ns, sha256, first_seen)
        self._files: pd.DataFrame | None = None
        self.touched: list[str] = []  # modification time or size changed, content the same
        self.unreadable: list[tuple[str, str]] = []  # (key, why) of files that cannot even be hashed
        self.fingerprint = ""

    def execute(self) -> RunStats:
        """Open the cache, then scan, hash, and either keep the published warehouse (nothing
        changed) or parse, check, build and publish; every ending is recorded (module doc)."""
        try:
            self._open_cache()
        except BaseException as err:
            record_early_exit(self.opts.cache_dir, self.started, err)
            raise
        try:
            self._check_sources()
            self._scan()
            kill_hook("after_scan")
            self._hash()
            kill_hook("after_hash")
            if self._nothing_changed():
                return self._keep_published()
            registry = self._registry()
            self._parse()
            self._recheck()
            self._build_and_publish(registry)
        except BaseException as err:
            self._record_failure(err)
            raise
        self._after_publish()
        return self.stats

    # ------------------------------------------------------------ the cache and the run's row
    def _open_cache(self) -> None:
        """Open this warehouse's parse cache (CacheBusy if open elsewhere, CacheOwnedByOther if it
        serves another warehouse), add the runs stopped early since the last run, number the run."""
        db = self.opts.db
        clean_stale(db)
        self.cache = ParseCache(self.cache_path)
        other = self.cache.claim(db.name)
        if other is not None:
            self._close_cache()
            raise CacheOwnedByOther(
                f"{self.opts.cache_dir}: this parse cache belongs to the warehouse {db.parent / other}, not {db}; "
                "name the warehouse file differently, or give it its own cache_dir in nianbao.toml")
        if self.cache.next_run_id() == 1 and db.exists():  # a new or set-aside cache: keep the published history
            history = published_runs(db)
            if history is not None and len(history):
                self.cache.add_runs(history)
        try:
            fold_early_exits(self.cache)
        except Exception:  # noqa: BLE001 - the journal stays; a later run folds it
            log.exception("%s: could not add the runs stopped early to the history", self.opts.cache_dir)
        self.run_id = self.cache.next_run_id()

    def _reopen_cache(self) -> ParseCache:
        if self.cache is None:
            self.cache = ParseCache(self.cache_path)
        return self.cache

    def _close_cache(self) -> None:
        if self.cache is not None:
            cache, self.cache = self.cache, None
            cache.close()

    def _row(self, outcome: str | None = None) -> dict:
        return self.stats.row(self.run_id, self.started, outcome)

    def _record_failure(self, err: BaseException) -> None:
        """The run's row for a run that publishes nothing; the error then goes on to the caller."""
        self.stats.outcome = "failed"
        if not self.stats.detail:
            self.stats.detail = str(err) if isinstance(err, IngestError) else f"{type(err).__name__}: {err}"
        if isinstance(err, IngestError) and err.stats is None:
            err.stats = self.stats
        log.error("%s", self.stats.detail)
        try:
            self._reopen_cache().add_run(self._row())
        finally:
            self._close_cache()

    # ------------------------------------------------------------ steps
    def _check_sources(self) -> None:
        """The registry file and every source must exist: without them the warehouse would lose units or reports."""
        registry = self.opts.registry
        if registry is not None and not registry.is_file():
            raise RegistryError(f"{registry}: registry file not found")
        missing = [str(r) for r in self.opts.sources if not r.exists()]
        if missing:
            self.stats.detail = f"source folder(s) not found: {', '.join(missing)}"
            raise SourceMissing(self.stats.detail, self.stats)

    def _scan(self) -> None:
        """The candidate files under the sources (and, for an ingest, earlier files elsewhere)."""
        assert self.cache is not None
        self.manifest = self.cache.manifest()
        unlisted: list[Path] = []  # folders that could not be listed: their files are unknown, not deleted

        def cannot_list(folder: str, err: OSError) -> None:
            log.warning("%s: cannot list folder (%s); its files are kept as last seen", folder, err.strerror or err)
            unlisted.append(Path(folder))

        current: dict[str, FileStat] = scan(self.opts.sources, on_error=cannot_list)
        if unlisted:
            for path, (size, mtime_ns, _sha, _first) in self.manifest.items():
                if path not in current and under(path, unlisted):
                    current[path] = FileStat(path, size, mtime_ns)
            self.stats.detail = "folders that could not be listed (their files kept as last seen): " + \
                ", ".join(map(str, unlisted))
        if not self.opts.exclusive:
            for path in self.manifest:
                if path not in current and not under(path, self.opts.sources) and os.path.isfile(path):
                    st = os.stat(path)
                    current[path] = FileStat(path, st.st_size, st.st_mtime_ns)
        self.current = current

    def _hash(self) -> None:
        """Fingerprint the files (scan.fingerprint); unreadable ones become rejected files."""
        found = fingerprint(self.current, self.manifest, self.started, hash_file=sha256_file)
        self.unreadable = list(found.unreadable)  # they become rejected files
        stats = self.stats
        stats.new, stats.changed, stats.unchanged, stats.deleted = found.new, found.changed, found.unchanged, found.deleted
        self.rows, self.touched = found.rows, found.touched
        stats.seen = len(self.rows)
        log.info("scanned and fingerprinted %d files in %.1f s", len(self.rows), time.perf_counter() - self.t_start)

    @property
    def files(self) -> pd.DataFrame:
        """The current files as a frame (path, size, mtime_ns, sha256, first_seen; parse_key once
        known), made when first needed."""
        if self._files is None:
            import pandas as pd

            self._files = pd.DataFrame(self.rows, columns=["path", "size", "mtime_ns", "sha256", "first_seen"])
        return self._files

    def _nothing_changed(self) -> bool:
        """Whether the published warehouse is still what a build would give (no file, code or
        registry change, no retry asked for)."""
        assert self.cache is not None
        opts, stats = self.opts, self.stats
        force = opts.force
        if opts.retry_rejected:
            retried = self.cache.forget_rejected(self.pv, list(map(parse_key, self.files["sha256"], self.files["path"])))
            log.info("retrying %d file(s) rejected earlier", retried)
            force = force or retried > 0
        self.fingerprint = build_fingerprint(self.pv, self.cv, opts.registry)
        return (not force and not stats.new and not stats.changed and not stats.deleted and opts.db.exists()
                and self.cache.state("inputs") == self.fingerprint and not _touched_matter(self.touched, opts.db))

    def _keep_published(self) -> RunStats:
        """Nothing to do: record the run (and the new times of touched files) and keep the warehouse."""
        assert self.cache is not None
        stats = self.stats
        stats.outcome = "unchanged"
        stats.rejected = int(self.cache.state("rejected") or 0)
        stats.conflicts = int(self.cache.state("conflicts") or 0)
        stats.reasons = json.loads(self.cache.state("reasons") or "{}")
        if self.touched:  # remember the new times, so these files are not hashed again next time
            self.cache.save_manifest(self.files, {}, self._row())
        else:
            self.cache.add_run(self._row())
        self._close_cache()
        return stats

    def _registry(self) -> Registry:
        """Read only when a build follows (normalising thousands of names takes a moment)."""
        registry = load_registry(self.opts.registry)
        for warning in registry.warnings:
            log.warning("%s", warning)
        return registry

    def _parse(self) -> None:
        """Parse every content not yet in the cache (one path per content and year named by the
        path), writing results to the cache as they come."""
        cache, files = self.cache, self.files
        assert cache is not None
        files["parse_key"] = list(map(parse_key, files["sha256"], files["path"]))
        cached = cache.cached(self.pv)
        unreadable = records.Rows()
        for key, why in self.unreadable:
            if key not in cached:
                unreadable.rejection(key, self.pv, self.started, "unreadable", why)
        if len(unreadable):
            cache.add_results(unreadable)
            cached |= {key for key, _why in self.unreadable}
        todo: dict[str, str] = {}
        for path, key in zip(files["path"], files["parse_key"]):
            if key not in cached and key not in todo:
                todo[key] = path
        items = [(path, key) for key, path in todo.items()]
        t_parse = time.perf_counter()
        parse_into(cache.add_results, items, self.pv, self.cv, self.started,
                   every=int(os.environ.get("NIANBAO_TEST_FLUSH_EVERY") or FLUSH_EVERY), jobs=self.opts.jobs,
                   timeout=self.opts.timeout, memory_mb=self.opts.memory_mb,
                   after_first_write=lambda: kill_hook("mid_parse"))
        self.stats.parsed = len(items)
        log.info("parsed %d files in %.1f s", len(items), time.perf_counter() - t_parse)

    def _recheck(self) -> None:
        """Evaluate the checks of this checks version for cached reports that lack them (a rule
        changed), from their cached cells on the worker pool: no file is read or parsed again."""
        cache = self.cache
        assert cache is not None
        todo = cache.unchecked(self.pv, self.cv, list(self.files["parse_key"]))
        if not todo.num_rows:
            return
        t0 = time.perf_counter()
        recheck(todo, self.cache_path, self.pv, self.cv, self.opts.jobs or default_jobs(), cache.add_results)
        log.info("checked %d cached reports again (rules changed) in %.1f s", todo.num_rows, time.perf_counter() - t0)

    def _build_and_publish(self, registry: Registry) -> None:
        """Build the next warehouse in a new file, then publish it by rename; a failure leaves the
        published warehouse untouched (BuildFailed)."""
        assert self.cache is not None
        t_build = time.perf_counter()
        history = self.cache.runs()
        self._close_cache()
        kill_hook("after_parse")
        out = next_path(self.opts.db)
        try:
            import pandas as pd

            current = pd.DataFrame([self._row(outcome="published")])
            runs = pd.concat([history, current], ignore_index=True) if len(history) else current
            result = build_warehouse(out, self.cache_path, self.files, registry, self.pv, self.cv, runs, now(),
                                     meta={"sources": "|".join(str(r) for r in self.opts.sources)}, hook=kill_hook)
            kill_hook("after_build")
            publish(out, self.opts.db, hook=kill_hook)
        except Exception as err:  # noqa: BLE001 - any build failure leaves the published warehouse untouched
            log.exception("build failed")
            out.unlink(missing_ok=True)
            self.stats.detail = f"build failed: {type(err).__name__}: {err}"
            raise BuildFailed(self.stats.detail, self.stats) from err
        kill_hook("after_publish")
        log.info("built and published %s in %.1f s", self.opts.db, time.perf_counter() - t_build)
        self.stats.rejected = result.counts["rejected_files"]
        self.stats.conflicts = result.counts["conflicts"]
        self.stats.reasons = result.rejected_by_reason
        self.stats.outcome = "published"

    def _after_publish(self) -> None:
        """Once the new warehouse is published: save the file list, state and run first (what the
        next run needs), then drop other versions' results and merge small parts. A failure here
        does not unpublish; what was not done is done by a later run."""
        stats = self.stats
        try:
            cache = self._reopen_cache()
            try:
                cache.save_manifest(self.files, {"inputs": self.fingerprint, "rejected": str(stats.rejected),
                                                 "conflicts": str(stats.conflicts),
                                                 "reasons": json.dumps(stats.reasons, sort_keys=True)}, self._row())
                kill_hook("after_manifest")
                cache.tidy(self.pv, self.cv)
            finally:
                self._close_cache()
        except Exception as err:  # noqa: BLE001 - the warehouse is published; the next run redoes this
            log.exception("housekeeping after publishing failed")
            stats.detail = "; ".join(filter(None, [stats.detail, f"published; the housekeeping after it failed "
                                                    f"({type(err).__name__}: {err}) and is left to the next run"]))


def _touched_matter(touched: list[str], db: Path) -> bool:
    """Whether a file whose content is unchanged but whose modification time changed needs a
    rebuild: its time decides which file of a unit-year is kept when it is in a conflict."""
    if not touched:
        return False
    paths = conflict_paths(db)
    return paths is None or not paths.isdisjoint(touched)


__all__ = ["run", "RunStats", "KILL_STAGES", "default_cache_dir"]
