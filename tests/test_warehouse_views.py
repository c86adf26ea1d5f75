"""The warehouse views on hand-made Reports: every dashboard question answered from known numbers."""
from __future__ import annotations

import duckdb
import pytest

from pipelines import template as T
from pipelines.model import Cell, Check, Report, ReportError
from warehouse import load_reports
from warehouse.labels import ISSUE_TYPES

REGISTRY = """unit_id,name,aliases,parent,kind
C,示例市人民政府,,,city_gov
D,示例市东区人民政府,东区,C,district_gov
A,东区甲乡人民政府,甲乡,D,township
Z,东区乙镇人民政府,乙镇,D,town
M,示例市档案馆,,C,city_dept
"""


def report(unit: str, year: int, tpl: str = "2019", req: dict | None = None, rl: dict | None = None,
           pro: dict | None = None, states: dict | None = None, checks: list[Check] | None = None,
           source: str | None = None) -> Report:
    """A report whose every cell is 0 except the given ones; `states` overrides (value None)."""
    req, rl, pro, states = req or {}, rl or {}, pro or {}, states or {}
    cells = []
    for it in T.request_items(tpl):
        for a in T.APPLICANTS:
            key = ("requests", it.code, a.code)
            st = states.get(key)
            state = st or ("derived" if tpl in it.derived_in else "number")
            cells.append(Cell("requests", it.code, a.code, None if st else req.get((it.code, a.code), 0), state,
                              " " if st == "blank" else ""))
    for p in T.PROCEEDINGS:
        for o in T.OUTCOMES:
            cells.append(Cell("review_litigation", p.code, o.code, rl.get((p.code, o.code), 0), "number", ""))
    for it, m in T.proactive_cells(tpl):
        cells.append(Cell("proactive", it, m, pro.get((it, m), 0), "number", ""))
    return Report(source=source or f"/r/{unit}/{year}.txt", format="text", unit=unit, year=year, template=tpl,
                  cells=cells, checks=checks or [Check("flow_balance", True, "requests.total", 0, 0)],
                  meta={"synthetic": True})


def flow(n_new: int, n_over: int, n_fwd: int, who: str = "natural_person") -> dict:
    """Consistent request numbers: everything granted except what is carried forward."""
    done = n_new + n_over - n_fwd
    out = {}
    for col in (who, "total"):
        out.update({("new_received", col): n_new, ("carried_over", col): n_over, ("granted", col): done,
                    ("total_processed", col): done, ("carried_forward", col): n_fwd})
    return out


