"""Every run is a row of ingest_runs, also a run stopped before it held the lock and its parse
cache: it writes one line to the early-exit journal beside the cache, and the next run holding
the cache adds it to the history (outcome failed, nothing counted, the error as detail)."""
from __future__ import annotations

import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import duckdb
from click.testing import CliRunner
from filelock import FileLock

from pipelines.cli import EXIT_CONFIG, EXIT_FAILED, EXIT_LOCKED, main
from pipelines.errors import Locked
from pipelines.ingest.history import FOLDED, JOURNAL, fold_early_exits, record_early_exit
from pipelines.ingest.run import default_cache_dir
from tests.test_ingest_incremental import corpus, ingest, last_run  # noqa: F401 - the corpus fixture
from warehouse.cache import ParseCache


def runs(db: Path) -> list[dict]:
    """ingest_runs of the published warehouse, oldest first."""
    con = duckdb.connect(str(db), read_only=True)
    cur = con.execute("SELECT * FROM ingest_runs ORDER BY run_id")
    out = [dict(zip([d[0] for d in cur.description], r)) for r in cur.fetchall()]
    con.close()
    return out


def stopped(row: dict) -> tuple:
    """What a run stopped early records besides its detail: failed, nothing counted, its times."""
    counts = tuple(row[c] for c in ("seen", "new", "changed", "unchanged", "deleted", "parsed", "rejected",
                                    "conflicts"))
    return row["outcome"], counts, row["started"] <= row["finished"]


NOTHING = ("failed", (0,) * 8, True)


def stopped_between(corpus: Path, db: Path) -> str:
    """After a run was stopped early: the next run (forced, so that it publishes) shows it between
    the first and itself, as a run that did nothing; its detail."""
    assert ingest(corpus, db, force=True) == 0
    got = runs(db)
    assert [(r["run_id"], r["outcome"]) for r in got] == [(1, "published"), (2, "failed"), (3, "published")]
    assert stopped(got[1]) == NOTHING
    return got[1]["detail"]


def test_a_run_stopped_by_the_lock_is_in_the_history(corpus, tmp_path, capsys):
    db = tmp_path / "w.duckdb"
    assert ingest(corpus, db) == 0
    with FileLock(str(db) + ".lock"):
        assert ingest(corpus, db) == EXIT_LOCKED
    assert "another ingest/refresh holds" in capsys.readouterr().err
    assert (default_cache_dir(db) / JOURNAL).is_file()
    detail = stopped_between(corpus, db)
    assert detail == f"{db}: another ingest/refresh holds {db}.lock; exiting (use --wait to wait for it)"
    assert ingest(corpus, db, force=True) == 0  # folded once only
    assert [r["outcome"] for r in runs(db)] == ["published", "failed", "published", "published"]


