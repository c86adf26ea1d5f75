"""What a cached result is keyed on, derived from the code that decides it.

* `parser_version`: a parse (reader, parser, the report model and the template data the parser
  reads: codes, labels, match keys, templates, state sets). A new rule, a relabelled dashboard
  term or a restyled summary does not re-parse.
* `checks_version`: the per-report checks (checks.py and the rules and other template data it
  reads). A change re-evaluates the checks from cached cells, without reading files again.
* `build_fingerprint`: everything besides the files that shapes the warehouse: both versions,
  the registry, the build code and every SQL file under warehouse/sql/.
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from pathlib import Path

from pipelines.ingest.sources import data_digest, digest, module_closure, names_used

TEMPLATE = "pipelines.template"
#: Where a parse starts (pipelines.parse) and the modules keyed apart from it.
PARSE_START = ("pipelines", "pipelines.parser", "pipelines.readers")
CHECKS = "pipelines.checks"
#: Where the build starts: the run (which hands over the file list and the runs) and the build.
BUILD_START = ("pipelines.ingest.run", "warehouse.build")


def _code_version(start: tuple[str, ...], keyed_apart: tuple[str, ...]) -> str:
    """Package version + digest of the sources of `start` and what they import (but `keyed_apart`)
    and of the template data those sources read."""
    import pipelines
    from pipelines import template

    files = module_closure(start, (TEMPLATE, *keyed_apart)).values()
    return f"{pipelines.__version__}+{digest(files, data_digest(template, names_used(files, TEMPLATE)))[:12]}"


@lru_cache(maxsize=1)
def parser_version() -> str:
    """The parse cache's version: readers, parser, model and the template data they read."""
    return _code_version(PARSE_START, (CHECKS,))


@lru_cache(maxsize=1)
def checks_version() -> str:
    """The checks' version: checks.py, the rules and the template data it reads."""
    return _code_version((CHECKS,), ())


def build_inputs() -> list[Path]:
    """Every source file the build reads: the modules of the run and the build and what they
    import, and every SQL file under warehouse/sql/ (ops/ and the like included)."""
    from warehouse.db import SQL_DIR

    return [*module_closure(BUILD_START).values(), *sorted(SQL_DIR.rglob("*.sql"))]


def build_fingerprint(pv: str, cv: str, registry: Path | None) -> str:
    """Everything besides the files that shapes the warehouse."""
    reg = hashlib.sha256(Path(registry).read_bytes() if registry else b"no-registry").digest()
    return digest(build_inputs(), pv.encode(), b"\0", cv.encode(), b"\0", reg)
