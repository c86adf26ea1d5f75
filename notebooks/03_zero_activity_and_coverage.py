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
# # 03 Zero activity and coverage（零申请与报告覆盖情况）
#
# Two questions the disclosure office asks every year:
#
# 1. **Coverage** — which registered units have no loaded report for a year, and for how
#    many years in a row? (`v_coverage`: one row per unit × year over the loaded year
#    range, for every registered unit and for unregistered units where they have data.)
# 2. **Zero activity** — which units report no requests at all, year after year?
#    (`v_zero_activity`: a loaded report with no new or carried-over requests and no
#    行政复议 or 行政诉讼; `zero_streak` counts consecutive loaded years at zero.)
#
# `v_coverage.status` is one of `loaded` 已入库, `zero_activity` 零申请,
# `failed_checks` 未通过检查, `rejected` 文件被拒 (a file for that unit-year was found but
# could not be read), `missing` 缺失 (nothing found).

# %%
import os
from pathlib import Path

import pandas as pd
import plotly.express as px

from pipelines.units import UNIT_KINDS
from warehouse import connect_readonly

DB = Path(os.environ.get("NIANBAO_DB") or "../data/warehouse.duckdb").resolve()
con = connect_readonly(DB)  # the warehouse's read-only door, as the dashboard uses
DEMO = con.sql("SELECT coalesce(bool_or(synthetic), false) FROM reports").fetchall()[0][0]
TAG = "（演示数据）" if DEMO else ""
if DEMO:
    print(f"{DB}: 本笔记本分析的是演示数据（合成数据），不是真实报告。")

# statuses in display order, one colour each; the Chinese labels come from the view
STATUS_COLORS = {"loaded": "#4c9f70", "zero_activity": "#a6cee3", "failed_checks": "#f0ad4e",
                 "rejected": "#d9534f", "missing": "#7f7f7f"}

# %% [markdown]
# ## Coverage per year

# %%
coverage = con.sql("SELECT * FROM v_coverage").df()
LABELS = dict(coverage[["status", "status_label"]].drop_duplicates().itertuples(index=False))
STATUS_ORDER = [LABELS[s] for s in STATUS_COLORS if s in LABELS]
COLORS = {LABELS[s]: c for s, c in STATUS_COLORS.items() if s in LABELS}
first_year, last_year = int(coverage["year"].min()), int(coverage["year"].max())
per_year = (coverage.groupby(["year", "status_label"]).size().rename("units").reset_index())
fig = px.bar(per_year, x="year", y="units", color="status_label",
             category_orders={"status_label": STATUS_ORDER}, color_discrete_map=COLORS,
             labels={"year": "年度", "units": "单位数", "status_label": "状态"},
             title=f"各年度报告覆盖情况{TAG}")
fig.update_xaxes(dtick=1)
fig.show()

# %%
per_year.pivot(index="status_label", columns="year", values="units").reindex(STATUS_ORDER).fillna(0).astype(int)

# %% [markdown]
# ## Units without a loaded report for two or more years in a row
#
# A gap is a run of consecutive years whose status is `missing` or `rejected`. The
# classic gaps-and-islands trick: within one unit, `year - row_number()` is constant along
# a run.

# %%
gaps = con.sql("""
    WITH c AS (
        SELECT unit_id, name, area, kind, registered, year,
               status IN ('missing', 'rejected') AS absent, status
        FROM v_coverage
    ), g AS (
        SELECT *, year - row_number() OVER (PARTITION BY unit_id, absent ORDER BY year) AS island FROM c
    )
    SELECT unit_id, name, area, kind, min(year) AS from_year, max(year) AS to_year,
           count(*) AS years, count(*) FILTER (WHERE status = 'rejected') AS years_rejected
    FROM g WHERE absent
    GROUP BY unit_id, name, area, kind, island
    HAVING count(*) >= 2
    ORDER BY years DESC, to_year DESC, area, name
""").df()
gaps["kind"] = gaps["kind"].map(UNIT_KINDS)
gaps["still_missing"] = gaps["to_year"] == last_year
print(f"{len(gaps)} gaps of 2+ years; {int(gaps['still_missing'].sum())} still open in {last_year}")
gaps