@pytest.fixture(scope="module")
def con(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("views")
    (tmp / "units.csv").write_text(REGISTRY, encoding="utf-8")
    a21 = flow(7, 3, 0)
    a21[("carried_over", "natural_person")] = 2  # breaks year_continuity for natural_person (2020 forwarded 3)
    a21[("new_received", "natural_person")] = 8
    reports = [
        report("甲乡", 2020, req=flow(5, 1, 3), rl={("review", "upheld"): 2, ("review", "corrected"): 1,
                                                   ("review", "pending"): 1, ("review", "total"): 4}),
        report("東區甲鄉人民政府", 2021, "2021", req=a21,
               pro={("regulations", "in_force"): 10, ("normative_documents", "in_force"): 5}),
        report("甲乡", 2022, "2021", req=flow(2, 0, 0),
               pro={("regulations", "issued"): 2, ("regulations", "repealed"): 1, ("regulations", "in_force"): 11,
                    ("normative_documents", "issued"): 1, ("normative_documents", "in_force"): 9}),
        report("乙镇", 2020), report("乙镇", 2021, "2021"), report("乙镇", 2022, "2021", req=flow(1, 0, 0)),
        report("乙镇", 2023, "2021", states={("requests", "granted", "commercial"): "text"}),
        report("丙局", 2021, "2021", req=flow(4, 0, 0), states={("requests", "carried_over", "total"): "blank"}),
        # two files for one unit-year: the one with fewer failed checks is kept
        report("示例市人民政府", 2021, "2021", req=flow(9, 0, 0), source="/r/C/a.txt",
               checks=[Check("flow_balance", False, "requests.total", 9, 8)]),
        report("示例市人民政府", 2021, "2021", req=flow(9, 0, 0), source="/r/C/b.txt"),
    ]
    rejected = [ReportError(str(tmp / "示例市档案馆" / "2021年报.pdf"), "scanned", "no text layer on any of 3 pages")]
    db = tmp / "w.duckdb"
    load_reports(reports, db, registry=tmp / "units.csv", rejected=rejected)
    c = duckdb.connect(str(db), read_only=True)
    yield c
    c.close()


def test_units_registered_unregistered_and_areas(con):
    rows = {r[0]: r[1:] for r in con.execute("SELECT unit_id, kind_label, area, registered FROM v_units").fetchall()}
    assert rows["A"] == ("乡", "示例市东区人民政府", True)
    assert rows["M"] == ("市直部门", "市本级", True)
    unreg = [k for k in rows if k.startswith("unreg-")]
    assert len(unreg) == 1 and rows[unreg[0]] == ("未登记", "未登记", False)
    assert con.execute("SELECT unit_name_printed FROM reports WHERE unit_id = 'A' AND year = 2021").fetchone()[0] == "東區甲鄉人民政府"


def test_request_volume_reads_null_as_zero(con):
    got = con.execute("SELECT year, new_received, carried_over, total_processed, carried_forward FROM v_request_volume "
                      "WHERE unit_id = 'A' AND applicant = 'total' ORDER BY year").fetchall()
    assert got == [(2020, 5, 1, 3, 3), (2021, 7, 3, 10, 0), (2022, 2, 0, 2, 0)]
    unreg = con.execute("SELECT new_received, carried_over FROM v_request_volume WHERE unit_id LIKE 'unreg-%' "
                        "AND applicant = 'total'").fetchone()
    assert unreg == (4, 0)  # the blank carried_over cell counts as 0
    assert con.execute("SELECT applicant_label FROM v_request_volume WHERE applicant = 'natural_person' LIMIT 1").fetchone()[0] == "自然人"


def test_outcomes_add_up_to_total_processed(con):
    rows = con.execute("SELECT o.unit_id, o.year, sum(o.value), any_value(v.total_processed) FROM v_outcomes o "
                       "JOIN v_request_volume v ON v.unit_id = o.unit_id AND v.year = o.year AND v.applicant = 'total' "
                       "GROUP BY 1, 2").fetchall()
    assert rows and all(s == t for _u, _y, s, t in rows)
    groups = {r[0]: r[1] for r in con.execute("SELECT DISTINCT outcome_group, outcome_label FROM v_outcomes").fetchall()}
    assert groups == {k: v[0] for k, v in T.OUTCOME_GROUPS.items()}
    assert con.execute("SELECT count(*) FROM v_outcomes WHERE item LIKE 'other_%'").fetchone()[0] == 0
    assert con.execute("SELECT value FROM v_outcomes WHERE unit_id = 'A' AND year = 2020 AND item = 'granted'").fetchone()[0] == 3


def test_review_litigation_and_correction_rate(con):
    row = con.execute("SELECT upheld, corrected, other, pending, total, correction_rate, proceeding_label "
                      "FROM v_review_litigation WHERE unit_id = 'A' AND year = 2020 AND proceeding = 'review'").fetchone()
    assert row == (2, 1, 0, 1, 4, pytest.approx(1 / 3), "行政复议")
    assert con.execute("SELECT correction_rate FROM v_review_litigation WHERE unit_id = 'Z' LIMIT 1").fetchone()[0] is None


def test_zero_activity_streaks(con):
    got = con.execute("SELECT year, is_zero, zero_streak FROM v_zero_activity WHERE unit_id = 'Z' ORDER BY year").fetchall()
    assert got == [(2020, True, 1), (2021, True, 2), (2022, False, 0), (2023, True, 1)]
    assert con.execute("SELECT count(*) FROM v_zero_activity WHERE unit_id = 'A' AND is_zero").fetchone()[0] == 0


def test_cross_year_rules(con):
    yc = con.execute("SELECT \"where\", passed, expected, actual FROM checks WHERE rule = 'year_continuity' "
                     "AND unit_id = 'A' AND year = 2021 ORDER BY 1").fetchall()
    byplace = {w: (p, e, a) for w, p, e, a in yc}
    assert byplace["requests.carried_over.natural_person"] == (False, 3, 2)
    assert byplace["requests.carried_over.total"] == (True, 3, 3)
    inforce = dict(con.execute("SELECT \"where\", passed FROM checks WHERE rule = 'in_force_continuity' "
                               "AND unit_id = 'A' AND year = 2022").fetchall())
    assert inforce == {"proactive.regulations.in_force": True, "proactive.normative_documents.in_force": False}
    assert con.execute("SELECT status FROM reports WHERE unit_id = 'A' AND year = 2021").fetchone()[0] == "failed_checks"
    breaks = con.execute("SELECT count(*) FROM v_quality WHERE issue_type = 'cross_year_break' AND unit_id = 'A'").fetchone()[0]
    assert breaks == 2  # natural_person continuity + normative_documents in_force
    # no cross-year check where the previous year is not loaded
    assert con.execute("SELECT count(*) FROM checks WHERE scope = 'warehouse' AND unit_id = 'A' AND year = 2020").fetchone()[0] == 0


def test_coverage_statuses(con):
    status = {(u, y): s for u, y, s in con.execute("SELECT unit_id, year, status FROM v_coverage").fetchall()}
    assert status[("A", 2020)] == "loaded"
    assert status[("A", 2021)] == "failed_checks"
    assert status[("A", 2023)] == "missing"
    assert status[("Z", 2021)] == "zero_activity"
    assert status[("M", 2021)] == "rejected"
    assert status[("M", 2020)] == "missing"
    assert status[("D", 2022)] == "missing"
    years = {y for _u, y in status}
    assert years == {2020, 2021, 2022, 2023}
    unreg = [k for k in status if k[0].startswith("unreg-")]
    assert unreg == [(unreg[0][0], 2021)]  # unregistered units only where they have data


def test_conflict_rule_keeps_fewer_failed_checks(con):
    assert con.execute("SELECT kept_path, dropped_path, rule FROM conflicts").fetchall() == [
        ("/r/C/b.txt", "/r/C/a.txt", "fewer_failed_checks")]
    assert con.execute("SELECT source_path FROM reports WHERE unit_id = 'C'").fetchone()[0] == "/r/C/b.txt"


def test_quality_lists_non_number_cells_rejections_and_conflicts(con):
    kinds = dict(con.execute("SELECT issue_type, count(*) FROM v_quality GROUP BY 1").fetchall())
    # the failed check of /r/C/a.txt left with its file (the conflict kept b.txt)
    assert kinds == {"cross_year_break": 2, "cell_problem": 1, "cell_empty": 1, "rejected_file": 1,
                     "conflict": 1}
    labels = dict(con.execute("SELECT DISTINCT issue_type, issue_label FROM v_quality").fetchall())
    assert labels == {t: ISSUE_TYPES[t].label for t in kinds}
    row = con.execute("SELECT rule, \"where\", detail, ranked FROM v_quality WHERE issue_type = 'cell_empty'").fetchone()
    assert row == ("blank", "requests.carried_over.total", "空白单元格： ", False)
    text = con.execute("SELECT unit_id, year, \"where\", detail, ranked FROM v_quality WHERE issue_type = 'cell_problem'").fetchone()
    assert text == ("Z", 2023, "requests.granted.commercial", "非数字文字：", True)
    rej = con.execute("SELECT unit_id, year, rule, detail FROM v_quality WHERE issue_type = 'rejected_file'").fetchone()
    assert rej[:3] == ("M", 2021, "scanned") and "no text layer" in rej[3]


def test_quality_issues_hold_the_listed_issues_most_serious_first(con):
    """quality_issues lists every listed issue once, in severity order; blank cells only counted."""
    rows = con.execute("SELECT issue_type, severity FROM quality_issues").fetchall()
    listed = con.execute("SELECT issue_type, count(*) FROM v_quality WHERE listed GROUP BY 1").fetchall()
    assert sorted(t for t, _ in rows) == sorted(t for t, n in listed for _ in range(n))
    assert [s for _, s in rows] == sorted(s for _, s in rows)
    assert all(ISSUE_TYPES[t].listed and ISSUE_TYPES[t].severity == s for t, s in rows)
    empty = con.execute("SELECT unit_id, year, empty_cells, problem_cells FROM unit_year_summary "
                        "WHERE empty_cells + problem_cells > 0 ORDER BY 1").fetchall()
    blank_unit = con.execute("SELECT unit_id FROM units WHERE NOT registered").fetchone()[0]
    assert empty == sorted([(blank_unit, 2021, 1, 0), ("Z", 2023, 0, 1)])


def test_cells_view_is_the_three_tables(con):
    n = con.execute("SELECT (SELECT count(*) FROM requests) + (SELECT count(*) FROM review_litigation) "
                    "+ (SELECT count(*) FROM proactive)").fetchone()[0]
    assert con.execute("SELECT count(*) FROM v_cells").fetchone()[0] == n
    assert con.execute("SELECT count(*) FROM requests WHERE unit_id = 'A' AND year = 2021").fetchone()[0] == 26 * 7  # 25 printed rows + derived other
    assert con.execute("SELECT count(*) FROM requests WHERE unit_id = 'A' AND year = 2020").fetchone()[0] == 23 * 7
