"""Which named queries each page runs, for the benchmark and its test.

`PAGE_QUERIES[page]` lists (query name, parameter set) in the order the page
runs them; parameter sets: ``filters`` (years + units), ``units`` (areas,
kinds, search), ``unit`` ($unit), ``year`` (units + $year), ``none``.
Every page also runs `COMMON` first (sidebar options, demo flag).
"""
from __future__ import annotations

from typing import Any, Literal

ParamSet = Literal["filters", "units", "unit", "year", "none"]

COMMON: tuple[tuple[str, ParamSet], ...] = (("app_filter_options", "none"), ("app_meta", "none"))
PAGE_QUERIES: dict[str, tuple[tuple[str, ParamSet], ...]] = {
    "overview": (("app_overview", "filters"),),
    "volume": (("app_volume_units", "filters"), ("app_volume_applicants", "filters")),
    "outcomes": (("app_outcome_items", "filters"), ("app_outcome_units", "filters")),
    "review": (("app_review_years", "filters"), ("app_review_units", "filters")),
    "zero": (("app_zero_years", "filters"), ("app_zero_units", "filters")),
    "coverage": (("app_coverage", "filters"),),
    "quality": (("app_quality", "filters"),),
    "unit": (("app_unit_list", "units"), ("app_unit_reports", "unit"), ("app_unit_cells", "unit"),
             ("app_unit_checks", "unit")),
    "summary": (("app_summary_cells", "year"), ("app_summary_reports", "year")),
}
PAGE_TITLES: dict[str, str] = {
    "overview": "总览", "volume": "申请量", "outcomes": "办理结果", "review": "复议与诉讼", "zero": "零申请单位",
    "coverage": "覆盖情况", "quality": "数据质量", "unit": "单位档案", "summary": "全市汇总",
}


def params_for(kind: ParamSet, *, year_from: int, year_to: int, unit: str | None = None) -> dict[str, Any]:
    """The parameters of one parameter set for an unfiltered view ("all areas, all kinds")."""
    units: dict[str, Any] = {"areas": None, "kinds": None, "search": None}
    if kind == "filters":
        return {"year_from": year_from, "year_to": year_to, **units}
    if kind == "units":
        return units
    if kind == "year":
        return {"year": year_to, **units}
    if kind == "unit":
        return {"unit": unit}
    return {}