# %% [markdown]
# The unit × year grid for every unit that is not simply loaded in some year
# (first 60 by area and name):

# %%
troubled = coverage.groupby("unit_id")["status"].apply(lambda s: (s != "loaded").any())
units = (coverage[coverage["unit_id"].isin(troubled[troubled].index)]
         [["unit_id", "area", "name"]].drop_duplicates().sort_values(["area", "name"]).head(60))
units["unit"] = units["area"] + " · " + units["name"]
grid = coverage.merge(units, on=["unit_id", "area", "name"])
fig = px.scatter(grid, x="year", y="unit", color="status_label", symbol_sequence=["square"],
                 category_orders={"status_label": STATUS_ORDER, "unit": units["unit"].tolist()},
                 color_discrete_map=COLORS, hover_data=["detail"],
                 labels={"year": "年度", "unit": "", "status_label": "状态", "detail": "说明"},
                 title=f"单位 × 年度 覆盖情况（有非“已入库”年度的单位）{TAG}",
                 height=max(300, 22 * len(units) + 150))
fig.update_traces(marker_size=14)
fig.update_xaxes(dtick=1)
fig.show()

# %% [markdown]
# ## Zero activity
#
# Share of loaded reports at zero, per unit kind. Townships, towns and subdistricts
# usually dominate.

# %%
zero = con.sql("""
    SELECT kind, year, count(*) AS loaded, count(*) FILTER (WHERE is_zero) AS zero
    FROM v_zero_activity GROUP BY kind, year ORDER BY kind, year
""").df()
zero["kind_label"] = zero["kind"].map(UNIT_KINDS)
zero["share"] = zero["zero"] / zero["loaded"]
fig = px.line(zero, x="year", y="share", color="kind_label", markers=True,
              category_orders={"kind_label": list(UNIT_KINDS.values())},
              labels={"year": "年度", "share": "零申请单位占比", "kind_label": "单位类型"},
              title=f"零申请单位占已入库单位的比例{TAG}")
fig.update_layout(yaxis_tickformat=".0%")
fig.update_xaxes(dtick=1)
fig.show()

# %% [markdown]
# Units at zero for three or more loaded years in a row, up to their latest report
# (`zero_streak` of the unit's latest loaded year):

# %%
streaks = con.sql("""
    SELECT unit_id, name, area, kind, year AS latest_year, zero_streak
    FROM v_zero_activity
    QUALIFY year = max(year) OVER (PARTITION BY unit_id)
""").df()
long_zero = streaks[streaks["zero_streak"] >= 3].sort_values(["zero_streak", "area", "name"],
                                                             ascending=[False, True, True])
long_zero.assign(kind=long_zero["kind"].map(UNIT_KINDS))

# %% [markdown]
# Units that have never reported a single request in any loaded year:

# %%
never = con.sql("""
    SELECT unit_id, name, area, kind, count(*) AS years_loaded, min(year) AS first_year, max(year) AS last_year
    FROM v_zero_activity GROUP BY unit_id, name, area, kind
    HAVING bool_and(is_zero)
    ORDER BY years_loaded DESC, area, name
""").df()
print(f"{len(never)} units at zero in every loaded year")
never.assign(kind=never["kind"].map(UNIT_KINDS))

# %% [markdown]
# ## Per area, latest year

# %%
latest = coverage[coverage["year"] == last_year]
(latest.pivot_table(index="area", columns="status_label", values="unit_id", aggfunc="count", fill_value=0)
 .reindex(columns=[s for s in STATUS_ORDER if s in set(latest["status_label"])])
 .assign(合计=lambda t: t.sum(axis=1)))

# %%
con.close()
