"""Section 三's second pass: digits that ran together, split by the template's own rules.

The column identities come from template.RULES (flow_balance, outcome_total,
other_split): a row the template derives (其他处理 in 2021) and that was not
printed is replaced by the sum that defines it; any other row that was not
printed makes the identities it appears in unusable (never read as 0).
"""
from __future__ import annotations

from pipelines import template as T
from pipelines.parser.requests import CANONICAL, Matrix
from pipelines.parser.resolve import resolve_runs
from pipelines.parser.values import CellVal

RUN = "161121021"  # alone, four splits: (1 6 1 12 1 0 | 21), (1 6 1 1 2 10 | 21), (1 6 11 2 1 0 | 21), (16 1 1 2 1 0 | 21)
ZERO = (0,) * 7


def _matrix(**rows: tuple[int, ...]) -> Matrix:
    m = Matrix(columns=list(CANONICAL))
    m.rows = {code: {c: CellVal(v, "number", str(v)) for c, v in zip(CANONICAL, vals)} for code, vals in rows.items()}
    return m


def _read(m: Matrix, code: str) -> list[tuple[int | None, str]]:
    return [(m.rows[code][c].value, m.rows[code][c].state) for c in CANONICAL]


def _outcomes_but(**given: tuple[int, ...]) -> dict[str, tuple[int, ...]]:
    """The outcome rows (其他处理 apart) printed as zeros, except those given, and the other rows given."""
    return {**{code: ZERO for code in T.OUTCOME_PARTS if code != "other"}, **given}


def test_outcome_total_picks_the_split_of_a_run_total():
    m = _matrix(**_outcomes_but(granted=(1, 6, 1, 0, 2, 10, 20), other=(0, 0, 0, 1, 0, 0, 1)))
    resolve_runs(m, {"total_processed": RUN})
    assert _read(m, "total_processed") == [(v, "recovered") for v in (1, 6, 1, 1, 2, 10, 21)]
    assert f"requests.total_processed: 连写数字“{RUN}”经收支与办理结果勾稽关系唯一拆分" in m.warnings


def test_2021_other_not_printed_is_the_sum_of_its_three_parts():
    """other_split defines 其他处理; outcome_total then reads its three parts in its place."""
    m = _matrix(**_outcomes_but(granted=(1, 6, 1, 0, 2, 10, 20)), other_no_correction=(0, 0, 0, 1, 0, 0, 1),
                other_no_fee=ZERO, other_misc=ZERO)
    resolve_runs(m, {"total_processed": RUN})
    assert _read(m, "total_processed") == [(v, "recovered") for v in (1, 6, 1, 1, 2, 10, 21)]


def test_a_row_not_printed_is_not_read_as_zero():
    """No 其他处理 row and no parts of it: outcome_total cannot be used, so the run is split by its
    own 总计 only (it was split as if 其他处理 were 0: a guessed number)."""
    m = _matrix(**_outcomes_but(granted=(1, 6, 1, 12, 1, 0, 21)))
    resolve_runs(m, {"total_processed": RUN})
    assert _read(m, "total_processed") == [(None, "ambiguous")] * 6 + [(21, "recovered")]
    assert any(w.startswith(f"requests.total_processed: 连写数字“{RUN}”有 4 种拆分") for w in m.warnings)


def test_other_split_is_used_when_other_and_its_parts_are_printed():
    """(七)总计 lost, so outcome_total cannot help; other_split (其他处理 = its three parts) still can."""
    m = _matrix(other=(1, 6, 1, 12, 1, 0, 21), other_no_correction=ZERO, other_no_fee=ZERO)
    resolve_runs(m, {"other_misc": RUN})
    assert _read(m, "other_misc") == [(v, "recovered") for v in (1, 6, 1, 12, 1, 0, 21)]


def test_the_parse_is_keyed_on_the_rules_it_splits_by(monkeypatch):
    """Changing one of section 三's column rules changes the parser version (cached parses split
    digits by them), while a rule the parser does not read leaves it (tests/test_ingest_versions.py)."""
    import dataclasses

    from pipelines.ingest import versions

    versions.parser_version.cache_clear()
    try:
        pv = versions.parser_version()
        first, *rest = T.REQUESTS_COLUMN_RULES
        assert [r.code for r in T.REQUESTS_COLUMN_RULES] == ["flow_balance", "outcome_total", "other_split"]
        monkeypatch.setattr(T, "REQUESTS_COLUMN_RULES", (dataclasses.replace(first, actual=first.actual[:1]), *rest))
        versions.parser_version.cache_clear()
        assert versions.parser_version() != pv
    finally:
        monkeypatch.undo()
        versions.parser_version.cache_clear()
