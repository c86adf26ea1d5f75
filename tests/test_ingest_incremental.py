"""Incremental ingest: unchanged content is never parsed again; changes, deletions and copies are tracked."""
from __future__ import annotations

import importlib
import os
import shutil
from pathlib import Path

import duckdb
import pytest
from filelock import FileLock

from pipelines.cli import EXIT_LOCKED, run_command
from pipelines.ingest import run_ingest
from pipelines.ingest.run import default_cache_dir
from pipelines.ingest.scan import sha256_file
from warehouse.cache import EMPTY_PART, part_files

CONTENT_TABLES = ("units", "reports", "requests", "review_litigation", "proactive", "checks", "warnings",
                  "rejected_files", "conflicts", "labels", "outcome_items")
TIME_COLUMNS = {"parsed_at", "first_seen", "last_seen"}


def snapshot(db: Path, keep_times: bool = True) -> dict[str, list[tuple]]:
    """Every content table, sorted; time columns dropped unless keep_times (last_seen, the build
    time, always dropped)."""
    con = duckdb.connect(str(db), read_only=True)
    out = {}
    for t in CONTENT_TABLES:
        cols = [r[0] for r in con.execute("SELECT column_name FROM duckdb_columns() WHERE table_name = ? "
                                          "ORDER BY column_index", [t]).fetchall()]
        cols = [c for c in cols if c != "last_seen" and (keep_times or c not in TIME_COLUMNS)]
        out[t] = sorted(con.execute(f"SELECT {', '.join(repr(c).replace(chr(39), chr(34)) for c in cols)} FROM {t}").fetchall(),
                        key=repr)
    con.close()
    return out


def last_run(db: Path) -> dict:
    """The newest run recorded in the parse cache (also for runs that published nothing)."""
    con = duckdb.connect(str(default_cache_dir(db) / "parsed.duckdb"), read_only=True)
    cur = con.execute("SELECT * FROM runs ORDER BY run_id DESC LIMIT 1")
    row = dict(zip([d[0] for d in cur.description], cur.fetchone()))
    con.close()
    return row


@pytest.fixture()
def corpus(ingest_corpus, tmp_path) -> Path:
    shutil.copytree(ingest_corpus / "reports", tmp_path / "reports")
    shutil.copy(ingest_corpus / "units.csv", tmp_path / "units.csv")
    return tmp_path


def ingest(corpus: Path, db: Path, jobs: int = 2, **kw) -> int:
    """An ingest of the corpus as the command line runs it: its exit code, the summary printed."""
    return run_command(lambda: run_ingest([corpus / "reports"], db=db, registry=corpus / "units.csv", jobs=jobs, **kw))


def test_ingest_twice_gives_identical_warehouses(corpus, tmp_path):
    a, b = tmp_path / "a" / "w.duckdb", tmp_path / "b" / "w.duckdb"
    assert ingest(corpus, a) == 0 and ingest(corpus, b) == 0
    assert snapshot(a, keep_times=False) == snapshot(b, keep_times=False)  # parsed separately
    first = snapshot(a)
    assert ingest(corpus, a, force=True) == 0  # rebuilt from the cache: identical, parse times included
    assert last_run(a)["parsed"] == 0
    assert snapshot(a) == first
    assert sum(len(v) for v in first.values()) > 1000


def test_nothing_changed_keeps_the_published_file(corpus, tmp_path, monkeypatch):
    db = tmp_path / "w.duckdb"
    assert ingest(corpus, db) == 0
    first = last_run(db)
    files = [p for p in (corpus / "reports").rglob("*") if p.is_file()]
    assert first["seen"] == len(files)
    assert first["parsed"] == len({sha256_file(str(p)) for p in files})  # identical contents parsed once
    inode = os.stat(db).st_ino
    con = duckdb.connect(str(db), read_only=True)
    in_conflict = {p for row in con.execute("SELECT kept_path, dropped_path FROM conflicts").fetchall() for p in row}
    con.close()
    touched = [p for p in files if str(p) not in in_conflict][:5]
    for p in touched:  # touched but not changed, and in no conflict: hashed, not parsed, nothing rebuilt
        os.utime(p, ns=(p.stat().st_atime_ns, p.stat().st_mtime_ns + 10**9))
    run_module = importlib.import_module("pipelines.ingest.run")
    hashed: list[str] = []
    real = run_module.sha256_file
    monkeypatch.setattr(run_module, "sha256_file", lambda path: (hashed.append(path), real(path))[1])
    assert ingest(corpus, db) == 0
    run = last_run(db)
    assert (run["outcome"], run["parsed"], run["unchanged"], run["new"], run["changed"]) == \
        ("unchanged", 0, first["seen"], 0, 0)
    assert os.stat(db).st_ino == inode
    assert sorted(hashed) == sorted(str(p) for p in touched)
    hashed.clear()
    assert ingest(corpus, db) == 0  # their new times were remembered: nothing hashed again
    assert hashed == [] and last_run(db)["outcome"] == "unchanged"


