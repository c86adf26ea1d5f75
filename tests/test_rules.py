"""The consistency rules as data: one definition that the checker, the demo's defect truth, the
warehouse's cross-year SQL and the docs all read."""
from __future__ import annotations

import dataclasses

import duckdb
import pytest

from pipelines import template as T
from pipelines.checks import evaluate, rule_instances
from pipelines.demo.defects import failed_rules
from pipelines.model import Cell, Report
from tests.test_warehouse_views import REGISTRY, flow, report
from warehouse import load_reports


def _grid(tpl: str, variant: str, value: float = 0) -> Report:
    """A report of the template (and variant) whose every printed request and review cell is `value`."""
    cells = [Cell("requests", row, col, value, "number", "")
             for row in T.table_lines("requests", "row", tpl, variant) for col in T.table_lines("requests", "column", tpl)]
    cells += [Cell("review_litigation", p.code, o.code, value, "number", "") for p in T.PROCEEDINGS for o in T.OUTCOMES]
    return Report(source="t", format="text", unit="u", year=2023, template=tpl, cells=cells, meta={"variant": variant})


@pytest.mark.parametrize(("tpl", "variant"), [("2019", "2019"), ("2021", "2021"), ("2021", "hybrid")])
def test_the_checker_evaluates_every_instance_the_rules_define(tpl, variant):
    """Every instance compiled from RULES for the template is checked once, at its place, and none else."""
    checks, skipped = evaluate(_grid(tpl, variant))
    assert skipped == []
    want = sorted((i.rule, i.where) for r in T.RULES if r.scope == "report" for i in rule_instances(r, tpl, variant))
    got = sorted((c.rule, c.where) for c in checks if c.rule != "non_negative")
    assert got == want and len(got) == len(set(got))
    rows = len(T.table_lines("requests", "row", tpl, variant))
    per_rule = {r.code: sum(1 for c in checks if c.rule == r.code) for r in T.RULES if r.scope == "report"}
    assert per_rule == {"flow_balance": 7, "applicant_total": rows, "outcome_total": 7,
                        "other_split": 7 if variant == "2021" else 0, "proceeding_total": 3, "non_negative": 2}


def test_a_rule_read_from_data_changes_what_is_checked(monkeypatch):
    """The checker holds no rule of its own: move a term of flow_balance in the data and the checks follow."""
    import pipelines.checks as checks

    rep = _grid("2019", "2019", 1)
    before = {c.where: (c.expected, c.actual) for c in evaluate(rep)[0] if c.rule == "flow_balance"}
    assert set(before.values()) == {(2, 2)}
    flow_rule = T.RULES_BY_CODE["flow_balance"]
    wider = dataclasses.replace(flow_rule, expected=(*flow_rule.expected, T.Term("granted")))
    monkeypatch.setattr(T, "RULES", tuple(wider if r is flow_rule else r for r in T.RULES))
    checks._report_instances.cache_clear()
    try:
        after = {c.where: (c.passed, c.expected, c.actual) for c in evaluate(rep)[0] if c.rule == "flow_balance"}
    finally:
        monkeypatch.undo()
        checks._report_instances.cache_clear()
    assert set(after) == set(before) and set(after.values()) == {(False, 3, 2)}


def _truth(tpl: str) -> dict:
    """A consistent demo truth dict: every applicant asks 3, 2 granted, 1 carried forward."""
    req = {}
    for row in T.table_lines("requests", "row", tpl):
        req[row] = {a: 0 for a in T.APPLICANT_PARTS}
    for a in T.APPLICANT_PARTS:
        req["new_received"][a], req["granted"][a], req["carried_forward"][a] = 3, 2, 1
        req["total_processed"][a] = 2
    for cells in req.values():
        cells["total"] = sum(cells[a] for a in T.APPLICANT_PARTS)
    review = {p.code: {o.code: 0 for o in T.OUTCOMES} for p in T.PROCEEDINGS}
    proactive = {it.code: {m.code: 1 for m in it.measures} for it in T.PROACTIVE[tpl]}
    return {"template": tpl, "variant": tpl, "requests": req, "review_litigation": review, "proactive": proactive}


