"""Evaluate the checks again from cached cells, without reading or parsing files.

When only the checks version changed (a new or changed rule), every cached report is rebuilt
from its cached cells and metadata and the rules are evaluated on it, exactly as a worker
evaluates them on a fresh parse (pipelines.checks.evaluate on an unchecked Report). One task
per Parquet part of the cache: a worker of the pool reads that part's cells and checks its
reports (`recheck_part`); the ingest process only hands out the parts and stores the rows.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import Any

from pipelines.checks import evaluate
from pipelines.model import LAYOUTS, Layout, Report, layout_of
from warehouse import records

log = logging.getLogger("nianbao.ingest")

#: Contents turned into Python objects at a time within a task (bounds a worker's memory).
SLICE = 500
# per template: its layout's codes as lists, to recognise cached cells laid out as the template's
_CODES = {tpl: tuple(list(col) for col in zip(*lay.keys)) for tpl, lay in LAYOUTS.items()}


def _layout(template: str, tables: list, rows: list, columns: list) -> Layout:
    """The template's layout when the cells are its places (the rule), else theirs."""
    codes = _CODES.get(template)
    if codes is not None and codes[0] == tables and codes[1] == rows and codes[2] == columns:
        return LAYOUTS[template]
    return layout_of(tuple(zip(tables, rows, columns)))


def _reports(parsed: Any, cells: Any) -> Iterator[tuple[str, Report]]:
    """(parse key, unchecked Report) of each content in `parsed` (Arrow: sha256, template,
    meta_json) from its `cells` (Arrow, grouped by sha256, each content's in printed order)."""
    shas = cells.column("sha256").to_pylist()
    tables, rows, columns = (cells.column(c).to_pylist() for c in ("table_name", "row_code", "column_code"))
    # stored as floats: whole numbers become ints again, as the parse had them
    values = [None if v is None else (int(v) if v.is_integer() else v) for v in cells.column("value").to_pylist()]
    states = cells.column("state").to_pylist()
    raws = [r or "" for r in cells.column("raw").to_pylist()]
    spans: dict[str, tuple[int, int]] = {}
    start = 0
    for i in range(1, len(shas) + 1):
        if i == len(shas) or shas[i] != shas[start]:
            spans[shas[start]] = (start, i)
            start = i
    for sha, template, meta_json in zip(parsed.column("sha256").to_pylist(), parsed.column("template").to_pylist(),
                                        parsed.column("meta_json").to_pylist()):
        a, b = spans.get(sha, (0, 0))
        yield sha, Report(source=sha, format="", unit=None, year=None, template=template,
                          meta=json.loads(meta_json) if meta_json else {},
                          layout=_layout(template, tables[a:b], rows[a:b], columns[a:b]), values=values[a:b],
                          states=states[a:b], raws=raws[a:b])


def recheck_chunk(parsed: Any, cells: Any, pv: str, cv: str) -> records.Batch:
    """Check rows (records.Rows.checks) of the contents in `parsed` from their cached `cells`."""
    rows = records.Rows()
    for sha, report in _reports(parsed, cells):
        checks, skipped = evaluate(report)
        rows.checks(checks, skipped, sha, pv, cv)
    return rows.to_arrow()


def recheck_part(cache_path: Path, parsed: Any, pv: str, cv: str) -> records.Batch:
    """Check rows of the contents in `parsed` (Arrow: sha256, template, meta_json, part; of one
    part as a rule), their cells read from the cache's parts by this process, SLICE contents at
    a time in the order their cells come."""
    import pyarrow as pa
    import pyarrow.compute as pc

    from warehouse.cache import cells_of

    cells = cells_of(cache_path, pv, parsed).combine_chunks()
    n = cells.num_rows
    sha = cells.column("sha256")
    starts = [0] if n else []
    if n > 1:
        starts += [i + 1 for i in pc.indices_nonzero(pc.not_equal(sha.slice(1), sha.slice(0, n - 1))).to_pylist()]
    order = sha.take(pa.array(starts, pa.int64())).to_pylist()  # the contents, as their cells come
    keys = parsed.column("sha256")
    out = []
    for k in range(0, len(order), SLICE):
        end = starts[k + SLICE] if k + SLICE < len(starts) else n
        mine = parsed.filter(pc.is_in(keys, value_set=pa.array(order[k:k + SLICE], pa.string())))
        out.append(recheck_chunk(mine, cells.slice(starts[k], end - starts[k]), pv, cv))
    bare = parsed.filter(pc.invert(pc.is_in(keys, value_set=pa.array(order, pa.string()))))
    if bare.num_rows:  # contents without cells (not written by this code): checked as such
        out.append(recheck_chunk(bare, cells.slice(0, 0), pv, cv))
    return records.concat(out)


def recheck(todo: Any, cache_path: Path, pv: str, cv: str, jobs: int,
            write: Callable[[records.Batch], None]) -> None:
    """Check the contents of `todo` (Arrow: sha256, template, meta_json, part; ordered by part)
    again, one task per part on `jobs` processes (in this one for a single job); `write(batch)`
    stores the rows of each part's contents (one cache write per task, as a parse's flush)."""
    import pyarrow.compute as pc

    part = todo.column("part")
    tasks = []
    start = 0
    bounds = pc.indices_nonzero(pc.not_equal(part.slice(1), part.slice(0, max(0, todo.num_rows - 1)))).to_pylist()
    for end in [b + 1 for b in bounds] + [todo.num_rows]:
        if end > start:
            tasks.append(todo.slice(start, end - start).combine_chunks())  # compact: a pickled slice sends all
        start = end
    if jobs <= 1:  # one process: no pool to start and feed
        for task in tasks:
            write(recheck_part(cache_path, task, pv, cv))
        return
    from pipelines.ingest.pool import new_executor

    with new_executor(jobs, 0, 0) as ex:
        window = jobs * 2
        running: list[tuple[Future, Any]] = []
        for task in tasks:
            running.append((_submit(ex, cache_path, task, pv, cv), task))
            if len(running) >= window:
                write(_result(*running.pop(0), cache_path, pv, cv))
        for fut, task in running:
            write(_result(fut, task, cache_path, pv, cv))


def _submit(ex: Any, cache_path: Path, task: Any, pv: str, cv: str) -> Future:
    try:
        return ex.submit(recheck_part, cache_path, task, pv, cv)
    except RuntimeError:  # the pool broke (BrokenProcessPool): checked in this process when collected
        failed: Future = Future()
        failed.set_exception(RuntimeError("the re-check pool is broken"))
        return failed


def _result(fut: Future, task: Any, cache_path: Path, pv: str, cv: str) -> records.Batch:
    """A finished task's rows; a task whose process failed is checked in this process."""
    try:
        return fut.result()
    except Exception as err:  # noqa: BLE001 - a dead worker must not lose the part: check it here
        log.warning("re-check worker failed (%s: %s); checking its %d reports in this process",
                    type(err).__name__, err, task.num_rows)
        return recheck_part(cache_path, task, pv, cv)
