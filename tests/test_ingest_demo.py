"""Ingest a demo corpus: the warehouse equals the truth, every injected defect shows up where it should."""
from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import duckdb
import pytest

from pipelines.demo.render import SPLIT_BY_SUMS
from tests.plugins.warehouse import ingest_demo

pytestmark = pytest.mark.xdist_group("demo")


@pytest.fixture(scope="module", params=["ingest_corpus", "small_warehouse"])
def loaded(request, tmp_path_factory):
    """(corpus root, read-only connection): our text/HTML corpus, and the demo generator's small corpus
    (all renderings) through the shared `small_warehouse` fixture."""
    if request.param == "small_warehouse":
        db, root = request.getfixturevalue("small_warehouse"), request.getfixturevalue("small_demo_corpus")
    else:
        root = request.getfixturevalue("ingest_corpus")
        db = ingest_demo(root, tmp_path_factory.mktemp("demo_ingest") / "w.duckdb")
    con = duckdb.connect(str(db), read_only=True)
    yield Path(root), con
    con.close()


def _truths(root: Path) -> dict[tuple[str, int], dict]:
    """(unit_id, year) -> truth of every file expected to load (duplicates carry the same truth)."""
    out: dict[tuple[str, int], dict] = {}
    for f in sorted((root / "truth").rglob("*.json")):
        if f.name == "defects.json":
            continue
        t = json.loads(f.read_text(encoding="utf-8"))
        if "reject" in (t.get("expect") or {}) or not t.get("requests"):
            continue
        out[(t["unit_id"], t["year"])] = t
    return out


def _defects(root: Path) -> list[dict]:
    return json.loads((root / "truth" / "defects.json").read_text(encoding="utf-8"))


def _ambiguous(con) -> set[tuple]:
    """Cells whose digits ran together and split more than one way: no value, flagged (crawler renderings)."""
    out: set[tuple] = set()
    for table, row, col in (("requests", "item", "applicant"), ("review_litigation", "proceeding", "outcome"),
                            ("proactive", "item", "measure")):
        out |= {(table, *k) for k in con.execute(
            f"SELECT unit_id, year, {row}, {col} FROM {table} WHERE state = 'ambiguous'").fetchall()}
    return out


def test_every_cell_equals_the_truth(loaded):
    root, con = loaded
    truths = _truths(root)
    got: dict[tuple, float | None] = {}
    for table, row, col in (("requests", "item", "applicant"), ("review_litigation", "proceeding", "outcome"),
                            ("proactive", "item", "measure")):
        for unit_id, year, r, c, v in con.execute(f"SELECT unit_id, year, {row}, {col}, value FROM {table}").fetchall():
            got[(table, unit_id, year, r, c)] = v
    flagged = _ambiguous(con)
    rendering = {str((root / "reports" / f.relative_to(root / "truth")).with_suffix("").absolute()):
                 json.loads(f.read_text(encoding="utf-8")).get("rendering")
                 for f in (root / "truth").rglob("*.json") if f.name != "defects.json"}
    split = {(u, y) for u, y, p in con.execute("SELECT unit_id, year, source_path FROM reports").fetchall()
             if rendering.get(str(Path(p).absolute())) in SPLIT_BY_SUMS}
    assert {k[1:3] for k in flagged} <= split, "ambiguous cells only where digits ran together"
    for k in flagged:
        got.pop(k)  # NULL and flagged: never a wrong number
    expected: dict[tuple, float | None] = {}
    for (unit_id, year), t in truths.items():
        for table in ("requests", "review_litigation", "proactive"):
            for r, cols in t[table].items():
                for c, v in cols.items():
                    expected[(table, unit_id, year, r, c)] = v
    assert set(con.execute("SELECT unit_id, year FROM reports").fetchall()) == set(truths)
    mismatched = {k: (v, got.get(k, "absent")) for k, v in expected.items() if got.get(k, "absent") != v and k not in flagged}
    assert not mismatched, list(mismatched.items())[:10]


def test_totals_equal_the_sum_of_the_truth(loaded):
    root, con = loaded
    sums: dict[str, float] = defaultdict(float)
    flagged = _ambiguous(con)  # NULL in the warehouse: the views read them as 0
    for (unit_id, year), t in _truths(root).items():
        for item in ("new_received", "carried_over", "total_processed", "carried_forward"):
            if ("requests", unit_id, year, item, "total") not in flagged:
                sums[item] += t["requests"][item]["total"] or 0
        for proc, cols in t["review_litigation"].items():
            if ("review_litigation", unit_id, year, proc, "total") not in flagged:
                sums["review_litigation"] += cols["total"] or 0
    view = con.execute("SELECT sum(new_received), sum(carried_over), sum(total_processed), sum(carried_forward) "
                       "FROM v_request_volume WHERE applicant = 'total'").fetchone()
    assert list(view) == [sums["new_received"], sums["carried_over"], sums["total_processed"], sums["carried_forward"]]
    assert con.execute("SELECT sum(total) FROM v_review_litigation").fetchone()[0] == sums["review_litigation"]
    assert sums["new_received"] > 0


