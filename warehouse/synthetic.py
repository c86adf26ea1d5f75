"""A generated warehouse at national scale, written straight into the tables (no files, no parsing).

For `nianbao bench app`: N unit-years over ~N/7 units in cities of districts and townships,
both templates, rule-consistent cells (every section 三 column balances, totals are the sums
of their parts, carried-over equals last year's carried-forward, 现行有效 continues), with a
few failed checks, cross-year breaks, blank/dash/text/recovered cells, rejected files,
conflicts and parser warnings. The numbers come from DuckDB's hash() of (seed, unit, year,
place), so the same arguments give the same warehouse. After the base tables the product's
own steps run, unchanged: the cross-year checks (sql/cross_year.sql), the summaries
(warehouse/summaries.py) and the views (sql/views.sql), so the benchmark times the real queries on
the real summaries.

The shape of the tables (codes per template, rule places) is taken from pipelines.template
and pipelines.checks; the SQL is in sql/synthetic/.
"""
from __future__ import annotations

import datetime as dt
import math
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import duckdb
import pandas as pd

from pipelines import template as T
from pipelines.checks import run_checks
from pipelines.model import Cell, Report
from pipelines.units import CITY_AREA, UNKNOWN_AREA
from warehouse.build import SCHEMA_VERSION, STORAGE_VERSION
from warehouse.db import insert_frame, run_script
from warehouse.labels import small_tables
from warehouse.summaries import derive as derive_summaries

#: Units per generated city: the city government, 25 city departments and 8 districts of
#: 41 units each (district government, 15 departments, 25 townships, towns and subdistricts).
UNITS_PER_CITY = 354
#: Cities per batch of cell inserts (each batch is sorted by unit_id, year before it is written).
CITIES_PER_BATCH = 40
#: Share of unit-years without a loaded report (some of them with a rejected file instead).
MISSING = 0.03


@dataclass
class Generated:
    """What `generate` wrote and how long it took."""

    path: Path
    counts: dict[str, int] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)


def _request_roles(tpl: str) -> list[tuple[str, str, int | None]]:
    """(item, role, minor index) for section 三 of a template: the four flow rows, granted,
    partially granted, the derived 其他处理 sum (2021) and the other outcome rows ("minor",
    numbered, the 2021 split of 其他处理 last)."""
    items = [i for i in T.request_items(tpl)]  # type: ignore[arg-type]
    flows = {"new_received", "carried_over", "total_processed", "carried_forward"}
    special = {"granted": "granted", "partially_granted": "partial"}
    minors = [i.code for i in items if i.code not in flows and i.code not in special and tpl not in i.derived_in
              and i.code not in T.OTHER_SPLIT]
    minors += [c for c in T.OTHER_SPLIT if any(i.code == c for i in items)]
    out: list[tuple[str, str, int | None]] = []
    for i in items:
        if i.code in flows:
            out.append((i.code, i.code, None))
        elif i.code in special:
            out.append((i.code, special[i.code], None))
        elif tpl in i.derived_in:
            out.append((i.code, "other_sum", None))
        else:
            out.append((i.code, "minor", minors.index(i.code)))
    return out


def grid_frame() -> pd.DataFrame:
    """Every cell place of each template with how the generator fills it.

    Columns: template, table_name, row_code, column_code, role, part (applicant or outcome
    index; the 总计 column is the last), minor (index among the minor outcome rows),
    n_minor, split_from (first minor index of the 2021 split of 其他处理), derived, kind
    (section 二 measure kind), place (a number per table, row and column, for the draws)."""
    rows: list[tuple] = []
    for tpl in T.TEMPLATES:
        roles = _request_roles(tpl)
        n_minor = sum(1 for _, r, _ in roles if r == "minor")
        split_from = min([m for c, r, m in roles if r == "minor" and c in T.OTHER_SPLIT], default=n_minor)
        derived = {i.code for i in T.REQUEST_ITEMS if tpl in i.derived_in}
        for item, role, minor in roles:
            for a, applicant in enumerate(T.APPLICANTS):
                rows.append((tpl, "requests", item, applicant.code, role, a, minor, n_minor, split_from,
                             item in derived, None))
        for p in T.PROCEEDINGS:
            for o, outcome in enumerate(T.OUTCOMES):
                role = "total" if outcome.code == "total" else "part"
                rows.append((tpl, "review_litigation", p.code, outcome.code, role, o, None, None, None, False, None))
        continuing = {"issued", "repealed", "in_force"}
        for it in T.PROACTIVE[tpl]:  # type: ignore[index]
            codes = {m.code for m in it.measures}
            for m in it.measures:
                role = m.code if codes >= continuing and m.code in continuing else "value"
                rows.append((tpl, "proactive", it.code, m.code, role, None, None, None, None, False, m.kind))
    frame = pd.DataFrame(rows, columns=["template", "table_name", "row_code", "column_code", "role", "part", "minor",
                                        "n_minor", "split_from", "derived", "kind"])
    places = {k: i for i, k in enumerate(dict.fromkeys(zip(frame["table_name"], frame["row_code"], frame["column_code"])))}
    frame["place"] = [places[k] for k in zip(frame["table_name"], frame["row_code"], frame["column_code"])]
    return frame


