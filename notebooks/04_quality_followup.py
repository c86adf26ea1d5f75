# ---
# jupyter:
#   jupytext:
#     formats: ipynb,py:percent
#     text_representation:
#       extension: .py
#       format_name: percent
#       format_version: '1.3'
#       jupytext_version: 1.19.6
#   kernelspec:
#     display_name: Python 3 (ipykernel)
#     language: python
#     name: python3
# ---

# %% [markdown]
# # 04 Data-quality follow-up list（数据质量核查清单）
#
# The office's list of things to chase with the units, written to one Excel workbook:
#
# | `v_quality.issue_type` | what | sheet |
# |---|---|---|
# | all | one row per unit: how many of each issue | 汇总 |
# | `failed_check` | consistency rules (勾稽关系) a report breaks, with the expected and printed values | 勾稽关系未通过 |
# | `cross_year_break` | 上年结转 ≠ last year's 结转下年度继续办理; 现行有效 not continuing | 跨年度不衔接 |
# | `rejected_file` | files that could not be loaded, with the reason | 文件未能入库 |
# | `cell_problem` | cells printed as text, or missing, where a number belongs | 无法读取数字的单元格 |
# | `conflict` | two files for one unit and year: which was kept | 同一单位同一年度多个文件 |
# | `warning` | places the parser flagged as doubtful | 解析提示 |
# | `cell_note` | numbers recovered from run-together digits (worth a glance) | 由连写数字拆分的单元格 |
# | `cell_empty` | cells printed blank or as a dash (read as 0) | 空白或横线单元格 |
#
# The issue types, their order (most serious first) and labels are the warehouse's
# `issue_types` table, the same the dashboard's 数据质量 page uses. The last two are not
# ranked there: they are counted apart from the real problems.
#
# The sheets are named by `v_quality.issue_label`, the dashboard's own terms; an issue
# type with nothing to follow up gets no sheet.
#
# A report that breaks a rule is still loaded; blank cells are stored as NULL with
# state `blank`, never as 0. The workbook goes to the folder named by
# `NIANBAO_EXPORT_DIR`, else a new temporary folder — never into the repository.

# %%
import os
import tempfile
from pathlib import Path

import pandas as pd
from openpyxl.utils import get_column_letter

from warehouse import connect_readonly

DB = Path(os.environ.get("NIANBAO_DB") or "../data/warehouse.duckdb").resolve()
OUT_DIR = Path(os.environ.get("NIANBAO_EXPORT_DIR") or tempfile.mkdtemp(prefix="nianbao-followup-"))
OUT_DIR.mkdir(parents=True, exist_ok=True)
con = connect_readonly(DB)  # the warehouse's read-only door, as the dashboard uses
DEMO = con.sql("SELECT coalesce(bool_or(synthetic), false) FROM reports").fetchall()[0][0]
if DEMO:
    print(f"{DB}: 本笔记本分析的是演示数据（合成数据），不是真实报告。")

# %% [markdown]
# ## Everything `v_quality` lists, by kind of issue

# %%
quality = con.sql("SELECT * FROM v_quality").df()
TYPES = con.sql("SELECT issue_type, label, severity, ranked, cell_quality FROM issue_types ORDER BY severity").df()
present = set(quality["issue_type"])
ISSUES = {t: label for t, label in zip(TYPES["issue_type"], TYPES["label"]) if t in present}  # most serious first
CELL_TYPES = set(TYPES.loc[TYPES["cell_quality"].notna(), "issue_type"])  # issues about one cell each
summary = quality["issue_type"].value_counts().reindex(list(ISSUES))
summary.rename(index=ISSUES).rename("条数").to_frame()

# %% [markdown]
# ## Failed rules, with the evidence
#
# `expected` is what the rule computes (e.g. the sum of the parts), `actual` what the
# report prints; the difference tells the unit where to look. The rules are listed in
# `docs/data-dictionary.md` and in the `rules` table.

# %%
CHECK_COLUMNS = {"unit_id": "单位编号", "name": "单位", "area": "区域", "year": "年度", "rule": "规则",
                 "detail": "规则名称", "where": "位置", "expected": "应为", "actual": "实为",
                 "difference": "差额", "source_path": "文件"}


def checks_sheet(issue_type: str) -> pd.DataFrame:
    """One row per failed rule at one place, largest differences first."""
    df = quality[quality["issue_type"] == issue_type].copy()
    df["difference"] = df["actual"] - df["expected"]
    df = df.sort_values(["area", "name", "year", "rule", "where"])
    return df[list(CHECK_COLUMNS)].rename(columns=CHECK_COLUMNS)


failed = checks_sheet("failed_check")
failed.head(20)

# %% [markdown]
# ## Cross-year breaks
#
# `year_continuity`: 上年结转 (`carried_over`) of year N should equal 结转下年度继续办理
# (`carried_forward`) of N−1. `in_force_continuity` (2021 template): 现行有效 of N =
# 现行有效 of N−1 + 制发 − 废止. Recorded against the later year.

