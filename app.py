"""年报 · 政府信息公开年度报告分析: the disclosure office's dashboard.

Run with ``streamlit run app.py``. Reads the published warehouse named by
NIANBAO_DB (default data/warehouse.duckdb), read-only; see dashboard/.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import data, filters, labels

st.set_page_config(page_title="年报 · 政府信息公开年度报告分析", layout="wide", page_icon=":material/analytics:")

VIEWS = Path(__file__).parent / "dashboard" / "views"
PAGES = [
    st.Page(VIEWS / "overview.py", title="总览", icon=":material/dashboard:", url_path="overview", default=True),
    st.Page(VIEWS / "volume.py", title="申请量", icon=":material/bar_chart:", url_path="volume"),
    st.Page(VIEWS / "outcomes.py", title="办理结果", icon=":material/donut_small:", url_path="outcomes"),
    st.Page(VIEWS / "review.py", title="复议与诉讼", icon=":material/gavel:", url_path="review"),
    st.Page(VIEWS / "zero.py", title="零申请单位", icon=":material/exposure_zero:", url_path="zero"),
    st.Page(VIEWS / "coverage.py", title="覆盖情况", icon=":material/grid_on:", url_path="coverage"),
    st.Page(VIEWS / "quality.py", title="数据质量", icon=":material/rule:", url_path="quality"),
    st.Page(VIEWS / "unit.py", title="单位档案", icon=":material/account_balance:", url_path="unit"),
    st.Page(VIEWS / "summary.py", title="全市汇总", icon=":material/functions:", url_path="summary"),
]


def no_warehouse(path: Path) -> None:
    st.title("年报 · 政府信息公开年度报告分析")
    st.error(
        f"尚未找到已发布的数据仓库：`{path}`。\n\n"
        "请先生成数据仓库，再刷新本页：\n\n"
        "- 演示数据（模拟城市）：`make demo` 或 `nianbao demo`\n"
        "- 本单位收集的年度报告：`nianbao ingest 报告文件夹路径 --db data/warehouse.duckdb`\n\n"
        "如仓库在其他位置，请用环境变量 `NIANBAO_DB` 指定其路径后重新启动。",
        icon=":material/database:",
    )


def main() -> None:
    page = st.navigation(PAGES)
    try:
        data.identity()
        options = data.query("app_filter_options")
        synthetic = data.is_synthetic()
    except data.NoWarehouse as missing:
        no_warehouse(missing.path)
        return
    filters.sidebar(options)
    if synthetic:
        st.sidebar.warning(f"**{labels.DEMO_BADGE}**：本仓库含模拟城市生成的报告，数字不代表任何真实单位。",
                           icon=":material/science:")
        st.badge(labels.DEMO_BADGE, icon=":material/science:", color="orange")
    page.run()


main()
