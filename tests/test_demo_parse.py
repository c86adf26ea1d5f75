"""Parse the WHOLE default demo corpus and compare every document with its truth.

Every document without an injected defect must equal its truth exactly (unit,
year, template, all three tables) and pass every check; every injected defect
must be detected with the expected reason. A document whose digits ran
together (render.SPLIT_BY_SUMS) may leave a cell ``ambiguous`` (no value,
flagged) where more than one split fits every sum; every other cell still
equals the truth. Failures are grouped by (rendering, cause) so that the
message says where to look.
"""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from pipelines import parse
from pipelines.demo.render import SPLIT_BY_SUMS
from pipelines.model import ReportError

TABLES = ("requests", "review_litigation", "proactive")


def compare(path: Path, truth: dict) -> list[str]:
    """Causes why the parse of `path` disagrees with `truth` (empty: agrees)."""
    expect = truth["expect"]
    try:
        report = parse(path)
    except ReportError as err:
        if err.reason == expect.get("reject"):
            return []
        return [f"rejected {err.reason}" + (f" (expected {expect['reject']})" if expect.get("reject") else "")]
    if expect.get("reject"):
        return [f"not rejected (expected {expect['reject']})"]
    causes: list[str] = []
    got = report.to_json()
    flagged = {(c.table, c.row, c.column) for c in report.cells if c.state == "ambiguous"}
    if flagged and truth["rendering"] not in SPLIT_BY_SUMS:
        causes.append("ambiguous cells")
    for key in ("unit", "year", "template"):
        if got[key] != truth[key]:
            causes.append(f"{key}: {got[key]!r} != {truth[key]!r}")
    for table in TABLES:
        for row, cells in truth[table].items():
            for col, want in cells.items():
                have = got[table].get(row, {}).get(col, "missing")
                if (table, row, col) in flagged:
                    continue  # no number, flagged: never a wrong one
                if have != want or type(have) is bool:
                    causes.append(f"{table} differs")
                    break
            else:
                continue
            break
        extra = set(got[table]) - set(truth[table])
        if extra:
            causes.append(f"{table} extra rows")
    failed = sorted({c.rule for c in report.failed_checks})
    if failed != sorted(expect.get("failed_rules", [])):
        causes.append(f"failed checks {failed} != {sorted(expect.get('failed_rules', []))}")
    blank = sorted(f"{c.table}.{c.row}.{c.column}" for c in report.cells if c.state == "blank")
    if blank != sorted(expect.get("blank", [])):
        causes.append("blank cells differ")
    dash = sorted(f"{c.table}.{c.row}.{c.column}" for c in report.cells if c.state == "dash")
    if dash != sorted(expect.get("dash", [])):
        causes.append("dash cells differ")
    if "filename_year" in expect and not any(str(expect["filename_year"]) in w for w in report.warnings):
        causes.append("no warning about the file name's year")
    return causes


def compare_corpus(root: Path) -> tuple[int, dict[tuple[str, str], list[str]]]:
    """(documents compared, {(rendering, cause): [relative paths]})."""
    groups: dict[tuple[str, str], list[str]] = defaultdict(list)
    n = 0
    for tf in sorted((root / "truth").rglob("*.json")):
        if tf.name == "defects.json":
            continue
        rel = tf.relative_to(root / "truth").as_posix()[: -len(".json")]
        truth = json.loads(tf.read_text("utf-8"))
        n += 1
        try:
            causes = compare(root / "reports" / rel, truth)
        except Exception as err:  # a crash is a finding, not a test error
            causes = [f"crash {type(err).__name__}"]
        for cause in causes:
            groups[(truth["rendering"], cause.split(":")[0] if cause.startswith(("unit", "year", "template")) else cause)].append(rel)
    return n, groups


@pytest.mark.slow
@pytest.mark.xdist_group("demo")
def test_whole_default_corpus_parses_to_its_truth(demo_corpus):
    n, groups = compare_corpus(demo_corpus)
    assert n > 1400
    report = "\n".join(f"{len(v):4d}  {r:14s} {cause}   e.g. {v[0]}" for (r, cause), v in sorted(groups.items()))
    assert not groups, f"documents that disagree with their truth, by (rendering, cause):\n{report}"


@pytest.mark.slow
@pytest.mark.xdist_group("demo")
def test_defects_are_all_present_in_the_default_corpus(demo_corpus):
    listed = json.loads((demo_corpus / "truth" / "defects.json").read_text("utf-8"))
    from pipelines.demo.defects import DEFECTS

    assert {d["defect"] for d in listed} == set(DEFECTS)
    assert (demo_corpus / "reports" / "真实样本").is_dir() or not (Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real").is_dir()


if __name__ == "__main__":  # python -m tests.test_demo_parse DIR: print the grouped disagreements
    import sys

    total, found = compare_corpus(Path(sys.argv[1]))
    print(f"{total} documents, {sum(len(v) for v in found.values())} disagreements")
    for (rendering, cause), paths in sorted(found.items()):
        print(f"{len(paths):4d}  {rendering:14s} {cause}   e.g. {paths[0]}")
