"""What the parse cache, the checks and the build are keyed on: derived from the code that decides
them, so a change there is never missed and a change elsewhere costs nothing."""
from __future__ import annotations

import dataclasses
import importlib
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from pipelines import template as T
from pipelines.ingest import versions
from pipelines.ingest.run import default_cache_dir
from tests.test_ingest_incremental import corpus, ingest, last_run, snapshot  # noqa: F401 - the corpus fixture

REPO = Path(__file__).resolve().parents[1]
FIX = REPO / "tests" / "fixtures" / "text"


@pytest.fixture()
def fresh_versions():
    """Versions computed from the module values as they are now (they are cached per process)."""
    versions.parser_version.cache_clear()
    versions.checks_version.cache_clear()
    yield versions
    versions.parser_version.cache_clear()
    versions.checks_version.cache_clear()


def _relabel(codes: tuple, code: str, label: str) -> tuple:
    return tuple(dataclasses.replace(c, label=label) if c.code == code else c for c in codes)


def test_the_parse_is_keyed_on_what_the_parser_reads(fresh_versions, monkeypatch):
    pv, cv = versions.parser_version(), versions.checks_version()
    parse_files = {p.relative_to(REPO).as_posix() for p in versions.module_closure(
        versions.PARSE_START, (versions.TEMPLATE, versions.CHECKS)).values()}
    assert {"pipelines/parser/requests.py", "pipelines/readers/pdf.py", "pipelines/model.py",
            "pipelines/__init__.py"} <= parse_files
    assert not {"pipelines/summary.py", "pipelines/template.py", "pipelines/checks.py", "pipelines/cli.py"} & parse_files

    # a new rule, a relabelled dashboard term: neither re-parses; the rule re-checks
    monkeypatch.setattr(T, "RULES", T.RULES[:-1])
    monkeypatch.setattr(T, "OUTCOME_GROUPS", {**T.OUTCOME_GROUPS, "granted": ("公开", ("granted",))})
    versions.parser_version.cache_clear()
    versions.checks_version.cache_clear()
    assert versions.parser_version() == pv and versions.checks_version() != cv

    # a label the parser matches re-parses
    monkeypatch.setattr(T, "REQUEST_ITEMS", _relabel(T.REQUEST_ITEMS, "granted", "（一）同意公开"))
    versions.parser_version.cache_clear()
    assert versions.parser_version() != pv


def test_the_build_fingerprint_covers_every_file_the_build_reads():
    inputs = {p.relative_to(REPO).as_posix() for p in versions.build_inputs()}
    sql = {p.relative_to(REPO).as_posix() for p in (REPO / "warehouse" / "sql").rglob("*.sql")}
    assert any("/" in s.removeprefix("warehouse/sql/") for s in sql)  # SQL in sub-folders too
    assert sql <= inputs
    assert {"warehouse/build.py", "warehouse/records.py", "warehouse/cache.py", "warehouse/labels.py",
            "pipelines/units.py", "pipelines/template.py", "pipelines/checks.py", "pipelines/ingest/run.py"} <= inputs


