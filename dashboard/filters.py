"""Sidebar filters (year range, area, unit kind, unit search) kept in the URL.

Every filter and every page's own choice (unit, year, …) is written to
`st.query_params` on each run, so a copied link opens the same view. On a
session's first run the URL's parameters seed the widgets; values the
warehouse does not know are dropped rather than raising.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Sequence

import pandas as pd
import streamlit as st

from dashboard import labels

#: URL parameter names.
QP_FROM, QP_TO, QP_AREA, QP_KIND, QP_SEARCH = "from", "to", "area", "kind", "q"
_SNAPSHOT = "_nianbao_initial_query"
_CURRENT = "_nianbao_filters"
_PAGE_PARAMS = "_nianbao_page_params"
_CHOICES = "_nianbao_page_choices"  # survives page switches, unlike widget state


@dataclass(frozen=True, slots=True)
class Filters:
    """The sidebar's selection; empty areas/kinds mean all."""

    year_from: int
    year_to: int
    areas: tuple[str, ...] = ()
    kinds: tuple[str, ...] = ()
    search: str = ""
    years: tuple[int, ...] = ()  # every year the warehouse knows

    def unit_params(self) -> dict[str, Any]:
        """Query parameters that select units: $areas, $kinds, $search (NULL = all)."""
        return {
            "areas": list(self.areas) or None,
            "kinds": list(self.kinds) or None,
            "search": self.search.strip() or None,
        }

    def params(self) -> dict[str, Any]:
        """Unit parameters plus $year_from and $year_to."""
        return {"year_from": self.year_from, "year_to": self.year_to, **self.unit_params()}

    @property
    def selected_years(self) -> list[int]:
        return [y for y in self.years if self.year_from <= y <= self.year_to]

    def describe(self, years: bool = True) -> str:
        """One line naming the selection, shown under each page title."""
        span = f"{self.year_from}年" if self.year_from == self.year_to else f"{self.year_from}–{self.year_to}年"
        areas = "、".join(labels.plain(a) for a in self.areas) if self.areas else "全部"
        kinds = "、".join(labels.kind_label(k) for k in self.kinds) if self.kinds else "全部"
        text = (f"年度：{span}　" if years else "") + f"地区：{areas}　单位类型：{kinds}"
        if self.search.strip():
            text += f"　单位搜索：“{labels.plain(self.search.strip())}”"
        return text


def initial_query() -> dict[str, list[str]]:
    """The URL's parameters as they were when this session started."""
    if _SNAPSHOT not in st.session_state:
        st.session_state[_SNAPSHOT] = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
    return st.session_state[_SNAPSHOT]


def _first(values: Sequence[str] | None) -> str | None:
    return values[0] if values else None


def _int(text: str | None, default: int) -> int:
    try:
        return int(text) if text is not None else default
    except ValueError:
        return default


def sidebar(options: pd.DataFrame) -> Filters:
    """Draw the sidebar filters from `app_filter_options` and return the selection."""
    years = sorted(int(v) for v in options.loc[options["kind"] == "year", "value"])
    areas = sorted(options.loc[options["kind"] == "area", "value"].dropna().tolist())
    kind_rows = options.loc[options["kind"] == "unit_kind"]
    kinds = [k for k in labels.KIND_LABELS if k in set(kind_rows["value"])]
    kinds += sorted(set(kind_rows["value"]) - set(kinds))
    url = initial_query()
    lo, hi = (years[0], years[-1]) if years else (0, 0)

    with st.sidebar:
        st.header("筛选条件")
        if "f_years" not in st.session_state:
            y0 = min(max(_int(_first(url.get(QP_FROM)), lo), lo), hi)
            y1 = min(max(_int(_first(url.get(QP_TO)), hi), y0), hi)
            st.session_state["f_years"] = (y0, y1)
        else:  # a refresh may have changed the years on offer
            y0, y1 = st.session_state["f_years"]
            st.session_state["f_years"] = (min(max(y0, lo), hi), min(max(y1, lo), hi))
        if lo < hi:
            year_from, year_to = st.slider("报告年度", min_value=lo, max_value=hi, key="f_years", format="%d年")
        else:
            year_from = year_to = lo
            st.caption(f"报告年度：{lo}年（仓库中只有这一年）")
        if "f_areas" not in st.session_state:
            st.session_state["f_areas"] = [a for a in url.get(QP_AREA, []) if a in areas]
        else:
            st.session_state["f_areas"] = [a for a in st.session_state["f_areas"] if a in areas]
        chosen_areas = st.multiselect("地区", areas, key="f_areas", placeholder="全部地区")
        if "f_kinds" not in st.session_state:
            st.session_state["f_kinds"] = [k for k in url.get(QP_KIND, []) if k in kinds]
        else:
            st.session_state["f_kinds"] = [k for k in st.session_state["f_kinds"] if k in kinds]
        chosen_kinds = st.multiselect("单位类型", kinds, key="f_kinds", format_func=labels.kind_label,
                                      placeholder="全部类型")
        if "f_search" not in st.session_state:
            st.session_state["f_search"] = _first(url.get(QP_SEARCH)) or ""
        search = st.text_input("单位搜索", key="f_search", placeholder="单位名称或编号的一部分")

    f = Filters(int(year_from), int(year_to), tuple(chosen_areas), tuple(chosen_kinds), search, tuple(years))
    st.session_state[_CURRENT] = f
    st.session_state[_PAGE_PARAMS] = {}
    _write_url(f)
    return f


