"""Code -> label tables generated from pipelines/template.py at build time.

SQL shows Chinese labels by joining these; nothing here is typed twice. The
data-quality issue types are defined here (ISSUE_TYPES) and nowhere else: the
warehouse's `issue_types` table, `v_quality` and the dashboard all read them.
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from pipelines import template as T
from pipelines.checks import rule_instances
from pipelines.model import REJECT_REASONS
from pipelines.units import UNIT_KINDS


@dataclass(frozen=True, slots=True)
class IssueType:
    """A kind of data-quality issue: how it is named, how serious it is, how it is shown."""

    label: str                     # Chinese label shown to the office
    severity: int                  # 1 = most serious; the order of the data-quality page
    ranked: bool                   # ranks units and fills the charts; False: counted and shown apart
    listed: bool                   # listed one by one (quality_issues); False: only counted per unit-year
    cell_quality: str | None       # the cell_states.quality class it stands for (cell issues only)
    description: str               # what it means, for the page and the data dictionary


#: Data-quality issue types (`v_quality.issue_type`), most serious first. A disclosure
#: officer chases the ranked ones; parser notes (hundreds on a city, most of them harmless)
#: are listed but shown apart, and blank/dash cells (usually meant as 0) and recovered
#: run-together digits only counted: neither is ever mixed into the ranking.
ISSUE_TYPES: dict[str, IssueType] = {
    "failed_check": IssueType("勾稽关系未通过", 1, True, True, None,
                              "报告内的勾稽关系不成立：附位置、应为、实为"),
    "cross_year_break": IssueType("跨年度不衔接", 2, True, True, None,
                                  "本年上年结转与上年结转下年度不一致，或现行有效件数前后不接"),
    "rejected_file": IssueType("文件未能入库", 3, True, True, None,
                               "文件无法成为报告（扫描件、损坏、不是年度报告等），该单位该年度没有数据"),
    "cell_problem": IssueType("无法读取数字的单元格", 4, True, True, "problem",
                              "应有数字的位置为文字、缺失或无法唯一拆分，汇总时该数不明"),
    "conflict": IssueType("同一单位同一年度多个文件", 5, True, True, None,
                          "同一单位同一年度有多个文件，只保留一个"),
    "warning": IssueType("解析提示", 6, False, True, None,
                         "解析时需要留意的地方（近似匹配的标签、未核对的规则等），逐条列出，不计入问题排名"),
    "cell_note": IssueType("由连写数字拆分的单元格", 7, False, False, "note",
                           "连写数字按勾稽关系唯一拆分，数字可用，仅供核对"),
    "cell_empty": IssueType("空白或横线单元格", 8, False, False, "empty",
                            "印为空白或横线，按 0 计入汇总；单独统计，不计入问题排名"),
}


def labels_frame() -> pd.DataFrame:
    """labels(table_name, dimension, code, label, template, position, grp)."""
    rows: list[tuple] = []
    for tpl in T.TEMPLATES:
        for i, item in enumerate(T.request_items(tpl)):
            rows.append(("requests", "row", item.code, item.label, tpl, i, item.group or None))
        for i, a in enumerate(T.APPLICANTS):
            rows.append(("requests", "column", a.code, a.label, tpl, i, a.group or None))
        for i, p in enumerate(T.PROCEEDINGS):
            rows.append(("review_litigation", "row", p.code, p.label, tpl, i, None))
        for i, o in enumerate(T.OUTCOMES):
            rows.append(("review_litigation", "column", o.code, o.label, tpl, i, None))
        measures: dict[str, tuple] = {}
        for i, it in enumerate(T.PROACTIVE[tpl]):
            rows.append(("proactive", "row", it.code, it.label, tpl, i, it.clause))
            for m in it.measures:
                measures.setdefault(m.code, (m.label, len(measures)))
        for code, (label, pos) in measures.items():
            rows.append(("proactive", "column", code, label, tpl, pos, None))
    return pd.DataFrame(rows, columns=["table_name", "dimension", "code", "label", "template", "position", "grp"])


def outcome_items_frame() -> pd.DataFrame:
    """outcome_items(item, outcome_group, outcome_label, item_label, group_order, item_order)."""
    item_labels = {i.code: i.label for i in T.REQUEST_ITEMS}
    order = {i.code: n for n, i in enumerate(T.REQUEST_ITEMS)}
    rows = [(item, group, label, item_labels[item], g, order[item])
            for g, (group, (label, items)) in enumerate(T.OUTCOME_GROUPS.items()) for item in items]
    return pd.DataFrame(rows, columns=["item", "outcome_group", "outcome_label", "item_label", "group_order", "item_order"])


def rule_terms_frame() -> pd.DataFrame:
    """rule_terms(rule, template, where, side, table_name, row_code, column_code, year_offset, sign):
    the terms of every cross-year rule instance, compiled as the per-report checks compile theirs."""
    rows: list[tuple] = []
    for rule in T.RULES:
        if rule.scope != "warehouse":
            continue
        for tpl in T.TEMPLATES:
            for inst in rule_instances(rule, tpl):
                terms = [("expected", k, s) for k, s in inst.expected] + [("actual", k, s) for k, s in inst.actual]
                for (side, (table, row, col), sign), offset in zip(terms, inst.year_offsets):
                    rows.append((rule.code, tpl, inst.where, side, table, row, col, offset, sign))
    return pd.DataFrame(rows, columns=["rule", "template", "where", "side", "table_name", "row_code", "column_code",
                                       "year_offset", "sign"])


def small_tables() -> dict[str, pd.DataFrame]:
    """Every generated code table, by warehouse table name."""
    return {
        "labels": labels_frame(),
        "outcome_items": outcome_items_frame(),
        "unit_kinds": pd.DataFrame(list(UNIT_KINDS.items()), columns=["kind", "kind_label"]),
        "rules": pd.DataFrame([(r.code, r.label, r.statement, r.scope) for r in T.RULES],
                              columns=["rule", "label", "statement", "scope"]),
        "rule_terms": rule_terms_frame(),
        "cell_states": pd.DataFrame(
            [(s, i.label, i.has_value, i.zero_in_sums, i.keeps_raw, i.printed, i.quality)
             for s, i in T.CELL_STATES.items()],
            columns=["state", "label", "has_value", "zero_in_sums", "keeps_raw", "printed", "quality"]),
        "reject_reasons": pd.DataFrame(list(REJECT_REASONS.items()), columns=["reason", "label"]),
        "issue_types": pd.DataFrame(
            [(t, i.label, i.severity, i.ranked, i.listed, i.cell_quality, i.description)
             for t, i in ISSUE_TYPES.items()],
            columns=["issue_type", "label", "severity", "ranked", "listed", "cell_quality", "description"]),
    }
