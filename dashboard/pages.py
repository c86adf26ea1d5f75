"""The dashboard's pages, once: title, icon, script and the named queries each runs.

`app.py` builds the navigation from `PAGES`, every page script takes its title
from here (`ui.header(key)`), and `nianbao bench app` times each page's
`queries` (after `COMMON`, which every page runs first: sidebar options and the
demo flag). A test checks that a page runs exactly the queries listed here.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

#: Rows a page asks for at most in one list (units, unit-years or issues); pages say how many
#: there are in all and that the list shows the first ROW_LIMIT, so nothing is left out silently.
ROW_LIMIT = 1000
#: Areas a chart by area shows one by one (those with the most requests); the rest are summed in one bar.
AREAS_SHOWN = 20
VIEWS = Path(__file__).resolve().parent / "views"


@dataclass(frozen=True, slots=True)
class Page:
    """One page: `key` names its script (dashboard/views/<key>.py) and its URL path."""

    key: str
    title: str
    icon: str
    queries: tuple[str, ...]

    @property
    def script(self) -> Path:
        return VIEWS / f"{self.key}.py"


COMMON: tuple[str, ...] = ("app_filter_options", "app_meta")
PAGES: dict[str, Page] = {p.key: p for p in (
    Page("overview", "总览", ":material/dashboard:", ("app_overview",)),
    Page("volume", "申请量", ":material/bar_chart:", ("app_volume_units", "app_volume_groups", "app_volume_applicants")),
    Page("outcomes", "办理结果", ":material/donut_small:", ("app_outcome_items", "app_outcome_units")),
    Page("review", "复议与诉讼", ":material/gavel:", ("app_review_years", "app_review_units")),
    Page("zero", "零申请单位", ":material/exposure_zero:", ("app_zero_years", "app_zero_streaks", "app_zero_units")),
    Page("coverage", "覆盖情况", ":material/grid_on:", ("app_coverage_counts", "app_coverage")),
    Page("quality", "数据质量", ":material/rule:", ("app_quality_counts", "app_quality_units", "app_quality")),
    Page("unit", "单位档案", ":material/account_balance:",
         ("app_unit_list", "app_unit_reports", "app_unit_cells", "app_unit_checks")),
    Page("summary", "全市汇总", ":material/functions:",
         ("app_summary_templates", "app_summary_cells", "app_summary_reports")),
)}
#: The page the app opens on.
DEFAULT = "overview"


def bench_params(*, year_from: int, year_to: int, unit: str | None, search: str | None = None) -> dict[str, Any]:
    """Parameters for every named query of the pages in an unfiltered view ("all areas, all
    kinds", every year; `search` to time a unit search), as the pages pass them on a first
    visit; each query takes the ones it names."""
    return {"year_from": year_from, "year_to": year_to, "year": year_to, "areas": None, "kinds": None,
            "search": search, "top": ROW_LIMIT, "areas_shown": AREAS_SHOWN, "unit": unit, "issue_type": None,
            "rules": None}
