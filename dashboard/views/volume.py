"""申请量: request volumes by unit and year (ranked bars, unit × year heatmap),
by applicant type, by area and unit kind; carried over and carried forward."""
from __future__ import annotations

import streamlit as st

from dashboard import charts, data, labels, ui
from dashboard.pages import AREAS_SHOWN, ROW_LIMIT

F = labels.FLOW_SHORT
f = ui.header("volume", "依申请公开的申请数量：“本年新收”“上年结转”“办理结果总计”“结转下年度继续办理”均取报告第三部分的“总计”列。")
units = data.query("app_volume_units", **f.params(), top=ROW_LIMIT)
if ui.no_data(units):
    st.stop()

units["单位"] = units["name"]
units["单位类型"] = units["kind"].map(labels.kind_label)
n_units = int(units["units"].iloc[0])
top_n = st.slider("排名显示单位数", min_value=5, max_value=50, value=20, step=5, key="vol_top")

# ---- ranked bars and heatmap (units ranked by the query: most new requests first)
per_unit = (units.groupby(["unit_id", "rank", "单位", "area", "单位类型"], as_index=False)
            [["new_received", "carried_over", "total_processed", "carried_forward"]].sum().sort_values("rank"))
top = per_unit.head(top_n)
ranked = top.rename(columns={"area": "地区", "new_received": F["new_received"]})[["单位", "地区", "单位类型", F["new_received"]]]
fig = charts.ranked_bar(ranked, "单位", F["new_received"], title=f"本年新收申请最多的{len(top)}个单位（所选年度合计）",
                        x_title="申请数（件）")
ui.chart(fig, ranked, "申请量_单位排名", "vol_rank")
heat = units[units["unit_id"].isin(top["unit_id"])]
pivot = (heat.pivot_table(index="单位", columns="year", values="new_received", aggfunc="sum")
         .reindex(list(top["单位"])))
fig = charts.heatmap(pivot, title="本年新收申请：单位 × 年度", value_title="件")
heat_table = pivot.reset_index().rename(columns={c: f"{c}年" for c in pivot.columns})
ui.chart(fig, heat_table, "申请量_单位年度热力图", "vol_heat")


# ---- by applicant type
st.subheader("按申请人类型")
app = data.query("app_volume_applicants", **f.params())
app["申请人类型"] = app["applicant"].map(labels.APPLICANT_LABELS)
app = app.rename(columns={"year": "报告年度", "new_received": F["new_received"], "carried_over": F["carried_over"]})
fig = charts.bars_over_years(app, "报告年度", F["new_received"], "申请人类型", title="本年新收申请：按申请人类型",
                             y_title="申请数（件）", color_map=charts.applicant_color_map(),
                             order=[labels.APPLICANT_LABELS[a] for a in labels.APPLICANT_ORDER])
ui.chart(fig, app[["报告年度", "申请人类型", F["new_received"], F["carried_over"]]], "申请量_申请人类型", "vol_applicant")

# ---- by area and kind (every selected unit, not only the listed ones)
st.subheader("按地区和单位类型")
groups = data.query("app_volume_groups", **f.params(), areas_shown=AREAS_SHOWN)
rest = (groups["grouped_by"] == "area") & groups["area"].isna()  # the areas beyond AREAS_SHOWN, summed
groups.loc[rest, "area"] = "其他" + groups.loc[rest, "areas"].astype(str) + "个地区"
groups = groups.rename(columns={"year": "报告年度", "area": "地区", "new_received": F["new_received"]})
left, right = st.columns(2)
with left:
    area = groups.loc[groups["grouped_by"] == "area", ["报告年度", "地区", F["new_received"]]]
    title = "本年新收申请：按地区" + (f"（新收最多的{AREAS_SHOWN}个地区，其余合为一项）" if rest.any() else "")
    fig = charts.bars_over_years(area, "报告年度", F["new_received"], "地区", title=title,
                                 y_title="申请数（件）")
    ui.chart(fig, area, "申请量_地区", "vol_area")
with right:
    kind = groups.loc[groups["grouped_by"] == "kind", ["报告年度", "kind", F["new_received"]]]
    kind = kind.assign(单位类型=kind["kind"].map(labels.kind_label))[["报告年度", "单位类型", F["new_received"]]]
    order = [labels.kind_label(k) for k in labels.KIND_LABELS]
    fig = charts.bars_over_years(kind, "报告年度", F["new_received"], "单位类型", title="本年新收申请：按单位类型",
                                 y_title="申请数（件）", order=order)
    ui.chart(fig, kind, "申请量_单位类型", "vol_kind")

# ---- carried over / forward
st.subheader("结转情况")
flow = (groups.loc[groups["grouped_by"] == "year"].rename(columns={F["new_received"]: "new_received"})
        [["报告年度", "new_received", "carried_over", "total_processed", "carried_forward"]].rename(columns=F))
fig = charts.trend(flow, "报告年度", [F["carried_over"], F["carried_forward"]], title="上年结转与结转下年度继续办理",
                   y_title="申请数（件）")
ui.chart(fig, flow, "申请量_结转", "vol_flow")

st.subheader("单位逐年明细")
ui.limited(n_units, len(per_unit), "个", "单位", "按所选年度本年新收申请排序")
detail = units.rename(columns={"unit_id": "单位编号", "area": "地区", "year": "报告年度", "template": "模板版本", **F})
detail = detail[["单位编号", "单位", "地区", "单位类型", "报告年度", "模板版本", *F.values()]]
ui.table(detail, "申请量_单位逐年明细", "vol_table", plain=("报告年度",), height=420)