def test_a_touched_file_in_a_conflict_is_ranked_again(corpus, tmp_path):
    """Of two files of one unit-year with as many failed checks, the newer is kept: making the
    dropped one newer (its content unchanged) must rebuild, as an ingest from scratch decides."""
    db = tmp_path / "w.duckdb"
    assert ingest(corpus, db) == 0
    con = duckdb.connect(str(db), read_only=True)
    kept, dropped, rule = con.execute("SELECT kept_path, dropped_path, rule FROM conflicts "
                                      "WHERE rule <> 'fewer_failed_checks' ORDER BY 1 LIMIT 1").fetchone()
    con.close()
    newest = max(os.stat(kept).st_mtime_ns, os.stat(dropped).st_mtime_ns)
    os.utime(dropped, ns=(newest + 10**9, newest + 10**9))
    assert ingest(corpus, db) == 0
    run = last_run(db)
    assert (run["outcome"], run["parsed"], run["changed"]) == ("published", 0, 0)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT kept_path, dropped_path, rule FROM conflicts WHERE dropped_path = ? OR kept_path = ?",
                       [kept, kept]).fetchall() == [(dropped, kept, "same_content" if rule == "same_content"
                                                     else "newer_file")]
    con.close()
    fresh = tmp_path / "fresh.duckdb"
    assert ingest(corpus, fresh) == 0
    assert snapshot(db, keep_times=False) == snapshot(fresh, keep_times=False)


def test_change_one_file_parses_only_it(corpus, tmp_path):
    db = tmp_path / "w.duckdb"
    assert ingest(corpus, db) == 0
    target = sorted((corpus / "reports").rglob("*.txt"))[0]
    target.write_bytes(target.read_bytes() + "\n演示数据\n".encode())
    assert ingest(corpus, db) == 0
    run = last_run(db)
    assert (run["outcome"], run["parsed"], run["changed"], run["new"], run["deleted"]) == ("published", 1, 1, 0, 0)
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT parsed FROM ingest_runs ORDER BY run_id DESC LIMIT 1").fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM ingest_runs").fetchone()[0] == 2


def test_deleted_files_drop_their_unit_year_unless_another_supplies_it(corpus, tmp_path):
    db = tmp_path / "w.duckdb"
    assert ingest(corpus, db) == 0
    con = duckdb.connect(str(db), read_only=True)
    kept, dropped, unit_id, year = con.execute(
        "SELECT kept_path, dropped_path, unit_id, year FROM conflicts ORDER BY 1 LIMIT 1").fetchone()
    single = con.execute("SELECT r.source_path, r.unit_id, r.year FROM reports r WHERE NOT EXISTS "
                         "(SELECT 1 FROM conflicts c WHERE c.unit_id = r.unit_id AND c.year = r.year) "
                         "ORDER BY 1 LIMIT 1").fetchone()
    n_reports = con.execute("SELECT count(*) FROM reports").fetchone()[0]
    con.close()
    os.remove(kept)          # the other file of that unit-year takes over
    os.remove(single[0])     # the only file of that unit-year: it goes
    assert ingest(corpus, db) == 0
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT source_path FROM reports WHERE unit_id = ? AND year = ?", [unit_id, year]).fetchone()[0] == dropped
    assert con.execute("SELECT count(*) FROM reports WHERE unit_id = ? AND year = ?", list(single[1:])).fetchone()[0] == 0
    assert con.execute("SELECT count(*) FROM reports").fetchone()[0] == n_reports - 1
    assert con.execute("SELECT count(*) FROM conflicts WHERE dropped_path = ?", [dropped]).fetchone()[0] == 0
    assert last_run(db)["deleted"] == 2 and last_run(db)["parsed"] == 0


