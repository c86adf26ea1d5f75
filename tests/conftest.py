"""Shared pytest set-up. Fixtures live in tests/plugins/<area>.py, one module per area."""
from __future__ import annotations

from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
REAL = SHARED / "corpus" / "real"

pytest_plugins = [
    "tests.plugins.demo",
    "tests.plugins.warehouse",
]