def test_a_run_stopped_by_a_busy_cache_is_in_the_history(corpus, tmp_path):
    db = tmp_path / "w.duckdb"
    assert ingest(corpus, db) == 0
    cache_file = default_cache_dir(db) / "parsed.duckdb"
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys; con = duckdb.connect(sys.argv[1], "
                               "read_only=True); print('open', flush=True); sys.stdin.read()", str(cache_file)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "open\n"
        assert ingest(corpus, db) == EXIT_FAILED
    finally:
        holder.communicate("")
    detail = stopped_between(corpus, db)
    assert detail.startswith(f"{cache_file}: the parse cache is open in another process; close that session")


def test_a_run_stopped_by_a_cache_of_another_warehouse_is_in_that_warehouses_history(corpus, tmp_path):
    """The refused run has no history of its own: its line goes beside the cache it asked for,
    so the warehouse that owns that cache shows who tried to use it."""
    a = tmp_path / "out" / "w.duckdb"
    b = tmp_path / "out" / "w.db"
    assert ingest(corpus, a) == 0
    assert ingest(corpus, b) == EXIT_CONFIG
    detail = stopped_between(corpus, a)
    assert detail.startswith(f"{default_cache_dir(a)}: this parse cache belongs to the warehouse {a}, not {b}")


def test_a_refresh_stopped_by_its_config_is_in_the_history(corpus, tmp_path):
    cfg = tmp_path / "nianbao.toml"
    good = 'sources = ["reports"]\nregistry = "units.csv"\ndatabase = "out/w.duckdb"\n'
    cfg.write_text(good + 'jobs = "x"\n', encoding="utf-8")
    res = CliRunner().invoke(main, ["refresh", "--config", str(cfg)])
    assert res.exit_code == EXIT_CONFIG
    cfg.write_text(good + "jobs = 2\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["refresh", "--config", str(cfg)])
    assert res.exit_code == 0, res.output
    got = runs(tmp_path / "out" / "w.duckdb")
    assert [r["outcome"] for r in got] == ["failed", "published"]
    assert stopped(got[0]) == NOTHING
    assert got[0]["detail"] == f"{cfg}: `jobs` must be a whole number of at least 1, not 'x'"
    # a config that says nothing (not TOML) cannot say where to record: nothing is written, the exit stands
    cfg.write_text("sources = [", encoding="utf-8")
    res = CliRunner().invoke(main, ["refresh", "--config", str(cfg)])
    assert res.exit_code == EXIT_CONFIG
    cfg.write_text(good, encoding="utf-8")
    assert CliRunner().invoke(main, ["refresh", "--config", str(cfg)]).exit_code == 0
    assert last_run(tmp_path / "out" / "w.duckdb")["outcome"] == "unchanged"


def test_the_journal_is_folded_line_by_line_once(tmp_path, caplog):
    """Complete lines are folded once (the mark is kept in the cache with the rows); a line still
    being written waits, a damaged line is skipped with a warning, a new journal is read from its start."""
    cache = ParseCache(tmp_path / "c" / "parsed.duckdb")
    t0 = dt.datetime(2025, 3, 1, 2, 30)
    record_early_exit(cache.path.parent, t0, Locked("w.duckdb: held"))
    record_early_exit(cache.path.parent, t0, ValueError("odd"))
    journal = cache.path.parent / JOURNAL
    with journal.open("a", encoding="utf-8") as fh:
        fh.write("not json\n" + json.dumps({"started": "2025-03-02T02:30:00", "finished": "2025-03-02T02:30:01",
                                            "detail": "half"})[:30])
    assert fold_early_exits(cache) == 2
    assert "line 3" in caplog.text and "not an early exit" in caplog.text
    history = cache.runs()
    assert list(history["run_id"]) == [1, 2] and list(history["detail"]) == ["w.duckdb: held", "ValueError: odd"]
    assert set(history["outcome"]) == {"failed"} and list(history["started"]) == [t0, t0]
    assert fold_early_exits(cache) == 0
    with journal.open("a", encoding="utf-8") as fh:  # the rest of the half line arrives
        fh.write(json.dumps({"started": "2025-03-02T02:30:00", "finished": "2025-03-02T02:30:01",
                             "detail": "half"})[30:] + "\n")
    assert fold_early_exits(cache) == 1 and list(cache.runs()["detail"])[-1] == "half"
    journal.unlink()
    record_early_exit(cache.path.parent, t0, Locked("again"))  # a new file (another inode)
    assert fold_early_exits(cache) == 1 and list(cache.runs()["run_id"]) == [1, 2, 3, 4]
    assert cache.state(FOLDED).endswith(f":{journal.stat().st_size}")
    cache.close()


def test_a_journal_that_cannot_be_written_does_not_hide_the_error(tmp_path, caplog):
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    record_early_exit(blocker / "cache", dt.datetime(2025, 1, 1), Locked("held"))  # a file where the folder goes
    assert "cannot record this run in the early-exit journal" in caplog.text
