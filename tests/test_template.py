"""The template as data: the cell states' properties are consistent and drive the consumers."""
from __future__ import annotations

import typing

from pipelines import template as T
from pipelines.checks import evaluate
from pipelines.model import Cell, Report
from pipelines.summary import _fmt


def test_every_state_of_the_type_is_described_and_no_other():
    assert set(typing.get_args(T.CellState)) == set(T.CELL_STATES)


def test_derived_state_sets_partition_the_states():
    assert T.VALUE_STATES.isdisjoint(T.ZERO_STATES)
    assert T.VALUE_STATES | T.ZERO_STATES | T.UNKNOWN_STATES == set(T.CELL_STATES)
    assert T.VALUE_STATES == {"number", "derived", "recovered"}
    assert T.ZERO_STATES == {"blank", "dash"}
    assert T.UNKNOWN_STATES == {"text", "ambiguous", "missing"}
    assert T.PRINTED_STATES == {"number", "blank", "dash", "text", "recovered", "ambiguous"}


def _review(state: str, value: float | None) -> Report:
    """A report with one proceeding of section 四 whose `other` cell has `state`."""
    cells = [Cell("review_litigation", "review", o, v, "number", "") for o, v in
             (("upheld", 1), ("corrected", 2), ("pending", 0), ("total", 3))]
    cells.append(Cell("review_litigation", "review", "other", value, state, "x"))
    return Report(source="t", format="text", unit="u", year=2023, template="2021", cells=cells)


def test_checks_read_states_as_the_table_says():
    for state, info in T.CELL_STATES.items():
        value = 0 if info.has_value else None
        checks, skipped = evaluate(_review(state, value))
        skipped = [s for s in skipped if "@ review_litigation.review:" in s]  # the other two are absent
        totals = [c for c in checks if c.rule == "proceeding_total"]
        if info.has_value or info.zero_in_sums:
            assert [(c.passed, c.expected, c.actual) for c in totals] == [(True, 3, 3)], state
            assert skipped == [], state
        else:
            assert totals == [], state
            assert skipped == [f"勾稽关系 proceeding_total @ review_litigation.review: 未核对"
                               f"（review_litigation.review.other 为{info.label}）"], state


def test_summary_marks_come_from_the_table():
    for state, info in T.CELL_STATES.items():
        value = 7 if info.has_value else None
        cell = Cell("requests", "granted", "total", value, state, "")
        assert _fmt(cell) == (f"7{info.mark}" if info.has_value else info.mark), state


def test_summary_legend_comes_from_the_table():
    from pipelines.summary import format_summary

    legend = next(line for line in format_summary(_review("number", 0)).splitlines()
                  if line.strip().startswith("（") and "；" in line)
    for info in T.CELL_STATES.values():
        if info.mark:
            assert f"{info.mark} {info.label}" in legend, info
