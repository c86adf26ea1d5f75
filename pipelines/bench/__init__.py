"""Benchmarks, reported as numbers (never asserted in unit tests).

Each benchmark is a module `pipelines.bench.<name>` with
``run(n: int | None, workdir: Path) -> list[dict]``: one dict per measured
line, with at least ``name``, ``value``, ``unit`` and ``target`` (the issue's
aim as a number, or None). ``better`` says which way is good: ``"higher"``
(rates, the default) or ``"lower"`` (seconds, milliseconds, megabytes). A row
measured several times carries its ``runs`` (``value`` is then their median).
``main`` adds ``ratio`` (how far the value is from its target: at least 1.0
meets it, whichever way is better) and ``ok``, prints a table and writes JSON.
"""
from __future__ import annotations

import importlib
import json
import statistics
import sys
import tempfile
from pathlib import Path

BENCHMARKS: tuple[str, ...] = ("parse", "demo", "ingest", "app")
LOWER_IS_BETTER = frozenset({"s", "ms", "MB", "GB"})


def better(row: dict) -> str:
    """"higher" or "lower": the row's own say, else by its unit (times and sizes: lower)."""
    return row.get("better") or ("lower" if row.get("unit") in LOWER_IS_BETTER else "higher")


def ratio(row: dict) -> float | None:
    """value against target, oriented so that >= 1.0 meets the target (None without a target)."""
    target, value = row.get("target"), row.get("value")
    if not isinstance(target, (int, float)) or not isinstance(value, (int, float)) or isinstance(target, bool):
        return None
    if better(row) == "lower":
        return float("inf") if value == 0 else target / value
    return float("inf") if target == 0 else value / target


def finish(row: dict) -> dict:
    """A row with `value` (the median of `runs` when given), `ratio` and `ok` filled in."""
    out = dict(row)
    runs = out.get("runs")
    if runs:
        out["value"] = statistics.median(runs)
        out["min"], out["max"] = min(runs), max(runs)
    out["ratio"] = ratio(out)
    if "ok" not in out and out["ratio"] is not None:
        out["ok"] = out["ratio"] >= 1.0
    return out


def _num(v: object) -> str:
    if isinstance(v, float):
        return f"{v:,.2f}"
    return "" if v is None else str(v)


def main(name: str, n: int | None = None, out: Path | None = None, workdir: Path | None = None,
         renderings: tuple[str, ...] = ()) -> list[dict]:
    """Run one benchmark (or ``all``), print a table, write JSON to `out`. `renderings`
    (parse only): measure just these renderings instead of every one available."""
    from rich.console import Console
    from rich.table import Table

    names = BENCHMARKS if name == "all" else (name,)
    if workdir is not None:
        workdir.mkdir(parents=True, exist_ok=True)
    results: list[dict] = []
    for bench in names:
        module = importlib.import_module(f"pipelines.bench.{bench}")
        with tempfile.TemporaryDirectory(prefix=f"nianbao-bench-{bench}-", dir=workdir) as tmp:
            rows = module.run(n, Path(tmp), renderings) if bench == "parse" and renderings else module.run(n, Path(tmp))
            for row in rows:
                results.append(finish({"benchmark": bench, **row}))
    table = Table(title="nianbao bench")
    tally = any("exact" in r for r in results)
    for col in ("benchmark", "name", "value", "min", "max", "unit", "target", "ratio", "ok", *(("tally",) if tally else ())):
        table.add_column(col, justify="right" if col in ("value", "min", "max", "target", "ratio") else "left")
    for r in results:
        target = r.get("target")
        ok = "" if "ok" not in r else ("yes" if r["ok"] else "NO")
        mark = "" if target is None else ("≤ " if better(r) == "lower" else "≥ ")
        table.add_row(r["benchmark"], r["name"], _num(r["value"]), _num(r.get("min")), _num(r.get("max")),
                      r.get("unit", ""), "" if target is None else f"{mark}{_num(target)}",
                      "" if r["ratio"] is None else f"{r['ratio']:.2f}×", ok,
                      *((" ".join(f"{k} {r[k]}" for k in ("exact", "cells", "wrong") if k in r),) if tally else ()))
    Console(width=None if sys.stdout.isatty() else 160).print(table)  # pipes and logs: wide enough for the names
    if out is not None:
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(results, ensure_ascii=False, indent=2), encoding="utf-8")
    return results
