"""Plotly figures for the dashboard, with one colour per category everywhere.

Colours are defined once here: an outcome group (予以公开, 部分公开, 不予公开,
无法提供, 不予处理, 其他处理) has the same colour on every page, and so do
coverage statuses, proceedings and applicant types. Figures take tidy
frames whose columns are already labelled in Chinese.
"""
from __future__ import annotations

from typing import Mapping, Sequence

import pandas as pd
import plotly.express as px
import plotly.graph_objects as go

from dashboard import labels

FONT = "Noto Sans CJK SC, Noto Sans SC, Microsoft YaHei, PingFang SC, sans-serif"

#: Outcome group code -> colour (the single mapping used on every page).
OUTCOME_COLORS: dict[str, str] = {
    "granted": "#2E7D32",
    "partially_granted": "#9CCC65",
    "withheld": "#C62828",
    "unavailable": "#F9A825",
    "rejected": "#6A1B9A",
    "other": "#78909C",
}
COVERAGE_COLORS: dict[str, str] = {
    "loaded": "#43A047",
    "zero_activity": "#90CAF9",
    "failed_checks": "#FB8C00",
    "rejected": "#E53935",
    "missing": "#E0E0E0",
}
PROCEEDING_COLORS: dict[str, str] = {
    "review": "#1565C0",
    "litigation_direct": "#AD1457",
    "litigation_after_review": "#EF6C00",
}
REVIEW_OUTCOME_COLORS: dict[str, str] = {
    "upheld": "#2E7D32",
    "corrected": "#C62828",
    "other": "#78909C",
    "pending": "#FBC02D",
}
#: Data-quality issue type -> colour, the most serious the strongest (types: warehouse.labels.ISSUE_TYPES).
ISSUE_COLORS: dict[str, str] = {
    "failed_check": "#C62828",
    "cross_year_break": "#EF6C00",
    "rejected_file": "#6A1B9A",
    "cell_problem": "#F9A825",
    "conflict": "#1565C0",
    "warning": "#78909C",
    "cell_note": "#90CAF9",
    "cell_empty": "#E0E0E0",
}
_APPLICANT_PALETTE = ("#1565C0", "#EF6C00", "#00897B", "#8E24AA", "#6D4C41", "#546E7A")
APPLICANT_COLORS: dict[str, str] = dict(zip(labels.APPLICANT_ORDER, _APPLICANT_PALETTE))


def by_label(colors: Mapping[str, str], names: Mapping[str, str]) -> dict[str, str]:
    """Re-key a code->colour mapping by Chinese label, for Plotly's color maps."""
    return {names[c]: col for c, col in colors.items() if c in names}


def outcome_color_map() -> dict[str, str]:
    return by_label(OUTCOME_COLORS, labels.OUTCOME_GROUP_LABELS)


def coverage_color_map(names: Mapping[str, str]) -> dict[str, str]:
    """Status label -> colour; the labels come with the data (v_coverage.status_label)."""
    return by_label(COVERAGE_COLORS, names)


def proceeding_color_map() -> dict[str, str]:
    return by_label(PROCEEDING_COLORS, labels.PROCEEDING_LABELS)


def review_outcome_color_map() -> dict[str, str]:
    return by_label(REVIEW_OUTCOME_COLORS, labels.REVIEW_OUTCOME_LABELS)


def issue_color_map() -> dict[str, str]:
    return by_label(ISSUE_COLORS, labels.ISSUE_LABELS)


def applicant_color_map() -> dict[str, str]:
    return by_label(APPLICANT_COLORS, labels.APPLICANT_LABELS)


def style(fig: go.Figure, *, height: int = 380, title: str | None = None) -> go.Figure:
    """Common look: CJK font, legend above the plot, compact margins."""
    fig.update_layout(
        height=height,
        font_family=FONT,
        margin=dict(l=10, r=10, t=90 if title else 40, b=10),
        legend=dict(orientation="h", yanchor="bottom", y=1.0, xanchor="left", x=0, title_text=""),
        hoverlabel=dict(font_family=FONT),
    )
    if title:
        fig.update_layout(title=dict(text=title, x=0, xanchor="left", y=0.98, yanchor="top", yref="container",
                                     font=dict(size=16)))
    return fig


def _year_axis(fig: go.Figure, axis: str = "x") -> None:
    getattr(fig, f"update_{axis}axes")(tickmode="linear", dtick=1, tickformat="d", title_text="报告年度")


def trend(df: pd.DataFrame, x: str, series: Sequence[str], *, title: str, y_title: str,
          percent: bool = False, colors: Mapping[str, str] | None = None) -> go.Figure:
    """Lines over years, one per column in `series` (columns named in Chinese)."""
    long = df.melt(id_vars=[x], value_vars=list(series), var_name="指标", value_name="数值")
    fig = px.line(long, x=x, y="数值", color="指标", markers=True, color_discrete_map=dict(colors or {}))
    _year_axis(fig)
    fig.update_yaxes(title_text=y_title, rangemode="tozero", tickformat=".0%" if percent else ",d")
    fig.update_traces(hovertemplate="%{x}年：%{y:" + (".1%" if percent else ",") + "}")
    return style(fig, title=title)


