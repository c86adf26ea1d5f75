"""Every dashboard page under streamlit's AppTest, on the small demo warehouse.

The numbers a page shows are compared with SQL run here directly on the
fixture file (base tables, not the app's named queries), so a wrong view or
query or a wrong pandas step in a page fails the test.
"""
from __future__ import annotations

import base64
import json
from pathlib import Path

import duckdb
import numpy as np
import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import charts, labels
from pipelines import template as T
from warehouse.labels import ISSUE_TYPES
from tests.conftest import REPO

pytestmark = pytest.mark.xdist_group("demo")

#: page script -> title, in navigation order.
PAGES = {
    "overview": "总览", "volume": "申请量", "outcomes": "办理结果", "review": "复议与诉讼", "zero": "零申请单位",
    "coverage": "覆盖情况", "quality": "数据质量", "unit": "单位档案", "summary": "全市汇总",
}


def open_app(db: Path, monkeypatch: pytest.MonkeyPatch, page: str | None = None,
             query: dict[str, str | list[str]] | None = None) -> AppTest:
    """Run app.py over `db` (with URL parameters), then switch to `page`."""
    monkeypatch.setenv("NIANBAO_DB", str(db))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=90)
    for key, value in (query or {}).items():
        at.query_params[key] = value
    at.run()
    if page and page != "overview":
        at.switch_page(f"dashboard/views/{page}.py").run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def sql(db: Path, text: str, *params: object) -> pd.DataFrame:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute(text, list(params)).df()


def one(db: Path, text: str, *params: object) -> float:
    value = sql(db, text, *params).iloc[0, 0]
    return 0.0 if value is None or pd.isna(value) else float(value)


def frame(at: AppTest, *columns: str) -> pd.DataFrame:
    """The first table on the page having all `columns`."""
    for df in at.dataframe:
        if all(c in df.value.columns for c in columns):
            return df.value
    raise AssertionError(f"no table with {columns}; tables: {[list(d.value.columns) for d in at.dataframe]}")


def metric(at: AppTest, label: str) -> str:
    for m in at.metric:
        if m.label == label:
            return m.value
    raise AssertionError(f"no metric {label!r}")


def values(array: object) -> list:
    """A Plotly data array as a list (Plotly sends numbers as base64 typed arrays)."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"])).tolist()
    return list(array)  # type: ignore[call-overload]


def chart(at: AppTest, title: str) -> dict:
    """The Plotly figure (as JSON) whose title contains `title`."""
    specs = [json.loads(c.proto.spec) for c in at.get("plotly_chart")]
    for spec in specs:
        if title in spec["layout"].get("title", {}).get("text", ""):
            return spec
    raise AssertionError(f"no chart titled {title!r}: {[s['layout'].get('title', {}).get('text') for s in specs]}")


def url(at: AppTest) -> dict[str, list[str]]:
    """The app's URL parameters after the run, every value as a list."""
    return {k: (v if isinstance(v, list) else [v]) for k, v in at.query_params.items()}


def as_number(text: str) -> float:
    return float(text.replace(",", "").replace("%", ""))


@pytest.fixture(scope="module")
def db(small_warehouse: Path) -> Path:
    assert one(small_warehouse, "SELECT count(*) FROM reports") > 50, "fixture warehouse has too few reports"
    return small_warehouse


@pytest.fixture(scope="module")
def years(db: Path) -> list[int]:
    return [int(y) for y in sql(db, "SELECT DISTINCT year FROM reports ORDER BY year")["year"]]


@pytest.mark.parametrize("page", list(PAGES))
def test_page_runs_with_title_badge_and_downloads(db: Path, monkeypatch: pytest.MonkeyPatch, page: str) -> None:
    at = open_app(db, monkeypatch, page)
    assert [t.value for t in at.title] == [PAGES[page]]
    assert not at.error, [e.value for e in at.error]
    synthetic = bool(one(db, "SELECT count(*) FROM reports WHERE synthetic"))
    badge = any(labels.DEMO_BADGE in m.value for m in at.markdown)
    assert badge == synthetic
    assert at.dataframe, "every page shows at least one table"
    charts_ = at.get("plotly_chart")
    buttons = at.get("download_button")
    assert len(buttons) >= 2 * len(charts_) + 2  # CSV + Excel per chart, and per table
    assert {b.label for b in buttons} >= {"下载 CSV", "下载 Excel"}


