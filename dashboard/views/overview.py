"""总览: units reporting, requests and their year-on-year change, zero-activity
share, review and litigation with the correction rate, and the trend over years."""
from __future__ import annotations

import math

import pandas as pd
import streamlit as st

from dashboard import charts, data, labels, ui

f = ui.header("overview", "所选单位各年度报告的主要数字。指标下方的箭头为与上一年度相比的变化。")
df = data.query("app_overview", **f.params())
if ui.no_data(df):
    st.stop()


def _num(v: object) -> float | None:
    return None if v is None or (isinstance(v, float) and math.isnan(v)) or pd.isna(v) else float(v)


last = df.iloc[-1]
prev = df.iloc[-2] if len(df) > 1 and int(df.iloc[-2]["year"]) == int(last["year"]) - 1 else None
year = int(last["year"])
st.subheader(f"{year}年度" + ("" if prev is not None else "（无上一年度数据可比）"))


def delta(col: str, *, pct_points: bool = False) -> str | None:
    if prev is None:
        return None
    a, b = _num(last[col]), _num(prev[col])
    if a is None or b is None or a == b:
        return None  # no arrow for "no change"
    if pct_points:
        return f"{(a - b) * 100:+.1f} 个百分点"
    return f"{a - b:+,.0f}"


def pct(v: object) -> str:
    x = _num(v)
    return "—" if x is None else f"{x:.1%}"


new_now, new_prev = _num(last["new_received"]), (None if prev is None else _num(prev["new_received"]))
yoy = None if not new_prev else (new_now or 0) / new_prev - 1
cols = st.columns(4)
cols[0].metric("报送单位数", f"{int(last['units_reporting']):,}", delta("units_reporting"), border=True,
               help="该年度已入库报告的单位数")
cols[1].metric(labels.FLOW_SHORT["new_received"], f"{_num(last['new_received']):,.0f}", delta("new_received"),
               border=True, help="一、本年新收政府信息公开申请数量（总计列）")
cols[2].metric("新收申请同比", "—" if yoy is None else f"{yoy:+.1%}", border=True,
               help="本年新收申请数量相对上一年度的变化率")
cols[3].metric("零申请单位占比", pct(last["zero_share"]), delta("zero_share", pct_points=True), border=True,
               delta_color="off", help=f"零申请单位 {int(last['zero_units']):,} 个：没有本年新收、上年结转申请，也没有行政复议、行政诉讼")
cols = st.columns(4)
cols[0].metric(labels.PROCEEDING_LABELS["review"], f"{_num(last['review_total']):,.0f}", delta("review_total"),
               delta_color="inverse", border=True, help="行政复议总计（件）")
cols[1].metric("行政诉讼", f"{_num(last['litigation_total']):,.0f}", delta("litigation_total"),
               delta_color="inverse", border=True, help="未经复议直接起诉与复议后起诉之和（件）")
cols[2].metric("结果纠正", f"{_num(last['corrected']):,.0f}", delta("corrected"), delta_color="inverse",
               border=True, help="行政复议与行政诉讼中结果纠正的件数")
cols[3].metric("纠错率", pct(last["correction_rate"]), delta("correction_rate", pct_points=True),
               delta_color="inverse", border=True, help="结果纠正 ÷ 已审结案件（结果维持 + 结果纠正 + 其他结果）")

table = pd.DataFrame({
    "报告年度": df["year"].astype(int),
    "报送单位数": df["units_reporting"],
    "零申请单位数": df["zero_units"],
    "零申请单位占比": df["zero_share"],
    labels.FLOW_SHORT["new_received"]: df["new_received"],
    labels.FLOW_SHORT["carried_over"]: df["carried_over"],
    labels.FLOW_SHORT["total_processed"]: df["total_processed"],
    labels.FLOW_SHORT["carried_forward"]: df["carried_forward"],
    labels.PROCEEDING_LABELS["review"]: df["review_total"],
    "行政诉讼": df["litigation_total"],
    "结果纠正": df["corrected"],
    "纠错率": df["correction_rate"],
})

left, right = st.columns(2)
with left:
    fig = charts.trend(table, "报告年度", [labels.FLOW_SHORT["new_received"], labels.FLOW_SHORT["total_processed"]],
                       title="申请量趋势", y_title="申请数（件）")
    ui.chart(fig, table[["报告年度", labels.FLOW_SHORT["new_received"], labels.FLOW_SHORT["total_processed"]]],
             "总览_申请量趋势", "ov_trend")
with right:
    fig = charts.trend(table, "报告年度", ["报送单位数", "零申请单位数"], title="报送单位与零申请单位",
                       y_title="单位数（个）")
    ui.chart(fig, table[["报告年度", "报送单位数", "零申请单位数", "零申请单位占比"]], "总览_报送单位", "ov_units")
left, right = st.columns(2)
with left:
    fig = charts.trend(table, "报告年度", [labels.PROCEEDING_LABELS["review"], "行政诉讼"], title="行政复议与行政诉讼",
                       y_title="案件数（件）")
    ui.chart(fig, table[["报告年度", labels.PROCEEDING_LABELS["review"], "行政诉讼", "结果纠正"]], "总览_复议诉讼",
             "ov_review")
with right:
    fig = charts.trend(table, "报告年度", ["零申请单位占比", "纠错率"], title="零申请单位占比与纠错率",
                       y_title="比例", percent=True)
    ui.chart(fig, table[["报告年度", "零申请单位占比", "纠错率"]], "总览_比例", "ov_rates")

st.subheader("逐年数字")
ui.table(table, "总览_逐年数字", "ov_table", shares=("零申请单位占比", "纠错率"), plain=("报告年度",))
