"""The report model: a shared cell layout per template, a report's cells as columns over it, and the
Cell views (cells, cell(), table(), to_json) made from those columns."""
from __future__ import annotations

import json
import random
from pathlib import Path

import pytest

from pipelines import template as T
from pipelines.model import Cell, Report, layout, layout_of
from pipelines.parser import parse_text

FIX = Path(__file__).resolve().parent / "fixtures" / "text"


@pytest.mark.parametrize(("tpl", "proactive", "rows"), [("2019", 22, 23), ("2021", 10, 26)])
def test_a_templates_layout_is_its_printed_places_in_order(tpl, proactive, rows):
    lay = layout(tpl)
    assert len(lay) == proactive + rows * 7 + 3 * 5
    assert lay.tables == ("proactive", "requests", "review_litigation")
    assert lay.keys[0] == ("proactive", "regulations", "new_made" if tpl == "2019" else "issued")
    assert lay.keys[proactive] == ("requests", "new_received", "natural_person")
    assert lay.keys[proactive + 6] == ("requests", "new_received", "total")
    assert lay.keys[-1] == ("review_litigation", "litigation_after_review", "total")
    assert [lay.index[k] for k in lay.keys] == list(range(len(lay)))
    assert lay.spans["review_litigation"] == tuple(range(len(lay) - 15, len(lay)))
    assert lay.contiguous
    assert layout_of(lay.keys) is lay  # cells in the template's places take the template's layout


@pytest.mark.parametrize("name", ["cells_t19", "cells_t21", "cells_hybrid", "runs_ambiguous_t19"])
def test_a_parsed_reports_cells_are_views_of_its_columns(name):
    truth = json.loads((FIX / f"{name}.json").read_text(encoding="utf-8"))
    rep = parse_text((FIX / truth["file"]).read_text(encoding="utf-8"))
    assert rep.layout is layout(rep.template)
    assert len(rep.values) == len(rep.states) == len(rep.raws) == len(rep.layout)
    cells = rep.cells
    assert [(c.table, c.row, c.column) for c in cells] == list(rep.layout.keys)
    assert [(c.value, c.state, c.raw) for c in cells] == list(zip(rep.values, rep.states, rep.raws))
    for c in cells:
        assert rep.cell(c.table, c.row, c.column) == c
    assert rep.cell("requests", "no_such_row", "total") is None
    for table in T.TABLES:
        want: dict = {}
        for c in cells:
            if c.table == table:
                want.setdefault(c.row, {})[c.column] = c.value
        assert rep.table(table) == want
    assert rep.table("requests")["new_received"]["total"] == truth["requests"]["new_received"]["total"]
    # the same cells handed over as a list make the same report
    again = Report(rep.source, rep.format, rep.unit, rep.year, rep.template, cells=cells, checks=rep.checks,
                   warnings=rep.warnings, meta=rep.meta)
    assert again.layout is rep.layout
    assert json.dumps(again.to_json(), ensure_ascii=False) == json.dumps(rep.to_json(), ensure_ascii=False)
    # the list handed out is the caller's: changing it leaves the report alone
    cells.clear()
    assert len(rep.cells) == len(rep.layout)


def test_to_json_cells_are_the_cells_as_dicts():
    rep = parse_text((FIX / "cells_t21.txt").read_text(encoding="utf-8"))
    got = rep.to_json()["cells"]
    assert got == [{"table": c.table, "row": c.row, "column": c.column, "value": c.value, "state": c.state,
                    "raw": c.raw} for c in rep.cells]
    assert list(got[0]) == ["table", "row", "column", "value", "state", "raw"]


def test_a_hand_made_list_of_cells_keeps_its_order_and_repeats():
    cells = [Cell("review_litigation", "review", "total", 3, "number", "3"),
             Cell("requests", "granted", "total", 1, "number", "1"),
             Cell("review_litigation", "review", "total", None, "text", "x")]
    rep = Report("t", "text", "u", 2023, "2021", cells=cells)
    assert rep.cells == cells
    assert rep.layout.tables == ("review_litigation", "requests")
    assert not rep.layout.contiguous
    assert rep.cell("review_litigation", "review", "total") == cells[2]  # the last cell of a place
    assert rep.table("review_litigation") == {"review": {"total": None}}
    shuffled = cells[:]
    random.Random(1).shuffle(shuffled)
    rep.cells = shuffled
    assert rep.cells == shuffled and rep.values == [c.value for c in shuffled]


def test_columns_must_match_the_layout():
    with pytest.raises(AssertionError):
        Report("t", "text", "u", 2023, "2019", layout=layout("2019"), values=[1], states=["number"], raws=["1"])


def test_the_cell_layouts_warnings_follow_the_places_they_are_about():
    """Notes after numbers, rows not found and sums that cannot be derived are warned about in the
    order of the places, each table after the last."""
    lines = (FIX / "markdown_t21.md").read_text(encoding="utf-8").split("\n")

    def edit(label: str, new: str | None) -> None:
        i = next(n for n, line in enumerate(lines) if label in line)
        lines[i] = "" if new is None else lines[i].replace(" | 41 | ", f" | {new} | ", 1)

    edit("（一）予以公开", "41（其中线上 2 件）")
    edit("1.属于国家秘密", None)
    edit("2.申请人逾期未按收费通知要求缴纳费用", None)
    rep = parse_text("\n".join(lines), format="markdown")
    said = [w.split(":")[0] for w in rep.warnings if w.startswith(("requests.", "proactive."))]
    assert said == ["proactive.normative_documents.issued", "requests.granted.natural_person",
                    "requests.withheld_state_secret", "requests.other_no_fee",
                    *(f"requests.other.{a.code}" for a in T.APPLICANTS)]
    assert rep.cell("requests", "granted", "natural_person").value == 41
    assert {rep.cell("requests", "other", a.code).state for a in T.APPLICANTS} == {"missing"}
    assert {rep.cell("requests", "withheld_state_secret", a.code).state for a in T.APPLICANTS} == {"missing"}