def check_places_frame() -> pd.DataFrame:
    """(template, rule, where) of every report-level check the product's checker evaluates on a
    complete report of each template (pipelines.checks, run on an all-zero report)."""
    rows: list[tuple[str, str, str]] = []
    for tpl in T.TEMPLATES:
        cells = [Cell(t, r, c, 0, "derived" if d else "number")
                 for t, r, c, d in grid_frame().query("template == @tpl")[
                     ["table_name", "row_code", "column_code", "derived"]].itertuples(index=False)]
        report = Report(source="", format="text", unit="x", year=2021, template=tpl, cells=cells)  # type: ignore[arg-type]
        rows += [(tpl, c.rule, c.where) for c in run_checks(report)]
    return pd.DataFrame(rows, columns=["template", "rule", "where"])


def states_frame() -> pd.DataFrame:
    """The cell states with what the generator needs: quality class, whether a value and the
    printed text are kept, and a printed text for states without a value (the state's mark)."""
    return pd.DataFrame([(s, i.quality, i.has_value, i.printed, i.keeps_raw, i.mark) for s, i in T.CELL_STATES.items()],
                        columns=["state", "quality", "has_value", "printed", "keeps_raw", "mark"])


#: Request scale of each applicant column relative to the unit's (自然人 most, then 商业企业).
WEIGHTS: dict[str, float] = {"natural_person": 1.0, "commercial": 0.3, "legal_service": 0.1, "other_org": 0.1}


def generate(path: Path, unit_years: int, years: tuple[int, int] = (2019, 2025), seed: int = 1,
             now: dt.datetime | None = None, progress: Callable[[str], None] = lambda stage: None) -> Generated:
    """Write a complete warehouse of about `unit_years` loaded reports to `path` (replaced)."""
    now = now or dt.datetime.now(dt.UTC).replace(tzinfo=None, microsecond=0)
    n_years = years[1] - years[0] + 1
    n_units = max(UNITS_PER_CITY, math.ceil(unit_years / n_years / (1 - MISSING)))
    n_cities = math.ceil(n_units / UNITS_PER_CITY)
    columns = [a.code for a in T.APPLICANTS]
    assert columns[-1] == "total" and columns[:-1] == list(T.APPLICANT_PARTS), "the 总计 column comes last"
    if path.exists():
        path.unlink()
    out = Generated(path)
    con = duckdb.connect(str(path), config={"storage_compatibility_version": STORAGE_VERSION})
    try:
        clock = time.perf_counter()

        def lap(stage: str) -> None:
            nonlocal clock
            out.seconds[stage] = out.seconds.get(stage, 0.0) + time.perf_counter() - clock
            clock = time.perf_counter()
            progress(stage)

        run_script(con, "schema")
        for name, frame in small_tables().items():
            insert_frame(con, name, frame)
        for name, frame in (("gen_grid_df", grid_frame()), ("gen_checks_df", check_places_frame()),
                            ("gen_states_df", states_frame())):
            con.register(name, frame)
        params = dict(seed=seed, n_units=n_units, lo=years[0], hi=years[1], now=now, missing=int(MISSING * 1000),
                      per_city=UNITS_PER_CITY, city_area=CITY_AREA, unknown_area=UNKNOWN_AREA,
                      weights=[WEIGHTS.get(c, 0.05) for c in T.APPLICANT_PARTS], total_part=len(columns) - 1)
        run_script(con, "synthetic/units", **params)
        lap("units")
        for first in range(0, n_cities, CITIES_PER_BATCH):
            run_script(con, "synthetic/cells", **params, city_from=first, city_to=first + CITIES_PER_BATCH - 1,
                       unregistered=False)
            lap("cells")
        run_script(con, "synthetic/cells", **params, city_from=0, city_to=0, unregistered=True)
        lap("cells")
        run_script(con, "cross_year", tol=T.RULE_TOLERANCE)
        lap("cross_year")
        derive_summaries(con)
        lap("summaries")
        run_script(con, "views")
        out.counts = {t: int(n) for t, n in run_script(con, "synthetic/finish", now=now, schema_version=SCHEMA_VERSION)}
        con.checkpoint()
        lap("checkpoint")
    finally:
        con.close()
    return out
