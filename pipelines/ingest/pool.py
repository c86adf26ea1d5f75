"""Parse many files on all cores; a crashing or runaway file never stops the batch.

Round 1 parses chunks on `jobs` processes. If a worker dies (native crash,
hard CPU limit), the unfinished files are parsed again one per task (round
2), and whatever still fails is parsed on a single process in order (round
3+), where the first broken task is the culprit: it is recorded as
`timeout` or `parser_error` and the rest go on.

A pool that stops answering altogether (a worker stopped or wedged where
the per-file alarm cannot reach it) is caught by a watchdog: when no task
has finished in the longest time a task may take, the workers are killed
and their files go to the next round, so an unattended refresh never hangs.
"""
from __future__ import annotations

import datetime as dt
import itertools
import logging
import multiprocessing as mp
import os
import time
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from typing import Callable

from pipelines.ingest.worker import init_worker, parse_chunk
from warehouse import records

log = logging.getLogger("nianbao.ingest")

Item = tuple[str, str]  # (path, sha256)
#: Seconds a stuck pool is given beyond the longest a task may take, before its workers are killed.
STALL_GRACE = 30.0
OnResult = Callable[[records.Batch, int], None]


def default_jobs() -> int:
    """All cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - non-Linux
        return max(1, os.cpu_count() or 1)


def new_executor(jobs: int, timeout: float, memory_mb: int) -> ProcessPoolExecutor:
    """A pool of `jobs` worker processes with these per-file limits (0: none)."""
    ctx = mp.get_context("forkserver")
    # pyarrow and pandas (which pyarrow loads to convert timestamps) once in the fork server, not in each worker
    ctx.set_forkserver_preload(["pipelines.ingest.worker", "pipelines.parser", "pipelines.readers", "pyarrow", "pandas"])
    # No max_tasks_per_child: it can hang the executor on Python 3.11; the address-space cap bounds leaks.
    return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=init_worker,
                               initargs=(timeout, memory_mb, os.getpid(), os.environ.get("NIANBAO_TEST_CRASH_ON"),
                                         os.environ.get("NIANBAO_TEST_STALL_ON")))


def _stall_limit(timeout: float, size: int) -> float | None:
    """The longest a task of `size` files may take before the pool counts as stuck."""
    grace = float(os.environ.get("NIANBAO_STALL_GRACE", STALL_GRACE))
    return timeout * size + grace if timeout else None


def _kill_workers(ex: ProcessPoolExecutor) -> None:
    """Kill a stuck pool's processes; the executor then reports its futures as broken."""
    for proc in list((getattr(ex, "_processes", None) or {}).values()):
        try:
            proc.kill()
        except (OSError, ValueError):
            pass


def _chunks(items: list[Item], size: int) -> list[list[Item]]:
    return [items[i:i + size] for i in range(0, len(items), size)]


