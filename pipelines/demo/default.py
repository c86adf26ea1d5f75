"""The default demo: 示例市 2019–2025 in all renderings, the real samples, the warehouse."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pipelines
from pipelines.demo.corpus import generate_corpus
from pipelines.demo.render import available

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


def build_default_demo(root: Path, seed: int = 2024) -> int:
    """Build (or reuse) the default corpus under `root` and load it into the
    warehouse; returns the ingest's exit code."""
    root = Path(root)
    ensure_corpus(root, seed)
    try:
        from pipelines.ingest import run_ingest
    except ImportError:
        return _summaries_only(root)
    return run_ingest([root / "reports"], db=None, registry=root / "units.csv", jobs=None, wait=True)


def _summaries_only(root: Path) -> int:
    """Until the warehouse exists: print what the parser makes of the real reports."""
    print("note: pipelines.ingest is not available yet; showing the real reports' parse summaries instead")
    from pipelines import parse
    from pipelines.model import ReportError

    try:
        from pipelines.summary import format_summary
    except ImportError:
        format_summary = None  # type: ignore[assignment]
    code = 0
    for f in sorted((root / "reports" / REAL_FOLDER).glob("*")):
        try:
            report = parse(f)
        except ReportError as err:
            print(err)
            code = 1
            continue
        except ImportError as err:
            print(f"{f}: parser not available yet ({err})")
            return 1
        print(format_summary(report) if format_summary else f"{f}: {report.unit} {report.year}")
    return code