def test_overview_metrics_equal_sql(db: Path, monkeypatch: pytest.MonkeyPatch, years: list[int]) -> None:
    at = open_app(db, monkeypatch)
    last, prev = years[-1], years[-2]
    assert int(metric(at, "报送单位数").replace(",", "")) == one(db, "SELECT count(*) FROM reports WHERE year = ?", last)
    new = "SELECT sum(value) FROM requests WHERE item = 'new_received' AND applicant = 'total' AND year = ?"
    assert as_number(metric(at, "本年新收申请")) == one(db, new, last)
    change = one(db, new, last) / one(db, new, prev) - 1
    assert metric(at, "新收申请同比") == f"{change:+.1%}"
    rl = "SELECT sum(value) FROM review_litigation WHERE outcome = ? AND year = ? AND "
    assert as_number(metric(at, "行政复议")) == one(db, rl + "proceeding = 'review'", "total", last)
    assert as_number(metric(at, "行政诉讼")) == one(db, rl + "proceeding <> 'review'", "total", last)
    corrected = one(db, rl + "true", "corrected", last)
    concluded = sum(one(db, rl + "true", o, last) for o in ("upheld", "corrected", "other"))
    assert metric(at, "纠错率") == f"{corrected / concluded:.1%}"
    zero = one(db, """
        SELECT count(*) FROM reports r WHERE r.year = ?
          AND NOT EXISTS (SELECT 1 FROM requests q WHERE q.unit_id = r.unit_id AND q.year = r.year
                          AND q.item IN ('new_received', 'carried_over') AND coalesce(q.value, 0) <> 0)
          AND NOT EXISTS (SELECT 1 FROM review_litigation v WHERE v.unit_id = r.unit_id AND v.year = r.year
                          AND coalesce(v.value, 0) <> 0)""", last)
    units = one(db, "SELECT count(*) FROM reports WHERE year = ?", last)
    assert metric(at, "零申请单位占比") == f"{zero / units:.1%}"
    table = frame(at, "报告年度", "本年新收申请")
    assert list(table["报告年度"]) == years
    for y, v in zip(table["报告年度"], table["本年新收申请"]):
        assert v == one(db, new, int(y))


def test_overview_area_filter_narrows_the_numbers(db: Path, monkeypatch: pytest.MonkeyPatch, years: list[int]) -> None:
    area = sql(db, "SELECT area, count(*) n FROM units WHERE registered GROUP BY area ORDER BY n DESC, area").iloc[0, 0]
    at = open_app(db, monkeypatch)
    everyone = as_number(metric(at, "本年新收申请"))
    at.multiselect(key="f_areas").set_value([area]).run()
    assert not at.exception
    new = """SELECT sum(q.value) FROM requests q JOIN units u USING (unit_id)
             WHERE q.item = 'new_received' AND q.applicant = 'total' AND q.year = ? AND u.area = ?"""
    shown = as_number(metric(at, "本年新收申请"))
    assert shown == one(db, new, years[-1], area)
    assert shown < everyone
    assert url(at)["area"] == [area]


