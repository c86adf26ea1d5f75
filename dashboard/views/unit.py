"""单位档案: one unit's years side by side, each report's three tables in the
template's own layout with its source file, and every check for that unit."""
from __future__ import annotations

import pandas as pd
import streamlit as st

from dashboard import data, export, filters, labels, layout, ui
from dashboard.pages import ROW_LIMIT

f = ui.header("unit", "一个单位各年度的报告：主要数字逐年对照，每份报告按模板原样展示三张表，并列出来源文件和全部检查结果。")
units = data.query("app_unit_list", **f.unit_params(), top=ROW_LIMIT, unit=filters.wanted("unit"))
if ui.no_data(units, "没有符合侧栏条件的单位。请调整地区、单位类型或单位搜索。"):
    st.stop()
ui.limited(int(units["units"].iloc[0]), len(units), "个", "单位", "按地区、单位类型和名称排序")
names = dict(zip(units["unit_id"], units["name"]))
areas = dict(zip(units["unit_id"], units["area"]))
ids = list(units["unit_id"])
filters.page_choice("unit", ids)
unit = st.selectbox("单位", ids, key="p_unit", format_func=lambda u: f"{names[u]}（{areas[u]} · {u}）",
                    help="可在侧栏“单位搜索”中输入名称缩小范围")
filters.remember("unit", unit)
info = units.set_index("unit_id").loc[unit]
parent = names.get(info["parent"], info["parent"]) if isinstance(info["parent"], str) else "—"
st.markdown(f"**{ui.plain(info['name'])}**　单位编号 {ui.plain(unit)}　地区：{ui.plain(info['area'])}　"
            f"类型：{labels.kind_label(info['kind'])}　上级单位：{ui.plain(parent)}　"
            f"{'已登记' if info['registered'] else '**未登记**（报告中出现、登记册中没有的单位）'}")

reports = data.query("app_unit_reports", unit=unit)
reports = reports[(reports["year"] >= f.year_from) & (reports["year"] <= f.year_to)]
cells = data.query("app_unit_cells", unit=unit)
cells = cells[(cells["year"] >= f.year_from) & (cells["year"] <= f.year_to)]
checks = data.query("app_unit_checks", unit=unit)
checks = checks[(checks["year"] >= f.year_from) & (checks["year"] <= f.year_to)]
if ui.no_data(reports, f"{ui.plain(info['name'])}在所选年度没有已入库的报告（可在“覆盖情况”查看缺失或被拒的文件）。"):
    st.stop()

st.subheader("已入库报告")
rep = reports.rename(columns={"year": "报告年度", "template": "模板版本", "variant": "版式", "status": "状态",
                              "format": "格式", "source_path": "来源文件", "parsed_at": "解析时间", "sha256": "SHA-256"})
rep["状态"] = rep["状态"].map({"loaded": "已入库", "failed_checks": "未通过检查"}).fillna(rep["状态"])
ui.table(rep[["报告年度", "模板版本", "版式", "状态", "格式", "来源文件", "解析时间", "SHA-256"]], f"单位档案_{unit}_报告",
         "unit_reports", plain=("报告年度",), config={"来源文件": st.column_config.TextColumn("来源文件", width="large")})

# ---- years side by side
st.subheader("主要数字逐年对照")
req = cells[(cells["table_name"] == "requests") & (cells["column_code"] == "total")]
rl = cells[(cells["table_name"] == "review_litigation") & (cells["column_code"] == "total")]
years = sorted(reports["year"].astype(int))
side: dict[str, dict[int, float | None]] = {}


def put(label: str, frame: pd.DataFrame, codes: tuple[str, ...] | list[str]) -> None:
    part = frame[frame["row_code"].isin(codes)]
    side[label] = {y: part.loc[part["year"] == y, "value"].fillna(0).sum() for y in years}


for code in ("new_received", "carried_over"):
    put(labels.FLOW_SHORT[code], req, (code,))
for g in labels.OUTCOME_GROUP_ORDER:
    put(f"办理结果：{labels.OUTCOME_GROUP_LABELS[g]}", req, labels.OUTCOME_GROUP_CODES[g])
for code in ("total_processed", "carried_forward"):
    put(labels.FLOW_SHORT[code], req, (code,))
for code, label in labels.PROCEEDING_LABELS.items():
    put(label, rl, (code,))
