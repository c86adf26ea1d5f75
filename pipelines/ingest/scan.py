"""Find report files under source folders and fingerprint them (stat, then sha256)."""
from __future__ import annotations

import datetime as dt
import hashlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipelines.parser.header import path_year

#: Temporary/hidden names never taken for reports: editor swap files, Office lock files, partial downloads.
_TEMP_SUFFIXES = (".tmp", ".temp", ".part", ".crdownload", ".swp", ".swx", ".bak", "~")
_TEMP_PREFIXES = (".", "~$", "~", "#")
UNREADABLE = "unreadable-"  # prefix of the stand-in hash of a file that could not be read


@dataclass(frozen=True, slots=True)
class FileStat:
    path: str        # absolute path
    size: int
    mtime_ns: int


def is_candidate(name: str) -> bool:
    """Any regular file except hidden and temporary ones (the reader detects formats by content)."""
    low = name.lower()
    return not (name.startswith(_TEMP_PREFIXES) or low.endswith(_TEMP_SUFFIXES))


def scan(roots: list[Path], on_error: Callable[[str, OSError], None] | None = None) -> dict[str, FileStat]:
    """{absolute path: FileStat} of candidate files under each root (a root may be a file).

    A folder that cannot be listed is passed to `on_error` (as os.walk's onerror): its files
    are unknown, not gone, and the caller must not take them for deleted."""
    found: dict[str, FileStat] = {}
    stack: list[str] = []
    for root in roots:
        root = Path(root).absolute()
        if root.is_file():
            st = root.stat()
            found[str(root)] = FileStat(str(root), st.st_size, st.st_mtime_ns)
        else:
            stack.append(str(root))
    while stack:
        folder = stack.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError as err:
            if on_error is not None:
                on_error(folder, err)
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                stack.append(entry.path)
            elif entry.is_file() and is_candidate(entry.name):
                st = entry.stat()
                found[entry.path] = FileStat(entry.path, st.st_size, st.st_mtime_ns)
    return found


def under(path: str, roots: list[Path]) -> bool:
    """Whether `path` lies under (or is) one of the roots."""
    return any(path == str(r) or path.startswith(str(r).rstrip(os.sep) + os.sep) for r in roots)


def sha256_file(path: str) -> str:
    """SHA-256 of a file's content."""
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def parse_key(sha: str, path: str) -> str:
    """The parse cache's key for a file: its content hash, plus the year its path names. A parse
    reads that year from the path (the last resort for the reporting year, and a warning when it
    disagrees), so the same content at paths naming different years is parsed once per year."""
    year = path_year(path)
    return sha if year is None else f"{sha}@{year}"


#: Files hashed at once: reading waits on the disk (a corpus larger than the page cache is read
#: cold) and hashlib releases the GIL, so threads overlap the reads (~3x faster on a cold corpus).
HASH_THREADS = 8


def _same(old: tuple[int, int, str, Any] | None, fs: FileStat) -> bool:
    """Whether the manifest's hash still holds: same size and time, and it was readable."""
    return bool(old) and old[0] == fs.size and old[1] == fs.mtime_ns and not old[2].startswith(UNREADABLE)  # type: ignore[index]


def _hash_all(paths: list[str], hash_file: Callable[[str], str]) -> dict[str, str | OSError]:
    """{path: its hash, or the OSError reading it raised}, hashed on HASH_THREADS threads."""
    def some(part: list[str]) -> list[str | OSError]:
        out: list[str | OSError] = []
        for path in part:
            try:
                out.append(hash_file(path))
            except OSError as err:
                out.append(err)
        return out

    if len(paths) < 2 * HASH_THREADS:
        return dict(zip(paths, some(paths)))
    from concurrent.futures import ThreadPoolExecutor

    parts = [paths[i:i + 128] for i in range(0, len(paths), 128)]  # a task per 128 files, in order
    with ThreadPoolExecutor(HASH_THREADS, thread_name_prefix="hash") as pool:
        return dict(zip(paths, (h for hashes in pool.map(some, parts) for h in hashes)))


@dataclass
class Fingerprints:
    """The current files against the last run's manifest."""

    rows: list[tuple] = field(default_factory=list)  # (path, size, mtime_ns, sha256, first_seen), by path
    new: int = 0
    changed: int = 0
    unchanged: int = 0
    deleted: int = 0
    touched: list[str] = field(default_factory=list)  # modification time or size changed, content the same
    unreadable: list[tuple[str, str]] = field(default_factory=list)  # (parse key, why) of files that cannot be read


def fingerprint(current: dict[str, FileStat], manifest: dict[str, tuple[int, int, str, Any]],
                now: dt.datetime, hash_file: Callable[[str], str] = sha256_file) -> Fingerprints:
    """Stat first, hash only what changed (a file that could not be read last time is hashed
    again: it may be readable now); count new, changed, unchanged and deleted files."""
    out = Fingerprints()
    rows = out.rows
    paths = sorted(current)
    hashed = _hash_all([p for p in paths if not _same(manifest.get(p), current[p])], hash_file)
    for path in paths:
        fs = current[path]
        old = manifest.get(path)
        got = hashed.get(path)
        if got is None:
            sha = old[2]  # type: ignore[index]  # unchanged size and time: the hash it had
        elif isinstance(got, OSError):
            sha = UNREADABLE + hashlib.sha256(f"{path}|{fs.size}|{fs.mtime_ns}".encode()).hexdigest()[:40]
            out.unreadable.append((parse_key(sha, path), f"{path}: cannot read file: {got.strerror or got}"))
        else:
            sha = got
        if old is None:
            out.new += 1
        elif old[2] != sha:
            out.changed += 1
        else:
            out.unchanged += 1
            if (old[0], old[1]) != (fs.size, fs.mtime_ns):
                out.touched.append(path)
        rows.append((path, fs.size, fs.mtime_ns, sha, old[3] if old else now))
    out.deleted = sum(1 for p in manifest if p not in current)
    return out
