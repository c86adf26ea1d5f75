"""The parsing worker: one process of the pool, parsing chunks of files under limits.

Limits per file: wall time (an interval timer raising inside the parser) and
address space (RLIMIT_AS set once per worker, above its baseline). A file
over a limit becomes a rejection with reason `timeout` or `out_of_memory`;
the chunk and the batch go on. A hard CPU limit (RLIMIT_CPU) backs up the
timer for native code that never returns to Python: the worker dies and the
pool runs that file alone to name it (see pool.py).
"""
from __future__ import annotations

import datetime as dt
import errno
import gc
import importlib
import os
import resource
import signal
import threading
import time

from warehouse import records

class _Timeout(BaseException):
    """Raised by the interval timer; BaseException so parser `except Exception` cannot swallow it."""


_EXPIRED = {"flag": False}


def _on_alarm(signum, frame):  # noqa: ANN001
    # The flag survives where the exception does not: Python swallows (prints "Exception ignored")
    # an exception raised inside a weakref callback or __del__, e.g. importlib's module-lock
    # cleanup during a lazy import, and the parse would otherwise finish past its limit.
    _EXPIRED["flag"] = True
    raise _Timeout()


_LIMITS: dict = {"timeout": 60.0, "memory_mb": 1536, "crash_on": None, "stall_on": None}
# pandas too: pyarrow imports it when it converts the results' timestamps (records.Rows.to_arrow),
# which must not happen under the address-space cap.
_PRELOAD = ("pipelines.parser", "pipelines.readers", "pyarrow", "pandas", "lxml.etree", "selectolax.lexbor", "charset_normalizer", "opencc",
            "pdfplumber", "pypdfium2", "docx")


def _is_oom(err: BaseException) -> bool:
    """An allocation failure surfacing as another error (mmap of a library, ENOMEM)."""
    text = str(err)
    return (getattr(err, "errno", None) == errno.ENOMEM or "failed to map segment" in text
            or "Cannot allocate memory" in text)


def _vm_bytes() -> int:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


_WARM_UP = "\n".join([
    "演示市某局2023年政府信息公开工作年度报告",
    "三、收到和处理政府信息公开申请情况",
    "本年新收政府信息公开申请数量", "1", "1", "0", "0", "0", "0", "2",
    "四、政府信息公开行政复议、行政诉讼情况",
])


def _warm_up() -> None:
    """Parse a tiny text once so lazily built state (dictionaries, caches) is part of the baseline,
    not charged to the first real file."""
    try:
        from pipelines.parser import parse_document
        from pipelines.readers import read_bytes

        parse_document(read_bytes("warm-up.txt", _WARM_UP.encode("utf-8")))
    except Exception:  # noqa: BLE001 - warm-up only (a ReportError is fine); real files report their own errors
        pass


_HAVE_PROC = os.path.isdir("/proc/self")


def _alive(pid: int) -> bool:
    """Whether process `pid` is running. A killed process stays a zombie until its own parent
    reaps it, and signal 0 still reaches a zombie; a supervisor that reads the run's output
    to its end before reaping (subprocess.run, cron mailing the output) would wait on workers
    that wait on it. /proc shows the zombie state; elsewhere signal 0 is the test."""
    if _HAVE_PROC:
        try:
            with open(f"/proc/{pid}/stat", "rb") as fh:
                return fh.read().rsplit(b")", 1)[1].split()[0] not in (b"Z", b"X")
        except FileNotFoundError:
            return False
        except (OSError, IndexError):
            pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - pid reused by another user's process
        return False
    return True


def _watch_parent(pid: int) -> None:
    """Exit when the ingest process is gone (killed runs must not leave idle workers behind)."""
    while True:
        time.sleep(1.0)
        if not _alive(pid):
            os._exit(1)


def _tune_gc() -> None:
    """A parse allocates many short-lived objects and few cycles: move what is loaded so far out
    of the collector's sight and collect less often (a few % of parse time)."""
    gc.freeze()
    gc.set_threshold(20_000, 20, 20)


_M_TRIM_THRESHOLD, _M_MMAP_THRESHOLD = -1, -3  # glibc mallopt parameters
_MALLOC_KEEP = 64 * 2**20


def _tune_malloc() -> None:
    """Keep up to 64 MB of freed heap instead of handing it back to the system after every
    page (an HTML tree is built and freed per file): fewer page faults, ~3-5% of parse time.
    glibc only; elsewhere nothing changes. RLIMIT_AS still bounds the worker."""
    try:
        import ctypes
        import ctypes.util

        libc = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6")
        libc.mallopt(_M_TRIM_THRESHOLD, _MALLOC_KEEP)
        libc.mallopt(_M_MMAP_THRESHOLD, _MALLOC_KEEP)
    except (OSError, AttributeError):  # pragma: no cover - not glibc
        pass


