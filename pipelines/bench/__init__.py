"""Benchmarks, reported as numbers (never asserted in unit tests).

Each benchmark is a module `pipelines.bench.<name>` with
``run(n: int | None, workdir: Path) -> list[dict]``: one dict per measured
line, with at least ``name``, ``value``, ``unit`` and ``target`` (the issue's
aim, or None). ``main`` prints them as a table and writes them as JSON.
"""
from __future__ import annotations

import importlib
import json
import tempfile
from pathlib import Path

BENCHMARKS: tuple[str, ...] = ("parse", "demo", "ingest", "app")


def main(name: str, n: int | None = None, out: Path | None = None, workdir: Path | None = None) -> list[dict]:
    """Run one benchmark (or ``all``), print a table, write JSON to `out`."""
    from rich.console import Console
    from rich.table import Table

    names = BENCHMARKS if name == "all" else (name,)
    if workdir is not None:
        workdir.mkdir(parents=True, exist_ok=True)
    results: list[dict] = []
    for bench in names:
        module = importlib.import_module(f"pipelines.bench.{bench}")
        with tempfile.TemporaryDirectory(prefix=f"nianbao-bench-{bench}-", dir=workdir) as tmp:
            for row in module.run(n, Path(tmp)):
                results.append({"benchmark": bench, **row})
    table = Table(title="nianbao bench")
    for col in ("benchmark", "name", "value", "unit", "target", "ok"):
        table.add_column(col)
    for r in results:
        target = r.get("target")
        ok = "" if target is None else ("yes" if r.get("ok", True) else "NO")
        value = r["value"]
        table.add_row(r["benchmark"], r["name"], f"{value:,.2f}" if isinstance(value, float) else str(value),
                      r.get("unit", ""), "" if target is None else str(target), ok)
    Console().print(table)
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    return results
