"""The benchmark's generated warehouse: shaped like a real one, its cells pass the product's own
checker where its checks table says so, and the summaries agree with the base tables."""
from __future__ import annotations

import math

import duckdb
import pytest

from pipelines import template as T
from pipelines.checks import run_checks
from pipelines.model import Cell, Report
from warehouse import connect_readonly, query
from warehouse.synthetic import MISSING, UNITS_PER_CITY, generate

#: Unit-years asked for: two cities' worth of units over 2019–2025.
WANTED = 2 * UNITS_PER_CITY * 7


@pytest.fixture(scope="module")
def made(tmp_path_factory):
    path = tmp_path_factory.mktemp("synthetic") / "w.duckdb"
    return generate(path, WANTED, seed=3)


@pytest.fixture(scope="module")
def con(made):
    c = connect_readonly(made.path)
    yield c
    c.close()


def rows(con: duckdb.DuckDBPyConnection, sql: str, *params: object) -> list[tuple]:
    return con.execute(sql, list(params)).fetchall()


def test_shape_is_that_of_a_province(made, con):
    units = math.ceil(WANTED / 7 / (1 - MISSING))
    assert made.counts["units"] == units
    assert abs(made.counts["reports"] - WANTED) <= 0.02 * WANTED  # about the unit-years asked for
    kinds = dict(rows(con, "SELECT kind, count(*) FROM units GROUP BY 1"))
    assert set(kinds) == set(dict(rows(con, "SELECT kind, kind_label FROM unit_kinds")))
    assert kinds["township"] + kinds["town"] + kinds["subdistrict"] > kinds["district_dept"] > kinds["city_dept"]
    templates = dict(rows(con, "SELECT template, count(*) FROM reports GROUP BY 1"))
    assert set(templates) == set(T.TEMPLATES)
    # a third of the year range on the old template, with some crossing over in 2020 and 2021
    assert rows(con, "SELECT count(*) FROM reports WHERE year >= 2022 AND template = '2019'") == [(0,)]
    # cells and report checks in (unit_id, year) order (one unit's rows in a few row groups); the
    # cross-year checks follow them, as in a real build
    for table in ("requests", "review_litigation", "proactive", "checks WHERE scope = 'report'"):
        assert rows(con, f"SELECT count(*) FROM (SELECT unit_id < lag(unit_id) OVER () AS back FROM {table}) "
                         "WHERE back") == [(0,)], table
    # the kinds of trouble a real warehouse has, each present
    for table in ("rejected_files", "conflicts", "warnings"):
        assert made.counts[table] > 0, table
    states = {s for (s,) in rows(con, "SELECT DISTINCT state FROM requests")}
    assert {s for s, i in T.CELL_STATES.items() if i.quality != "none"} & states
    issues = dict(rows(con, "SELECT issue_type, count(*) FROM v_quality GROUP BY 1"))
    assert {"failed_check", "cross_year_break", "rejected_file", "conflict", "warning", "cell_empty"} <= set(issues)


def _report(con: duckdb.DuckDBPyConnection, unit: str, year: int) -> Report:
    (template,) = rows(con, "SELECT template FROM reports WHERE unit_id = ? AND year = ?", unit, year)[0]
    cells = [Cell(t, r, c, v, s, raw or "") for t, r, c, v, s, raw in rows(
        con, "SELECT table_name, row_code, column_code, value, state, raw FROM v_cells WHERE unit_id = ? AND year = ?",
        unit, year)]
    return Report(source="", format="text", unit=unit, year=year, template=template, cells=cells)


def test_the_products_checker_agrees_with_the_generated_checks(con):
    """For reports with and without an injected imbalance, both templates: pipelines.checks run on
    the generated cells fails exactly the checks the generated checks table fails."""
    failed = rows(con, "SELECT unit_id, year FROM reports WHERE failed_checks > 0 ORDER BY 1, 2 LIMIT 3")
    clean = rows(con, """SELECT any_value(unit_id), any_value(year) FROM reports
                         WHERE failed_checks = 0 AND NOT EXISTS (SELECT 1 FROM v_cells c WHERE c.unit_id = reports.unit_id
                               AND c.year = reports.year AND c.state IN (SELECT state FROM cell_states WHERE NOT has_value
                                                                         AND NOT zero_in_sums))
                         GROUP BY template""")
    assert len(failed) == 3 and len(clean) == 2
    for unit, year in failed + clean:
        mine = {(c.rule, c.where, c.passed) for c in run_checks(_report(con, unit, year))}
        stored = set(rows(con, "SELECT rule, \"where\", passed FROM checks WHERE unit_id = ? AND year = ? "
                               "AND scope = 'report'", unit, year))
        assert mine == stored, (unit, year)
    assert rows(con, "SELECT count(*) FROM checks WHERE NOT passed AND scope = 'report'")[0][0] == 2 * rows(
        con, "SELECT count(*) FROM reports WHERE failed_checks > 0")[0][0]


