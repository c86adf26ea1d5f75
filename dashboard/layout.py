"""The template's three tables rebuilt from cells, in the template's own layout.

Pure functions over a frame of cells (`table_name, row_code, column_code,
value, state`): used by 单位档案 for one report, by 全市汇总 for sums, and by
the Excel export. Row and column order and labels come from
`pipelines.template`, chosen by the report's template (2019 or 2021).
"""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from dashboard import labels
from pipelines import template as T

LEGAL_PERSON = "法人或其他组织"
APPLICANT_HEADER = "申请人情况"
COLUMNS_ODD = ["表格", "行", "列", "状态", "数值", "原文"]


@dataclass(frozen=True, slots=True)
class Block:
    """One clause of section 二: its items as rows and its measures as columns."""

    clause: str
    frame: pd.DataFrame  # columns: 信息内容, then one per measure label


def _pick(cells: pd.DataFrame, table: str) -> pd.DataFrame:
    if cells.empty:
        return cells
    return cells[cells["table_name"] == table]


def _values(cells: pd.DataFrame, table: str) -> dict[tuple[str, str], float | None]:
    sub = _pick(cells, table)
    return {(r, c): (None if pd.isna(v) else v) for r, c, v in zip(sub["row_code"], sub["column_code"], sub["value"])}


def request_path(code: str) -> str:
    """The merged heading left of a row's label: 三、本年度办理结果, or its part （三）不予公开 …"""
    return labels.ITEM_GROUPS.get(code, "")


def request_rows(cells: pd.DataFrame, template: str) -> list[str]:
    """Rows of section 三 as printed: the template's printed rows, or for one report
    the rows it actually printed (a hybrid prints a single （六）其他处理 row)."""
    printed = [i.code for i in T.printed_request_items(template)]  # type: ignore[arg-type]
    sub = _pick(cells, "requests")
    if sub.empty or "state" not in sub:
        return printed
    seen = set(sub.loc[sub["state"].isin(T.PRINTED_STATES), "row_code"])
    rows = [i.code for i in T.REQUEST_ITEMS if i.code in seen]
    return rows or printed


def requests_frame(cells: pd.DataFrame, template: str, rows: list[str] | None = None) -> pd.DataFrame:
    """Section 三: 栏目, 项目, then 自然人, the five 法人或其他组织 columns, 总计."""
    values = _values(cells, "requests")
    out = []
    for code in rows or request_rows(cells, template):
        row = {"栏目": request_path(code), "项目": labels.ITEM_LABELS[code]}
        for a in T.APPLICANTS:
            row[a.label] = values.get((code, a.code))
        out.append(row)
    return pd.DataFrame(out, columns=["栏目", "项目", *labels.APPLICANT_LABELS.values()])


def mixed_request_rows() -> list[str]:
    """Rows for a sum over both templates: the 2021 rows plus the single （六）其他处理
    row (the 2019 row, and the 2021 split's sum), so that no number is left out."""
    return [i.code for i in T.REQUEST_ITEMS if "2021" in i.printed_in or i.code == "other"]


def review_frame(cells: pd.DataFrame) -> pd.DataFrame:
    """Section 四 as three rows (one per proceeding) × 结果维持…总计."""
    values = _values(cells, "review_litigation")
    out = []
    for p in T.PROCEEDINGS:
        row = {"程序": p.label}
        for o in T.OUTCOMES:
            row[o.label] = values.get((p.code, o.code))
        out.append(row)
    return pd.DataFrame(out, columns=["程序", *labels.REVIEW_OUTCOME_LABELS.values()])


def review_row(cells: pd.DataFrame) -> list[float | None]:
    """Section 四 as printed: fifteen numbers in proceeding × outcome order."""
    values = _values(cells, "review_litigation")
    return [values.get((p.code, o.code)) for p in T.PROCEEDINGS for o in T.OUTCOMES]


def proactive_blocks(cells: pd.DataFrame, template: str) -> list[Block]:
    """Section 二 as the template prints it: one small table per 第二十条 clause."""
    values = _values(cells, "proactive")
    blocks: list[Block] = []
    by_clause: dict[str, list[T.ProactiveItem]] = {}
    for item in T.PROACTIVE[template]:  # type: ignore[index]
        by_clause.setdefault(item.clause, []).append(item)
    for clause, items in by_clause.items():
        measures = items[0].measures
        rows = []
        for item in items:
            row: dict[str, object] = {"信息内容": item.label}
            for m in measures:
                row[m.label] = values.get((item.code, m.code))
            rows.append(row)
        blocks.append(Block(clause, pd.DataFrame(rows, columns=["信息内容", *(m.label for m in measures)])))
    return blocks


def odd_cells(cells: pd.DataFrame) -> pd.DataFrame:
    """Cells not printed as plain numbers (every state but `number`), labelled."""
    if cells.empty or "state" not in cells:
        return pd.DataFrame(columns=COLUMNS_ODD)
    sub = cells[cells["state"] != "number"]
    raw = sub["raw"] if "raw" in sub else pd.Series([""] * len(sub), index=sub.index)
    rows = []
    for t, r, c, v, s, text in zip(sub["table_name"], sub["row_code"], sub["column_code"], sub["value"], sub["state"], raw):
        rows.append({"表格": labels.TABLE_LABELS.get(t, t), "行": row_label(t, r), "列": column_label(t, c),
                     "状态": labels.state_label(s), "数值": None if pd.isna(v) else v,
                     "原文": "" if text is None or (isinstance(text, float) and pd.isna(text)) else str(text)})
    return pd.DataFrame(rows, columns=COLUMNS_ODD)


def row_label(table: str, code: str) -> str:
    if table == "requests":
        return labels.item_label(code)
    if table == "review_litigation":
        return labels.PROCEEDING_LABELS.get(code, code)
    for items in T.PROACTIVE.values():
        for it in items:
            if it.code == code:
                return it.label
    return code


def column_label(table: str, code: str) -> str:
    if table == "requests":
        return labels.APPLICANT_LABELS.get(code, code)
    if table == "review_litigation":
        return labels.REVIEW_OUTCOME_LABELS.get(code, code)
    for items in T.PROACTIVE.values():
        for it in items:
            for m in it.measures:
                if m.code == code:
                    return m.label
    return code


def place_label(where: object) -> str:
    """A check's or cell's place in words: requests.granted.total -> （一）予以公开 · 总计."""
    if where is None or (isinstance(where, float) and pd.isna(where)):
        return ""
    table, _, rest = str(where).partition(".")
    if table not in labels.TABLE_LABELS or not rest:
        return str(where)
    parts = rest.split(".")
    if table == "requests":
        out = [labels.item_label(p) if p in labels.ITEM_LABELS else labels.APPLICANT_LABELS.get(p, p) for p in parts]
    else:  # review_litigation: proceeding[.outcome]; proactive: item[.measure]
        out = [row_label(table, parts[0]), *(column_label(table, p) for p in parts[1:])]
    return " · ".join(out)


def proactive_long(blocks: list[Block]) -> pd.DataFrame:
    """Section 二 as one table (条款, 信息内容, 指标, 数值), for downloading."""
    rows = []
    for block in blocks:
        for rec in block.frame.to_dict("records"):
            item = rec.pop("信息内容")
            for measure, value in rec.items():
                rows.append({"条款": block.clause, "信息内容": item, "指标": measure, "数值": value})
    return pd.DataFrame(rows, columns=["条款", "信息内容", "指标", "数值"])
