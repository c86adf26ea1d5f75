"""Downloads: every chart's and table's data as CSV and Excel, and 全市汇总
as an Excel workbook in the template's own layout (merged headers, openpyxl).

The bytes are built only when a download is clicked (Streamlit calls the
data callable), so drawing a page stays fast.
"""
from __future__ import annotations

import io
import re
from typing import Sequence

import pandas as pd
import streamlit as st
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from dashboard import labels, layout
from pipelines import template as T

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_bytes(df: pd.DataFrame) -> bytes:
    """CSV with a UTF-8 BOM, so that Excel opens the Chinese text correctly."""
    return df.to_csv(index=False).encode("utf-8-sig")


def _sheet_name(name: str) -> str:
    return re.sub(r"[\[\]:*?/\\]", "_", name)[:31] or "数据"


def xlsx_bytes(df: pd.DataFrame, sheet: str = "数据") -> bytes:
    """One sheet with the frame, header bold, columns sized to their text."""
    wb = Workbook()
    ws = wb.active
    ws.title = _sheet_name(sheet)
    ws.append([str(c) for c in df.columns])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in df.itertuples(index=False):
        ws.append([_plain(v) for v in row])
    for i, col in enumerate(df.columns, start=1):
        width = max([len(str(col))] + [len(str(v)) for v in df.iloc[:200, i - 1]]) if len(df) else len(str(col))
        ws.column_dimensions[get_column_letter(i)].width = min(60, 2 + 1.6 * width)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _plain(v: object) -> object:
    """A value openpyxl can write: NaN/NA as empty, numpy scalars as Python ones."""
    if v is None:
        return None
    try:
        if pd.isna(v):  # type: ignore[arg-type]
            return None
    except (TypeError, ValueError):
        pass
    if hasattr(v, "item"):
        return v.item()  # type: ignore[union-attr]
    if isinstance(v, pd.Timestamp):
        return v.to_pydatetime()
    return v


def _slug(name: str) -> str:
    return re.sub(r"[^\w\u4e00-\u9fff-]+", "_", name).strip("_") or "data"


def downloads(df: pd.DataFrame, name: str, key: str) -> None:
    """Two small buttons: the frame as CSV and as Excel (built on click)."""
    slug = _slug(name)
    row = st.container(horizontal=True, gap="small")
    row.download_button("下载 CSV", data=lambda: csv_bytes(df), file_name=f"{slug}.csv", mime="text/csv",
                         key=f"csv_{key}", icon=":material/download:", on_click="ignore", type="tertiary")
    row.download_button("下载 Excel", data=lambda: xlsx_bytes(df, name), file_name=f"{slug}.xlsx",
                          mime=XLSX_MIME, key=f"xlsx_{key}", icon=":material/table:", on_click="ignore",
                          type="tertiary")


# ---------------------------------------------------------------- template layout workbook
_THIN = Side(style="thin", color="999999")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
_LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)


def _put(ws: Worksheet, row: int, col: int, value: object, *, bold: bool = False, span: tuple[int, int] = (1, 1),
         align: Alignment = _CENTER) -> None:
    rows, cols = span
    if rows > 1 or cols > 1:
        ws.merge_cells(start_row=row, start_column=col, end_row=row + rows - 1, end_column=col + cols - 1)
    for r in range(row, row + rows):
        for c in range(col, col + cols):
            ws.cell(r, c).border = _BOX
    cell = ws.cell(row, col, _plain(value))
    cell.alignment = align
    if bold:
        cell.font = Font(bold=True)


def _heading(ws: Worksheet, row: int, text: str) -> int:
    ws.cell(row, 1, text).font = Font(bold=True, size=12)
    return row + 1


def _write_proactive(ws: Worksheet, row: int, blocks: Sequence[layout.Block]) -> int:
    for block in blocks:
        width = len(block.frame.columns)
        _put(ws, row, 1, block.clause, bold=True, span=(1, width))
        row += 1
        for j, col in enumerate(block.frame.columns, start=1):
            _put(ws, row, j, col, bold=True)
        row += 1
        for values in block.frame.itertuples(index=False):
            for j, v in enumerate(values, start=1):
                _put(ws, row, j, v, align=_LEFT if j == 1 else _CENTER)
            row += 1
    return row + 1


def _write_requests(ws: Worksheet, row: int, frame: pd.DataFrame) -> int:
    parts = [a for a in T.APPLICANTS if a.group == layout.LEGAL_PERSON]
    _put(ws, row, 1, "", span=(3, 2))
    _put(ws, row, 3, layout.APPLICANT_HEADER, bold=True, span=(1, len(T.APPLICANTS)))
    _put(ws, row + 1, 3, labels.APPLICANT_LABELS["natural_person"], bold=True, span=(2, 1))
    _put(ws, row + 1, 4, layout.LEGAL_PERSON, bold=True, span=(1, len(parts)))
    for j, a in enumerate(parts, start=4):
        _put(ws, row + 2, j, a.label, bold=True)
    _put(ws, row + 1, 4 + len(parts), labels.APPLICANT_LABELS["total"], bold=True, span=(2, 1))
    row += 3
    for values in frame.itertuples(index=False):
        for j, v in enumerate(values, start=1):
            _put(ws, row, j, v, align=_LEFT if j <= 2 else _CENTER)
        row += 1
    return row + 1


def _write_review(ws: Worksheet, row: int, values: Sequence[float | None]) -> int:
    n = len(T.OUTCOMES)
    review, *litigation = T.PROCEEDINGS
    _put(ws, row, 1, review.label, bold=True, span=(1, n))
    top = litigation[0].label.split("·")[0]
    _put(ws, row, 1 + n, top, bold=True, span=(1, n * len(litigation)))
    for j, o in enumerate(T.OUTCOMES):
        _put(ws, row + 1, 1 + j, o.label, bold=True, span=(2, 1))
    for k, p in enumerate(litigation):
        start = 1 + n * (k + 1)
        _put(ws, row + 1, start, p.label.split("·")[-1], bold=True, span=(1, n))
        for j, o in enumerate(T.OUTCOMES):
            _put(ws, row + 2, start + j, o.label, bold=True)
    row += 3
    for j, v in enumerate(values, start=1):
        _put(ws, row, j, v)
    return row + 2


def template_workbook(title: str, notes: Sequence[str], proactive: dict[str, list[layout.Block]],
                      requests: pd.DataFrame, review: Sequence[float | None]) -> bytes:
    """全市汇总 as one sheet laid out like the template: 二 (per template version), 三, 四."""
    wb = Workbook()
    ws = wb.active
    ws.title = "全市汇总"
    ws.cell(1, 1, title).font = Font(bold=True, size=14)
    row = 2
    for note in notes:
        ws.cell(row, 1, note)
        row += 1
    row += 1
    row = _heading(ws, row, labels.TABLE_LABELS["proactive"])
    for template, blocks in proactive.items():
        row = _heading(ws, row, f"（{template}版模板）")
        row = _write_proactive(ws, row, blocks)
    row = _heading(ws, row, labels.TABLE_LABELS["requests"])
    row = _write_requests(ws, row, requests)
    row = _heading(ws, row, labels.TABLE_LABELS["review_litigation"])
    _write_review(ws, row, review)
    ws.column_dimensions["A"].width = 26
    ws.column_dimensions["B"].width = 44
    for j in range(3, 16):
        ws.column_dimensions[get_column_letter(j)].width = 13
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
