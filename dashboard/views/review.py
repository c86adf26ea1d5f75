"""复议与诉讼: administrative review and the two kinds of litigation by outcome,
over years and per unit; correction rates; the units with the most cases."""
from __future__ import annotations

import streamlit as st

from dashboard import charts, data, labels, ui
from dashboard.pages import ROW_LIMIT

RATE_HELP = "纠错率 = 结果纠正 ÷ 已审结案件（结果维持 + 结果纠正 + 其他结果），尚未审结的案件不计入。"
f = ui.header("review", "报告第四部分：行政复议、行政诉讼（未经复议直接起诉、复议后起诉）按结果分列。" + RATE_HELP)
years = data.query("app_review_years", **f.params())
if ui.no_data(years):
    st.stop()
if years["total"].sum() == 0:
    st.info("所选单位在所选年度没有行政复议或行政诉讼案件。")
    st.stop()

O = labels.REVIEW_OUTCOME_LABELS
proc_order = list(labels.PROCEEDING_LABELS.values())
years["程序"] = years["proceeding"].map(labels.PROCEEDING_LABELS)
years = years.sort_values(["year", "proceeding"], key=lambda s: s.map({p: i for i, p in enumerate(labels.PROCEEDING_LABELS)})
                          if s.name == "proceeding" else s)
years = years.rename(columns={"year": "报告年度", "correction_rate": "纠错率", **O})

left, right = st.columns(2)
with left:
    fig = charts.bars_over_years(years, "报告年度", O["total"], "程序", title="案件数（按程序）", y_title="案件数（件）",
                                 color_map=charts.proceeding_color_map(), order=proc_order)
    fig.update_layout(barmode="group")
    ui.chart(fig, years[["报告年度", "程序", O["total"]]], "复议诉讼_案件数", "rev_cases")
with right:
    fig = charts.trend(years.pivot_table(index="报告年度", columns="程序", values="纠错率").reset_index(), "报告年度",
                       [p for p in proc_order if p in set(years["程序"])], title="纠错率（按程序）", y_title="纠错率",
                       percent=True, colors=charts.proceeding_color_map())
    ui.chart(fig, years[["报告年度", "程序", O["corrected"], "纠错率"]], "复议诉讼_纠错率", "rev_rate")

outcome_cols = [O[c] for c in ("upheld", "corrected", "other", "pending")]
long = years.melt(id_vars=["报告年度", "程序"], value_vars=outcome_cols, var_name="结果", value_name="件数")
fig = charts.faceted_bars(long, "报告年度", "件数", "结果", "程序", title="各程序的结果构成（逐年）",
                         y_title="案件数（件）", color_map=charts.review_outcome_color_map(), order=outcome_cols,
                         facet_order=proc_order)
ui.chart(fig, long, "复议诉讼_结果构成", "rev_outcomes")

st.subheader("逐年明细")
table = years[["报告年度", "程序", *outcome_cols, O["total"], "纠错率"]]
ui.table(table, "复议诉讼_逐年明细", "rev_table", shares=("纠错率",), plain=("报告年度",))

st.subheader("案件最多的单位")
units = data.query("app_review_units", **f.params(), top=ROW_LIMIT)
if ui.no_data(units, "所选单位没有行政复议或行政诉讼案件。"):
    st.stop()
units["程序"] = units["proceeding"].map(labels.PROCEEDING_LABELS)
ranking = units.groupby("unit_id")["rank"].first().sort_values()  # the query's order: most first
top_n = st.slider("显示单位数", min_value=5, max_value=50, value=15, step=5, key="rev_top")
top_ids = list(ranking.index[:top_n])
shown = units[units["unit_id"].isin(top_ids)].rename(columns={"name": "单位", "total": "案件数"})
fig = charts.ranked_bar(shown, "单位", "案件数", title=f"案件最多的{len(top_ids)}个单位（所选年度合计）", x_title="案件数（件）",
                        color="程序", color_map=charts.proceeding_color_map(), order=proc_order)
ui.chart(fig, shown[["单位", "程序", "案件数"]], "复议诉讼_单位排名", "rev_units")

agg = units.groupby(["unit_id", "name", "area", "kind"], as_index=False)[["upheld", "corrected", "other", "pending", "total"]].sum()
concluded = agg["upheld"] + agg["corrected"] + agg["other"]
agg["纠错率"] = (agg["corrected"] / concluded).where(concluded > 0)
for p in labels.PROCEEDING_LABELS:
    agg[labels.PROCEEDING_LABELS[p]] = agg["unit_id"].map(units[units["proceeding"] == p].set_index("unit_id")["total"]).fillna(0)
agg["kind"] = agg["kind"].map(labels.kind_label)
agg = agg.sort_values(["total", "unit_id"], ascending=[False, True]).rename(
    columns={"unit_id": "单位编号", "name": "单位", "area": "地区", "kind": "单位类型", **O})
agg = agg[["单位编号", "单位", "地区", "单位类型", *proc_order, *outcome_cols, O["total"], "纠错率"]]
ui.limited(int(units["units"].iloc[0]), len(agg), "个", "有案件的单位", "按案件数排序")
ui.table(agg, "复议诉讼_各单位", "rev_units_table", shares=("纠错率",), height=420, config={"纠错率": ui.share(help=RATE_HELP)})
