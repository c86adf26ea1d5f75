"""数据质量: the real problems first, ranked by severity (failed rules with their
evidence, cross-year breaks, rejected files, cells without a number, duplicate
files) and the units that have the most serious ones; parser notes, blank or dash
cells and recovered run-together digits are counted apart, never ranked
(which is which: warehouse.labels.ISSUE_TYPES)."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import charts, data, filters, labels, layout, ui
from dashboard.pages import ROW_LIMIT

TYPES = labels.ISSUE_TYPES
_BY_SEVERITY = sorted(TYPES.values(), key=lambda i: i.severity)
f = ui.header("quality", "需要跟进的问题按严重程度排列：" + "、".join(i.label for i in _BY_SEVERITY if i.ranked)
              + "。" + "、".join(i.label for i in _BY_SEVERITY if not i.ranked) + "单独统计，不计入问题排名。")
counts = data.query("app_quality_counts", **f.params())
if ui.no_data(counts, "所选范围内没有数据质量问题。"):
    st.stop()


def rule_text(issue: str, rule: object) -> str:
    """The rule, cell state, reject reason or conflict rule of an issue, in words."""
    code = "" if rule is None or pd.isna(rule) else str(rule)
    if TYPES[issue].cell_quality is not None:  # a cell issue: the rule is the cell's state
        return labels.state_label(code)
    if issue == "rejected_file":
        return labels.REJECT_REASON_LABELS.get(code, code)
    if issue == "conflict":
        return labels.CONFLICT_RULES.get(code, code)
    if issue == "warning":
        return labels.ISSUE_LABELS["warning"]
    return labels.rule_label(code)


ranked = counts[counts["ranked"]].copy()
apart = counts[~counts["ranked"]]
by_type = (ranked.groupby(["severity", "issue_type", "label"], as_index=False)["issues"].sum()
           .sort_values("severity").rename(columns={"label": "问题类型", "issues": "问题数"}))

cols = st.columns(max(1, len(by_type)))
for col, row in zip(cols, by_type.itertuples(index=False)):
    col.metric(row.问题类型, f"{int(row.问题数):,}", border=True, help=TYPES[row.issue_type].description)
if not apart.empty:
    st.caption("单独统计、不计入问题排名：" + "；".join(
        f"{row.label} {int(row.issues):,} 个（{TYPES[row.issue_type].description}）" for row in apart.itertuples(index=False)))
if by_type.empty:
    st.success("所选范围内没有需要跟进的问题。", icon=":material/check_circle:")
    st.stop()

left, right = st.columns(2)
with left:
    fig = charts.ranked_bar(by_type, "问题类型", "问题数", title="按问题类型（按严重程度排列）", x_title="问题数（条）",
                            color="问题类型", color_map=charts.issue_color_map(), label_order=list(by_type["问题类型"]))
    ui.chart(fig, by_type[["问题类型", "问题数"]], "数据质量_问题类型", "q_types")
with right:
    units = data.query("app_quality_units", **f.params(), top=ROW_LIMIT)
    if not units.empty:
        units = units.assign(问题类型=units["issue_type"].map(labels.ISSUE_LABELS),
                             单位=units["name"] + "（" + units["unit_id"] + "）")
        top = units[units["rank"] <= 15].rename(columns={"issues": "问题数"})
        fig = charts.ranked_bar(top, "单位", "问题数", title="问题最严重的单位（按严重程度逐类比较）",
                                x_title="问题数（条）", color="问题类型", color_map=charts.issue_color_map(),
                                order=list(by_type["问题类型"]),
                                label_order=list(dict.fromkeys(top.sort_values("rank")["单位"])))
        wide = (units.pivot_table(index=["rank", "unit_id", "name", "area"], columns="issue_type", values="issues",
                                  aggfunc="sum", fill_value=0)
                .reindex(columns=[t for t in by_type["issue_type"] if t in set(units["issue_type"])]).reset_index())
        wide = wide.rename(columns={"rank": "排名", "unit_id": "单位编号", "name": "单位", "area": "地区",
                                    **labels.ISSUE_LABELS})
        ui.chart(fig, wide, "数据质量_问题最严重的单位", "q_units")
if not units.empty:
    st.subheader("按严重程度排列的单位")
    order = "、".join(i.label for i in sorted(TYPES.values(), key=lambda i: i.severity) if i.ranked)
    st.caption(f"先比较{order.split('、')[0]}的条数，相同再比较下一类，依次为：{order}。")
    ui.limited(int(units["units"].iloc[0]), int(units["rank"].max()), "个", "有问题的单位", "按严重程度")
    ui.table(wide, "数据质量_单位排名", "q_units_table", plain=("排名",), height=360)

ranked["规则或原因"] = [rule_text(i, r) for i, r in zip(ranked["issue_type"], ranked["rule"])]
table = ranked.rename(columns={"label": "问题类型", "issues": "问题数"})[["问题类型", "规则或原因", "问题数"]]
ui.table(table, "数据质量_按规则统计", "q_counts")

st.subheader("问题明细")
types = list(by_type["issue_type"])
filters.page_choice("types", ["全部", *types], default="全部")
left, right = st.columns(2)
chosen_type = left.selectbox("问题类型", ["全部", *types], key="p_types",
                             format_func=lambda t: "全部" if t == "全部" else labels.ISSUE_LABELS.get(t, t))
filters.remember("types", None if chosen_type == "全部" else chosen_type)
of_type = ranked if chosen_type == "全部" else ranked[ranked["issue_type"] == chosen_type]
rule_names = {r: rule_text(i, r) for i, r in zip(of_type["issue_type"], of_type["rule"]) if isinstance(r, str)}
chosen_rules = right.multiselect("规则或原因", sorted(rule_names, key=rule_names.get), key="quality_rules",
                                 format_func=rule_names.get, placeholder="全部")
detail = data.query("app_quality", **f.params(), top=ROW_LIMIT, issue_type=None if chosen_type == "全部" else chosen_type,
                    rules=list(chosen_rules) or None)
if ui.no_data(detail, "没有符合所选类型和规则的问题。"):
    st.stop()
n_issues = int(detail["issues"].iloc[0])
st.markdown(f"共 **{n_issues:,}** 条")
ui.limited(n_issues, len(detail), "条", "问题", "按严重程度、单位和年度排序")
detail["问题类型"] = detail["issue_type"].map(labels.ISSUE_LABELS)
detail["规则或原因"] = [rule_text(i, r) for i, r in zip(detail["issue_type"], detail["rule"])]
detail["位置"] = detail["where"].map(layout.place_label)
shown = detail.rename(columns={"year": "报告年度", "unit_id": "单位编号", "name": "单位", "area": "地区", "where": "位置代码",
                               "expected": "应为", "actual": "实为", "detail": "说明", "source_path": "文件"})
shown = shown[["问题类型", "规则或原因", "报告年度", "单位编号", "单位", "地区", "位置", "位置代码", "应为", "实为", "说明", "文件"]]
ui.table(shown, "数据质量_问题明细", "q_detail", plain=("报告年度",), height=460,
         config={"文件": st.column_config.TextColumn("文件", width="large"),
                 "说明": st.column_config.TextColumn("说明", width="large")})
picks = sorted({(u, n) for u, n in zip(detail["unit_id"], detail["name"]) if isinstance(u, str)}, key=lambda x: x[1])
if picks:
    st.caption("跟进某个单位：在“单位档案”中查看它各年度的报告、原表和全部检查。")
    pick = st.selectbox("打开单位档案", picks, format_func=lambda x: f"{x[1]}（{x[0]}）", key="q_unit_pick")
    st.button(f"打开“{ui.plain(pick[1])}”的单位档案", icon=":material/arrow_forward:", key="q_open_unit",
              on_click=filters.choose, args=("unit", pick[0]))
    if st.session_state.pop("_nianbao_go_unit", False):
        st.switch_page("dashboard/views/unit.py")
