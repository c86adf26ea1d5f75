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
# # 02 Trends and outcomes by unit kind and area（申请量与办理结果趋势）
#
# How many 政府信息公开申请 the units receive, who asks (自然人 or 法人或其他组织), how the
# requests end (予以公开, 部分公开, 不予公开 …), and how often that ends in 行政复议 or
# 行政诉讼 — by year, by unit kind and by area (district or county, 市本级 for city-level
# units).
#
# Reads the views `v_request_volume`, `v_outcomes`, `v_review_litigation` and `v_units`
# (see `docs/data-dictionary.md`). In these views a NULL cell (blank, dash, missing) counts
# as 0; notebook 04 lists those cells.
#
# A caution for trends: the number of units that reported changes from year to year (see
# notebook 03), so totals are shown next to the number of reporting units and the
# per-unit average.

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

KIND_ORDER = list(UNIT_KINDS.values())  # 市政府, 市直部门, 区县政府, … in the registry's order

# %% [markdown]
# ## Requests received per year and unit kind
#
# `new_received` (本年新收政府信息公开申请数量) in the 总计 column (`applicant = 'total'`).

# %%
volume = con.sql("""
    SELECT v.year, k.kind_label, count(*) AS units, sum(v.new_received) AS new_received,
           sum(v.new_received) / count(*) AS per_unit
    FROM v_request_volume v JOIN unit_kinds k USING (kind)
    WHERE v.applicant = 'total'
    GROUP BY v.year, k.kind_label ORDER BY v.year, k.kind_label
""").df()
fig = px.line(volume, x="year", y="new_received", color="kind_label", markers=True,
              category_orders={"kind_label": KIND_ORDER},
              labels={"year": "年度", "new_received": "本年新收申请（件）", "kind_label": "单位类型"},
              title=f"本年新收政府信息公开申请数量，按单位类型{TAG}")
fig.update_xaxes(dtick=1)
fig.show()

# %%
volume.pivot(index="kind_label", columns="year", values="per_unit").round(1)

# %% [markdown]
# ## By area
#
# The same count by district or county. A heatmap shows at a glance where requests
# concentrate and which areas changed.

# %%
by_area = con.sql("""
    SELECT area, year, sum(new_received) AS new_received
    FROM v_request_volume WHERE applicant = 'total'
    GROUP BY area, year ORDER BY area, year
""").df()
grid = by_area.pivot(index="area", columns="year", values="new_received").fillna(0)
fig = px.imshow(grid, text_auto=".0f", aspect="auto", color_continuous_scale="Blues",
                labels={"x": "年度", "y": "区域", "color": "本年新收（件）"},
                title=f"本年新收申请量，按区域和年度{TAG}")
fig.update_xaxes(dtick=1)
fig.show()

# %% [markdown]
# ## Who asks: applicant types
#
# The six applicant columns (自然人 and the five kinds of 法人或其他组织) as shares of the
# year's new requests.

# %%
applicants = con.sql("""
    SELECT year, applicant, any_value(applicant_label) AS applicant_label, sum(new_received) AS new_received
    FROM v_request_volume WHERE applicant <> 'total'
    GROUP BY year, applicant ORDER BY year, applicant
""").df()
applicants["share"] = applicants["new_received"] / applicants.groupby("year")["new_received"].transform("sum")
applicant_order = con.sql("""
    SELECT label FROM labels WHERE table_name = 'requests' AND dimension = 'column'
      AND template = '2021' AND code <> 'total' ORDER BY position
""").df()["label"].tolist()
fig = px.bar(applicants, x="year", y="share", color="applicant_label",
             category_orders={"applicant_label": applicant_order},
             labels={"year": "年度", "share": "占本年新收比例", "applicant_label": "申请人"},
             title=f"申请人构成{TAG}")
fig.update_layout(yaxis_tickformat=".0%")
fig.update_xaxes(dtick=1)
fig.show()

# %% [markdown]
# ## How requests end: outcome groups
#
# `v_outcomes` holds the 总计 column of every item that adds up to `total_processed`,
# grouped as the dashboard groups them (予以公开, 部分公开, 不予公开, 无法提供, 不予处理,
# 其他处理). Both templates answer the same query: in the `2021` template `other` is the
# derived sum of its three printed sub-rows.

# %%
outcomes = con.sql("""
    SELECT year, outcome_group, outcome_label, any_value(group_order) AS group_order, sum(value) AS requests
    FROM v_outcomes GROUP BY year, outcome_group, outcome_label ORDER BY year, group_order
""").df()
outcomes["share"] = outcomes["requests"] / outcomes.groupby("year")["requests"].transform("sum")
group_order = outcomes.sort_values("group_order")["outcome_label"].unique().tolist()
fig = px.bar(outcomes, x="year", y="share", color="outcome_label",
             category_orders={"outcome_label": group_order},
             labels={"year": "年度", "share": "占办理总数比例", "outcome_label": "办理结果"},
             title=f"办理结果构成{TAG}")
fig.update_layout(yaxis_tickformat=".0%")
fig.update_xaxes(dtick=1)
fig.show()

# %% [markdown]
# Disclosure rate by unit kind: (予以公开 + 部分公开) / all concluded outcomes, per year.

# %%
rate = con.sql("""
    SELECT k.kind_label, o.year,
           sum(o.value) FILTER (WHERE o.outcome_group IN ('granted', 'partially_granted')) AS disclosed,
           sum(o.value) AS processed
    FROM v_outcomes o JOIN unit_kinds k USING (kind)
    GROUP BY k.kind_label, o.year
""").df()
rate["rate"] = (rate["disclosed"] / rate["processed"]).where(rate["processed"] > 0)
rate.pivot(index="kind_label", columns="year", values="rate").reindex(
    [k for k in KIND_ORDER if k in set(rate["kind_label"])]).style.format("{:.0%}", na_rep="—")

# %% [markdown]
# ## 行政复议 and 行政诉讼
#
# Cases per proceeding and year, and the correction rate: 结果纠正 / concluded cases
# (维持 + 纠正 + 其他结果; pending cases excluded).

# %%
review = con.sql("""
    SELECT year, proceeding, any_value(proceeding_label) AS proceeding_label,
           sum(total) AS cases, sum(corrected) AS corrected,
           sum(upheld + corrected + other) AS concluded
    FROM v_review_litigation GROUP BY year, proceeding ORDER BY year, proceeding
""").df()
review["correction_rate"] = (review["corrected"] / review["concluded"]).where(review["concluded"] > 0)
fig = px.bar(review, x="year", y="cases", color="proceeding_label", barmode="group",
             hover_data={"correction_rate": ":.0%"},
             labels={"year": "年度", "cases": "案件数（件）", "proceeding_label": "程序",
                     "correction_rate": "纠错率"},
             title=f"行政复议、行政诉讼案件数{TAG}")
fig.update_xaxes(dtick=1)
fig.show()

# %%
review.pivot(index="proceeding_label", columns="year", values="correction_rate").style.format(
    "{:.0%}", na_rep="—")

# %% [markdown]
# Which areas carry the reviews and suits of the latest year:

# %%
latest = int(review["year"].max())
con.execute("""
    SELECT area, sum(total) AS cases, sum(corrected) AS corrected
    FROM v_review_litigation WHERE year = ?
    GROUP BY area ORDER BY cases DESC, area
""", [latest]).df()

# %%
con.close()
