"""Evaluate the checks again from cached cells, without reading or parsing files.

When only the checks version changed (a new or changed rule), every cached report is rebuilt
from its cached cells and metadata and the rules are evaluated on it, exactly as a worker
evaluates them on a fresh parse (pipelines.checks.evaluate on an unchecked Report). The
ingest process reads the cells a batch at a time and the pool's workers check them
(`recheck_chunk`), while the ingest process writes the batch before.
"""
from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from typing import Any

from pipelines.checks import evaluate
from pipelines.model import Report, layout_of
from warehouse import records

log = logging.getLogger("nianbao.ingest")

#: Contents checked by one task of the pool.
CHUNK = 250


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
        lay = layout_of(tuple(zip(tables[a:b], rows[a:b], columns[a:b])))
        yield sha, Report(source=sha, format="", unit=None, year=None, template=template,
                          meta=json.loads(meta_json) if meta_json else {}, layout=lay, values=values[a:b],
                          states=states[a:b], raws=raws[a:b])


def recheck_chunk(parsed: Any, cells: Any, pv: str, cv: str) -> records.Batch:
    """Check rows (records.Rows.checks) of the contents in `parsed` from their cached `cells`."""
    rows = records.Rows()
    for sha, report in _reports(parsed, cells):
        checks, skipped = evaluate(report)
        rows.checks(checks, skipped, sha, pv, cv)
    return rows.to_arrow()


def recheck(todo: Any, cells_of: Callable[[Any], Any], pv: str, cv: str, batch: int, jobs: int,
            write: Callable[[records.Batch], None]) -> None:
    """Check the contents of `todo` (Arrow: sha256, template, meta_json, part) again on `jobs`
    processes (in this one for a single job): `cells_of(rows of todo)` reads their cells a
    batch at a time, `write(batch)` stores the rows of each batch (one cache write per batch,
    as a parse's flush)."""
    import pyarrow.compute as pc

    from pipelines.ingest.pool import new_executor

    def split(part: Any) -> list[tuple[Any, Any]]:
        cells = cells_of(part)
        out = []
        for start in range(0, part.num_rows, CHUNK):
            sub = part.slice(start, CHUNK)
            out.append((sub, cells.filter(pc.is_in(cells.column("sha256"), value_set=sub.column("sha256")))))
        return out

    if jobs <= 1:  # one process: no pool to start and feed
        for start in range(0, todo.num_rows, batch):
            part = todo.slice(start, batch)
            write(recheck_chunk(part, cells_of(part), pv, cv))
        return
    with new_executor(jobs, 0, 0) as ex:
        def submit(args: tuple[Any, Any]) -> Future:
            try:
                return ex.submit(recheck_chunk, *args, pv, cv)
            except RuntimeError:  # the pool broke (BrokenProcessPool): check in this process
                done: Future = Future()
                done.set_result(recheck_chunk(*args, pv, cv))
                return done

        before: list[tuple[Future, tuple[Any, Any]]] = []
        for start in range(0, todo.num_rows, batch):
            now = [(submit(args), args) for args in split(todo.slice(start, batch))]
            if before:
                write(_collect(before, pv, cv))
            before = now
        if before:
            write(_collect(before, pv, cv))


def _collect(futures: list[tuple[Future, tuple[Any, Any]]], pv: str, cv: str) -> records.Batch:
    """The finished tasks' rows as one Batch; a task whose process failed is checked here."""
    out = []
    for fut, args in futures:
        try:
            out.append(fut.result())
        except Exception as err:  # noqa: BLE001 - a dead worker must not lose the batch: check in this process
            log.warning("re-check worker failed (%s: %s); checking its %d reports in this process",
                        type(err).__name__, err, args[0].num_rows)
            out.append(recheck_chunk(*args, pv, cv))
    return records.concat(out)

