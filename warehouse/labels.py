"""Code -> label tables generated from pipelines/template.py at build time.

SQL shows Chinese labels by joining these; nothing here is typed twice.
"""
from __future__ import annotations

import pandas as pd

from pipelines import template as T
from pipelines.checks import rule_instances
from pipelines.model import REJECT_REASONS
from pipelines.units import UNIT_KINDS


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
    }
