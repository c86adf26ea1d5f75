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
# # 01 Quick start: the nianbao warehouse（快速入门）
#
# The warehouse is one DuckDB file holding every loaded 政府信息公开工作年度报告,
# keyed by unit (`unit_id`) and the year reported on (`year`). This notebook opens the
# **published** file read-only, lists its tables and views, and runs a first query into
# pandas.
#
# * Which file: `$NIANBAO_DB`, else `data/warehouse.duckdb` in the repository
#   (`../data/warehouse.duckdb` from this folder). Build one with `nianbao demo`
#   (the synthetic demo city, 演示数据) or `nianbao ingest REPORTS_DIR`.
# * Read-only is safe at any time: a refresh builds the next warehouse in a new file and
#   renames it over the published one, so a reader never sees a half-built state.
# * The full list of tables, views, columns and codes is `docs/data-dictionary.md`.
#
# ## From the DuckDB command line
#
# ```sh
# duckdb -readonly data/warehouse.duckdb
# ```
#
# then, at the `D` prompt:
#
# ```sql
# .tables
# SELECT year, sum(new_received) AS 本年新收 FROM v_request_volume
# WHERE applicant = 'total' GROUP BY year ORDER BY year;
# ```
#
# or in one shot: `duckdb -readonly data/warehouse.duckdb -c "SELECT count(*) FROM reports"`.
# The CLI must be at least as new as the `duckdb` Python package that built the file
# (see `docs/analyst-guide.md`).

# %%
import os
from pathlib import Path

import pandas as pd

from warehouse import connect_readonly

DB = Path(os.environ.get("NIANBAO_DB") or "../data/warehouse.duckdb").resolve()
print("warehouse:", DB)
if not DB.exists():
    raise FileNotFoundError(f"{DB}: no warehouse yet; run `nianbao demo` in the repository first")

# %% [markdown]
# ## Open it read-only through the `warehouse` package
#
# `warehouse.connect_readonly` is the read-only door the dashboard uses too: a DuckDB
# connection to the published file, with a message saying how to build one when there is none.

# %%
con = connect_readonly(DB)  # the warehouse's read-only door, as the dashboard uses
con.sql("SELECT key, value FROM meta ORDER BY key").df()

# %% [markdown]
# Is this real data or the synthetic demo city? `reports.synthetic` says so per report.
# Everything below is marked **演示数据** when the warehouse holds demo reports.

# %%
n_reports, n_synthetic = con.sql(
    "SELECT count(*), count(*) FILTER (WHERE synthetic) FROM reports").fetchall()[0]
DEMO = n_synthetic > 0
print(f"{n_reports} reports loaded, {n_synthetic} of them synthetic")
if DEMO:
    print("注意：本笔记本分析的是演示数据（合成数据），不是真实报告。")

# %% [markdown]
# ## The tables and the views
#
# Tables hold what the reports print (`requests`, `review_litigation`, `proactive`), what
# was checked (`checks`, `warnings`), what could not be loaded (`rejected_files`,
# `conflicts`), and the code tables (`labels`, `rules`, `cell_states`, …). The `v_*` views
# answer the common questions and are what analyses should start from. Every table, view
# and column carries a comment.

# %%
tables = con.sql("""
    SELECT table_name AS name, 'table' AS type, estimated_size AS rows, comment
    FROM duckdb_tables() WHERE NOT internal
    UNION ALL
    SELECT view_name, 'view', NULL, comment FROM duckdb_views() WHERE NOT internal
    ORDER BY type, name
""").df()
tables

# %% [markdown]
# Columns of one view, with their types:

# %%
con.sql("DESCRIBE v_request_volume").df()[["column_name", "column_type"]]

# %% [markdown]
# ## A first query into pandas
#
# Requests received per year (`new_received`, 本年新收政府信息公开申请数量), from the 总计
# column (`applicant = 'total'`) of every loaded report. The views read a NULL cell as 0
# in sums; the raw tables keep NULL (see the cell states below).

# %%
per_year = con.sql("""
    SELECT year, count(*) AS reports, sum(new_received) AS new_received,
           sum(total_processed) AS total_processed
    FROM v_request_volume
    WHERE applicant = 'total'
    GROUP BY year ORDER BY year
""").df()
per_year

# %% [markdown]
# Parameters are bound, never pasted into the SQL text:

# %%
latest = int(per_year["year"].max())
top_units = con.execute("""
    SELECT name, area, kind, new_received
    FROM v_request_volume
    WHERE applicant = 'total' AND year = ?
    ORDER BY new_received DESC, name
    LIMIT 10
""", [latest]).df()
top_units

# %% [markdown]
# The dashboard's pages read small summary tables derived at build time from the cell
# tables (`unit_year_summary` one row per report, `cell_totals` the three tables summed
# per year, area, kind and template, `quality_issues`, …), so they stay fast for a whole
# province; the views (`v_zero_activity`, `v_coverage`, …) read them too.

# %%
con.sql("SELECT year, count(*) AS reports, sum(new_received) AS new_received, "
        "count(*) FILTER (WHERE is_zero) AS zero_activity FROM unit_year_summary GROUP BY year ORDER BY year").df()

# %% [markdown]
# ## Through the `warehouse` package: named queries
#
# The project's own code (the dashboard, these notebooks) reads through the `warehouse`
# package: the same read-only connection, and *named queries* kept as `.sql` files in
# `warehouse/queries/`, run into pandas with `warehouse.query(name, db=..., **params)`.

# %%
import warehouse

print(warehouse.query_names())
warehouse.query("overview_by_year", db=DB)

# %% [markdown]
# ## One report as printed: codes and their Chinese labels
#
# Cells are stored long (one row per unit, year, row code and column code). The named
# query `unit_cells` adds each code's label in the report's own template, so a report's
# section 三 can be shown the way it was printed. Here: the report with the most failed
# checks (ties: the latest).

# %%
unit_id, name, year, template = con.sql("""
    SELECT unit_id, name, year, template FROM v_reports
    ORDER BY failed_checks DESC, year DESC, unit_id LIMIT 1
""").fetchall()[0]
cells = warehouse.query("unit_cells", db=DB, unit_id=unit_id)
sec3 = cells[(cells["year"] == year) & (cells["table_name"] == "requests")]
rows = sec3.sort_values("row_position").drop_duplicates("row_code")
cols = sec3.sort_values("column_position").drop_duplicates("column_code")
table3 = (sec3.pivot(index="row_code", columns="column_code", values="value")
          .reindex(index=rows["row_code"], columns=cols["column_code"]))
table3.index, table3.columns = rows["row_label"].to_list(), cols["column_label"].to_list()
print(f"{name} {year}年（{template} 版模板）三、收到和处理政府信息公开申请情况")
table3

# %% [markdown]
# ## Blank is not zero: cell states
#
# Every cell keeps how it was printed. `value` is the number only for the states
# `number`, `derived` (computed, e.g. `other` in the 2021 template) and `recovered`
# (digits run together, split by the template's sums); for `blank`, `dash`, `text` and
# `missing` it is NULL, and `raw` keeps the printed text.

# %%
con.sql("""
    SELECT c.state, s.label, count(*) AS cells, count(c.value) AS with_value
    FROM v_cells c JOIN cell_states s USING (state)
    GROUP BY c.state, s.label ORDER BY cells DESC
""").df()

# %%
con.close()