def current() -> Filters:
    """The filters drawn by `sidebar` in this run (for the page scripts)."""
    return st.session_state[_CURRENT]


def _write_url(f: Filters, extra: dict[str, str] | None = None) -> None:
    qp: dict[str, Any] = {}
    if f.years:
        qp[QP_FROM], qp[QP_TO] = str(f.year_from), str(f.year_to)
    if f.areas:
        qp[QP_AREA] = list(f.areas)
    if f.kinds:
        qp[QP_KIND] = list(f.kinds)
    if f.search.strip():
        qp[QP_SEARCH] = f.search.strip()
    qp.update(extra or {})
    current_qp = {k: st.query_params.get_all(k) for k in st.query_params.keys()}
    wanted = {k: (v if isinstance(v, list) else [v]) for k, v in qp.items()}
    if current_qp != wanted:
        st.query_params.from_dict(qp)


def wanted(key: str) -> str | None:
    """The page choice `key` asked for so far (the widget's value, the value kept across pages,
    or the URL's), unchecked: for a query that must include it among its rows."""
    current = st.session_state.get(f"p_{key}")
    if current is not None:
        return str(current)
    kept = st.session_state.get(_CHOICES, {}).get(key)
    return kept if kept is not None else _first(initial_query().get(key))


def page_choice(key: str, options: Sequence[Any], *, default: Any = None) -> Any:
    """Seed a page widget's session key from the URL (first run) and validate it.

    Call before creating the widget with ``key=key``; the value is written to
    the URL by `remember`. Returns the value the widget will show.
    """
    wid = f"p_{key}"
    if wid not in st.session_state or st.session_state[wid] not in options:
        kept = st.session_state.get(_CHOICES, {}).get(key)
        wanted = kept if kept is not None else _first(initial_query().get(key))
        by_text = {str(o): o for o in options}
        if wanted is not None and wanted in by_text:
            st.session_state[wid] = by_text[wanted]
        elif default is not None and default in options:
            st.session_state[wid] = default
        elif options:
            st.session_state[wid] = options[0]
    return st.session_state.get(wid)


def remember(key: str, value: Any) -> None:
    """Put one page choice into the URL next to the filters."""
    extra = st.session_state.setdefault(_PAGE_PARAMS, {})
    if value is None or value == "":
        extra.pop(key, None)
    else:
        extra[key] = str(value)
        st.session_state.setdefault(_CHOICES, {})[key] = str(value)
    _write_url(current(), extra)


def choose(key: str, value: str) -> None:
    """Button callback: make `value` the page choice `key` and ask to switch to its page.

    Used to jump from a list (数据质量) to one unit's page (单位档案)."""
    st.session_state.setdefault(_CHOICES, {})[key] = str(value)
    st.session_state.pop(f"p_{key}", None)
    st.session_state[f"_nianbao_go_{key}"] = True
