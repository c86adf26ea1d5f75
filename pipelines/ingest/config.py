"""The refresh config (TOML): source folders, registry, database, limits.

Relative paths are relative to the config file's folder. See nianbao.toml.example.
"""
from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from warehouse.db import default_db_path


class ConfigError(ValueError):
    """A config that cannot be used; the message names the file and the key."""


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


def load_config(path: Path) -> Config:
    """Read and validate a config file."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError as err:
        raise ConfigError(f"{path}: config file not found (copy nianbao.toml.example)") from err
    except tomllib.TOMLDecodeError as err:
        raise ConfigError(f"{path}: {err}") from err
    base = path.parent

    def rel(value: object, key: str) -> Path:
        if not isinstance(value, str) or not value:
            raise ConfigError(f"{path}: `{key}` must be a non-empty string")
        p = Path(value).expanduser()
        return p if p.is_absolute() else base / p

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
        jobs=int(data["jobs"]) if data.get("jobs") else None,
        timeout_seconds=float(limits.get("timeout_seconds", 60.0)),
        memory_mb=int(limits.get("memory_mb", 1536)),
    )