def init_worker(timeout: float, memory_mb: int, parent: int | None = None, crash_on: str | None = None,
                stall_on: str | None = None) -> None:
    """Pool initializer: remember the limits, cap the address space, ignore Ctrl-C (the parent
    handles it), and exit if the ingest process dies. `crash_on` (tests, from
    NIANBAO_TEST_CRASH_ON): a path fragment whose file kills the worker outright."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _LIMITS["crash_on"] = crash_on
    _LIMITS["stall_on"] = stall_on
    if parent:
        threading.Thread(target=_watch_parent, args=(parent,), daemon=True, name="watch-parent").start()
    signal.signal(signal.SIGALRM, _on_alarm)
    _LIMITS["timeout"] = timeout
    _LIMITS["memory_mb"] = memory_mb
    if memory_mb:
        for module in _PRELOAD:  # load the readers' libraries before measuring the baseline
            try:
                importlib.import_module(module)
            except Exception:  # noqa: BLE001 - a missing library is reported per file below
                pass
        _warm_up()
        cap = _vm_bytes() + memory_mb * 2**20
        _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
        if hard == resource.RLIM_INFINITY or cap <= hard:
            resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    _tune_gc()
    _tune_malloc()


def parse_one(path: str, sha: str, pv: str, cv: str, now: dt.datetime,
              rows: records.Rows | None = None) -> records.Rows:
    """Parse one file into cache rows (its checks under checks version `cv`), appended to `rows`
    (a new Rows if none); every failure becomes a rejection with a reason."""
    rows = records.Rows() if rows is None else rows
    try:
        got = _parse_one(path)
    except _Timeout:
        # The one-shot alarm fired outside the guarded parse (between arming and `try`, or
        # while a failure was being recorded): still this file's time running out.
        signal.setitimer(signal.ITIMER_REAL, 0)
        got = _timed_out(path)
    if _EXPIRED["flag"]:
        # The alarm went off but Python swallowed its exception on the way: whatever the parse
        # then returned (a report, or an error the interruption may have caused), time ran out.
        got = _timed_out(path)
    if isinstance(got, tuple):
        return rows.rejection(sha, pv, now, *got)
    report, skipped = got
    return rows.report(report, sha, pv, now, cv, skipped)


Rejection = tuple[str, str]  # (reason, detail)


def _timed_out(path: str) -> Rejection:
    return "timeout", f"{path}: parsing took longer than {_LIMITS['timeout']:g} s"


def _parse_one(path: str) -> list | Rejection:
    """[the checked report, the warnings about skipped rule instances], or why there is none."""
    from pipelines import parse
    from pipelines.checks import evaluate
    from pipelines.model import ReportError

    timeout = _LIMITS["timeout"]
    cpu_soft, cpu_hard = resource.getrlimit(resource.RLIMIT_CPU)
    _EXPIRED["flag"] = False
    if timeout:
        used = resource.getrusage(resource.RUSAGE_SELF)
        limit = int(used.ru_utime + used.ru_stime + 2 * timeout + 5)
        if cpu_hard == resource.RLIM_INFINITY or limit <= cpu_hard:
            resource.setrlimit(resource.RLIMIT_CPU, (limit, cpu_hard))
        signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        if _LIMITS["crash_on"] and _LIMITS["crash_on"] in path:
            os._exit(70)  # test hook: a native crash, as a segfaulting library would cause
        if _LIMITS["stall_on"] and _LIMITS["stall_on"] in path:
            os.kill(os.getpid(), signal.SIGSTOP)  # test hook: a worker that stops answering (no alarm reaches it)
        report = parse(path, checks=False)
        report.checks, skipped = evaluate(report)
        return [report, skipped]
    except _Timeout:
        return _timed_out(path)
    except MemoryError:
        return "out_of_memory", f"{path}: parsing needed more than {_LIMITS['memory_mb']} MB"
    except ReportError as err:
        return err.reason, str(err)
    except RecursionError as err:
        return "parser_error", f"{path}: parser error: RecursionError: {err}"
    except Exception as err:  # noqa: BLE001 - a parser bug must not stop the batch; it is recorded
        if _is_oom(err):
            return "out_of_memory", f"{path}: parsing needed more than {_LIMITS['memory_mb']} MB ({err})"
        return "parser_error", f"{path}: parser error: {type(err).__name__}: {err}"
    finally:
        if timeout:
            signal.setitimer(signal.ITIMER_REAL, 0)


def parse_chunk(items: list[tuple[str, str]], pv: str, cv: str, now: dt.datetime) -> tuple[records.Batch, float]:
    """Parse (path, parse key) pairs; returns the chunk's rows as Arrow tables (cheap to send to and
    keep in the ingest process) and the seconds spent."""
    start = time.perf_counter()
    _prefetch([path for path, _sha in items])
    rows = records.Rows()
    for path, sha in items:
        parse_one(path, sha, pv, cv, now, rows)
    return rows.to_arrow(), time.perf_counter() - start


_WILLNEED = getattr(os, "POSIX_FADV_WILLNEED", None)


def _prefetch(paths: list[str]) -> None:
    """Ask the kernel to start reading a chunk's files now, so that the disk works while the
    first ones are parsed: a corpus larger than the page cache is read cold, and a worker
    reading one file at a time would wait on each. A file that cannot be opened is left to
    the parse, which records why."""
    if _WILLNEED is None:  # pragma: no cover - not POSIX
        return
    for path in paths:
        try:
            fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            continue
        try:
            os.posix_fadvise(fd, 0, 0, _WILLNEED)
        except OSError:
            pass
        finally:
            os.close(fd)
