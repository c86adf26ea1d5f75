"""`nianbao ingest`: publishes, summarises, exits with scheduler-friendly codes."""
from __future__ import annotations

import duckdb
from click.testing import CliRunner
from filelock import FileLock

from pipelines.cli import main


def test_ingest_publishes_and_prints_the_summary(ingest_corpus, tmp_path):
    db = tmp_path / "w.duckdb"
    res = CliRunner().invoke(main, ["ingest", str(ingest_corpus / "reports"), "--db", str(db),
                                    "--registry", str(ingest_corpus / "units.csv"), "--jobs", "2"])
    assert res.exit_code == 0, res.output
    con = duckdb.connect(str(db), read_only=True)
    n_files = sum(1 for p in (ingest_corpus / "reports").rglob("*") if p.is_file())
    n_rejected = con.execute("SELECT count(*) FROM rejected_files").fetchone()[0]
    n_conflicts = con.execute("SELECT count(*) FROM conflicts").fetchone()[0]
    assert f"seen {n_files}  new {n_files}  changed 0  unchanged 0  deleted 0" in res.output
    assert f"rejected {n_rejected}: " in res.output and f"conflicts {n_conflicts}" in res.output
    assert "published" in res.output
    reasons = con.execute("SELECT reason, count(*) FROM rejected_files GROUP BY 1 ORDER BY 1").fetchall()
    assert ", ".join(f"{r} {n}" for r, n in reasons) in res.output


def test_ingest_uses_nianbao_db_by_default(ingest_corpus, tmp_path, monkeypatch):
    db = tmp_path / "env.duckdb"
    monkeypatch.setenv("NIANBAO_DB", str(db))
    folder = next(p for p in (ingest_corpus / "reports").rglob("*") if p.is_dir() and any(p.glob("*.txt")))
    res = CliRunner().invoke(main, ["ingest", str(folder), "--jobs", "1"])
    assert res.exit_code == 0, res.output
    assert db.exists() and str(db) in res.output


def test_ingest_no_wait_exits_75_when_locked(ingest_corpus, tmp_path):
    db = tmp_path / "w.duckdb"
    with FileLock(str(db) + ".lock"):
        res = CliRunner().invoke(main, ["ingest", str(ingest_corpus / "reports"), "--db", str(db), "--no-wait"])
    assert res.exit_code == 75
    assert "another ingest/refresh holds" in res.output
    assert not db.exists()


def test_ingest_bad_registry_exits_2(ingest_corpus, tmp_path):
    bad = tmp_path / "units.csv"
    bad.write_text("unit_id,name,aliases,parent,kind\nX,甲,,,planet\n", encoding="utf-8")
    res = CliRunner().invoke(main, ["ingest", str(ingest_corpus / "reports"), "--db", str(tmp_path / "w.duckdb"),
                                    "--registry", str(bad)])
    assert res.exit_code == 2
    assert f"{bad}:2: unknown kind 'planet'" in res.output


def test_retry_rejected_parses_earlier_rejections_again(ingest_corpus, tmp_path, monkeypatch):
    """A rejection is cached by content like a parsed report: a plain rerun keeps it, --retry-rejected
    parses the file again (here a worker crash that is gone on the second try)."""
    folder = next(p for p in (ingest_corpus / "reports").rglob("*") if p.is_dir() and len(list(p.glob("*.txt"))) >= 2)
    victim = sorted(folder.glob("*.txt"))[0]
    db = tmp_path / "w.duckdb"
    args = ["ingest", str(folder), "--db", str(db), "--jobs", "1"]

    def rejected() -> dict[str, str]:
        con = duckdb.connect(str(db), read_only=True)
        rows = dict(con.execute("SELECT path, reason FROM rejected_files").fetchall())
        con.close()
        return rows

    monkeypatch.setenv("NIANBAO_TEST_CRASH_ON", str(victim))
    assert CliRunner().invoke(main, args).exit_code == 0
    monkeypatch.delenv("NIANBAO_TEST_CRASH_ON")
    assert rejected().get(str(victim.absolute())) == "parser_error"
    res = CliRunner().invoke(main, args)
    assert res.exit_code == 0 and "nothing changed" in res.output
    assert rejected().get(str(victim.absolute())) == "parser_error"
    res = CliRunner().invoke(main, [*args, "--retry-rejected"])
    assert res.exit_code == 0 and "published" in res.output, res.output
    assert str(victim.absolute()) not in rejected()
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM reports WHERE source_path = ?", [str(victim.absolute())]).fetchone()[0] == 1
    con.close()
