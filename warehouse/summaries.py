"""The dashboard's summary tables, derived from the base tables in one step.

What the pages read (sql/summaries/*.sql): per unit-year flows, cases, outcome groups, zero
activity and quality counts; their sums per year × area × kind; the three tables summed
cell by cell per year × area × kind × template; the coverage grid and the ranked
data-quality issues. So no page scans the cell tables, even for a whole country.

`derive` runs after the cross-year checks (they count as issues) and before the views
(which read these tables): in a real build (warehouse/build.py) and in the benchmark's
generated warehouse (warehouse/synthetic.py) alike, so the benchmark measures the real
summaries. The catalog (docs) runs it on an empty database.
"""
from __future__ import annotations

import duckdb

from warehouse.db import run_script

#: The summary scripts in the order they must run (later ones read earlier ones' tables).
SCRIPTS: tuple[str, ...] = ("summaries/unit_year", "summaries/cell_totals", "summaries/follow_up")


def derive(con: duckdb.DuckDBPyConnection) -> None:
    """Create and fill the summary tables from the base tables of the open warehouse."""
    for script in SCRIPTS:
        run_script(con, script)
