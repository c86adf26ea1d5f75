"""`nianbao` and `python -m pipelines.cli`: one command group with every command."""
from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from pipelines.cli import main

REPO = Path(__file__).resolve().parents[1]


def _commands(help_text: str) -> set[str]:
    """The command names listed under `Commands:` in click's help."""
    block = help_text.split("Commands:", 1)[1]
    return {m.group(1) for m in re.finditer(r"^\s+([a-z]+)\s", block, re.MULTILINE)}


def test_python_m_lists_every_command_of_the_group():
    out = subprocess.run([sys.executable, "-m", "pipelines.cli", "--help"], cwd=REPO, capture_output=True,
                         text=True, check=True).stdout
    assert _commands(out) == set(main.commands) == {"parse", "demo", "ingest", "refresh", "export", "bench"}