def test_failed_rules_land_in_checks(loaded):
    root, con = loaded
    cases = [d for d in _defects(root) if "failed_rules" in d.get("expect", {})]
    assert cases
    for d in cases:
        rules = {r for (r,) in con.execute("SELECT DISTINCT rule FROM checks WHERE unit_id = ? AND year = ? "
                                           "AND scope = 'report' AND NOT passed", [d["unit_id"], d["year"]]).fetchall()}
        assert rules == set(d["expect"]["failed_rules"]), d
        status = con.execute("SELECT status FROM v_coverage WHERE unit_id = ? AND year = ?",
                             [d["unit_id"], d["year"]]).fetchone()[0]
        assert status == "failed_checks"


def test_rejected_files_with_reasons_and_coverage(loaded):
    root, con = loaded
    cases = [d for d in _defects(root) if "reject" in d.get("expect", {})]
    assert cases
    rejected = dict(con.execute("SELECT path, reason FROM rejected_files").fetchall())
    for d in cases:
        path = str((root / "reports" / d["file"]).absolute())
        assert rejected.get(path) == d["expect"]["reject"], d
    assert len(rejected) == len(cases)
    for d in cases:  # a unit-year whose only file was rejected shows as rejected in coverage
        has_report = con.execute("SELECT count(*) FROM reports WHERE unit_id = ? AND year = ?",
                                 [d["unit_id"], d["year"]]).fetchone()[0]
        status = con.execute("SELECT status FROM v_coverage WHERE unit_id = ? AND year = ?",
                             [d["unit_id"], d["year"]]).fetchone()[0]
        assert (status == "rejected") == (not has_report), (d, status)


def test_duplicates_become_conflicts(loaded):
    root, con = loaded
    cases = [d for d in _defects(root) if d["defect"] == "duplicate_report"]
    conflicts = {(u, y): {k, dr} for u, y, k, dr in con.execute(
        "SELECT unit_id, year, kept_path, dropped_path FROM conflicts").fetchall()}
    assert len(conflicts) == len(cases)
    for d in cases:
        pair = {str((root / "reports" / d["file"]).absolute()),
                str((root / "reports" / d["expect"]["duplicate_of"]).absolute())}
        assert conflicts[(d["unit_id"], d["year"])] == pair


def test_missing_years_and_blank_cells(loaded):
    root, con = loaded
    for d in _defects(root):
        if d["defect"] == "missing_year":
            row = con.execute("SELECT status FROM v_coverage WHERE unit_id = ? AND year = ?",
                              [d["unit_id"], d["year"]]).fetchone()
            assert row == ("missing",), d
        if d["defect"] == "blank_cells":
            for place in d["expect"]["blank"]:
                _t, item, applicant = place.split(".")
                row = con.execute("SELECT value, state FROM requests WHERE unit_id = ? AND year = ? AND item = ? "
                                  "AND applicant = ?", [d["unit_id"], d["year"], item, applicant]).fetchone()
                assert row == (None, "blank"), (d, place)
                shown = con.execute("SELECT count(*) FROM v_quality WHERE issue_type = 'cell_empty' AND unit_id = ? "
                                    "AND year = ? AND \"where\" = ?", [d["unit_id"], d["year"], f"requests.{item}.{applicant}"]).fetchone()[0]
                assert shown == 1
        if d["defect"] == "name_variant":
            assert con.execute("SELECT count(*) FROM reports WHERE unit_id = ? AND year = ?",
                               [d["unit_id"], d["year"]]).fetchone()[0] == 1, d


def test_demo_data_is_marked_synthetic(loaded):
    _root, con = loaded
    assert con.execute("SELECT bool_and(synthetic) FROM reports").fetchone()[0] is True
    assert con.execute("SELECT value FROM meta WHERE key = 'synthetic'").fetchone()[0] == "true"


def test_cells_and_checks_are_stored_in_unit_year_order(loaded):
    """One unit's rows sit together in (unit_id, year) order (DuckDB's zone maps then skip the rest
    when 单位档案 reads one unit): each table read in storage order never steps back."""
    _root, con = loaded
    for table in ("requests", "review_litigation", "proactive", "checks WHERE scope = 'report'"):
        steps = con.execute(f"""SELECT count(*) FILTER (WHERE pu IS NOT NULL AND (unit_id, year) < (pu, py)), count(*) FROM (
                                   SELECT unit_id, year, lag(unit_id) OVER (ORDER BY rowid) AS pu,
                                          lag(year) OVER (ORDER BY rowid) AS py FROM {table})""").fetchone()
        assert steps[0] == 0 and steps[1] > 100, (table, steps)
