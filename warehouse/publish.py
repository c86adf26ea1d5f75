"""Atomic publish: the new warehouse replaces the published one by rename, never in place.

Order: the new file is complete, checkpointed and fsynced; the current file
is kept as ``<db>.prev`` (a hard link, so it costs nothing); ``os.replace``
swaps the new file in; the folder is fsynced. A reader that opened the old
file keeps reading it (same inode); a reader that opens after the rename
gets the new one. At every instant the published path names a complete file.
"""
from __future__ import annotations

import os
import shutil
from pathlib import Path
from typing import Callable

from filelock import FileLock, Timeout

__all__ = ["publish", "lock_for", "next_path", "prev_path", "clean_stale", "Timeout"]


def lock_for(db: Path) -> FileLock:
    """The refresh lock of a warehouse (``<db>.lock``)."""
    return FileLock(str(db) + ".lock")


def next_path(db: Path) -> Path:
    """Where this process builds the next warehouse."""
    return db.with_name(f"{db.name}.next-{os.getpid()}")


def prev_path(db: Path) -> Path:
    """The previous published warehouse, kept for recovery."""
    return db.with_name(db.name + ".prev")


def clean_stale(db: Path) -> list[Path]:
    """Remove half-built files left by killed runs (call under the lock): the next file, its
    write-ahead log, and the folder DuckDB spills a large sort to (``<next>.tmp/``)."""
    removed = []
    for p in db.parent.glob(db.name + ".next-*"):
        if p.is_dir() and not p.is_symlink():
            shutil.rmtree(p, ignore_errors=True)
        else:
            p.unlink(missing_ok=True)
        removed.append(p)
    for p in db.parent.glob(db.name + ".prev.tmp-*"):
        p.unlink(missing_ok=True)
    return removed


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def publish(new: Path, db: Path, hook: Callable[[str], None] = lambda stage: None) -> None:
    """Make `new` (complete, closed) the published warehouse `db`; keep the old one as .prev."""
    db.parent.mkdir(parents=True, exist_ok=True)
    if db.exists():
        tmp = db.with_name(f"{db.name}.prev.tmp-{os.getpid()}")
        tmp.unlink(missing_ok=True)
        os.link(db, tmp)
        hook("publish_linked")
        os.replace(tmp, prev_path(db))
        hook("publish_prev")
    os.replace(new, db)
    hook("publish_replaced")
    _fsync_dir(db.parent)
