"""Ingest and refresh: report files -> parse cache -> a new warehouse, published atomically.

Public API (called by pipelines/cli.py)::

    run_ingest(paths, db=None, registry=None, jobs=None, wait=False, retry_rejected=False) -> exit code
    run_refresh(config, jobs=None, wait=False, retry_rejected=False) -> exit code
"""
from __future__ import annotations

import sys
from pathlib import Path

from pipelines.ingest.run import EXIT_CONFIG, EXIT_FAILED, EXIT_LOCKED, EXIT_OK, KILL_STAGES, run

__all__ = ["run_ingest", "run_refresh", "EXIT_OK", "EXIT_FAILED", "EXIT_CONFIG", "EXIT_LOCKED", "KILL_STAGES"]


def run_ingest(paths: list[Path], db: Path | None = None, registry: Path | None = None, jobs: int | None = None,
               wait: bool = False, force: bool = False, retry_rejected: bool = False) -> int:
    """Ingest report files and folders into the warehouse (added to what earlier ingests loaded)."""
    return run(list(paths), db=db, registry=registry, jobs=jobs, wait=wait, exclusive=False, force=force,
               retry_rejected=retry_rejected)


def run_refresh(config: Path, jobs: int | None = None, wait: bool = False, force: bool = False,
                retry_rejected: bool = False) -> int:
    """Refresh the warehouse from the folders listed in a config file (exactly those folders)."""
    from pipelines.ingest.config import ConfigError, load_config

    try:
        cfg = load_config(config)
    except ConfigError as err:
        print(f"nianbao: {err}", file=sys.stderr)
        return EXIT_CONFIG
    return run(cfg.sources, db=cfg.database, registry=cfg.registry, jobs=jobs or cfg.jobs, wait=wait,
               exclusive=True, cache_dir=cfg.cache_dir, timeout=cfg.timeout_seconds, memory_mb=cfg.memory_mb,
               force=force, retry_rejected=retry_rejected)