def parse_files(items: list[Item], pv: str, cv: str, now: dt.datetime, on_result: OnResult,
                jobs: int | None = None, timeout: float = 60.0, memory_mb: int = 1536) -> None:
    """Parse every (path, parse key) with parser version `pv` and checks version `cv`; call
    `on_result(batch, n_files)` in the parent as chunks finish (`batch`: Arrow tables, see
    records.Rows.to_arrow)."""
    if not items:
        return
    jobs = jobs or default_jobs()
    size = max(1, min(64, len(items) // (jobs * 8) or 1))
    versions = (pv, cv)
    failed = _round(items, size, jobs, versions, now, on_result, timeout, memory_mb)
    if failed:
        failed = _round(failed, 1, jobs, versions, now, on_result, timeout, memory_mb)
    while failed:
        failed = _isolate(failed, versions, now, on_result, timeout, memory_mb)


def parse_into(write: Callable[[records.Batch], None], items: list[Item], pv: str, cv: str, now: dt.datetime, *,
               every: int, jobs: int | None, timeout: float, memory_mb: int,
               after_first_write: Callable[[], None] = lambda: None) -> None:
    """Parse `items` (parse_files) behind a progress bar, handing their rows to `write` (the parse
    cache) every `every` files as they come and the rest at the end."""
    from pipelines.ingest.progress import progress

    buffer: list[records.Batch] = []
    pending = {"n": 0, "writes": 0}

    def flush() -> None:
        if pending["n"]:
            write(records.concat(buffer))
            buffer.clear()
            pending["n"] = 0
            pending["writes"] += 1
            if pending["writes"] == 1:
                after_first_write()

    with progress(len(items)) as advance:
        def on_result(part: records.Batch, n: int) -> None:
            buffer.append(part)
            pending["n"] += part["parsed"].num_rows
            advance(n)
            if pending["n"] >= every:
                flush()

        parse_files(items, pv, cv, now, on_result, jobs=jobs, timeout=timeout, memory_mb=memory_mb)
    flush()


def _round(items: list[Item], size: int, jobs: int, versions: tuple[str, str], now: dt.datetime, on_result: OnResult,
           timeout: float, memory_mb: int) -> list[Item]:
    """Parse chunks with at most a few tasks in flight per process, so finished results are
    handed over and freed at once (memory stays flat however many files there are)."""
    failed: list[Item] = []
    chunks = iter(_chunks(items, size))
    window = jobs * 3
    stall = _stall_limit(timeout, size)
    with new_executor(jobs, timeout, memory_mb) as ex:
        running: dict[Future, list[Item]] = {}
        for chunk in itertools.islice(chunks, window):
            running[ex.submit(parse_chunk, chunk, *versions, now)] = chunk
        while running:
            done, _ = wait(running, timeout=stall, return_when=FIRST_COMPLETED)
            if not done:
                log.warning("no file finished in %.0f s: the parsing pool is stuck; restarting it for %d files",
                            stall, sum(len(c) for c in running.values()))
                _kill_workers(ex)
                done, _ = wait(running)
            for fut in done:
                chunk = running.pop(fut)
                try:
                    rows, _secs = fut.result()
                except BrokenProcessPool:
                    failed.extend(chunk)
                    continue
                on_result(rows, len(chunk))
                del rows
            broken = bool(failed)
            for chunk in itertools.islice(chunks, window - len(running)):
                if broken:  # the pool is dead: everything left goes to the next round
                    failed.extend(chunk)
                else:
                    running[ex.submit(parse_chunk, chunk, *versions, now)] = chunk
        if failed:
            for chunk in chunks:
                failed.extend(chunk)
    return failed


def _isolate(items: list[Item], versions: tuple[str, str], now: dt.datetime, on_result: OnResult, timeout: float,
             memory_mb: int) -> list[Item]:
    """One process, one file per task, in order: the first broken task names the culprit."""
    rest: list[Item] = []
    stall = _stall_limit(timeout, 1)
    with new_executor(1, timeout, memory_mb) as ex:
        futures = [(ex.submit(parse_chunk, [it], *versions, now), it) for it in items]
        last = time.monotonic()
        for i, (fut, item) in enumerate(futures):
            try:
                try:
                    rows, _secs = fut.result(timeout=stall)
                except FutureTimeout:
                    _kill_workers(ex)
                    rows, _secs = fut.result()
            except BrokenProcessPool:
                elapsed = time.monotonic() - last
                path, sha = item
                pv = versions[0]
                if timeout and elapsed >= timeout:
                    why = ("timeout", f"{path}: parsing took longer than {timeout:g} s")
                else:
                    why = ("parser_error",
                           f"{path}: the parsing process died (out of memory or a crash in native code)")
                on_result(records.Rows().rejection(sha, pv, now, *why).to_arrow(), 1)
                rest = [it for _f, it in futures[i + 1:]]
                break
            on_result(rows, 1)
            futures[i] = (None, item)  # type: ignore[assignment]  # drop the finished result
            last = time.monotonic()
    return rest
