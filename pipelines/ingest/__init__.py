"""Ingest and refresh: report files -> parse cache -> a new warehouse, published atomically.

Public API (called by pipelines/cli.py, which maps the errors to messages and exit codes)::

    run_ingest(paths, db=None, registry=None, jobs=None, wait=False, retry_rejected=False) -> RunStats
    run_refresh(config, jobs=None, wait=False, retry_rejected=False) -> RunStats

Both raise a pipelines.errors.IngestError subclass when nothing is published.
"""
from __future__ import annotations

from pathlib import Path

from pipelines.ingest.run import KILL_STAGES, RunStats, run

__all__ = ["run_ingest", "run_refresh", "RunStats", "KILL_STAGES"]


def run_ingest(paths: list[Path], db: Path | None = None, registry: Path | None = None, jobs: int | None = None,
               wait: bool = False, force: bool = False, retry_rejected: bool = False) -> RunStats:
    """Ingest report files and folders into the warehouse (added to what earlier ingests loaded)."""
    return run(list(paths), db=db, registry=registry, jobs=jobs, wait=wait, exclusive=False, force=force,
               retry_rejected=retry_rejected)


def run_refresh(config: Path, jobs: int | None = None, wait: bool = False, force: bool = False,
                retry_rejected: bool = False) -> RunStats:
    """Refresh the warehouse from the folders listed in a config file (exactly those folders)."""
    from pipelines.errors import ConfigError
    from pipelines.ingest.config import cache_dir_of, load_config
    from pipelines.ingest.history import now, record_early_exit

    started = now()
    try:
        cfg = load_config(config)
    except ConfigError as err:  # recorded beside the cache the config names, if it names one
        cache_dir = cache_dir_of(config)
        if cache_dir is not None:
            record_early_exit(cache_dir, started, err)
        raise
    return run(cfg.sources, db=cfg.database, registry=cfg.registry, jobs=jobs or cfg.jobs, wait=wait,
               exclusive=True, cache_dir=cfg.cache_dir, timeout=cfg.timeout_seconds, memory_mb=cfg.memory_mb,
               force=force, retry_rejected=retry_rejected)
