"""覆盖情况: the unit × year matrix — loaded, zero-activity, failed checks,
rejected, missing (every unit the registry lists, for every year in range)."""
from __future__ import annotations

import streamlit as st

from dashboard import charts, data, labels, ui
from dashboard.pages import ROW_LIMIT

f = ui.header("coverage", "每个单位每个年度的报告状态。登记册中列出的单位在某年度没有报告即为“缺失”；"
              "文件未能入库（扫描件、无法读取等）的为“文件被拒”。")
counts = data.query("app_coverage_counts", **f.params())
if ui.no_data(counts):
    st.stop()
names = dict(zip(counts["status"], counts["status_label"]))
order = [s for s in labels.COVERAGE_ORDER if s in names] + sorted(set(names) - set(labels.COVERAGE_ORDER))
color_names = {s: names[s] for s in order}
chart_data = counts.assign(状态=counts["status"].map(names)).rename(columns={"year": "报告年度", "units": "单位数"})
chart_data = chart_data[["报告年度", "状态", "单位数"]]
fig = charts.bars_over_years(chart_data, "报告年度", "单位数", "状态", title="各年度报告状态", y_title="单位数（个）",
                             color_map=charts.coverage_color_map(color_names), order=[names[s] for s in order])
ui.chart(fig, chart_data, "覆盖情况_各年度状态", "cov_counts")

# Units with a year to follow up come first in the query's list (at most ROW_LIMIT units).
cov = data.query("app_coverage", **f.params(), top=ROW_LIMIT)
cov["状态"] = cov["status"].map(names)
n_units, n_problem = int(cov["units"].iloc[0]), int(cov["follow_up_units"].iloc[0])

st.subheader("单位 × 年度")
only_problems = st.toggle("只显示存在缺失、文件被拒或未通过检查的单位", value=n_units > 60, key="cov_only")
shown = cov[cov["follow_ups"] > 0] if only_problems else cov
ui.limited(n_problem if only_problems else n_units, shown["unit_id"].nunique(), "个",
           "需要跟进的单位" if only_problems else "单位", "按需要跟进的年度数排序")
if ui.no_data(shown, "所选单位各年度的报告均已入库。"):
    st.stop()
shown = shown.assign(单位=shown["name"] + "（" + shown["area"].fillna("") + "）")
row_order = list(dict.fromkeys(shown.sort_values(["area", "kind", "name"])["单位"]))
fig = charts.category_matrix(shown, "单位", "year", "status", codes=[s for s in order if s in set(shown["status"])],
                             names=names, colors=charts.COVERAGE_COLORS, title=f"报告状态矩阵（{len(row_order)}个单位）",
                             row_order=row_order)
matrix = shown.pivot_table(index=["unit_id", "name", "area"], columns="year", values="状态", aggfunc="first").reset_index()
matrix.columns = ["单位编号", "单位", "地区", *[f"{c}年" for c in matrix.columns[3:]]]
ui.chart(fig, matrix, "覆盖情况_矩阵", "cov_matrix")

st.subheader("需要跟进的单位年度")
todo = cov[cov["follow_up"]].copy()
if not ui.no_data(todo, "所选范围内没有缺失、被拒或未通过检查的报告。"):
    ui.limited(n_problem, todo["unit_id"].nunique(), "个", "需要跟进的单位", "按需要跟进的年度数排序")
    todo["单位类型"] = todo["kind"].map(labels.kind_label)
    todo = todo.rename(columns={"unit_id": "单位编号", "name": "单位", "area": "地区", "year": "报告年度", "detail": "说明"})
    ui.table(todo[["报告年度", "单位编号", "单位", "地区", "单位类型", "状态", "说明"]], "覆盖情况_待跟进", "cov_todo",
             plain=("报告年度",), height=360)
