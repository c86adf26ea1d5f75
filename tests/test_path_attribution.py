"""A rejected file is attributed to the unit and year its path names, by the same rule a parse
reads the year from a path (pipelines.parser.header.path_year)."""
from __future__ import annotations

import duckdb

from pipelines.model import ReportError
from pipelines.parser.header import path_year
from tests.test_warehouse_views import REGISTRY
from warehouse import load_reports


def test_rejected_files_take_the_year_a_parse_would_read_from_their_path(tmp_path):
    (tmp_path / "units.csv").write_text(REGISTRY, encoding="utf-8")
    paths = {
        "/r/甲乡/2021/扫描件.pdf": 2021,               # the year in a folder name only
        "/r/甲乡/乙镇2019-2020年报.pdf": 2020,          # two years in the name: the last, as the parser reads it
        "/r/甲乡/2022年度报告.pdf": 2022,
        "/r/甲乡/报告.pdf": None,
    }
    rejected = [ReportError(p, "scanned", "no text layer on any of 2 pages") for p in paths]
    load_reports([], tmp_path / "w.duckdb", registry=tmp_path / "units.csv", rejected=rejected)
    con = duckdb.connect(str(tmp_path / "w.duckdb"), read_only=True)
    got = {p: (u, y, by) for p, u, y, by in con.execute(
        "SELECT path, unit_id, year, attributed_by FROM rejected_files").fetchall()}
    con.close()
    assert {p: y for p, (_u, y, _by) in got.items()} == paths == {p: path_year(p) for p in paths}
    assert got["/r/甲乡/乙镇2019-2020年报.pdf"] == ("Z", 2020, "path")  # the unit named in the file name
    assert got["/r/甲乡/2021/扫描件.pdf"] == ("A", 2021, "path")
    assert got["/r/甲乡/报告.pdf"] == ("A", None, "path")
