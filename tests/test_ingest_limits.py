"""Per-file limits in the parsing pool: a file over the time or memory limit is rejected, the batch goes on."""
from __future__ import annotations

import datetime as dt
import os
import time
from pathlib import Path

import pytest

from pipelines.ingest.pool import parse_files
from pipelines.ingest.scan import is_candidate, scan, sha256_file
from warehouse import records

NOW = dt.datetime(2024, 1, 1)


def _run(items, **limits) -> dict[str, tuple]:
    out: list[records.Batch] = []
    seen: list[int] = []
    parse_files(items, "pv-test", "cv-test", NOW, lambda rows, n: (out.append(rows), seen.append(n)), jobs=2, **limits)
    assert sum(seen) == len(items)
    p = records.concat(out)["parsed"].to_pydict()
    return {sha: (ok, reason, detail) for sha, ok, reason, detail in zip(p["sha256"], p["ok"], p["reason"], p["detail"])}


def _texts(corpus: Path, n: int) -> list[tuple[str, str]]:
    """The first n text files of distinct content."""
    out: dict[str, str] = {}
    for f in sorted(str(p) for p in (corpus / "reports").rglob("*.txt")):
        out.setdefault(sha256_file(f), f)
    return [(f, sha) for sha, f in list(out.items())[:n]]


def test_timeout_rejects_each_file_and_continues(ingest_corpus):
    items = _texts(ingest_corpus, 4)
    got = _run(items, timeout=0.0005, memory_mb=1536)
    assert len(got) == 4
    for path, sha in items:
        ok, reason, detail = got[sha]
        assert (ok, reason) == (False, "timeout") and detail.startswith(path)


def test_memory_limit_rejects_the_big_file_only(ingest_corpus, tmp_path):
    big = tmp_path / "huge.txt"
    big.write_bytes("一、本年新收政府信息公开申请数量 1 2 3\n".encode() * 800_000)  # ~45 MB, under the reader's 50 MB cap
    items = _texts(ingest_corpus, 3) + [(str(big), sha256_file(str(big)))]
    got = _run(items, timeout=60, memory_mb=96)
    assert got[items[-1][1]][:2] == (False, "out_of_memory")
    assert "more than 96 MB" in got[items[-1][1]][2]
    assert all(got[sha][0] for _p, sha in items[:3]), [got[sha] for _p, sha in items[:3]]


def test_scan_skips_hidden_and_temporary_files(tmp_path):
    for name in ("a.txt", "b.html", "c.unknownext", "noext", ".hidden.txt", "~$lock.docx", "d.txt.part", "e.tmp"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "f.txt").write_text("x", encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "g.pdf").write_bytes(b"%PDF")
    found = sorted(Path(p).name for p in scan([tmp_path]))
    assert found == ["a.txt", "b.html", "c.unknownext", "g.pdf", "noext"]
    assert not is_candidate("report.docx~")


def test_a_crashing_worker_costs_only_its_file(ingest_corpus, monkeypatch):
    items = _texts(ingest_corpus, 12)
    victim = items[5]
    monkeypatch.delenv("NIANBAO_TEST_CRASH_ON", raising=False)
    baseline = _run(items, timeout=60, memory_mb=1536)
    monkeypatch.setenv("NIANBAO_TEST_CRASH_ON", victim[0])
    got = _run(items, timeout=60, memory_mb=1536)
    assert len(got) == 12
    ok, reason, detail = got[victim[1]]
    assert (ok, reason) == (False, "parser_error") and detail.startswith(victim[0])
    assert "the parsing process died" in detail
    assert {k: v[:2] for k, v in got.items() if k != victim[1]} == {k: v[:2] for k, v in baseline.items() if k != victim[1]}
    assert baseline[victim[1]][0] is True


