"""A written demo corpus: layout, registry, truth beside every report, defects where listed."""
from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from pipelines.demo import CorpusSummary, generate_corpus
from pipelines.demo.defects import DEFECTS
from pipelines.template import APPLICANTS
from tests.plugins.demo import rule_failures

TEXT = ["cells", "pipes", "html", "runs"]


def files_of(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def truths(root: Path) -> dict[str, dict]:
    """report path (relative to reports/) → truth JSON."""
    out = {}
    for p in sorted((root / "truth").rglob("*.json")):
        if p.name != "defects.json":
            out[p.relative_to(root / "truth").as_posix()[: -len(".json")]] = json.loads(p.read_text("utf-8"))
    return out


def test_same_seed_same_bytes_other_seed_differs(tmp_path):
    a = generate_corpus(tmp_path / "a", units=12, years=(2021, 2023), formats=TEXT, seed=5)
    generate_corpus(tmp_path / "b", units=12, years=(2021, 2023), formats=TEXT, seed=5)
    generate_corpus(tmp_path / "c", units=12, years=(2021, 2023), formats=TEXT, seed=6)
    fa, fb, fc = files_of(tmp_path / "a"), files_of(tmp_path / "b"), files_of(tmp_path / "c")
    assert fa == fb
    assert fa != fc
    assert isinstance(a, CorpusSummary) and a.total_files == sum(1 for k in fa if k.startswith("reports/"))
    assert "演示数据" in str(a) and "defects" in str(a)


def test_pool_and_serial_write_the_same_corpus(tmp_path, monkeypatch):
    from pipelines.demo import corpus

    generate_corpus(tmp_path / "serial", units=40, years=(2024, 2025), formats=["cells"], seed=9)
    monkeypatch.setattr(corpus, "POOL_THRESHOLD", 0)
    monkeypatch.setattr(corpus, "CHUNK_UNITS", 7)
    generate_corpus(tmp_path / "pool", units=40, years=(2024, 2025), formats=["cells"], seed=9)
    assert files_of(tmp_path / "serial") == files_of(tmp_path / "pool")


def test_layout_registry_and_truth_beside_each_report(small_demo_corpus):
    root = small_demo_corpus
    with open(root / "units.csv", encoding="utf-8", newline="") as fh:
        registry = {r["unit_id"]: r for r in csv.DictReader(fh)}
    assert len(registry) == 30
    reports = sorted(p.relative_to(root / "reports").as_posix() for p in (root / "reports").rglob("*") if p.is_file())
    t = truths(root)
    assert sorted(t) == reports, "one truth file per report, same relative path + .json"
    for rel, truth in t.items():
        area, unit_folder, name = rel.split("/")
        unit = registry[truth["unit_id"]]
        assert unit_folder == unit["name"]
        if unit["kind"] in ("city_gov", "city_dept"):
            assert area == "市本级"
        else:
            gov = unit if unit["kind"] == "district_gov" else registry[unit["parent"]]
            assert area + "人民政府" == gov["name"]
        assert not re.search(r"truth|defect|演示", name), name  # file names never reveal the truth
        data = (root / "reports" / rel).read_bytes()
        if truth["rendering"] not in ("docx", "pdf"):
            assert "演示数据".encode("utf-8") in data or "演示数据".encode("gbk") in data, rel
    assert {tr["rendering"] for tr in t.values()} >= {"cells", "html", "pdf", "docx"}


def test_clean_truths_hold_every_rule_and_chain(small_demo_corpus):
    t = truths(small_demo_corpus)
    by_unit: dict[str, dict[int, dict]] = {}
    for truth in t.values():
        if truth["defects"]:
            continue
        assert rule_failures(truth) == set(), truth["unit"]
        by_unit.setdefault(truth["unit_id"], {})[truth["year"]] = truth
    checked = 0
    for per in by_unit.values():
        for year, cur in per.items():
            prev = per.get(year - 1)
            if prev:
                checked += 1
                for a in APPLICANTS:
                    assert cur["requests"]["carried_over"][a.code] == prev["requests"]["carried_forward"][a.code]
    assert checked > 100


def test_every_defect_is_listed_and_placed(small_demo_corpus):
    root = small_demo_corpus
    listed = json.loads((root / "truth" / "defects.json").read_text("utf-8"))
    t = truths(root)
    assert Counter(d["defect"] for d in listed) == {code: 3 for code in DEFECTS}
    for d in listed:
        code, rel = d["defect"], d["file"]
        if code == "missing_year":
            assert rel is None
            assert not [x for x in t.values() if x["unit_id"] == d["unit_id"] and x["year"] == d["year"]]
            continue
        truth = t[rel]
        assert truth["defects"] == [code] and truth["unit_id"] == d["unit_id"] and truth["expect"] == d["expect"]
        if code in ("flow_imbalance", "wrong_row_total"):
            rule = {"flow_imbalance": "flow_balance", "wrong_row_total": "applicant_total"}[code]
            assert rule in rule_failures(truth)
            assert set(truth["expect"]["failed_rules"]) == rule_failures(truth)
        elif code == "blank_cells":
            assert truth["expect"]["blank"]
            for place in truth["expect"]["blank"]:
                table, row, col = place.split(".")
                assert truth[table][row][col] is None
            assert rule_failures(truth) == set()
        elif code == "missing_section_3":
            assert truth["expect"] == {"reject": "no_requests_table"}
            assert "收到和处理政府信息公开申请情况" not in (root / "reports" / rel).read_bytes().decode("utf-8", "replace")
        elif code == "wrong_year_in_filename":
            fy = truth["expect"]["filename_year"]
            assert fy != truth["year"] and str(fy) in rel.rsplit("/", 1)[1] and str(truth["year"]) not in rel.rsplit("/", 1)[1]
        elif code == "duplicate_report":
            first = t[truth["expect"]["duplicate_of"]]
            assert first["defects"] == [] and first["unit_id"] == truth["unit_id"] and first["year"] == truth["year"]
            assert {k: first[k] for k in ("requests", "review_litigation", "proactive")} == \
                   {k: truth[k] for k in ("requests", "review_litigation", "proactive")}
        elif code == "name_variant":
            assert truth["unit"] != truth["expect"]["registry_name"]
        elif code == "gbk":
            data = (root / "reports" / rel).read_bytes()
            with pytest.raises(UnicodeDecodeError):
                data.decode("utf-8")
            assert "演示数据" in data.decode("gbk")
        elif code == "not_a_report":
            assert truth["expect"] == {"reject": "not_a_report"}
            assert "年度报告" not in (root / "reports" / rel).read_bytes().decode("utf-8")
        elif code == "corrupt_pdf":
            assert rel.endswith(".pdf") and (root / "reports" / rel).read_bytes().startswith(b"%PDF-")


def test_unknown_or_unavailable_formats_are_refused(tmp_path):
    with pytest.raises(ValueError, match="unknown rendering"):
        generate_corpus(tmp_path, units=3, formats=["cells", "xlsx"])


def test_rewrite_replaces_a_demo_corpus_but_not_other_files(tmp_path):
    generate_corpus(tmp_path / "d", units=5, years=(2022, 2024), formats=["cells"], seed=1)
    first = files_of(tmp_path / "d")
    generate_corpus(tmp_path / "d", units=3, years=(2024, 2024), formats=["html"], seed=1)
    second = files_of(tmp_path / "d")
    assert not any(k.endswith(".txt") for k in second if k.startswith("reports/")), "no stale file survives"
    assert len(second) < len(first)
    (tmp_path / "other" / "reports").mkdir(parents=True)
    (tmp_path / "other" / "reports" / "mine.pdf").write_bytes(b"%PDF-1.4")
    with pytest.raises(ValueError, match="not a demo corpus"):
        generate_corpus(tmp_path / "other", units=3, formats=["cells"])
    assert (tmp_path / "other" / "reports" / "mine.pdf").exists()


def test_cli_writes_the_corpus(tmp_path):
    from click.testing import CliRunner

    from pipelines.cli import main

    result = CliRunner().invoke(main, ["demo", "--out", str(tmp_path / "d"), "--units", "8", "--years", "2022-2023",
                                       "--formats", "cells,pipes,html"])
    assert result.exit_code == 0, result.output
    reports = [p for p in (tmp_path / "d" / "reports").rglob("*") if p.is_file()]
    assert len(reports) == sum(1 for _ in (tmp_path / "d" / "truth").rglob("*.json")) - 1
    assert {p.suffix for p in reports} <= {".txt", ".html", ".htm", ".shtml", ".pdf"}
    assert "演示数据" in result.output


def test_default_demo_is_built_once_and_loaded(tmp_path, monkeypatch):
    """build_default_demo: corpus + real samples, stamp makes the second run skip, ingest gets its arguments."""
    from pipelines.demo import default

    calls = []
    monkeypatch.setattr(default, "generate_corpus",
                        lambda root, seed: calls.append(seed) or generate_corpus(root, units=6, years=(2023, 2024), formats=["cells"], seed=seed))
    ingested = []
    import pipelines.ingest as ingest

    monkeypatch.setattr(ingest, "run_ingest", lambda paths, **kw: ingested.append((paths, kw)) or 3)
    root = tmp_path / "demo"
    assert default.build_default_demo(root, seed=4) == 3
    assert default.build_default_demo(root, seed=4) == 3
    assert calls == [4], "second run reuses the stamped corpus"
    assert ingested[0] == ([root / "reports"], {"db": None, "registry": root / "units.csv", "jobs": None, "wait": True})
    real = default.shared_dir() / "corpus" / "real"
    if real.is_dir():
        assert sorted(p.name for p in (root / "reports" / "真实样本").iterdir()) == sorted(p.name for p in real.iterdir())
    default.build_default_demo(root, seed=5)
    assert calls == [4, 5], "another seed regenerates"


def test_dash_cells_are_null_in_the_truth_and_printed_as_dashes(tmp_path):
    from pipelines.template import REQUEST_ITEMS

    generate_corpus(tmp_path, units=60, years=(2019, 2025), formats=["cells"], seed=3)
    dashed = {rel: t for rel, t in truths(tmp_path).items() if "dash" in t["expect"]}
    assert dashed, "about 5% of clean text reports print some zeros as dashes"
    columns = [a.code for a in APPLICANTS]
    keys = {i.code: i.keys for i in REQUEST_ITEMS}
    seen = 0
    for rel, truth in dashed.items():
        assert truth["defects"] == [] and rule_failures(truth) == set()
        lines = (tmp_path / "reports" / rel).read_bytes().decode("utf-8").split("\n")
        for place in truth["expect"]["dash"]:
            table, row, col = place.split(".")
            assert truth[table][row][col] is None
            at = [k for k, x in enumerate(lines) if x.startswith("\t") and any(key in x for key in keys[row])]
            if at:  # (a label typo variation may hide the row from this simple lookup)
                assert lines[at[0] + 1 + columns.index(col)].strip() in ("—", "/", "-", "无")
                seen += 1
    assert seen