# %%
breaks = checks_sheet("cross_year_break")
breaks.head(20)

# %% [markdown]
# ## Cells without a plain number
#
# Per unit-year and state, how many cells were not printed as a plain number, and where
# (the first five places; `v_quality.detail` has what was printed), one sheet per issue
# type: text or missing where a number belongs first, then recovered run-together digits,
# then blank and dash cells.

# %%
STATE_LABELS = dict(con.sql("SELECT state, label FROM cell_states").fetchall())


def cells_sheet(issue_type: str) -> pd.DataFrame:
    """One row per unit-year and state of one cell issue type, most cells first."""
    cells = quality[quality["issue_type"] == issue_type].rename(columns={"rule": "state"})
    by_report = (cells.groupby(["unit_id", "name", "area", "year", "state"]).agg(
        cells=("where", "size"), places=("where", lambda w: "、".join(sorted(w)[:5]) + ("…" if len(w) > 5 else "")))
        .reset_index().sort_values(["cells", "area", "name", "year"], ascending=[False, True, True, True]))
    by_report["state"] = by_report["state"].map(lambda s: f"{s} {STATE_LABELS.get(s, '')}")
    return by_report.rename(columns={"unit_id": "单位编号", "name": "单位", "area": "区域", "year": "年度",
                                     "state": "单元格状态", "cells": "单元格数", "places": "位置（前5个）"})


cell_sheets = {t: cells_sheet(t) for t in ISSUES if t in CELL_TYPES}
for t, sheet in cell_sheets.items():
    print(ISSUES[t], int(sheet["单元格数"].sum()), "cells")

# %% [markdown]
# ## Rejected files, duplicates and parser warnings

# %%
OTHER_COLUMNS = {"unit_id": "单位编号", "name": "单位", "area": "区域", "year": "年度", "rule": "代码",
                 "detail": "说明", "source_path": "文件"}


def listing(issue_type: str) -> pd.DataFrame:
    df = quality[quality["issue_type"] == issue_type].sort_values(["source_path"])
    return df[list(OTHER_COLUMNS)].rename(columns=OTHER_COLUMNS)


listing("rejected_file")

# %% [markdown]
# ## One row per unit: the follow-up list
#
# Units with any issue, most issues first. Rejected files that could not be attributed to
# a unit are counted under 未知单位.

# %%
per_unit = (quality.assign(name=quality["name"].fillna("未知单位"), area=quality["area"].fillna("未知"),
                           unit_id=quality["unit_id"].fillna(""))
            .pivot_table(index=["unit_id", "name", "area"], columns="issue_type", values="year",
                         aggfunc="size", fill_value=0)
            .reindex(columns=list(ISSUES), fill_value=0)
            .rename_axis(columns=None))
per_unit["合计"] = per_unit.sum(axis=1)
per_unit["年度"] = (quality.assign(unit_id=quality["unit_id"].fillna(""))
                    .dropna(subset=["year"]).groupby("unit_id")["year"]
                    .agg(lambda y: "、".join(str(int(v)) for v in sorted(set(y))))
                    .reindex(per_unit.index.get_level_values("unit_id")).fillna("").to_numpy())
per_unit = (per_unit.rename(columns=ISSUES).reset_index()
            .rename(columns={"unit_id": "单位编号", "name": "单位", "area": "区域"})
            .sort_values(["合计", "区域", "单位"], ascending=[False, True, True]))
per_unit.head(20)

# %% [markdown]
# ## Write the workbook

# %%
BY_TYPE = {"failed_check": failed, "cross_year_break": breaks, **cell_sheets}
SHEETS = {"汇总": per_unit} | {label: BY_TYPE[t] if t in BY_TYPE else listing(t) for t, label in ISSUES.items()}
stamp = con.sql("SELECT value FROM meta WHERE key = 'built_at'").fetchall()
suffix = "_演示数据" if DEMO else ""
path = OUT_DIR / f"数据质量核查清单{suffix}.xlsx"
with pd.ExcelWriter(path, engine="openpyxl") as xl:
    for sheet, df in SHEETS.items():
        df.to_excel(xl, sheet_name=sheet, index=False)
        ws = xl.sheets[sheet]
        ws.freeze_panes = "A2"
        if len(df.columns):
            ws.auto_filter.ref = ws.dimensions
        for i, col in enumerate(df.columns, start=1):
            longest = max([len(str(col))] + [len(str(v)) for v in df[col].head(500)])
            ws.column_dimensions[get_column_letter(i)].width = min(60, 4 + longest * 1.6)
print(path)
print("warehouse built at:", stamp[0][0] if stamp else "unknown")

# %% [markdown]
# Read it back: every sheet has the rows computed above.

# %%
back = pd.read_excel(path, sheet_name=None)
check = pd.DataFrame({"sheet": list(SHEETS), "rows written": [len(d) for d in SHEETS.values()],
                      "rows read back": [len(back[s]) for s in SHEETS]})
assert (check["rows written"] == check["rows read back"]).all(), check
check

# %%
con.close()
