"""`nianbao refresh --config`: the config's folders are the whole truth; clear exits for schedulers."""
from __future__ import annotations

import shutil
from pathlib import Path

import duckdb
import pytest
from click.testing import CliRunner

from pipelines.cli import main
from pipelines.ingest.config import load_config

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _default_db(tmp_path, monkeypatch):
    """A config without `database` means the default warehouse: here one under the test's folder
    (a run stopped by a bad config is recorded beside its cache)."""
    monkeypatch.setenv("NIANBAO_DB", str(tmp_path / "default" / "warehouse.duckdb"))


def test_example_config_is_valid():
    cfg = load_config(REPO / "nianbao.toml.example")
    assert cfg.sources == [REPO / "reports"]
    assert cfg.registry == REPO / "units.csv" and cfg.database == REPO / "data" / "warehouse.duckdb"
    assert (cfg.timeout_seconds, cfg.memory_mb) == (60.0, 1536)


def _setup(ingest_corpus: Path, tmp: Path) -> Path:
    shutil.copytree(ingest_corpus / "reports", tmp / "reports")
    shutil.copy(ingest_corpus / "units.csv", tmp / "units.csv")
    cfg = tmp / "nianbao.toml"
    cfg.write_text('sources = ["reports"]\nregistry = "units.csv"\ndatabase = "out/w.duckdb"\njobs = 2\n'
                   "[limits]\ntimeout_seconds = 30\nmemory_mb = 1024\n", encoding="utf-8")
    return cfg


def test_refresh_publishes_then_follows_the_folders(ingest_corpus, tmp_path):
    cfg = _setup(ingest_corpus, tmp_path)
    res = CliRunner().invoke(main, ["refresh", "--config", str(cfg)])
    assert res.exit_code == 0, res.output
    db = tmp_path / "out" / "w.duckdb"
    con = duckdb.connect(str(db), read_only=True)
    before = con.execute("SELECT count(*) FROM reports").fetchone()[0]
    area = sorted((tmp_path / "reports").iterdir())[-1]
    in_area = con.execute("SELECT count(*) FROM reports WHERE starts_with(source_path, ?)", [str(area) + "/"]).fetchone()[0]
    con.close()
    shutil.rmtree(area)
    res = CliRunner().invoke(main, ["refresh", "--config", str(cfg)])
    assert res.exit_code == 0, res.output
    assert "deleted" in res.output
    con = duckdb.connect(str(db), read_only=True)
    assert con.execute("SELECT count(*) FROM reports").fetchone()[0] == before - in_area > 0
    res = CliRunner().invoke(main, ["refresh", "--config", str(cfg)])
    assert res.exit_code == 0 and "nothing changed" in res.output


def test_missing_source_folder_publishes_nothing_and_exits_1(ingest_corpus, tmp_path):
    cfg = _setup(ingest_corpus, tmp_path)
    shutil.rmtree(tmp_path / "reports")
    res = CliRunner().invoke(main, ["refresh", "--config", str(cfg)])
    assert res.exit_code == 1
    assert f"source folder(s) not found: {tmp_path / 'reports'}" in res.output
    assert not (tmp_path / "out" / "w.duckdb").exists()


def test_bad_config_exits_2_naming_the_file(tmp_path):
    cfg = tmp_path / "nianbao.toml"
    cfg.write_text('registry = "units.csv"\n', encoding="utf-8")
    res = CliRunner().invoke(main, ["refresh", "--config", str(cfg)])
    assert res.exit_code == 2 and f"{cfg}: `sources` must list at least one folder" in res.output
    res = CliRunner().invoke(main, ["refresh", "--config", str(tmp_path / "none.toml")])
    assert res.exit_code == 2 and "config file not found" in res.output


@pytest.mark.parametrize(("setting", "message"), [
    ('jobs = "x"', "`jobs` must be a whole number of at least 1, not 'x'"),
    ("jobs = 0.5", "`jobs` must be a whole number of at least 1, not 0.5"),
    ('[limits]\ntimeout_seconds = "abc"', "`[limits] timeout_seconds` must be a number of at least 0, not 'abc'"),
    ("[limits]\nmemory_mb = -5", "`[limits] memory_mb` must be a whole number of at least 0, not -5"),
    ("[limits]\nmemory_mb = true", "`[limits] memory_mb` must be a whole number of at least 0, not True"),
])
def test_a_setting_of_the_wrong_kind_exits_2_naming_it(tmp_path, setting, message):
    cfg = tmp_path / "nianbao.toml"
    cfg.write_text(f'sources = ["reports"]\n{setting}\n', encoding="utf-8")
    res = CliRunner().invoke(main, ["refresh", "--config", str(cfg)])
    assert res.exit_code == 2 and f"{cfg}: {message}" in res.output, res.output
    assert res.exception is None or isinstance(res.exception, SystemExit)


def test_limits_accept_integers_and_floats(tmp_path):
    from pipelines.ingest.config import load_config

    cfg = tmp_path / "nianbao.toml"
    cfg.write_text('sources = ["r"]\njobs = 3\n[limits]\ntimeout_seconds = 5\nmemory_mb = 0\n', encoding="utf-8")
    c = load_config(cfg)
    assert (c.jobs, c.timeout_seconds, c.memory_mb) == (3, 5.0, 0)


def test_refresh_retry_rejected_rebuilds_with_the_rejections_parsed_again(ingest_corpus, tmp_path):
    """The demo's unreadable files stay rejected on a retry (same reasons), but the retry parses
    them again and publishes instead of keeping the warehouse as 'nothing changed'."""
    cfg = _setup(ingest_corpus, tmp_path)
    assert CliRunner().invoke(main, ["refresh", "--config", str(cfg)]).exit_code == 0
    db = tmp_path / "out" / "w.duckdb"

    def rejected() -> list[tuple]:
        con = duckdb.connect(str(db), read_only=True)
        rows = sorted(con.execute("SELECT path, reason, detail FROM rejected_files").fetchall())
        con.close()
        return rows

    before = rejected()
    assert before and "nothing changed" in CliRunner().invoke(main, ["refresh", "--config", str(cfg)]).output
    res = CliRunner().invoke(main, ["refresh", "--config", str(cfg), "--retry-rejected"])
    assert res.exit_code == 0 and "published" in res.output, res.output
    assert rejected() == before