def _edit_then_ingest(repo: Path, reports: Path, db: Path, edit: Path | None) -> str:
    if edit is not None:
        with edit.open("a", encoding="utf-8") as fh:
            fh.write("\n-- edited\n" if edit.suffix == ".sql" else "\n# edited\n")
    proc = subprocess.run([sys.executable, "-c", "import pipelines, sys; assert pipelines.__file__.startswith("
                           f"{str(repo)!r}), pipelines.__file__; from pipelines.cli import main; main()",
                           "ingest", str(reports), "--db", str(db), "--jobs", "1"],
                          cwd=repo, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr[-2000:]
    return proc.stdout.splitlines()[0]


def test_refresh_rebuilds_after_a_change_to_any_build_file(tmp_path):
    """A copy of the code: editing SQL under warehouse/sql/ (a sub-folder), records.py or cache.py
    makes the next run rebuild; an untouched run keeps the warehouse."""
    repo = tmp_path / "repo"
    for pkg in ("pipelines", "warehouse"):
        shutil.copytree(REPO / pkg, repo / pkg, ignore=shutil.ignore_patterns("__pycache__"))
    reports = tmp_path / "reports"
    reports.mkdir()
    for name in ("cells_t19.txt", "cells_t21.txt"):
        shutil.copy(FIX / name, reports / name)
    db = tmp_path / "w.duckdb"
    assert "published" in _edit_then_ingest(repo, reports, db, None)
    assert "nothing changed" in _edit_then_ingest(repo, reports, db, None)
    nested = sorted(p for p in (repo / "warehouse" / "sql").rglob("*.sql") if p.parent.name != "sql")[0]
    for edit in (nested, repo / "warehouse" / "records.py", repo / "warehouse" / "cache.py"):
        assert "published" in _edit_then_ingest(repo, reports, db, edit), edit
    assert "nothing changed" in _edit_then_ingest(repo, reports, db, None)


def test_new_rules_recheck_cached_cells_without_parsing(corpus, tmp_path, monkeypatch):  # noqa: F811
    """A new checks version evaluates the rules again from the cached cells: nothing is parsed,
    the same rules give the same warehouse (checked again on the pool's workers), a changed rule
    shows, and the old checks are dropped."""
    import pipelines.checks as checks

    run_module = importlib.import_module("pipelines.ingest.run")
    from tests.test_checks import set_cell

    text = set_cell((FIX / "cells_t19.txt").read_text(encoding="utf-8"), "（一）予以公开", 0, "见附件")
    (corpus / "reports" / "text-cell.txt").write_text(text, encoding="utf-8")  # skipped rule instances
    db = tmp_path / "w.duckdb"
    assert ingest(corpus, db) == 0
    before = snapshot(db, keep_times=False)
    assert len(before["checks"]) > 1000 and len([w for w in before["warnings"] if "未核对" in w[3]]) >= 2
    cv = run_module.checks_version()
    monkeypatch.setattr(run_module, "checks_version", lambda: cv + "-same-rules")
    assert ingest(corpus, db) == 0
    assert (last_run(db)["outcome"], last_run(db)["parsed"]) == ("published", 0)
    assert snapshot(db, keep_times=False) == before

    # a rule changed in this process: checked again here (one job), not by workers importing the code
    monkeypatch.setattr(T, "RULES", tuple(r for r in T.RULES if r.code != "proceeding_total"))
    checks._report_instances.cache_clear()
    monkeypatch.setattr(run_module, "checks_version", lambda: cv + "-no-proceeding-total")
    try:
        assert ingest(corpus, db, jobs=1) == 0
    finally:
        checks._report_instances.cache_clear()
    assert (last_run(db)["outcome"], last_run(db)["parsed"]) == ("published", 0)
    after = snapshot(db, keep_times=False)
    assert [c for c in after["checks"] if c[2] == "proceeding_total"] == []
    assert [c for c in before["checks"] if c[2] != "proceeding_total"] == after["checks"]
    con = duckdb.connect(str(default_cache_dir(db) / "parsed.duckdb"), read_only=True)
    assert con.execute("SELECT DISTINCT checks_version FROM checked").fetchall() == [(cv + "-no-proceeding-total",)]
    con.close()


@pytest.mark.parametrize("cause", ["registry_missing", "registry_bad", "source_missing", "build_failed"])
def test_every_run_that_holds_its_cache_records_its_row(corpus, tmp_path, monkeypatch, capsys, cause):  # noqa: F811
    """One rule for the run history: whatever stops a run after it holds the lock and its cache is
    recorded as a failed run, with the cause, and the exit code says what kind of failure it was."""
    from pipelines.cli import run_command
    from pipelines.ingest import run_ingest

    db = tmp_path / "w.duckdb"
    assert ingest(corpus, db) == 0
    registry, sources = corpus / "units.csv", [corpus / "reports"]
    (corpus / "reports" / "new.txt").write_text("新文件", encoding="utf-8")  # something to build
    if cause == "registry_missing":
        registry = corpus / "none.csv"
    elif cause == "registry_bad":
        registry = tmp_path / "bad.csv"
        registry.write_text("unit_id,name,aliases,parent,kind\nX,甲,,,planet\n", encoding="utf-8")
    elif cause == "source_missing":
        sources = [*sources, corpus / "gone"]
    else:
        import warehouse.build

        def broken(*args, **kw):  # noqa: ANN002, ANN003
            raise OSError(28, "No space left on device")
        monkeypatch.setattr(run_module := importlib.import_module("pipelines.ingest.run"), "build_warehouse", broken)
        assert run_module.build_warehouse is broken and warehouse.build.build_warehouse is not broken
    code = run_command(lambda: run_ingest(sources, db=db, registry=registry, jobs=2))
    assert code == {"registry_missing": 2, "registry_bad": 2, "source_missing": 1, "build_failed": 1}[cause]
    run = last_run(db)
    assert (run["run_id"], run["outcome"]) == (2, "failed")
    want = {"registry_missing": f"{registry}: registry file not found",
            "registry_bad": f"{registry}:2: unknown kind 'planet'",
            "source_missing": f"source folder(s) not found: {corpus / 'gone'}",
            "build_failed": "build failed: OSError: [Errno 28] No space left on device"}[cause]
    assert want in run["detail"] and want in capsys.readouterr().out
    con = duckdb.connect(str(db), read_only=True)  # the published warehouse is the first run's
    assert con.execute("SELECT max(run_id) FROM ingest_runs").fetchone() == (1,)
    con.close()


def test_the_template_digest_depends_on_values_only():
    """Equal names as other string objects give the same digest (a pickle of the same values
    differed with object identity, so one process's key could miss another's cache)."""
    from pipelines.ingest.sources import data_digest

    names = {"REQUEST_ITEMS", "APPLICANTS", "request_items", "VALUE_STATES"}
    copies = {"".join(list(n)) for n in names}
    assert not any(c is n for c in copies for n in names if c == n)
    assert data_digest(T, names) == data_digest(T, copies) == data_digest(T, set(sorted(copies, reverse=True)))


def test_a_data_class_is_keyed_by_its_fields_not_its_source(fresh_versions, monkeypatch):
    """Rewording a docstring of a data class must not re-check every report (140,000 took minutes);
    a change to a rule's data must."""
    from pipelines.ingest.sources import _canonical

    form = repr(_canonical(T.Rule, T, set()))
    assert " ".join(T.Rule.__doc__.split()[:3]) not in form and "skip_derived" in form and "not_in_variants" in form
    cv = versions.checks_version()
    flow_rule = T.RULES_BY_CODE["flow_balance"]
    monkeypatch.setattr(T, "RULES", tuple(dataclasses.replace(r, label="收支") if r is flow_rule else r for r in T.RULES))
    versions.checks_version.cache_clear()
    assert versions.checks_version() != cv
