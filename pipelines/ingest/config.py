"""The refresh config (TOML): source folders, registry, database, limits.

Relative paths are relative to the config file's folder. See nianbao.toml.example.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from typing import Any
from pathlib import Path

from pipelines.errors import ConfigError
from pipelines.ingest.history import default_cache_dir
from warehouse.db import default_db_path

__all__ = ["Config", "ConfigError", "load_config", "cache_dir_of"]


@dataclass(slots=True)
class Config:
    sources: list[Path]
    database: Path
    registry: Path | None = None
    cache_dir: Path | None = None
    jobs: int | None = None
    timeout_seconds: float = 60.0
    memory_mb: int = 1536
    extra: dict = field(default_factory=dict)


def _read(path: Path) -> dict:
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise ConfigError(f"{path}: config file not found (copy nianbao.toml.example)") from err
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: {err}") from err


def _path(value: object, base: Path) -> Path | None:
    """A path a config gives (relative to the config's folder); None unless a non-empty string."""
    if not isinstance(value, str) or not value:
        return None
    p = Path(value).expanduser()
    return p if p.is_absolute() else base / p


def load_config(path: Path) -> Config:
    """Read and validate a config file."""
    path = Path(path)
    data = _read(path)

    def rel(value: object, key: str) -> Path:
        p = _path(value, path.parent)
        if p is None:
            raise ConfigError(f"{path}: `{key}` must be a non-empty string")
        return p

    def number(value: object, key: str, kind: type, least: int) -> Any:
        """A number of the key's kind, at least `least` (0 for a limit: no limit)."""
        ok = isinstance(value, int) or (kind is float and isinstance(value, float))
        if isinstance(value, bool) or not ok or value < least:
            what = "a whole number" if kind is int else "a number"
            raise ConfigError(f"{path}: `{key}` must be {what} of at least {least}, not {value!r}")
        return kind(value)

    sources = data.get("sources")
    if not isinstance(sources, list) or not sources:
        raise ConfigError(f"{path}: `sources` must list at least one folder")
    limits = data.get("limits", {})
    if not isinstance(limits, dict):
        raise ConfigError(f"{path}: [limits] must be a table")
    return Config(
        sources=[rel(s, "sources") for s in sources],
        database=rel(data["database"], "database") if "database" in data else default_db_path(),
        registry=rel(data["registry"], "registry") if data.get("registry") else None,
        cache_dir=rel(data["cache_dir"], "cache_dir") if data.get("cache_dir") else None,
        jobs=number(data["jobs"], "jobs", int, 1) if data.get("jobs") else None,
        timeout_seconds=number(limits.get("timeout_seconds", 60.0), "[limits] timeout_seconds", float, 0),
        memory_mb=number(limits.get("memory_mb", 1536), "[limits] memory_mb", int, 0),
    )


def cache_dir_of(path: Path) -> Path | None:
    """The parse-cache folder a config names (`cache_dir`, else the one of its `database`), read
    as far as the file allows, for a config that fails `load_config`: where that run is recorded
    (pipelines/ingest/history.py). None when the file does not say (missing, not TOML)."""
    path = Path(path)
    try:
        data = _read(path)
    except ConfigError:
        return None
    if data.get("cache_dir"):
        return _path(data["cache_dir"], path.parent)
    db = _path(data["database"], path.parent) if "database" in data else default_db_path()
    return None if db is None else default_cache_dir(db.absolute())