failed = checks[~checks["passed"]].groupby("year").size()
side["未通过的检查（项）"] = {y: int(failed.get(y, 0)) for y in years}
compare = pd.DataFrame(side).T
compare.columns = [f"{y}年" for y in years]
compare = compare.reset_index(names="项目")
ui.table(compare, f"单位档案_{unit}_逐年对照", "unit_compare")

# ---- each report in the template's layout
st.subheader("各年度报告原表")
tabs = st.tabs([f"{y}年" for y in years])
for tab, (_, r) in zip(tabs, reports.sort_values("year").iterrows()):
    y = int(r["year"])
    template = str(r["template"])
    mine = cells[cells["year"] == y]
    with tab:
        variant = f"，版式：{r['variant']}" if isinstance(r["variant"], str) and r["variant"] else ""
        st.markdown(f"来源文件：{ui.plain(r['source_path'])}")
        st.caption(f"{template}版模板（{'国办公开办函〔2019〕60号' if template == '2019' else '国办公开办函〔2021〕30号'}）{variant}"
                   f"；格式：{r['format']}。空白、横线或文字单元格在表中显示为空，详见下方“非数字单元格”。")
        st.markdown(f"**{labels.TABLE_LABELS['proactive']}**")
        blocks = layout.proactive_blocks(mine, template)
        for i, block in enumerate(blocks):
            st.caption(block.clause)
            ui.template_table(block.frame, "", f"unit_{y}_pro_{i}", downloads=False)
        export.downloads(layout.proactive_long(blocks), f"单位档案_{unit}_{y}_主动公开", f"unit_{y}_pro")
        st.markdown(f"**{labels.TABLE_LABELS['requests']}**")
        st.caption(f"申请人情况：自然人；{layout.LEGAL_PERSON}（商业企业、科研机构、社会公益组织、法律服务机构、其他）；总计。")
        ui.template_table(layout.requests_frame(mine, template), f"单位档案_{unit}_{y}_申请情况", f"unit_{y}_req")
        st.markdown(f"**{labels.TABLE_LABELS['review_litigation']}**")
        ui.template_table(layout.review_frame(mine), f"单位档案_{unit}_{y}_复议诉讼", f"unit_{y}_rl")
        odd = layout.odd_cells(mine)
        if not odd.empty:
            st.markdown("**非数字单元格**（按原样记录，汇总时按 0 计）")
            ui.table(odd, f"单位档案_{unit}_{y}_非数字单元格", f"unit_{y}_odd")
        with st.expander(f"下载{y}年报告原表（Excel，模板版式）"):
            st.download_button("下载 Excel", key=f"unit_{y}_xlsx", mime=export.XLSX_MIME, on_click="ignore",
                               file_name=f"{unit}_{y}_原表.xlsx",
                               data=lambda m=mine, t=template, yy=y: export.template_workbook(
                                   f"{info['name']} {yy}年度政府信息公开工作年度报告（统计表）",
                                   [f"来源文件：{r['source_path']}", f"{t}版模板"], {t: layout.proactive_blocks(m, t)},
                                   layout.requests_frame(m, t), layout.review_row(m)))

# ---- checks
st.subheader("检查结果")
if checks.empty:
    st.info("该单位所选年度没有检查记录。")
else:
    n_fail = int((~checks["passed"]).sum())
    st.markdown(f"共 {len(checks):,} 项检查，未通过 **{n_fail:,}** 项。")
    ck = checks.copy()
    ck["规则"] = ck["rule"].map(labels.rule_label)
    ck["说明"] = ck["rule"].map(labels.RULE_STATEMENTS)
    ck["位置"] = ck["where"].map(layout.place_label)
    ck["结果"] = ck["passed"].map({True: "通过", False: "未通过"})
    ck = ck.rename(columns={"year": "报告年度", "expected": "应为", "actual": "实为", "where": "位置代码"})
    only_failed = st.toggle("只看未通过的检查", value=n_fail > 0, key="unit_failed_only")
    shown = ck[ck["结果"] == "未通过"] if only_failed else ck
    ui.table(shown[["报告年度", "结果", "规则", "位置", "应为", "实为", "说明", "位置代码"]], f"单位档案_{unit}_检查",
             "unit_checks", plain=("报告年度",))