def test_a_copy_is_not_parsed_but_becomes_a_conflict(corpus, tmp_path):
    db = tmp_path / "w.duckdb"
    assert ingest(corpus, db) == 0
    con = duckdb.connect(str(db), read_only=True)
    src = con.execute("SELECT source_path FROM reports WHERE format = 'html' ORDER BY 1 LIMIT 1").fetchone()[0]
    con.close()
    (corpus / "reports" / "copies").mkdir()
    copy = corpus / "reports" / "copies" / Path(src).name  # same content, a name naming the same year
    shutil.copy(src, copy)
    assert ingest(corpus, db) == 0
    run = last_run(db)
    assert (run["new"], run["parsed"]) == (1, 0)
    con = duckdb.connect(str(db), read_only=True)
    rules = {r for (r,) in con.execute("SELECT rule FROM conflicts WHERE ? IN (kept_path, dropped_path)",
                                       [str(copy)]).fetchall()}
    assert rules == {"same_content"}


def test_the_year_a_file_name_gives_follows_the_name(corpus, tmp_path):
    """A report whose text names no year takes it from its file name (with a warning). The cache
    must not hand one name's year to another: renamed, or copied under another year, it is
    parsed for that name. (Years no demo unit reports on, so no conflict decides instead.)"""
    import re

    db = tmp_path / "w.duckdb"
    assert ingest(corpus, db) == 0
    con = duckdb.connect(str(db), read_only=True)
    src, loaded = con.execute("SELECT min(source_path), list(DISTINCT year) FROM reports WHERE format = 'text'"
                              ).fetchone()
    con.close()
    assert not {2041, 2042} & set(loaded)
    yearless = re.sub(r"20[1-4]\d", "", Path(src).read_text(encoding="utf-8"))  # no year in title or period
    folder = corpus / "reports" / "无年份"
    folder.mkdir()
    first = folder / "年报_2041.txt"
    first.write_text(yearless, encoding="utf-8")
    assert ingest(corpus, db) == 0

    def years() -> list[tuple]:
        con = duckdb.connect(str(db), read_only=True)
        try:
            return con.execute("SELECT r.source_path, r.year, w.message FROM reports r JOIN warnings w "
                               "USING (unit_id, year) WHERE r.source_path LIKE ? AND w.message LIKE '%按文件名%' "
                               "ORDER BY 1", [f"{folder}%"]).fetchall()
        finally:
            con.close()

    assert [(p, y) for p, y, _m in years()] == [(str(first), 2041)]
    renamed = folder / "年报_2042.txt"
    first.rename(renamed)
    assert ingest(corpus, db) == 0
    assert last_run(db)["parsed"] == 1
    assert [(p, y) for p, y, _m in years()] == [(str(renamed), 2042)]
    assert "按文件名取 2042 年" in years()[0][2]
    shutil.copy(renamed, first)
    assert ingest(corpus, db) == 0
    assert [(Path(p).name, y) for p, y, _m in years()] == [("年报_2041.txt", 2041), ("年报_2042.txt", 2042)]


def test_ingest_adds_to_earlier_ingests(corpus, tmp_path):
    db = tmp_path / "w.duckdb"
    folders = sorted(unit for area in (corpus / "reports").iterdir() for unit in area.iterdir())
    assert run_ingest([folders[0]], db=db, registry=corpus / "units.csv", jobs=2).outcome == "published"
    assert run_ingest([folders[1]], db=db, registry=corpus / "units.csv", jobs=2).outcome == "published"
    con = duckdb.connect(str(db), read_only=True)
    paths = {Path(p).parent for (p,) in con.execute("SELECT source_path FROM reports").fetchall()}
    assert paths == {folders[0], folders[1]}


def test_lock_held_exits_at_once_with_a_clear_message(corpus, tmp_path, capsys):
    db = tmp_path / "w.duckdb"
    with FileLock(str(db) + ".lock"):
        assert ingest(corpus, db) == EXIT_LOCKED
    err = capsys.readouterr().err
    assert "another ingest/refresh holds" in err and "--wait" in err
    assert not db.exists()


