"""办理结果: how requests were answered (予以公开, 部分公开, each 不予公开 reason,
无法提供, 不予处理, 其他处理), as shares over years and per unit, one colour per outcome."""
from __future__ import annotations

import streamlit as st

from dashboard import charts, data, labels, ui
from dashboard.pages import ROW_LIMIT

f = ui.header("outcomes", "报告第三部分“三、本年度办理结果”的总计列。颜色在各页面一致：同一办理结果始终使用同一颜色。")
items = data.query("app_outcome_items", **f.params())
if ui.no_data(items) or items["value"].sum() == 0:
    if not items.empty:
        st.info("所选单位在所选年度没有办理结果（均为零申请）。")
    st.stop()

group_names = [labels.OUTCOME_GROUP_LABELS[g] for g in labels.OUTCOME_GROUP_ORDER]
items["办理结果"] = items["outcome_group"].map(labels.OUTCOME_GROUP_LABELS)
items["项目"] = items["item"].map(labels.item_label)

# ---- shares over years
years = (items.groupby(["year", "outcome_group", "办理结果"], as_index=False)["value"].sum()
         .rename(columns={"year": "报告年度", "value": "件数"}))
years["占比"] = years["件数"] / years.groupby("报告年度")["件数"].transform("sum")
fig = charts.bars_over_years(years, "报告年度", "件数", "办理结果", title="办理结果构成（各年度占比）", y_title="占比",
                             color_map=charts.outcome_color_map(), order=group_names, share=True)
ui.chart(fig, years[["报告年度", "办理结果", "件数", "占比"]], "办理结果_年度占比", "out_years")

# ---- every outcome row over the selected years
st.subheader("各办理结果明细（所选年度合计）")
detail = items.groupby(["item", "项目", "办理结果"], as_index=False, sort=False)["value"].sum()
detail["order"] = detail["item"].map({c: i for i, c in enumerate(labels.ITEM_LABELS)})
detail = detail.sort_values("order").rename(columns={"value": "件数"})
detail["占比"] = detail["件数"] / detail["件数"].sum()
fig = charts.ranked_bar(detail, "项目", "件数", title="各项办理结果件数", x_title="件数", color="办理结果",
                        color_map=charts.outcome_color_map(), order=group_names, label_order=list(detail["项目"]))
detail_table = detail[["办理结果", "项目", "件数", "占比"]]
ui.chart(fig, detail_table, "办理结果_明细", "out_items")
by_year = items.pivot_table(index=["item", "办理结果", "项目"], columns="year", values="value", aggfunc="sum")
by_year = by_year.reindex([k for k in labels.ITEM_LABELS if k in by_year.index.get_level_values(0)], level=0)
by_year.columns = [f"{c}年" for c in by_year.columns]
by_year = by_year.reset_index().drop(columns="item")
ui.table(by_year, "办理结果_明细逐年", "out_items_table")

# ---- per unit
st.subheader("各单位办理结果构成")
per_unit = data.query("app_outcome_units", **f.params(), top=ROW_LIMIT)
if ui.no_data(per_unit, "所选单位没有办理结果。"):
    st.stop()
per_unit["办理结果"] = per_unit["outcome_group"].map(labels.OUTCOME_GROUP_LABELS)
totals = per_unit.groupby("unit_id")["value"].sum()
ranking = per_unit.groupby("unit_id")["rank"].first().sort_values()  # the query's order: most first
top_n = st.slider("显示办理量最多的单位数", min_value=5, max_value=50, value=20, step=5, key="out_top")
top_ids = list(ranking.index[:top_n])
shown = per_unit[per_unit["unit_id"].isin(top_ids)].rename(columns={"name": "单位", "value": "件数", "share": "占比"})
fig = charts.ranked_bar(shown, "单位", "件数", title=f"办理量最多的{len(top_ids)}个单位：办理结果占比", x_title="占比",
                        color="办理结果", color_map=charts.outcome_color_map(), order=group_names, share=True)
ui.chart(fig, shown[["单位", "办理结果", "件数", "占比"]], "办理结果_单位占比", "out_units")

wide = per_unit.pivot_table(index=["unit_id", "name", "area", "kind"], columns="outcome_group", values="share",
                            aggfunc="sum", fill_value=0.0)
wide = wide.reindex(columns=[g for g in labels.OUTCOME_GROUP_ORDER if g in wide.columns])
wide.columns = [f"{labels.OUTCOME_GROUP_LABELS[c]}占比" for c in wide.columns]
wide = wide.reset_index()
wide.insert(4, "办理结果总计", wide["unit_id"].map(totals))
wide["kind"] = wide["kind"].map(labels.kind_label)
wide = wide.rename(columns={"unit_id": "单位编号", "name": "单位", "area": "地区", "kind": "单位类型"})
wide = wide.sort_values("办理结果总计", ascending=False)
ui.limited(int(per_unit["units"].iloc[0]), len(wide), "个", "有办理结果的单位", "按办理结果总计排序")
ui.table(wide, "办理结果_各单位占比", "out_units_table", shares=tuple(c for c in wide.columns if c.endswith("占比")),
         height=420)
