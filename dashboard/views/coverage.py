"""覆盖情况: the unit × year matrix — loaded, zero-activity, failed checks,
rejected, missing (every unit the registry lists, for every year in range)."""
from __future__ import annotations

import streamlit as st

from dashboard import charts, data, labels, ui

f = ui.header("覆盖情况", "每个单位每个年度的报告状态。登记册中列出的单位在某年度没有报告即为“缺失”；"
              "文件未能入库（扫描件、无法读取等）的为“文件被拒”。")
cov = data.query("app_coverage", **f.params())
if ui.no_data(cov):
    st.stop()
names = dict(zip(cov["status"], cov["status_label"]))
order = [s for s in labels.COVERAGE_ORDER if s in names] + sorted(set(names) - set(labels.COVERAGE_ORDER))
color_names = {s: names[s] for s in order}
cov["状态"] = cov["status"].map(names)

counts = cov.groupby(["year", "状态"], as_index=False).size().rename(columns={"year": "报告年度", "size": "单位数"})
fig = charts.bars_over_years(counts, "报告年度", "单位数", "状态", title="各年度报告状态", y_title="单位数（个）",
                             color_map=charts.coverage_color_map(color_names), order=[names[s] for s in order])
ui.chart(fig, counts, "覆盖情况_各年度状态", "cov_counts")

st.subheader("单位 × 年度")
problem_units = set(cov.loc[cov["status"].isin(["missing", "rejected", "failed_checks"]), "unit_id"])
only_problems = st.toggle("只显示存在缺失、文件被拒或未通过检查的单位", value=len(set(cov["unit_id"])) > 60, key="cov_only")
shown = cov[cov["unit_id"].isin(problem_units)] if only_problems else cov
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
todo = cov[cov["status"].isin(["missing", "rejected", "failed_checks"])].copy()
if not ui.no_data(todo, "所选范围内没有缺失、被拒或未通过检查的报告。"):
    todo["单位类型"] = todo["kind"].map(labels.kind_label)
    todo = todo.rename(columns={"unit_id": "单位编号", "name": "单位", "area": "地区", "year": "报告年度", "detail": "说明"})
    ui.table(todo[["报告年度", "单位编号", "单位", "地区", "单位类型", "状态", "说明"]], "覆盖情况_待跟进", "cov_todo",
             plain=("报告年度",), height=360)