def test_a_file_that_cannot_be_read_is_a_rejected_file(corpus, tmp_path, monkeypatch):
    run_module = importlib.import_module("pipelines.ingest.run")  # `pipelines.ingest.run` is also a function

    bad = corpus / "reports" / "secret.txt"
    bad.write_text("x", encoding="utf-8")
    real = run_module.sha256_file

    def failing(path: str) -> str:  # root can read any file, so the read error is simulated
        if path == str(bad):
            raise PermissionError(13, "Permission denied", path)
        return real(path)

    monkeypatch.setattr(run_module, "sha256_file", failing)
    db = tmp_path / "w.duckdb"
    assert ingest(corpus, db) == 0
    con = duckdb.connect(str(db), read_only=True)
    row = con.execute("SELECT reason, detail FROM rejected_files WHERE path = ?", [str(bad)]).fetchone()
    assert row == ("unreadable", f"{bad}: cannot read file: Permission denied")
    con.close()

    monkeypatch.setattr(run_module, "sha256_file", real)  # readable again (a chmod keeps the mtime)
    assert ingest(corpus, db) == 0
    assert last_run(db)["outcome"] == "published"
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT reason FROM rejected_files WHERE path = ?", [str(bad)]).fetchone() == ("not_a_report",)


def test_a_new_parser_version_reparses_and_prunes_the_old_results(corpus, tmp_path, monkeypatch):
    """After an upgrade (another parser version) every file is parsed again, the warehouse says so,
    and the cache keeps only the new version's results (old ones could never be used again)."""
    import sys

    run_module = sys.modules["pipelines.ingest.run"]
    db = tmp_path / "w" / "w.duckdb"
    assert ingest(corpus, db) == 0
    first = last_run(db)["parsed"]
    old_pv = run_module.parser_version()
    monkeypatch.setattr(run_module, "parser_version", lambda: old_pv + "-upgraded")
    assert ingest(corpus, db) == 0
    assert (last_run(db)["parsed"], last_run(db)["unchanged"], last_run(db)["outcome"]) == (first, last_run(db)["seen"],
                                                                                        "published")
    cache = duckdb.connect(str(default_cache_dir(db) / "parsed.duckdb"), read_only=True)
    versions = {"parsed": [r[0] for r in cache.execute("SELECT DISTINCT parser_version FROM parsed").fetchall()]}
    named_parts = {r[0] for r in cache.execute("SELECT DISTINCT part FROM parsed WHERE part IS NOT NULL").fetchall()}
    n_parsed = cache.execute("SELECT count(*) FROM parsed").fetchone()[0]
    for table in ("parsed_cells", "parsed_checks"):
        files = part_files(default_cache_dir(db) / "parsed.duckdb", table)
        versions[table] = [r[0] for r in cache.execute("SELECT DISTINCT parser_version FROM read_parquet(?)",
                                                       [files]).fetchall()]
        assert {Path(f).stem for f in files} == named_parts | {EMPTY_PART}  # the old parts are deleted
    cache.close()
    assert versions == {t: [old_pv + "-upgraded"] for t in versions}
    con = duckdb.connect(str(db), read_only=True)
    assert {r[0] for r in con.execute("SELECT DISTINCT parser_version FROM reports").fetchall()} == {old_pv + "-upgraded"}
    n_files = con.execute("SELECT count(DISTINCT sha256) FROM reports").fetchone()[0]
    con.close()
    assert n_parsed >= n_files > 0


def test_a_lost_cache_part_is_parsed_again(corpus, tmp_path):
    """Cells live in Parquet parts beside the cache database: a part deleted by hand makes its
    files parse again (the warehouse comes out the same), and leftovers of a killed write go."""
    db = tmp_path / "w" / "w.duckdb"
    assert ingest(corpus, db) == 0
    before = snapshot(db, keep_times=False)
    cache_file = default_cache_dir(db) / "parsed.duckdb"
    lost = next(Path(f) for f in part_files(cache_file, "parsed_cells") if Path(f).stem != EMPTY_PART)
    lost.unlink()
    stray = lost.with_name("killed-mid-write.parquet.tmp")
    stray.write_bytes(b"half a part")
    assert ingest(corpus, db, force=True) == 0
    assert last_run(db)["parsed"] > 0 and last_run(db)["outcome"] == "published"
    assert snapshot(db, keep_times=False) == before
    assert not stray.exists()


