"""Crash safety: SIGKILL the refresh at every stage; readers only ever see complete warehouses."""
from __future__ import annotations

import json
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest

from pipelines.ingest import KILL_STAGES, run_refresh
from warehouse.build import COUNTED
from warehouse.publish import prev_path

REFRESH = ("import sys; from pipelines.cli import run_command; from pipelines.ingest import run_refresh; "
           "sys.exit(run_command(lambda: run_refresh(sys.argv[1], jobs=2)))")
PUBLISHED_AT = KILL_STAGES.index("publish_replaced")


def setup_v1(ingest_corpus: Path, tmp: Path) -> tuple[Path, Path, Path]:
    """Sources with two unit folders, refreshed once (v1); returns (config, db, third folder)."""
    folders = sorted(unit for area in (ingest_corpus / "reports").iterdir() for unit in area.iterdir())
    src = tmp / "src"
    for f in folders[:2]:
        shutil.copytree(f, src / f.parent.name / f.name)
    shutil.copy(ingest_corpus / "units.csv", tmp / "units.csv")
    cfg = tmp / "nianbao.toml"
    cfg.write_text('sources = ["src"]\nregistry = "units.csv"\ndatabase = "data/w.duckdb"\n', encoding="utf-8")
    assert run_refresh(cfg, jobs=2).outcome == "published"
    return cfg, tmp / "data" / "w.duckdb", folders[2]


def change_sources(tmp: Path, third: Path) -> None:
    """v2 = v1 minus one loaded file plus a third unit folder (which needs parsing)."""
    first = sorted(unit for area in (tmp / "src").iterdir() for unit in area.iterdir())[0]
    victim = sorted(p for p in first.iterdir() if p.suffix in (".txt", ".html"))[0]
    victim.unlink()
    shutil.copytree(third, tmp / "src" / third.parent.name / third.name)


def state(db: Path) -> tuple[int, ...]:
    """Row counts of a complete warehouse; fails if the file is not complete."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        counts = tuple(con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in COUNTED)
        assert counts == tuple(int(meta[f"rows.{t}"]) for t in COUNTED), "meta counts disagree: incomplete file"
        con.execute("SELECT count(*) FROM v_coverage").fetchone()
        return counts
    finally:
        con.close()


def parsed_by_last_run(db: Path) -> int:
    from pipelines.ingest.run import default_cache_dir

    con = duckdb.connect(str(default_cache_dir(db) / "parsed.duckdb"), read_only=True)
    try:
        return con.execute("SELECT parsed FROM runs ORDER BY run_id DESC LIMIT 1").fetchone()[0]
    finally:
        con.close()


@pytest.fixture(scope="module")
def expected(ingest_corpus, tmp_path_factory) -> tuple[tuple[int, ...], tuple[int, ...], int]:
    """Counts of v1 and of v2, built without any crash, and how many files v2 parses."""
    tmp = tmp_path_factory.mktemp("crash_expected")
    cfg, db, third = setup_v1(ingest_corpus, tmp)
    v1 = state(db)
    change_sources(tmp, third)
    assert run_refresh(cfg, jobs=2).outcome == "published"
    v2 = state(db)
    assert v1 != v2
    return v1, v2, parsed_by_last_run(db)


@pytest.mark.slow
@pytest.mark.parametrize("stage", KILL_STAGES)
def test_sigkill_at_any_stage_leaves_old_or_new_warehouse(stage, expected, ingest_corpus, tmp_path):
    v1, v2, n_parsed = expected
    assert n_parsed > 2  # so that mid_parse (a cache write after the first result) falls between results
    cfg, db, third = setup_v1(ingest_corpus, tmp_path)
    change_sources(tmp_path, third)
    env = {**_env(), "NIANBAO_TEST_KILL_AT": stage, "NIANBAO_TEST_FLUSH_EVERY": "1"}
    proc = subprocess.run([sys.executable, "-c", REFRESH, str(cfg)], env=env, capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == -signal.SIGKILL, (stage, proc.returncode, proc.stderr[-2000:])
    published = state(db)
    assert published == (v2 if KILL_STAGES.index(stage) >= PUBLISHED_AT else v1), stage
    assert run_refresh(cfg, jobs=2).outcome in ("published", "unchanged")  # the next refresh cleans up
    assert state(db) == v2
    if stage == "mid_parse":  # killed with the workers busy, after the first result was saved
        assert 0 < parsed_by_last_run(db) < n_parsed
    assert not list(db.parent.glob(db.name + ".next-*"))
    assert prev_path(db).exists()


def _env() -> dict[str, str]:
    import os

    return {k: v for k, v in os.environ.items() if k != "NIANBAO_TEST_KILL_AT"}


READER = r"""
import json, sys, time, pathlib, duckdb
db, stop = sys.argv[1], pathlib.Path(sys.argv[2])
tables = sys.argv[3].split(",")
n, errors, seen = 0, [], set()
while not stop.exists():
    try:
        con = duckdb.connect(db, read_only=True)
        meta = dict(con.execute("SELECT key, value FROM meta").fetchall())
        counts = [con.execute(f"SELECT count(*) FROM {t}").fetchone()[0] for t in tables]
        if counts != [int(meta["rows." + t]) for t in tables]:
            errors.append(f"incomplete: {counts}")
        con.execute("SELECT sum(new_received) FROM v_request_volume").fetchone()
        seen.add(meta["rows.reports"])
        con.close()
        n += 1
    except Exception as err:
        errors.append(f"{type(err).__name__}: {err}")
print(json.dumps({"n": n, "errors": errors[:5], "seen": sorted(seen)}))
"""


@pytest.mark.slow
def test_readers_never_see_errors_or_partial_warehouses(ingest_corpus, tmp_path):
    cfg, db, third = setup_v1(ingest_corpus, tmp_path)
    stop = tmp_path / "stop"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(db), str(stop), ",".join(COUNTED)],
                              stdout=subprocess.PIPE, text=True)
    try:
        time.sleep(0.5)
        moved = tmp_path / "moved"
        moved.mkdir()
        for i in range(4):  # alternate between two source states, publishing each time
            if i % 2 == 0:
                shutil.copytree(third, tmp_path / "src" / "extra" / third.name)
            else:
                shutil.move(tmp_path / "src" / "extra", moved / str(i))
            assert run_refresh(cfg, jobs=2).outcome == "published"
    finally:
        stop.touch()
        out, _ = reader.communicate(timeout=60)
    result = json.loads(out)
    assert result["errors"] == []
    assert result["n"] > 20
    assert len(result["seen"]) == 2  # saw both the smaller and the larger warehouse


def test_a_build_killed_while_spilling_to_disk_does_not_block_the_next_refresh(ingest_corpus, tmp_path):
    """A build killed during a large sort leaves DuckDB's spill folder `<db>.next-<pid>.tmp/` beside
    its half-built file; the next refresh removes both and publishes (it used to stop on the folder)."""
    cfg, db, _third = setup_v1(ingest_corpus, tmp_path)
    half = db.with_name(db.name + ".next-99999")
    half.write_bytes(b"half-built")
    spill = db.with_name(db.name + ".next-99999.tmp")
    spill.mkdir()
    (spill / "duckdb_temp_storage-0.tmp").write_bytes(b"\0" * 4096)
    before = state(db)
    assert run_refresh(cfg, jobs=2, force=True).outcome == "published"
    assert not half.exists() and not spill.exists()
    assert state(db) == before