def bars_over_years(df: pd.DataFrame, x: str, y: str, color: str, *, title: str, y_title: str,
                    color_map: Mapping[str, str] | None = None, order: Sequence[str] | None = None,
                    share: bool = False) -> go.Figure:
    """Stacked bars per year; with `share`, each year's bar is its 100 % composition."""
    fig = px.bar(df, x=x, y=y, color=color, color_discrete_map=dict(color_map or {}),
                 category_orders={color: list(order)} if order else None)
    if share:
        fig.update_layout(barnorm="percent")
    _year_axis(fig)
    fig.update_yaxes(title_text=y_title, ticksuffix="%" if share else "", tickformat=".0f" if share else ",d")
    return style(fig, title=title)


def faceted_bars(df: pd.DataFrame, x: str, y: str, color: str, facet: str, *, title: str, y_title: str,
                 color_map: Mapping[str, str], order: Sequence[str], facet_order: Sequence[str]) -> go.Figure:
    """Stacked bars per year, one panel per `facet` value (e.g. per proceeding)."""
    fig = px.bar(df, x=x, y=y, color=color, facet_col=facet, color_discrete_map=dict(color_map),
                 category_orders={color: list(order), facet: list(facet_order)})
    fig.for_each_annotation(lambda a: a.update(text=a.text.split("=")[-1]))
    fig.update_xaxes(tickmode="linear", dtick=1, tickformat="d", title_text="报告年度")
    fig.update_yaxes(tickformat=",d")
    fig.update_yaxes(title_text=y_title, col=1)
    style(fig, title=title, height=430)
    fig.update_layout(legend=dict(y=-0.22, yanchor="top"), margin=dict(b=80))
    return fig


def ranked_bar(df: pd.DataFrame, label: str, value: str, *, title: str, x_title: str,
               color: str | None = None, color_map: Mapping[str, str] | None = None,
               order: Sequence[str] | None = None, share: bool = False,
               label_order: Sequence[str] | None = None) -> go.Figure:
    """Horizontal bars, the largest (or the first of `label_order`) on top; stacked by `color`."""
    if label_order is None:
        totals = df.groupby(label, sort=False)[value].sum().sort_values(ascending=False, kind="stable")
        label_order = list(totals.index)
    orders = {label: list(label_order)}
    if color and order:
        orders[color] = list(order)
    fig = px.bar(df, y=label, x=value, color=color, orientation="h", color_discrete_map=dict(color_map or {}),
                 category_orders=orders)
    if share:
        fig.update_layout(barnorm="percent")
    fig.update_yaxes(title_text="")
    fig.update_xaxes(title_text=x_title, ticksuffix="%" if share else "", tickformat=".0f" if share else ",d")
    return style(fig, height=max(320, 26 * len(label_order) + 130), title=title)


def heatmap(pivot: pd.DataFrame, *, title: str, value_title: str) -> go.Figure:
    """Unit × year heatmap of counts; rows in the order given."""
    fig = px.imshow(pivot.to_numpy(dtype=float), x=[str(c) for c in pivot.columns], y=list(pivot.index),
                    color_continuous_scale="Blues", aspect="auto", text_auto=",.0f")
    fig.update_xaxes(title_text="报告年度", type="category", side="top")
    fig.update_yaxes(title_text="")
    fig.update_coloraxes(colorbar_title_text=value_title)
    fig.update_traces(hovertemplate="%{y}<br>%{x}年：%{z:,}<extra></extra>")
    return style(fig, height=max(320, 22 * len(pivot) + 140), title=title)


def category_matrix(df: pd.DataFrame, row: str, col: str, status: str, *, codes: Sequence[str],
                    names: Mapping[str, str], colors: Mapping[str, str], title: str,
                    row_order: Sequence[str]) -> go.Figure:
    """A grid of categorical cells (unit × year coverage), one colour per status."""
    index = {c: i for i, c in enumerate(codes)}
    pivot = df.pivot_table(index=row, columns=col, values=status, aggfunc="first").reindex(list(row_order))
    z = pivot.apply(lambda s: s.map(index)).to_numpy(dtype=float)
    text = pivot.apply(lambda s: s.map(lambda v: names.get(v, "") if isinstance(v, str) else "")).to_numpy()
    n = len(codes)
    scale = []
    for i, c in enumerate(codes):
        scale += [(i / n, colors[c]), ((i + 1) / n, colors[c])]
    fig = go.Figure(go.Heatmap(z=z, x=[str(c) for c in pivot.columns], y=list(pivot.index), zmin=-0.5,
                               zmax=n - 0.5, colorscale=scale, showscale=False, xgap=1, ygap=1,
                               customdata=text, hovertemplate="%{y}<br>%{x}年：%{customdata}<extra></extra>"))
    for c in codes:  # legend entries for the categories
        fig.add_trace(go.Scatter(x=[None], y=[None], mode="markers", name=names[c],
                                 marker=dict(size=12, color=colors[c], symbol="square")))
    fig.update_xaxes(title_text="报告年度", type="category", side="top")
    fig.update_yaxes(title_text="", autorange="reversed", type="category")
    fig.update_layout(plot_bgcolor="white")
    style(fig, height=max(320, 20 * len(pivot) + 180), title=title)
    fig.update_layout(legend=dict(y=0, yanchor="top", x=0), margin=dict(b=50))
    return fig


def histogram(df: pd.DataFrame, x: str, y: str, *, title: str, x_title: str, y_title: str) -> go.Figure:
    """Simple vertical bars of precomputed counts (e.g. units by zero streak)."""
    fig = px.bar(df, x=x, y=y)
    fig.update_xaxes(title_text=x_title, tickmode="linear", dtick=1)
    fig.update_yaxes(title_text=y_title, tickformat=",d")
    fig.update_traces(marker_color="#90CAF9")
    return style(fig, title=title)