def _is_utf8(path: Path) -> bool:
    try:
        path.read_bytes().decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def test_small_cache_parts_are_merged(corpus, tmp_path, monkeypatch):
    """Every refresh that parses something adds a part; small ones are merged once there are
    COMPACT_AT of them, and the warehouse built from the merged part is the same."""
    import warehouse.cache as cache_module

    monkeypatch.setattr(cache_module, "COMPACT_AT", 3)
    db = tmp_path / "w" / "w.duckdb"
    cache_file = default_cache_dir(db) / "parsed.duckdb"
    assert ingest(corpus, db) == 0
    first = {Path(f).stem for f in part_files(cache_file, "parsed_cells")}
    con = duckdb.connect(str(db), read_only=True)
    loaded = [Path(r[0]) for r in con.execute("SELECT source_path FROM reports WHERE source_path LIKE '%.txt' "
                                               "ORDER BY source_path").fetchall()]
    con.close()
    targets = [p for p in loaded if _is_utf8(p)][:3]  # appending UTF-8 to a GBK file would make it unreadable
    counts = []
    for i, target in enumerate(targets):
        target.write_bytes(target.read_bytes() + f"\n第{i}次修改\n".encode())
        assert ingest(corpus, db) == 0 and last_run(db)["parsed"] == 1
        counts.append(len(part_files(cache_file, "parsed_cells")))
        if counts[-1] == 2:  # merged after this publish: rebuilt from the merged part, the same warehouse
            before_merge = snapshot(db, keep_times=False)
            assert ingest(corpus, db, force=True) == 0 and last_run(db)["parsed"] == 0
            assert snapshot(db, keep_times=False) == before_merge
    # the first ingest's part is small too (a few dozen reports): 2 small parts, then 3 -> merged into
    # one, then that one and the next
    assert len(first) == 2 and counts == [3, 2, 3]
    files = part_files(cache_file, "parsed_cells")
    assert all(len(part_files(cache_file, t)) == 3 for t in ("parsed_checks", "parsed_warnings"))
    merged = snapshot(db, keep_times=False)
    assert ingest(corpus, db, force=True) == 0 and last_run(db)["parsed"] == 0
    assert snapshot(db, keep_times=False) == merged and part_files(cache_file, "parsed_cells") == files


@pytest.mark.parametrize("kind", ["garbage", "older_format"])
def test_an_unusable_cache_is_set_aside_and_everything_parsed_again(corpus, tmp_path, kind):
    db = tmp_path / "w" / "w.duckdb"
    assert ingest(corpus, db) == 0
    before = snapshot(db, keep_times=False)
    cache_file = default_cache_dir(db) / "parsed.duckdb"
    cache_file.unlink()
    if kind == "garbage":
        cache_file.write_bytes(b"not a database" * 100)
    else:  # cells inside the database, as nianbao wrote them before the Parquet parts
        con = duckdb.connect(str(cache_file))
        con.execute("CREATE TABLE parsed_cells (sha256 VARCHAR)")
        con.close()
    assert ingest(corpus, db, force=True) == 0
    assert last_run(db)["parsed"] == last_run(db)["seen"] - 1  # all but the copy of one content
    assert snapshot(db, keep_times=False) == before
    assert len(list(cache_file.parent.glob("parsed.duckdb.corrupt-*"))) == 1
    con = duckdb.connect(str(db), read_only=True)  # the run history survives the new cache
    assert con.execute("SELECT run_id, outcome, parsed FROM ingest_runs ORDER BY run_id").fetchall() == \
        [(1, "published", last_run(db)["seen"] - 1), (2, "published", last_run(db)["seen"] - 1)]
    con.close()


def test_a_cache_open_elsewhere_is_reported_not_thrown_away(corpus, tmp_path, capsys):
    """Someone looking into the cache with DuckDB holds its lock: the run stops with a message
    and exit 1, and the cache (with its results and run history) is left as it was."""
    import subprocess
    import sys

    db = tmp_path / "w.duckdb"
    assert ingest(corpus, db) == 0
    cache_file = default_cache_dir(db) / "parsed.duckdb"
    (corpus / "reports" / "new.txt").write_text("新文件", encoding="utf-8")
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys; con = duckdb.connect(sys.argv[1], "
                               "read_only=True); print('open', flush=True); sys.stdin.read()", str(cache_file)],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline() == "open\n"
        assert ingest(corpus, db) == 1
    finally:
        holder.communicate("")
    err = capsys.readouterr().err
    assert f"nianbao: 失败 failed: nothing published (CacheBusy: {cache_file}: the parse cache is open in " \
           "another process; close that session (a read-only one counts) and run again" in err
    assert not list(cache_file.parent.glob("parsed.duckdb.corrupt-*"))
    assert ingest(corpus, db) == 0
    run = last_run(db)  # run 2 is the one stopped by the busy cache (tests/test_ingest_history.py)
    assert (run["run_id"], run["outcome"], run["new"], run["parsed"]) == (3, "published", 1, 1)


