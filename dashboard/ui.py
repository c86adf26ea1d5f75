"""Page furniture shared by the views: headers, charts and tables with downloads."""
from __future__ import annotations

from typing import Any, Mapping

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from dashboard import export, filters, labels
from dashboard.pages import PAGES, ROW_LIMIT


def header(page: str, intro: str | None = None, *, years: bool = True) -> filters.Filters:
    """Page title (from the registry, dashboard.pages), what the page shows, and the current
    selection; returns the filters."""
    f = filters.current()
    st.title(PAGES[page].title)
    if intro:
        st.markdown(intro)
    st.caption(f.describe(years))
    return f


plain = labels.plain


def number(label: str | None = None, *, help: str | None = None, fmt: str = "localized") -> Any:
    return st.column_config.NumberColumn(label, format=fmt, help=help)


def share(label: str | None = None, *, help: str | None = None) -> Any:
    return st.column_config.ProgressColumn(label, format="percent", min_value=0.0, max_value=1.0, help=help)


def auto_config(df: pd.DataFrame, shares: tuple[str, ...] = (), plain: tuple[str, ...] = ()) -> dict[str, Any]:
    """NumberColumn for numeric columns, ProgressColumn for the named share columns."""
    config: dict[str, Any] = {}
    for col in df.columns:
        if col in shares:
            config[col] = share()
        elif col in plain:
            config[col] = number(fmt="%d")
        elif pd.api.types.is_numeric_dtype(df[col]) and not pd.api.types.is_bool_dtype(df[col]):
            config[col] = number()
    return config


def chart(fig: go.Figure, data: pd.DataFrame, name: str, key: str) -> None:
    """A Plotly chart with its data downloadable as CSV and Excel."""
    st.plotly_chart(fig, key=f"fig_{key}", config={"displaylogo": False, "locale": "zh-CN"})
    export.downloads(data, name, key)


def table(df: pd.DataFrame, name: str, key: str, *, config: Mapping[str, Any] | None = None,
          shares: tuple[str, ...] = (), plain: tuple[str, ...] = (), height: int | str | None = None,
          download: pd.DataFrame | bool | None = None) -> None:
    """A table with number/share column formats and CSV/Excel downloads.

    `height=None` shows short tables whole and scrolls long ones; "full" never
    scrolls (template tables); `download` replaces the frame offered for download."""
    cfg = auto_config(df, shares, plain)
    cfg.update(config or {})
    if height == "full":
        height = 35 * (len(df) + 1) + 3
    elif height is None:
        height = "auto" if len(df) <= 10 else 420
    st.dataframe(df, hide_index=True, column_config=cfg, key=f"tbl_{key}", height=height)
    if download is not False:
        export.downloads(df if download is None else download, name, key)


def template_table(df: pd.DataFrame, name: str, key: str, *, downloads: bool = True) -> None:
    """A table in the template's layout: shown whole, label columns wide, numbers narrow."""
    cfg: dict[str, Any] = {}
    for col in df.columns:
        if col == "项目":
            cfg[col] = st.column_config.TextColumn(col, width=275)
        elif col == "栏目":
            cfg[col] = st.column_config.TextColumn(col, width=135)
        elif col in ("程序", "信息内容"):
            cfg[col] = st.column_config.TextColumn(col, width=200)
        elif pd.api.types.is_numeric_dtype(df[col]) or df[col].isna().all():
            cfg[col] = st.column_config.NumberColumn(col, format="localized", width=76 if "项目" in df else 110)
    st.dataframe(df, hide_index=True, column_config=cfg, key=f"tbl_{key}", height=35 * (len(df) + 1) + 3)
    if downloads:
        export.downloads(df, name, key)


def limited(total: int, shown: int, unit: str, what: str, order: str) -> None:
    """Say that a list shows only its first `shown` of `total` (the queries' ROW_LIMIT) and how it
    is ordered; `unit` is the classifier (个, 条), `what` the things counted."""
    if total > shown:
        st.caption(f"共 {total:,} {unit}{what}，此处列出{order}的前 {shown:,} {unit}。"
                   "可用侧栏的年度、地区、单位类型或单位搜索缩小范围，或下载后查看。")


def no_data(df: pd.DataFrame, message: str = labels.NO_DATA) -> bool:
    """Show the no-data message when `df` is empty; True if it was."""
    if df is None or df.empty:
        st.info(message, icon=":material/filter_alt_off:")
        return True
    return False
