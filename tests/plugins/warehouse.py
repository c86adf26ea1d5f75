"""Fixtures for warehouses built from the demo city (owned by the warehouse).

`small_warehouse` / `demo_warehouse`: Path of a published warehouse ingested from
the demo generator's `small_demo_corpus` / `demo_corpus` fixtures (session-scoped;
mark users with ``@pytest.mark.xdist_group("demo")`` so one worker builds each).
`ingest_corpus`: a tiny text/HTML corpus of our own for the ingest tests.
"""
from __future__ import annotations

from pathlib import Path

import pytest


def corpus_root(corpus: object) -> Path:
    """The folder of a demo corpus fixture value (a CorpusSummary or a Path)."""
    return Path(getattr(corpus, "out", corpus))


def ingest_demo(corpus: object, db: Path) -> Path:
    """Ingest a demo corpus (reports/ + units.csv) into `db`; fail loudly if nothing was published."""
    from pipelines.ingest import run_ingest

    root = corpus_root(corpus)
    registry = root / "units.csv"
    stats = run_ingest([root / "reports"], db=db, registry=registry if registry.exists() else None, jobs=2)
    assert stats.outcome == "published", f"ingest of {root}: {stats.lines()}"
    return db


@pytest.fixture(scope="session")
def small_warehouse(small_demo_corpus, tmp_path_factory) -> Path:
    """A published warehouse of the small demo corpus."""
    return ingest_demo(small_demo_corpus, tmp_path_factory.mktemp("small_warehouse") / "warehouse.duckdb")


@pytest.fixture(scope="session")
def demo_warehouse(demo_corpus, tmp_path_factory) -> Path:
    """A published warehouse of the demo city."""
    return ingest_demo(demo_corpus, tmp_path_factory.mktemp("demo_warehouse") / "warehouse.duckdb")


@pytest.fixture(scope="session")
def ingest_corpus(tmp_path_factory) -> Path:
    """A small text/HTML demo corpus (reports/, units.csv, truth/) for ingest tests; copy before changing it."""
    from pipelines.demo import generate_corpus

    out = tmp_path_factory.mktemp("ingest_corpus")
    generate_corpus(out, units=12, years=(2019, 2023), formats=["cells", "pipes", "html"], seed=7)
    return out