def test_a_run_with_nothing_changed_still_names_the_rejection_reasons(corpus, tmp_path, capsys):
    db = tmp_path / "w.duckdb"
    assert ingest(corpus, db) == 0
    first = capsys.readouterr().out.splitlines()
    assert ingest(corpus, db) == 0
    again = capsys.readouterr().out.splitlines()
    assert again[0].startswith("nianbao: 无变化 nothing changed")
    rejected = [line for line in first if line.startswith("  rejected ")]
    assert ": " in rejected[0] and rejected == [line for line in again if line.startswith("  rejected ")]


def test_a_failure_after_publishing_is_not_reported_as_nothing_published(corpus, tmp_path, monkeypatch, capsys):
    """Housekeeping after the rename may fail, say on a full disk: the warehouse is published all
    the same, the scheduler must hear so, and the next run carries on from the saved file list."""
    from warehouse.cache import ParseCache

    def full_disk(self, *args):  # noqa: ANN001
        raise OSError(28, "No space left on device")

    db = tmp_path / "w.duckdb"
    for step in ("compact", "save_manifest"):
        monkeypatch.setattr(ParseCache, step, full_disk)
        target = corpus / "reports" / f"new-{step}.txt"
        target.write_text(f"新文件 {step}", encoding="utf-8")  # something to publish
        assert ingest(corpus, db) == 0
        out = capsys.readouterr().out
        assert out.startswith(f"nianbao: 已发布 published {db}"), out
        assert ("published; the housekeeping after it failed (OSError: [Errno 28] No space left on device) "
                "and is left to the next run") in out
        con = duckdb.connect(str(db), read_only=True)
        assert con.execute("SELECT count(*) FROM rejected_files WHERE path = ?", [str(target)]).fetchone() == (1,)
        con.close()
        monkeypatch.undo()
        assert ingest(corpus, db) == 0
        # compact failed after the file list was saved: nothing changed since; save_manifest failed:
        # every file looks new again, is hashed, found in the cache and not parsed
        run = last_run(db)
        assert (run["outcome"], run["parsed"]) == (("unchanged", 0) if step == "compact" else ("published", 0))
        capsys.readouterr()


def test_a_folder_that_cannot_be_listed_is_not_taken_for_deleted(corpus, tmp_path, monkeypatch, capsys):
    """A subfolder that cannot be listed (permissions, a network share gone) keeps its files as last
    seen, with a warning in the summary; once listed again nothing has changed."""
    db = tmp_path / "w.duckdb"
    assert ingest(corpus, db) == 0
    before = snapshot(db, keep_times=False)
    blocked = sorted(p for p in (corpus / "reports").iterdir() if p.is_dir())[0]
    scan_module = importlib.import_module("pipelines.ingest.scan")
    real = os.scandir

    def scandir(path):  # root can list any folder, so the error is simulated
        if str(path) == str(blocked):
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(scan_module.os, "scandir", scandir)
    (corpus / "reports" / "new.txt").write_text("新文件", encoding="utf-8")  # a change elsewhere: a rebuild
    capsys.readouterr()
    assert ingest(corpus, db) == 0
    out = capsys.readouterr().out
    assert f"folders that could not be listed (their files kept as last seen): {blocked}" in out
    run = last_run(db)
    assert (run["outcome"], run["deleted"], run["new"]) == ("published", 0, 1)
    after = snapshot(db, keep_times=False)
    assert after["reports"] == before["reports"]
    monkeypatch.undo()
    assert ingest(corpus, db) == 0
    assert last_run(db)["outcome"] == "unchanged"


def test_two_warehouses_never_share_one_cache(corpus, tmp_path, capsys):
    """w.duckdb and w.db in one folder would share data/cache/w/ and with it one file list (an
    ingest keeps the files of earlier ingests): the second is refused with a message instead."""
    a = tmp_path / "out" / "w.duckdb"
    assert ingest(corpus, a) == 0
    b = tmp_path / "out" / "w.db"
    assert ingest(corpus, b) == 2
    assert (f"nianbao: {default_cache_dir(a)}: this parse cache belongs to the warehouse {a}, not {b}; "
            "name the warehouse file differently, or give it its own cache_dir") in capsys.readouterr().err
    assert not b.exists()
    run_module = importlib.import_module("pipelines.ingest.run")
    assert run_module.run([corpus / "reports"], db=b, registry=corpus / "units.csv", jobs=2,
                          cache_dir=tmp_path / "cache-b").outcome == "published"
    assert ingest(corpus, a) == 0 and last_run(a)["outcome"] == "unchanged"
