"""`nianbao bench`: the table and JSON, and choosing renderings for `bench parse`."""
from __future__ import annotations

import json

from click.testing import CliRunner

from pipelines.cli import main


def test_bench_parse_measures_only_the_renderings_asked_for(tmp_path):
    out = tmp_path / "parse.json"
    res = CliRunner().invoke(main, ["bench", "parse", "-n", "3", "-r", "pipes", "--out", str(out),
                                    "--workdir", str(tmp_path / "work")])
    assert res.exit_code == 0, res.output
    rows = json.loads(out.read_text(encoding="utf-8"))
    rates = [r for r in rows if r["unit"] == "reports/s"]
    assert [r["name"] for r in rates] == ["parse pipes"]
    assert rates[0]["value"] > 0 and rates[0]["target"] == 2000 and len(rates[0]["runs"]) >= 3
    # the family line (text) follows, with its exact tally: every report read back whole
    family = [r for r in rows if r["unit"] == "ms"]
    assert len(family) == 1 and family[0]["name"].startswith("text ")
    assert rates[0]["exact"].split("/")[0] == rates[0]["exact"].split("/")[1]


def test_bench_rejects_an_unknown_rendering_and_renderings_outside_parse(tmp_path):
    res = CliRunner().invoke(main, ["bench", "parse", "-r", "fax", "--out", str(tmp_path / "x.json")])
    assert res.exit_code == 2
    assert "unknown or unavailable rendering fax" in res.output and "cells" in res.output
    res = CliRunner().invoke(main, ["bench", "app", "-r", "cells", "--out", str(tmp_path / "y.json")])
    assert res.exit_code == 2 and "bench parse` only" in res.output
    assert not (tmp_path / "x.json").exists() and not (tmp_path / "y.json").exists()