def test_volume_detail_and_applicants_equal_sql(db: Path, monkeypatch: pytest.MonkeyPatch, years: list[int]) -> None:
    at = open_app(db, monkeypatch, "volume", {"from": str(years[1]), "to": str(years[-2])})
    detail = frame(at, "单位编号", "报告年度", "本年新收申请")
    expected = sql(db, """
        SELECT r.unit_id, r.year,
               coalesce(sum(q.value) FILTER (WHERE q.item = 'new_received'), 0) AS new_received,
               coalesce(sum(q.value) FILTER (WHERE q.item = 'carried_forward'), 0) AS carried_forward
        FROM reports r JOIN requests q USING (unit_id, year)
        WHERE q.applicant = 'total' AND r.year BETWEEN ? AND ? GROUP BY ALL ORDER BY 1, 2""", years[1], years[-2])
    got = detail.sort_values(["单位编号", "报告年度"]).reset_index(drop=True)
    assert list(got["单位编号"]) == list(expected["unit_id"])
    assert list(got["报告年度"]) == list(expected["year"])
    assert list(got["本年新收申请"]) == list(expected["new_received"])
    assert list(got["结转下年度继续办理"]) == list(expected["carried_forward"])
    # the applicant chart's data: one row per year and applicant type
    spec = chart(at, "按申请人类型")
    by_applicant = {t["name"]: sum(values(t["y"])) for t in spec["data"]}
    assert set(by_applicant) == {labels.APPLICANT_LABELS[c] for c in labels.APPLICANT_ORDER}
    for code in labels.APPLICANT_ORDER:
        want = one(db, """SELECT sum(value) FROM requests WHERE item = 'new_received' AND applicant = ?
                          AND year BETWEEN ? AND ?""", code, years[1], years[-2])
        assert by_applicant[labels.APPLICANT_LABELS[code]] == want, code


def test_outcome_items_equal_sql(db: Path, monkeypatch: pytest.MonkeyPatch, years: list[int]) -> None:
    at = open_app(db, monkeypatch, "outcomes")
    table = frame(at, "办理结果", "项目", f"{years[0]}年")
    for item, group in labels.ITEM_OUTCOME_GROUP.items():
        row = table[table["项目"] == labels.item_label(item)]
        assert len(row) == 1, item
        assert row["办理结果"].iloc[0] == labels.OUTCOME_GROUP_LABELS[group]
        for y in years:
            want = one(db, "SELECT sum(value) FROM requests WHERE item = ? AND applicant = 'total' AND year = ?", item, y)
            assert row[f"{y}年"].iloc[0] == want, (item, y)
    shares = frame(at, "单位编号", "办理结果总计")
    top = shares.iloc[0]
    total = one(db, """SELECT sum(value) FROM requests WHERE unit_id = ? AND applicant = 'total'
                       AND item IN (SELECT unnest(?))""", top["单位编号"], list(labels.ITEM_OUTCOME_GROUP))
    assert top["办理结果总计"] == total
    granted = one(db, "SELECT sum(value) FROM requests WHERE unit_id = ? AND applicant = 'total' AND item = 'granted'",
                  top["单位编号"])
    assert top["予以公开占比"] == pytest.approx(granted / total)


def test_review_years_equal_sql(db: Path, monkeypatch: pytest.MonkeyPatch, years: list[int]) -> None:
    at = open_app(db, monkeypatch, "review")
    table = frame(at, "报告年度", "程序", "结果纠正", "纠错率")
    assert len(table) == len(years) * len(labels.PROCEEDING_LABELS)
    for code, label in labels.PROCEEDING_LABELS.items():
        for y in years:
            row = table[(table["程序"] == label) & (table["报告年度"] == y)].iloc[0]
            q = "SELECT sum(value) FROM review_litigation WHERE proceeding = ? AND year = ? AND outcome = ?"
            for outcome, column in labels.REVIEW_OUTCOME_LABELS.items():
                assert row[column] == one(db, q, code, y, outcome), (code, y, outcome)
            concluded = sum(one(db, q, code, y, o) for o in ("upheld", "corrected", "other"))
            if concluded:
                assert row["纠错率"] == pytest.approx(one(db, q, code, y, "corrected") / concluded)
            else:
                assert pd.isna(row["纠错率"])


