"""全市汇总: the template's three tables summed over the selected units for one
year, in the template's layout, downloadable as an Excel file in that layout."""
from __future__ import annotations

import streamlit as st

from dashboard import data, export, filters, labels, layout, ui
from dashboard.pages import ROW_LIMIT

f = ui.header("summary", "所选单位某一年度报告的三张统计表逐格相加，按模板原样排列。空白、横线或文字单元格按 0 计。",
              years=False)
years = sorted(f.selected_years or f.years, reverse=True)
if not years:
    st.info(labels.NO_DATA)
    st.stop()
filters.page_choice("year", years, default=f.year_to if f.year_to in years else years[0])
year = st.selectbox("汇总年度", years, key="p_year", format_func=lambda y: f"{y}年")
filters.remember("year", year)
cells = data.query("app_summary_cells", year=year, **f.unit_params())
if ui.no_data(cells, f"所选单位在{year}年没有已入库的报告。"):
    st.stop()
by_template = dict(data.query("app_summary_templates", year=year, **f.unit_params()).itertuples(index=False))
reports = data.query("app_summary_reports", year=year, **f.unit_params(), top=ROW_LIMIT)
n_reports = sum(by_template.values())

templates = sorted(by_template)
main_template = "2021" if "2021" in by_template else templates[0]
n_non = int(cells["non_numeric"].sum())
notes = [f"汇总单位：{n_reports:,} 个（" + "，".join(f"{t}版模板 {by_template[t]:,} 份" for t in templates) + "）",
         f"筛选条件：{f.describe(years=False)}",
         f"其中空白、横线、文字或缺失的单元格 {n_non:,} 个，按 0 计入。"]
if len(templates) > 1:
    notes.append("第三部分按2021版模板排列，另加“（六）其他处理”合计一行（两版之和）；其下三个细项只来自2021版模板的报告。"
                 "第二部分两版指标不同，分别汇总。")
for note in notes:
    st.caption(note)

summed = cells.groupby(["table_name", "row_code", "column_code"], as_index=False)["value"].sum()
requests = layout.requests_frame(summed, main_template, layout.mixed_request_rows() if len(templates) > 1 else None)
review = layout.review_frame(summed)
proactive = {t: layout.proactive_blocks(cells[cells["template"] == t], t) for t in templates}
title = f"{year}年度政府信息公开工作年度报告汇总表（{n_reports:,}个单位）"

st.download_button("下载汇总表（Excel，模板版式）", type="primary", icon=":material/download:", key="sum_xlsx",
                   on_click="ignore", mime=export.XLSX_MIME, file_name=f"全市汇总_{year}.xlsx",
                   data=lambda: export.template_workbook(title, notes, proactive, requests, layout.review_row(summed)))

st.subheader(labels.TABLE_LABELS["proactive"])
for t in templates:
    if len(templates) > 1:
        st.markdown(f"**{t}版模板（{by_template[t]:,} 份报告）**")
    for i, block in enumerate(proactive[t]):
        st.caption(block.clause)
        ui.template_table(block.frame, "", f"sum_pro_{t}_{i}", downloads=False)
    export.downloads(layout.proactive_long(proactive[t]), f"全市汇总_{year}_主动公开_{t}版", f"sum_pro_{t}")

st.subheader(labels.TABLE_LABELS["requests"])
st.caption(f"申请人情况：自然人；{layout.LEGAL_PERSON}（商业企业、科研机构、社会公益组织、法律服务机构、其他）；总计。")
ui.template_table(requests, f"全市汇总_{year}_申请情况", "sum_req")

st.subheader(labels.TABLE_LABELS["review_litigation"])
ui.template_table(review, f"全市汇总_{year}_复议诉讼", "sum_rl")

with st.expander(f"参与汇总的报告（{n_reports:,} 份）"):
    ui.limited(n_reports, len(reports), "份", "报告", "按地区、单位类型和单位名称排序")
    rep = reports.assign(kind=reports["kind"].map(labels.kind_label)).rename(columns={
        "unit_id": "单位编号", "name": "单位", "area": "地区", "kind": "单位类型", "template": "模板版本", "variant": "版式",
        "source_path": "来源文件"})
    ui.table(rep, f"全市汇总_{year}_报告清单", "sum_reports")