def test_a_stuck_worker_is_killed_and_the_batch_finishes(ingest_corpus, monkeypatch):
    """A worker that stops answering (SIGSTOP: no alarm reaches it) must not hang an unattended refresh."""
    items = _texts(ingest_corpus, 6)
    victim = items[2]
    monkeypatch.setenv("NIANBAO_TEST_STALL_ON", victim[0])
    monkeypatch.setenv("NIANBAO_STALL_GRACE", "3")
    got = _run(items, timeout=1, memory_mb=1536)
    assert len(got) == 6
    ok, reason, detail = got[victim[1]]
    assert (ok, reason) == (False, "timeout") and detail.startswith(victim[0])
    assert all(got[sha][0] for _p, sha in items if sha != victim[1])


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")  # the swallowed _Timeout, on purpose
def test_an_alarm_swallowed_by_python_still_rejects_the_file(ingest_corpus, monkeypatch):
    """Python prints and drops an exception raised inside __del__ or a weakref callback (as in
    importlib's module-lock cleanup during a lazy import): the file must still count as timed out."""
    import signal

    import pipelines
    from pipelines.ingest import worker

    (path, sha), = _texts(ingest_corpus, 1)
    real_parse = pipelines.parse

    class SlowToFree:
        def __del__(self):
            time.sleep(0.2)  # the alarm goes off in here; its _Timeout is "ignored" by Python

    def parse_past_the_limit(p, **kw):  # noqa: ANN003
        SlowToFree()
        return real_parse(p, **kw)

    monkeypatch.setattr(pipelines, "parse", parse_past_the_limit)
    monkeypatch.setitem(worker._LIMITS, "timeout", 0.05)
    previous = signal.signal(signal.SIGALRM, worker._on_alarm)
    try:
        got = worker.parse_one(path, sha, "pv-test", "cv-test", NOW)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    row = got.cols["parsed"]
    assert (row["ok"], row["reason"]) == ([False], ["timeout"])
    assert row["detail"] == [f"{path}: parsing took longer than 0.05 s"]
    monkeypatch.setitem(worker._LIMITS, "timeout", 60)
    assert worker.parse_one(path, sha, "pv-test", "cv-test", NOW).cols["parsed"]["ok"] == [True]


def test_a_killed_ingest_process_counts_as_gone_while_still_a_zombie():
    """Workers watch the ingest process; once it is killed it stays a zombie until its supervisor
    reaps it, and a supervisor reading the output to its end waits for the workers first."""
    import signal
    import subprocess
    import sys

    from pipelines.ingest.worker import _alive

    child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        assert _alive(child.pid)
        os.kill(child.pid, signal.SIGKILL)
        deadline = time.monotonic() + 10
        while _alive(child.pid) and time.monotonic() < deadline:  # a zombie: not reaped yet
            time.sleep(0.01)
        assert not _alive(child.pid)
        assert child.poll() == -signal.SIGKILL  # reaped only now
    finally:
        child.kill()
        child.wait()
    assert not _alive(child.pid)


def test_prefetching_a_chunk_never_blocks_on_odd_files(tmp_path):
    """The read-ahead asked for a chunk's files passes over a file gone since the scan and a
    FIFO put in a report's place (opening one without O_NONBLOCK would wait for a writer);
    the chunk then records the gone file as unreadable and parses the rest."""
    from pipelines.ingest import worker

    good = tmp_path / "cells_t21.txt"
    good.write_bytes((Path(__file__).parent / "fixtures" / "text" / "cells_t21.txt").read_bytes())
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    gone = tmp_path / "gone.txt"
    start = time.monotonic()
    worker._prefetch([str(gone), str(fifo), str(good)])
    assert time.monotonic() - start < 5
    batch, _secs = worker.parse_chunk([(str(gone), "a" * 64), (str(good), "b" * 64)], "pv", "cv", dt.datetime(2026, 1, 1))
    parsed = batch["parsed"].to_pydict()
    assert parsed["sha256"] == ["a" * 64, "b" * 64]
    assert parsed["ok"] == [False, True]
    assert parsed["reason"][0] == "unreadable" and "gone.txt" in parsed["detail"][0]
