"""零申请单位: zero-activity units per year, how long each has been at zero, and
their share over time (a loaded report with no new or carried-over requests and
no review or litigation)."""
from __future__ import annotations

import streamlit as st

from dashboard import charts, data, labels, ui
from dashboard.pages import ROW_LIMIT

f = ui.header("zero", "零申请单位：已入库的报告中，本年新收和上年结转申请均为零，且没有行政复议、行政诉讼案件。"
              "“连续零申请年数”为截至该年度连续为零申请的已入库年度数。")
years = data.query("app_zero_years", **f.params())
if ui.no_data(years):
    st.stop()
years = years.rename(columns={"year": "报告年度", "units_reporting": "报送单位数", "zero_units": "零申请单位数",
                              "zero_share": "零申请单位占比"})
left, right = st.columns(2)
with left:
    fig = charts.trend(years, "报告年度", ["报送单位数", "零申请单位数"], title="零申请单位数", y_title="单位数（个）")
    ui.chart(fig, years, "零申请_单位数", "zero_counts")
with right:
    fig = charts.trend(years, "报告年度", ["零申请单位占比"], title="零申请单位占比", y_title="占比", percent=True)
    ui.chart(fig, years[["报告年度", "零申请单位占比"]], "零申请_占比", "zero_share")

units = data.query("app_zero_units", **f.params(), top=ROW_LIMIT)
if ui.no_data(units, "所选范围内没有零申请单位。"):
    st.stop()
records = int(years["零申请单位数"].sum())
units["单位类型"] = units["kind"].map(labels.kind_label)
units = units.rename(columns={"unit_id": "单位编号", "name": "单位", "area": "地区", "year": "报告年度",
                              "zero_streak": "连续零申请年数"})
latest = int(years["报告年度"].max())
st.subheader(f"{latest}年度的零申请单位")
now = units[units["报告年度"] == latest]
if now.empty:
    st.info(f"{latest}年度没有零申请单位。")
streaks = data.query("app_zero_streaks", **f.params())
streaks = (streaks[streaks["year"] == latest].rename(columns={"zero_streak": "连续零申请年数", "units": "单位数"})
           [["连续零申请年数", "单位数"]])
left, right = st.columns([2, 3])
with left:
    fig = charts.histogram(streaks, "连续零申请年数", "单位数", title="连续零申请年数分布", x_title="连续零申请年数（年）",
                           y_title="单位数（个）")
    ui.chart(fig, streaks, f"零申请_{latest}_连续年数分布", "zero_streaks")
with right:
    ui.limited(int(streaks["单位数"].sum()), len(now), "个", "零申请单位", "按连续零申请年数排序")
    ui.table(now[["单位编号", "单位", "地区", "单位类型", "连续零申请年数"]], f"零申请_{latest}_单位", "zero_latest",
             plain=("连续零申请年数",), height=360)

st.subheader("所选年度的全部零申请记录")
ui.limited(records, len(units), "条", "零申请记录", "按年度（最近的在前）和连续零申请年数排序")
ui.table(units[["报告年度", "单位编号", "单位", "地区", "单位类型", "连续零申请年数"]], "零申请_全部记录", "zero_all",
         plain=("报告年度", "连续零申请年数"), height=360)
