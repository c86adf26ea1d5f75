"""Why an ingest or refresh stops: one typed error per cause, raised by the core (pipelines.ingest,
the registry, the config, the parse cache) and turned into a message and an exit code by
pipelines/cli.py only. Each message names the file and the place."""
from __future__ import annotations

from typing import Any


class IngestError(Exception):
    """A run that publishes nothing. `stats` (a pipelines.ingest.run.RunStats) is set when the
    run had begun counting files: its summary is printed with the error."""

    def __init__(self, message: str, stats: Any = None) -> None:
        super().__init__(message)
        self.stats = stats


class ConfigError(IngestError, ValueError):
    """A config that cannot be used; the message names the file and the key."""


class RegistryError(IngestError, ValueError):
    """A registry CSV that cannot be used (missing, bad row); the message names file and line."""


class Locked(IngestError):
    """Another ingest or refresh holds the warehouse's lock (and the run was not told to wait)."""


class CacheBusy(IngestError):
    """Another process holds the parse cache file open: nothing is parsed, built or set aside."""


class CacheOwnedByOther(IngestError):
    """The parse cache belongs to another warehouse file (one cache serves one warehouse)."""


class SourceMissing(IngestError):
    """A source folder or file does not exist: a warehouse built without it would lose its reports."""


class BuildFailed(IngestError):
    """Building the next warehouse failed; the published one is untouched."""
