"""Chinese labels for the dashboard, read from the template and the unit kinds.

No label list is written twice: codes and their printed labels come from
`pipelines.template`, `pipelines.units` and `pipelines.model`. Only the
dashboard's own vocabulary (coverage statuses, quality issue types, short
metric names) is defined here, once; data-quality issue types come from
`warehouse.labels` (the warehouse's `issue_types` table is built from the same data).
"""
from __future__ import annotations

import re

from pipelines import template as T
from pipelines.model import REJECT_REASONS
from pipelines.units import UNIT_KINDS
from warehouse.labels import ISSUE_TYPES as _ISSUE_TYPES

#: Shown on every page when the warehouse holds synthetic reports.
DEMO_BADGE = "演示数据"
NO_DATA = "当前筛选条件下没有数据。请放宽年度范围、地区、单位类型或单位搜索条件。"

APPLICANT_LABELS: dict[str, str] = {a.code: a.label for a in T.APPLICANTS}
APPLICANT_ORDER: tuple[str, ...] = T.APPLICANT_PARTS
ITEM_LABELS: dict[str, str] = {i.code: i.label for i in T.REQUEST_ITEMS}
ITEM_GROUPS: dict[str, str] = {i.code: i.group for i in T.REQUEST_ITEMS}
OUTCOME_GROUP_LABELS: dict[str, str] = {code: label for code, (label, _) in T.OUTCOME_GROUPS.items()}
OUTCOME_GROUP_ORDER: tuple[str, ...] = tuple(T.OUTCOME_GROUPS)
OUTCOME_GROUP_CODES: dict[str, tuple[str, ...]] = {code: items for code, (_, items) in T.OUTCOME_GROUPS.items()}
ITEM_OUTCOME_GROUP: dict[str, str] = {item: g for g, (_, items) in T.OUTCOME_GROUPS.items() for item in items}
PROCEEDING_LABELS: dict[str, str] = {p.code: p.label for p in T.PROCEEDINGS}
REVIEW_OUTCOME_LABELS: dict[str, str] = {o.code: o.label for o in T.OUTCOMES}
RULE_LABELS: dict[str, str] = {r.code: r.label for r in T.RULES}
RULE_STATEMENTS: dict[str, str] = {r.code: r.statement for r in T.RULES}
CELL_STATE_LABELS: dict[str, str] = {s: i.label for s, i in T.CELL_STATES.items()}
REJECT_REASON_LABELS: dict[str, str] = dict(REJECT_REASONS)
KIND_LABELS: dict[str, str] = dict(UNIT_KINDS)
TABLE_LABELS: dict[str, str] = dict(T.TABLES)

#: Short names of the four flow rows of section 三, for axes and metrics.
FLOW_SHORT: dict[str, str] = {
    "new_received": "本年新收申请",
    "carried_over": "上年结转",
    "total_processed": "办理结果总计",
    "carried_forward": "结转下年度继续办理",
}

#: The warehouse's coverage statuses (`v_coverage.status`) in legend order;
#: their labels come with the data (`v_coverage.status_label`).
COVERAGE_ORDER: tuple[str, ...] = ("loaded", "zero_activity", "failed_checks", "rejected", "missing")

#: How a conflict between two files for one unit-year was decided (`conflicts.rule`).
CONFLICT_RULES: dict[str, str] = {
    "same_content": "内容相同",
    "fewer_failed_checks": "保留未通过检查较少的文件",
    "newer_file": "保留较新的文件",
    "path_order": "保留路径排序在前的文件",
}

#: Kinds of data-quality issue (`v_quality.issue_type`), most serious first, and their labels:
#: defined once in warehouse.labels.ISSUE_TYPES (also the warehouse's `issue_types` table).
ISSUE_TYPES = _ISSUE_TYPES
ISSUE_LABELS: dict[str, str] = {t: i.label for t, i in ISSUE_TYPES.items()}


def kind_label(code: str | None) -> str:
    """The Chinese label of a unit kind code (the code itself if unknown)."""
    return KIND_LABELS.get(code or "", code or "")


def item_label(code: str) -> str:
    """A request row's label with its group, e.g. （三）不予公开 1.属于国家秘密."""
    group = ITEM_GROUPS.get(code, "")
    label = ITEM_LABELS.get(code, code)
    if group and group.startswith("（"):
        return f"{group} {label}"
    return label


def state_label(code: str) -> str:
    return CELL_STATE_LABELS.get(code, code)


def rule_label(code: str | None) -> str:
    if not code:
        return ""
    return RULE_LABELS.get(code, REJECT_REASON_LABELS.get(code, code))


_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()#+\-.!|<>~$:])")


def plain(text: object) -> str:
    """Text from a report or a user made inert inside Markdown: every Markdown/HTML
    character is backslash-escaped, so it shows as typed and never as markup."""
    return _MD_SPECIAL.sub(r"\\\1", str(text))