@pytest.mark.parametrize("tpl", T.TEMPLATES)
def test_the_defect_truth_breaks_the_rules_the_checker_would(tpl):
    """demo.defects.failed_rules derives the failing rules from the same instances: a change to
    one cell fails exactly the rules whose instances contain that cell."""
    assert failed_rules(_truth(tpl)) == []
    for rule in (r for r in T.RULES if r.scope == "report" and r.kind == "balance"):
        for inst in rule_instances(rule, tpl):
            (table, row, col), _sign = inst.actual[0]
            truth = _truth(tpl)
            truth[table][row][col] += 5
            holding = {r.code for r in T.RULES if r.scope == "report"
                       for i in rule_instances(r, tpl) if (table, row, col) in {k for k, _ in i.expected + i.actual}}
            assert failed_rules(truth) == sorted(holding), (rule.code, inst.where)
    truth = _truth(tpl)
    truth["proactive"][T.PROACTIVE[tpl][0].code][T.PROACTIVE[tpl][0].measures[0].code] = -1
    assert failed_rules(truth) == ["non_negative"]


@pytest.fixture(scope="module")
def cross_year(tmp_path_factory) -> duckdb.DuckDBPyConnection:
    tmp = tmp_path_factory.mktemp("rules")
    (tmp / "units.csv").write_text(REGISTRY, encoding="utf-8")
    blank_fwd = {("requests", "carried_forward", "natural_person"): "blank"}
    missing_over = {("requests", "carried_over", "commercial"): "missing"}
    reports = [
        report("甲乡", 2021, "2021", req=flow(5, 0, 0), states=blank_fwd,
               pro={("regulations", "in_force"): 10, ("normative_documents", "in_force"): 4}),
        report("甲乡", 2022, "2021", req=flow(5, 0, 0), states=missing_over,
               pro={("regulations", "issued"): 2, ("regulations", "in_force"): 12.0000005,
                    ("normative_documents", "repealed"): 1, ("normative_documents", "in_force"): 3.5}),
    ]
    db = tmp / "w.duckdb"
    load_reports(reports, db, registry=tmp / "units.csv")
    con = duckdb.connect(str(db), read_only=True)
    yield con
    con.close()


def test_cross_year_rules_read_cells_as_the_checker_does(cross_year):
    """A blank cell counts as 0 (passed: 0 = 0), a missing one stops its instance (not checked),
    and sums that differ by less than the rules' one tolerance are equal."""
    got = {(r, w): (p, e, a) for r, w, p, e, a in cross_year.execute(
        "SELECT rule, \"where\", passed, expected, actual FROM checks WHERE scope = 'warehouse' AND year = 2022"
    ).fetchall()}
    yc = {w.rsplit(".", 1)[1]: v for (r, w), v in got.items() if r == "year_continuity"}
    assert yc["natural_person"] == (True, 0, 0)          # 2021's blank carried_forward read as 0
    assert "commercial" not in yc                        # 2022's carried_over is missing: not checked
    assert set(yc) == {a.code for a in T.APPLICANTS} - {"commercial"}
    assert got[("in_force_continuity", "proactive.regulations.in_force")] == (True, 12, pytest.approx(12.0000005))
    assert got[("in_force_continuity", "proactive.normative_documents.in_force")] == (False, 3, 3.5)
    assert 5e-7 < T.RULE_TOLERANCE


def test_the_warehouse_holds_the_compiled_cross_year_terms(cross_year):
    rows = cross_year.execute("SELECT rule, template, \"where\", side, table_name, row_code, column_code, "
                              "year_offset, sign FROM rule_terms ORDER BY ALL").fetchall()
    want = sorted((r.code, tpl, i.where, side, *key, offset, sign)
                  for r in T.RULES if r.scope == "warehouse" for tpl in T.TEMPLATES
                  for i in rule_instances(r, tpl)
                  for (side, (key, sign)), offset in zip([("expected", t) for t in i.expected]
                                                          + [("actual", t) for t in i.actual], i.year_offsets))
    assert rows == want
    assert ("in_force_continuity", "2021", "proactive.regulations.in_force", "expected", "proactive", "regulations",
            "repealed", 0, -1) in rows
    assert not [r for r in rows if r[0] == "in_force_continuity" and r[1] == "2019"]


def test_the_docs_print_each_rule_from_its_data():
    from docs.generate import formula, rules_section

    text = rules_section()
    for r in T.RULES:
        assert r.statement in text and (formula(r) in text if formula(r) else True), r.code
    assert formula(T.RULES_BY_CODE["in_force_continuity"]) == \
        "in_force(N−1) + issued − repealed = in_force (proactive: regulations, normative_documents)"
