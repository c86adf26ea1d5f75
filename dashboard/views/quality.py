"""数据质量: every failed rule with its evidence (where, expected, actual), blank
and non-numeric cells, rejected files with reasons, conflicts and cross-year
breaks; filterable so that the office can chase units."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, data, filters, labels, layout, ui

f = ui.header("数据质量", "未通过的勾稽关系（附位置、应为、实为）、跨年度不衔接、空白或非数字单元格、未能入库的文件、"
              "同一单位同一年度的重复文件及解析提示。可按类型和规则筛选，逐个单位跟进。")
q = data.query("app_quality", **f.params())
if ui.no_data(q, "所选范围内没有数据质量问题。"):
    st.stop()

q["问题类型"] = q["issue_type"].map(lambda t: labels.ISSUE_LABELS.get(t, t))


def rule_text(issue: str, rule: object) -> str:
    code = "" if rule is None or pd.isna(rule) else str(rule)
    if issue == "cell_state":
        return labels.state_label(code)
    if issue == "rejected_file":
        return labels.REJECT_REASON_LABELS.get(code, code)
    if issue == "conflict":
        return labels.CONFLICT_RULES.get(code, code)
    if issue == "warning":
        return labels.ISSUE_LABELS["warning"]
    return labels.rule_label(code)


q["规则或原因"] = [rule_text(i, r) for i, r in zip(q["issue_type"], q["rule"])]
q["位置"] = q["where"].map(layout.place_label)

types = [t for t in labels.ISSUE_LABELS if t in set(q["issue_type"])] + sorted(set(q["issue_type"]) - set(labels.ISSUE_LABELS))
filters.page_choice("types", ["全部", *types], default="全部")
left, right = st.columns(2)
chosen_type = left.selectbox("问题类型", ["全部", *types], key="p_types",
                             format_func=lambda t: "全部" if t == "全部" else labels.ISSUE_LABELS.get(t, t))
filters.remember("types", None if chosen_type == "全部" else chosen_type)
sub = q if chosen_type == "全部" else q[q["issue_type"] == chosen_type]
rules = sorted(set(sub["规则或原因"]) - {""})
chosen_rules = right.multiselect("规则或原因", rules, key="quality_rules", placeholder="全部")
if chosen_rules:
    sub = sub[sub["规则或原因"].isin(chosen_rules)]
if ui.no_data(sub, "没有符合所选类型和规则的问题。"):
    st.stop()

counts = sub.groupby(["问题类型", "规则或原因"], as_index=False).size().rename(columns={"size": "问题数"})
left, right = st.columns(2)
with left:
    by_type = sub.groupby("问题类型", as_index=False).size().rename(columns={"size": "问题数"})
    fig = charts.ranked_bar(by_type, "问题类型", "问题数", title="按问题类型", x_title="问题数（条）")
    ui.chart(fig, by_type, "数据质量_问题类型", "q_types")
with right:
    top_units = (sub.dropna(subset=["unit_id"]).groupby(["unit_id", "name"], as_index=False).size()
                 .sort_values("size", ascending=False).head(15).rename(columns={"name": "单位", "size": "问题数"}))
    if not top_units.empty:
        fig = charts.ranked_bar(top_units, "单位", "问题数", title="问题最多的单位", x_title="问题数（条）")
        ui.chart(fig, top_units[["单位", "问题数"]], "数据质量_问题最多的单位", "q_units")
ui.table(counts, "数据质量_按规则统计", "q_counts")

st.subheader(f"问题明细（{len(sub):,} 条）")
detail = sub.rename(columns={"year": "报告年度", "unit_id": "单位编号", "name": "单位", "area": "地区", "where": "位置代码",
                             "expected": "应为", "actual": "实为", "detail": "说明", "source_path": "文件"})
detail = detail[["问题类型", "规则或原因", "报告年度", "单位编号", "单位", "地区", "位置", "位置代码", "应为", "实为", "说明", "文件"]]
ui.table(detail, "数据质量_问题明细", "q_detail", plain=("报告年度",), height=460,
         config={"文件": st.column_config.TextColumn("文件", width="large"),
                 "说明": st.column_config.TextColumn("说明", width="large")})
units = sorted({(u, n) for u, n in zip(sub["unit_id"], sub["name"]) if isinstance(u, str)}, key=lambda x: x[1])
if units:
    st.caption("跟进某个单位：在“单位档案”中查看它各年度的报告、原表和全部检查。")
    pick = st.selectbox("打开单位档案", units, format_func=lambda x: f"{x[1]}（{x[0]}）", key="q_unit_pick")
    st.button(f"打开“{ui.plain(pick[1])}”的单位档案", icon=":material/arrow_forward:", key="q_open_unit",
              on_click=filters.choose, args=("unit", pick[0]))
    if st.session_state.pop("_nianbao_go_unit", False):
        st.switch_page("dashboard/views/unit.py")
