"""年报 · 政府信息公开年度报告分析: the disclosure office's dashboard.

Run with ``streamlit run app.py``. Reads the published warehouse named by
NIANBAO_DB (default data/warehouse.duckdb), read-only; see dashboard/.
"""
from __future__ import annotations

from pathlib import Path

import streamlit as st

from dashboard import data, filters, labels
from dashboard.pages import DEFAULT, PAGES

st.set_page_config(page_title="年报 · 政府信息公开年度报告分析", layout="wide", page_icon=":material/analytics:")

NAVIGATION = [st.Page(p.script, title=p.title, icon=p.icon, url_path=p.key, default=p.key == DEFAULT)
              for p in PAGES.values()]


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
    page = st.navigation(NAVIGATION)
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