def test_zero_records_equal_sql(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(db, monkeypatch, "zero")
    shown = frame(at, "报告年度", "单位编号", "连续零申请年数")
    expected = sql(db, """
        SELECT r.unit_id, r.year FROM reports r
        WHERE NOT EXISTS (SELECT 1 FROM requests q WHERE q.unit_id = r.unit_id AND q.year = r.year
                          AND q.item IN ('new_received', 'carried_over') AND coalesce(q.value, 0) <> 0)
          AND NOT EXISTS (SELECT 1 FROM review_litigation v WHERE v.unit_id = r.unit_id AND v.year = r.year
                          AND coalesce(v.value, 0) <> 0)
        ORDER BY 1, 2""")
    assert len(expected) > 0
    got = shown.sort_values(["单位编号", "报告年度"])
    assert list(zip(got["单位编号"], got["报告年度"])) == list(zip(expected["unit_id"], expected["year"]))
    # a streak counts the consecutive loaded zero years up to this one
    zero = set(zip(expected["unit_id"], expected["year"]))
    for unit, year, streak in zip(got["单位编号"], got["报告年度"], got["连续零申请年数"]):
        n = 0
        while (unit, year - n) in zero:
            n += 1
        assert streak == n, (unit, year)


def test_coverage_counts_equal_the_view(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(db, monkeypatch, "coverage")
    spec = chart(at, "各年度报告状态")
    got = {(t["name"], int(x)): y for t in spec["data"] for x, y in zip(values(t["x"]), values(t["y"]))}
    expected = sql(db, "SELECT status_label, year, count(*) AS n FROM v_coverage GROUP BY ALL")
    assert got == {(s, int(y)): n for s, y, n in zip(expected["status_label"], expected["year"], expected["n"])}
    loaded = one(db, "SELECT count(*) FROM reports")
    assert sum(n for (s, _), n in got.items() if s in {"已入库", "零申请", "未通过检查"}) == loaded


def expected_quality_ranking(db: Path) -> pd.DataFrame:
    """Units ranked as a disclosure officer needs them, computed here from the base tables: by their
    count of the most serious issue type, then the next (ISSUE_TYPES severity), then unit_id.
    Parser notes, blank/dash and recovered cells do not rank a unit."""
    problem = [s for s, i in T.CELL_STATES.items() if i.quality == "problem"]
    per_type = {
        "failed_check": "SELECT unit_id FROM checks WHERE NOT passed AND scope = 'report'",
        "cross_year_break": "SELECT unit_id FROM checks WHERE NOT passed AND scope = 'warehouse'",
        "rejected_file": "SELECT unit_id FROM rejected_files WHERE unit_id IS NOT NULL",
        "cell_problem": " UNION ALL ".join(f"SELECT unit_id FROM {t} WHERE list_contains(?, state)"
                                            for t in ("requests", "review_litigation", "proactive")),
        "conflict": "SELECT unit_id FROM conflicts",
    }
    ranked = sorted((t for t, i in ISSUE_TYPES.items() if i.ranked), key=lambda t: ISSUE_TYPES[t].severity)
    assert set(per_type) == set(ranked), "every ranked issue type is counted here"
    counts: dict[str, dict[str, int]] = {}
    for t in ranked:
        args = [problem] * 3 if t == "cell_problem" else []
        for unit, n in sql(db, f"SELECT unit_id, count(*) FROM ({per_type[t]}) GROUP BY 1", *args).itertuples(index=False):
            counts.setdefault(unit, {})[t] = int(n)
    rows = [(unit, *[c.get(t, 0) for t in ranked]) for unit, c in counts.items()]
    rows.sort(key=lambda r: (tuple(-n for n in r[1:]), r[0]))
    return pd.DataFrame(rows, columns=["unit_id", *ranked])


@pytest.mark.parametrize("warehouse", ["small_warehouse", "demo_warehouse"])
def test_quality_ranks_real_problems_first(warehouse: str, request: pytest.FixtureRequest,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    """On the small and the full demo city: units ranked by their most serious issues, never by
    blank cells; the types most serious first; blank/dash cells counted apart."""
    db = request.getfixturevalue(warehouse)
    at = open_app(db, monkeypatch, "quality")
    want = expected_quality_ranking(db)
    table = frame(at, "排名", "单位编号")
    assert list(table["单位编号"]) == list(want["unit_id"])[:len(table)]
    assert list(table["排名"]) == list(range(1, len(table) + 1))
    for t, label in labels.ISSUE_LABELS.items():
        if label in table:
            assert list(table[label]) == list(want[t])[:len(table)], t
    # the types chart: ranked types only, most serious first, with their counts
    spec = chart(at, "按问题类型")
    shown = [trace["name"] for trace in spec["data"]]
    severity = {i.label: i.severity for i in ISSUE_TYPES.values()}
    assert shown == sorted(shown, key=severity.get)
    assert all(ISSUE_TYPES[t].ranked for t, i in ISSUE_TYPES.items() if i.label in shown)
    for trace in spec["data"]:
        t = next(t for t, i in ISSUE_TYPES.items() if i.label == trace["name"])
        assert sum(values(trace["x"])) == int(want[t].sum()) + (
            one(db, "SELECT count(*) FROM rejected_files WHERE unit_id IS NULL") if t == "rejected_file" else 0), t
    # blank/dash cells are counted apart, not in the ranking
    empty = [s for s, i in T.CELL_STATES.items() if i.quality == "empty"]
    n_empty = int(sum(one(db, f"SELECT count(*) FROM {t} WHERE list_contains(?, state)", empty)
                      for t in ("requests", "review_litigation", "proactive")))
    apart = [c.value for c in at.caption if c.value.startswith("单独统计")]
    if n_empty:
        assert f"{ISSUE_TYPES['cell_empty'].label} {n_empty:,} 个" in apart[0]
    assert ISSUE_TYPES["cell_empty"].label not in shown
    # so are the parser's notes: listed in the detail, never ranked or charted
    notes = int(one(db, "SELECT count(*) FROM warnings"))
    if notes:
        assert f"{ISSUE_TYPES['warning'].label} {notes:,} 个" in apart[0]
    assert ISSUE_TYPES["warning"].label not in shown
    # the detail: most serious first, every failed report check there
    detail = frame(at, "问题类型", "规则或原因", "应为", "实为")
    order = [severity[x] for x in detail["问题类型"]]
    assert order == sorted(order)
    failed = one(db, "SELECT count(*) FROM checks WHERE NOT passed AND scope = 'report'")
    at.selectbox(key="p_types").set_value("failed_check").run()
    assert not at.exception
    assert len(frame(at, "问题类型", "规则或原因", "应为", "实为")) == failed
    assert url(at)["types"] == ["failed_check"]


def test_unit_profile_equals_sql(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    unit = sql(db, """SELECT unit_id FROM reports GROUP BY unit_id
                      ORDER BY count(*) DESC, sum(failed_checks) DESC, unit_id LIMIT 1""").iloc[0, 0]
    at = open_app(db, monkeypatch, "unit", {"unit": unit})
    assert at.selectbox(key="p_unit").value == unit
    reports = frame(at, "报告年度", "模板版本", "来源文件")
    expected = sql(db, "SELECT year, template, source_path FROM reports WHERE unit_id = ? ORDER BY year", unit)
    assert list(reports["报告年度"]) == list(expected["year"])
    assert list(reports["来源文件"]) == list(expected["source_path"])
    compare = frame(at, "项目", f"{expected['year'].iloc[0]}年")
    for y in expected["year"]:
        row = compare[compare["项目"] == "本年新收申请"].iloc[0]
        assert row[f"{y}年"] == one(db, """SELECT coalesce(sum(value), 0) FROM requests WHERE unit_id = ? AND year = ?
                                         AND item = 'new_received' AND applicant = 'total'""", unit, int(y))
    # the first year's section 三 in the template layout: every printed number
    y0, tpl = int(expected["year"].iloc[0]), expected["template"].iloc[0]
    req = frame(at, "栏目", "项目", "自然人", "总计")
    cells = sql(db, "SELECT item, applicant, value FROM requests WHERE unit_id = ? AND year = ?", unit, y0)
    for item, applicant, value in zip(cells["item"], cells["applicant"], cells["value"]):
        row = req[req["项目"] == labels.ITEM_LABELS[item]]
        if row.empty:  # only rows the report did not print (derived or missing) may be absent
            continue
        shown = row[labels.APPLICANT_LABELS[applicant]].iloc[0]
        assert (pd.isna(shown) and pd.isna(value)) or shown == value, (item, applicant)
    printed = sql(db, """SELECT DISTINCT item FROM requests WHERE unit_id = ? AND year = ?
                         AND state NOT IN ('derived', 'missing')""", unit, y0)["item"]
    assert sorted(req["项目"]) == sorted(labels.ITEM_LABELS[i] for i in printed)
    assert len(req) == (23 if tpl == "2019" else 25) or sql(db, "SELECT variant FROM reports WHERE unit_id = ? AND year = ?",
                                                           unit, y0).iloc[0, 0]
    checks = one(db, "SELECT count(*) FROM checks WHERE unit_id = ? AND NOT passed", unit)
    assert any(f"未通过 **{int(checks):,}** 项" in m.value for m in at.markdown)


def test_summary_sums_equal_sql(db: Path, monkeypatch: pytest.MonkeyPatch, years: list[int]) -> None:
    year = years[-1]
    at = open_app(db, monkeypatch, "summary", {"year": str(year)})
    assert at.selectbox(key="p_year").value == year
    req = frame(at, "栏目", "项目", "自然人", "总计")
    for item in ("new_received", "granted", "total_processed", "carried_forward"):
        row = req[req["项目"] == labels.ITEM_LABELS[item]].iloc[0]
        for applicant, label in labels.APPLICANT_LABELS.items():
            want = one(db, "SELECT sum(value) FROM requests WHERE year = ? AND item = ? AND applicant = ?",
                       year, item, applicant)
            assert row[label] == want, (item, applicant)
    rl = frame(at, "程序", "结果维持", "总计")
    for code, label in labels.PROCEEDING_LABELS.items():
        want = one(db, "SELECT sum(value) FROM review_litigation WHERE year = ? AND proceeding = ? AND outcome = 'total'",
                   year, code)
        assert rl[rl["程序"] == label]["总计"].iloc[0] == want
    reports = frame(at, "单位编号", "模板版本", "来源文件")
    assert len(reports) == one(db, "SELECT count(*) FROM reports WHERE year = ?", year)


def test_one_colour_per_outcome_on_every_page(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A trace named after an outcome group has that group's colour wherever it is drawn."""
    want = charts.outcome_color_map()
    seen = 0
    for page in ("outcomes", "unit", "overview"):
        at = open_app(db, monkeypatch, page)
        for fig in at.get("plotly_chart"):
            for trace in json.loads(fig.proto.spec)["data"]:
                if trace.get("name") in want and "marker" in trace:
                    assert trace["marker"]["color"] == want[trace["name"]], (page, trace["name"])
                    seen += 1
    assert seen >= 2 * len(want)


@pytest.mark.parametrize("page", list(PAGES))
def test_benchmark_times_the_queries_each_page_runs(db: Path, monkeypatch: pytest.MonkeyPatch, page: str) -> None:
    """dashboard.pages (what `nianbao bench app` times) names exactly the queries the page runs."""
    import warehouse.queries
    from dashboard import data
    from dashboard.pages import COMMON, PAGES as REGISTRY

    ran: list[str] = []
    real = warehouse.queries.query

    def recording(name: str, *args: object, **kwargs: object) -> pd.DataFrame:
        ran.append(name)
        return real(name, *args, **kwargs)

    monkeypatch.setattr(warehouse.queries, "query", recording)
    data._cached.clear()
    open_app(db, monkeypatch, page)
    page_runs = set(ran) - set(REGISTRY["overview"].queries) if page != "overview" else set(ran)
    assert page_runs == {*COMMON, *REGISTRY[page].queries}


def test_summary_over_both_templates_keeps_every_other_row(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    mixed = sql(db, "SELECT year FROM reports GROUP BY year HAVING count(DISTINCT template) = 2 ORDER BY year")
    assert len(mixed), "the small demo city has a year with both template versions"
    year = int(mixed["year"].iloc[0])
    at = open_app(db, monkeypatch, "summary", {"year": str(year)})
    req = frame(at, "栏目", "项目", "自然人", "总计")
    other = req[req["项目"] == labels.ITEM_LABELS["other"]]
    assert len(other) == 1
    assert other["总计"].iloc[0] == one(db, "SELECT sum(value) FROM requests WHERE year = ? AND item = 'other' "
                                           "AND applicant = 'total'", year)
    split = req[req["项目"] == labels.ITEM_LABELS["other_no_fee"]]
    assert split["总计"].iloc[0] == one(db, """SELECT sum(q.value) FROM requests q JOIN reports r USING (unit_id, year)
        WHERE q.year = ? AND q.item = 'other_no_fee' AND q.applicant = 'total' AND r.template = '2021'""", year)
    assert any("两版之和" in c.value for c in at.caption)
