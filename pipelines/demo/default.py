"""The default demo: 示例市 2019–2025 in all renderings, the real samples, the warehouse."""
from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import pipelines
from pipelines.demo.corpus import generate_corpus
from pipelines.demo.render import available

if TYPE_CHECKING:
    from pipelines.ingest import RunStats

#: Bump when the generator's output changes, so stale corpora are rebuilt.
GENERATOR_VERSION = 2
STAMP = ".demo-stamp.json"
REAL_FOLDER = "真实样本"


def shared_dir() -> Path:
    """../shared beside the repository."""
    return Path(pipelines.__file__).resolve().parents[1].parent / "shared"


def _stamp(seed: int) -> dict:
    return {"seed": seed, "version": GENERATOR_VERSION, "renderings": list(available())}


def ensure_corpus(root: Path, seed: int = 2024) -> bool:
    """Generate the default corpus under `root` unless the stamp says it is there.
    Returns True when it was (re)generated."""
    root = Path(root)
    stamp_path = root / STAMP
    if stamp_path.exists() and (root / "reports").is_dir():
        try:
            if json.loads(stamp_path.read_text(encoding="utf-8")) == _stamp(seed):
                return False
        except ValueError:
            pass
    for sub in ("reports", "truth"):
        if (root / sub).exists():
            shutil.rmtree(root / sub)
    summary = generate_corpus(root, seed=seed)
    print(summary)
    _copy_real(root)
    stamp_path.write_text(json.dumps(_stamp(seed)), encoding="utf-8")
    return True


def _copy_real(root: Path) -> list[Path]:
    real = shared_dir() / "corpus" / "real"
    if not real.is_dir():
        print(f"note: {real} not found; the demo has synthetic reports only")
        return []
    dest = root / "reports" / REAL_FOLDER
    dest.mkdir(parents=True, exist_ok=True)
    copied = []
    for f in sorted(real.iterdir()):
        if f.is_file():
            shutil.copyfile(f, dest / f.name)
            copied.append(dest / f.name)
    print(f"真实样本 real reports: {len(copied)} copied to {dest}")
    return copied


def build_default_demo(root: Path, seed: int = 2024) -> RunStats:
    """Build (or reuse) the default corpus under `root` and load it into the
    warehouse; returns the ingest's counts (or raises its error, see pipelines.ingest)."""
    root = Path(root)
    ensure_corpus(root, seed)
    from pipelines.ingest import run_ingest

    return run_ingest([root / "reports"], db=None, registry=root / "units.csv", jobs=None, wait=True)

