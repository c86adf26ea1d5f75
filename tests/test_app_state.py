"""Dashboard state and edges under AppTest: URL parameters restore a view, filters
narrow the numbers, a missing warehouse or an empty selection gives a message,
a refresh is picked up without restarting, report text stays text."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest
from streamlit.testing.v1 import AppTest

from dashboard import labels
from tests.conftest import REPO
from tests.test_app_pages import PAGES, as_number, frame, metric, one, open_app, sql, url

pytestmark = pytest.mark.xdist_group("demo")


@pytest.fixture(scope="module")
def db(small_warehouse: Path) -> Path:
    return small_warehouse


def test_query_parameters_restore_a_view(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    area, kind = sql(db, "SELECT area, kind FROM units WHERE registered AND kind = 'district_dept' ORDER BY unit_id").iloc[0]
    query = {"from": "2020", "to": "2022", "area": [area], "kind": [kind], "q": "局"}
    at = open_app(db, monkeypatch, "volume", query)
    assert at.slider(key="f_years").value == (2020, 2022)
    assert at.multiselect(key="f_areas").value == [area]
    assert at.multiselect(key="f_kinds").value == [kind]
    assert at.text_input(key="f_search").value == "局"
    assert f"地区：{area}" in at.caption[0].value and "2020–2022年" in at.caption[0].value
    assert url(at) == {"from": ["2020"], "to": ["2022"], "area": [area], "kind": [kind], "q": ["局"]}
    detail = frame(at, "单位编号", "报告年度", "本年新收申请")
    expected = sql(db, """SELECT r.unit_id, r.year FROM reports r JOIN units u USING (unit_id)
                          WHERE r.year BETWEEN 2020 AND 2022 AND u.area = ? AND u.kind = ? AND contains(u.name, '局')
                          ORDER BY 1, 2""", area, kind)
    assert len(expected) > 0
    got = detail.sort_values(["单位编号", "报告年度"])
    assert list(zip(got["单位编号"], got["报告年度"])) == list(zip(expected["unit_id"], expected["year"]))


def test_unknown_url_values_are_dropped_not_fatal(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(db, monkeypatch, None, {"from": "1990", "to": "abc", "area": ["火星"], "kind": ["nope"]})
    lo, hi = sql(db, "SELECT min(year), max(year) FROM v_coverage").iloc[0]
    assert at.slider(key="f_years").value == (lo, hi)
    assert at.multiselect(key="f_areas").value == []
    assert at.multiselect(key="f_kinds").value == []
    assert not at.error


def test_year_range_and_kind_filters_change_the_numbers(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(db, monkeypatch)
    at.slider(key="f_years").set_range(2020, 2022).run()
    table = frame(at, "报告年度", "本年新收申请")
    assert list(table["报告年度"]) == [2020, 2021, 2022]
    assert url(at)["from"] == ["2020"] and url(at)["to"] == ["2022"]
    assert [m.label for m in at.metric][0] == "报送单位数" and at.subheader[0].value.startswith("2022年度")
    at.multiselect(key="f_kinds").set_value(["town"]).run()
    new = """SELECT sum(q.value) FROM requests q JOIN units u USING (unit_id) WHERE q.item = 'new_received'
             AND q.applicant = 'total' AND q.year = ? AND u.kind = 'town'"""
    assert as_number(metric(at, "本年新收申请")) == one(db, new, 2022)
    assert int(metric(at, "报送单位数")) == one(db, """SELECT count(*) FROM reports JOIN units USING (unit_id)
                                                      WHERE year = 2022 AND kind = 'town'""")


def test_filters_survive_a_page_switch(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(db, monkeypatch)
    at.multiselect(key="f_kinds").set_value(["subdistrict"]).run()
    at.switch_page("dashboard/views/zero.py").run()
    assert not at.exception
    assert at.multiselect(key="f_kinds").value == ["subdistrict"]
    assert url(at)["kind"] == ["subdistrict"]
    assert "单位类型：街道" in at.caption[0].value


def test_no_warehouse_names_the_build_commands(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NIANBAO_DB", str(tmp_path / "none" / "warehouse.duckdb"))
    at = AppTest.from_file(str(REPO / "app.py"), default_timeout=60).run()
    assert not at.exception
    message = " ".join(e.value for e in at.error)
    assert "尚未找到" in message and str(tmp_path / "none" / "warehouse.duckdb") in message
    assert "nianbao demo" in message and "nianbao ingest" in message and "make demo" in message


@pytest.mark.parametrize("page", list(PAGES))
def test_a_selection_without_data_gives_a_message(db: Path, monkeypatch: pytest.MonkeyPatch, page: str) -> None:
    at = open_app(db, monkeypatch, page, {"q": "没有这样的单位"})
    assert not at.error
    assert at.info, "a message says there is nothing to show"
    assert not at.get("plotly_chart")


def _publish_changed_copy(src: Path, published: Path, unit: str, year: int, plus: int) -> None:
    """Stand-in for a refresh: build the next file beside, then rename it over the published one."""
    nxt = published.with_name("next.duckdb")
    shutil.copy(src, nxt)
    with duckdb.connect(str(nxt)) as con:
        con.execute("""UPDATE requests SET value = value + ? WHERE unit_id = ? AND year = ?
                       AND item = 'new_received' AND applicant IN ('natural_person', 'total')""", [plus, unit, year])
        # a build derives the pages' summaries from the cells: the same change there
        con.execute("UPDATE unit_year_summary SET new_received = new_received + ? WHERE unit_id = ? AND year = ?",
                    [plus, unit, year])
        con.execute("""UPDATE year_area_kind_summary SET new_received = new_received + ?
                       FROM units u WHERE u.unit_id = ? AND year_area_kind_summary.year = ?
                       AND year_area_kind_summary.area = u.area AND year_area_kind_summary.kind = u.kind""",
                    [plus, unit, year])
    os.replace(nxt, published)


def test_a_refresh_is_shown_without_restarting(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    published = tmp_path / "warehouse.duckdb"
    shutil.copy(db, published)
    year = int(one(db, "SELECT max(year) FROM reports"))
    unit = sql(db, "SELECT unit_id FROM reports WHERE year = ? ORDER BY unit_id LIMIT 1", year).iloc[0, 0]
    at = open_app(published, monkeypatch)
    before = as_number(metric(at, "本年新收申请"))
    at.run()
    assert as_number(metric(at, "本年新收申请")) == before  # cached, unchanged file
    _publish_changed_copy(db, published, unit, year, 7)
    at.run()
    assert not at.exception
    assert as_number(metric(at, "本年新收申请")) == before + 7


def test_report_text_is_shown_as_text(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    published = tmp_path / "warehouse.duckdb"
    shutil.copy(db, published)
    unit, year = sql(db, "SELECT unit_id, year FROM reports ORDER BY unit_id, year LIMIT 1").iloc[0]
    markup = "<b>见附件</b> **[链接](http://x)** <script>alert(1)</script>"
    with duckdb.connect(str(published)) as con:
        con.execute("""UPDATE requests SET state = 'text', value = NULL, raw = ?
                       WHERE unit_id = ? AND year = ? AND item = 'granted' AND applicant = 'commercial'""",
                    [markup, unit, int(year)])
        con.execute("UPDATE units SET name = name || ' <i>*x*</i>' WHERE unit_id = ?", [unit])
    at = open_app(published, monkeypatch, "unit", {"unit": unit, "from": str(year), "to": str(year)})
    odd = frame(at, "表格", "行", "列", "状态", "原文")
    row = odd[odd["原文"] == markup]
    assert len(row) == 1 and row["状态"].iloc[0] == labels.state_label("text")
    shown = " ".join(m.value for m in at.markdown)
    assert "<i>" not in shown.replace("\\<i\\>", "") and "\\<i\\>" in shown


def test_quality_page_opens_a_units_profile(db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    at = open_app(db, monkeypatch, "quality")
    pick = at.selectbox(key="q_unit_pick").value
    at.button(key="q_open_unit").click().run()
    assert not at.exception
    assert [t.value for t in at.title] == ["单位档案"]
    assert at.selectbox(key="p_unit").value == pick[0]
    assert url(at)["unit"] == [pick[0]]