def test_cross_year_rules_break_only_where_injected(con):
    """carried_over continues last year's carried_forward except in the few unit-years broken on
    purpose (自然人, and so 总计) and after a year whose 总计 carried_forward was misprinted (the
    injected failed checks); 现行有效 always continues."""
    breaks = rows(con, """SELECT "where", unit_id, year FROM checks WHERE scope = 'warehouse' AND NOT passed""")
    person = {(u, y) for w, u, y in breaks if w == "requests.carried_over.natural_person"}
    total = {(u, y) for w, u, y in breaks if w == "requests.carried_over.total"}
    assert person and total and {w for w, _, _ in breaks} == {"requests.carried_over.natural_person",
                                                               "requests.carried_over.total"}
    misprinted = {(u, y + 1) for u, y in rows(con, "SELECT unit_id, year FROM reports WHERE failed_checks > 0")}
    assert total <= person | misprinted
    assert person <= total | misprinted
    assert rows(con, "SELECT count(*) FROM checks WHERE rule = 'in_force_continuity'")[0][0] > 0
    assert rows(con, "SELECT count(*) FROM checks WHERE rule = 'in_force_continuity' AND NOT passed") == [(0,)]


def test_summaries_agree_with_the_base_tables(con):
    def same(a: str, b: str) -> None:
        assert rows(con, a) == rows(con, b), a

    same("SELECT year, sum(new_received), sum(carried_forward), count(*) FROM unit_year_summary GROUP BY 1 ORDER BY 1",
         """SELECT year, sum(value) FILTER (WHERE item = 'new_received'), sum(value) FILTER (WHERE item = 'carried_forward'),
                   count(DISTINCT unit_id) FROM requests WHERE applicant = 'total' GROUP BY 1 ORDER BY 1""")
    same("SELECT year, table_name, round(sum(value), 6), sum(cells) FROM cell_totals GROUP BY ALL ORDER BY ALL",
         "SELECT year, table_name, round(sum(coalesce(value, 0)), 6), count(*) FROM v_cells GROUP BY ALL ORDER BY ALL")
    same("SELECT year, sum(value) FROM unit_year_outcomes GROUP BY 1 ORDER BY 1",
         """SELECT year, sum(coalesce(value, 0)) FROM requests WHERE applicant = 'total'
            AND item IN (SELECT item FROM outcome_items) GROUP BY 1 HAVING sum(coalesce(value, 0)) <> 0 ORDER BY 1""")
    same("SELECT proceeding, sum(total), sum(corrected) FROM unit_year_review GROUP BY 1 ORDER BY 1",
         """SELECT proceeding, sum(value) FILTER (WHERE outcome = 'total'), sum(value) FILTER (WHERE outcome = 'corrected')
            FROM review_litigation GROUP BY 1 ORDER BY 1""")
    same("SELECT sum(failed_checks + cross_year_breaks), sum(warnings) FROM unit_year_summary",
         "SELECT (SELECT count(*) FROM checks WHERE NOT passed), (SELECT count(*) FROM warnings)")
    same("SELECT status, count(*) FROM unit_year_status WHERE status IN ('missing', 'rejected') GROUP BY 1 ORDER BY 1",
         """SELECT CASE WHEN EXISTS (SELECT 1 FROM rejected_files f WHERE f.unit_id = g.unit_id AND f.year = g.year)
                        THEN 'rejected' ELSE 'missing' END AS s, count(*)
            FROM (SELECT unit_id, year FROM units, range(2019, 2026) y(year) WHERE registered
                  EXCEPT SELECT unit_id, year FROM reports) g GROUP BY 1 ORDER BY 1""")


def test_every_page_query_runs_on_it(made):
    from dashboard.pages import COMMON, PAGES, bench_params

    unit = str(query("app_unit_list", db=made.path, areas=None, kinds=None, search=None, top=1, unit=None)
               ["unit_id"].iloc[0])
    for search in (None, "第16乡"):
        params = bench_params(year_from=2019, year_to=2025, unit=unit, search=search)
        for page in PAGES.values():
            for name in (*COMMON, *page.queries):
                assert len(query(name, db=made.path, **params)) > 0, (page.key, name, search)
