"""The seed report (定州市号头庄回族乡, 2020, template 2019): every number asserted.

Per the corpus README every count is 0 except 第二十条第（五）项 行政许可:
上一年项目数量 23, 本年增/减 23, 处理决定数量 0. The expected tables below are
written out from that statement, not from the parser's output.
"""
from __future__ import annotations

from pathlib import Path

import pytest

from pipelines.parser import parse_text

SEED = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "real" / "dingzhou_haotouzhuang_2020.txt"

APPLICANTS = ["natural_person", "commercial", "research", "social_welfare", "legal_service", "other_org", "total"]
ROWS_2019 = [
    "new_received", "carried_over", "granted", "partially_granted",
    "withheld_state_secret", "withheld_law_prohibited", "withheld_security_stability", "withheld_third_party",
    "withheld_internal_affairs", "withheld_process_info", "withheld_enforcement_file", "withheld_inquiry",
    "unavailable_not_held", "unavailable_needs_creation", "unavailable_unclear",
    "rejected_petition", "rejected_duplicate", "rejected_publication", "rejected_excessive", "rejected_confirmation",
    "other", "total_processed", "carried_forward",
]
PROACTIVE = {
    "regulations": {"new_made": 0, "new_published": 0, "total_published": 0},
    "normative_documents": {"new_made": 0, "new_published": 0, "total_published": 0},
    "licensing": {"prev_count": 23, "change": 23, "decisions": 0},
    "other_services": {"prev_count": 0, "change": 0, "decisions": 0},
    "penalty": {"prev_count": 0, "change": 0, "decisions": 0},
    "compulsion": {"prev_count": 0, "change": 0, "decisions": 0},
    "fees": {"prev_count": 0, "change": 0},
    "procurement": {"procurement_count": 0, "procurement_amount": 0},
}
REVIEW = {p: {o: 0 for o in ("upheld", "corrected", "other", "pending", "total")}
          for p in ("review", "litigation_direct", "litigation_after_review")}


@pytest.fixture(scope="module")
def seed():
    if not SEED.exists():
        pytest.fail(f"seed report not found at {SEED}")
    return parse_text(SEED.read_text(encoding="utf-8"), path=str(SEED))


def test_seed_identity(seed):
    assert seed.unit == "定州市号头庄回族乡"
    assert seed.year == 2020
    assert seed.meta["year_source"] == "title"
    assert seed.template == "2019"
    assert seed.meta["variant"] == "2019"


def test_seed_every_number(seed):
    assert seed.table("proactive") == PROACTIVE
    assert seed.table("requests") == {r: {a: 0 for a in APPLICANTS} for r in ROWS_2019}
    assert seed.table("review_litigation") == REVIEW
    counts = {t: sum(1 for c in seed.cells if c.table == t) for t in ("proactive", "requests", "review_litigation")}
    assert counts == {"proactive": 22, "requests": 161, "review_litigation": 15}
    assert {c.state for c in seed.cells} == {"number"}
    assert all(c.raw == str(c.value) for c in seed.cells)


def test_seed_licensing_is_not_read_as_2021(seed):
    # the classic error: 上一年项目数量 23 taken for a 2021 处理决定数量
    assert seed.cell("proactive", "licensing", "decisions").value == 0
    assert seed.cell("proactive", "licensing", "prev_count").value == 23
    assert seed.cell("proactive", "licensing", "change").value == 23


def test_seed_checks_all_pass_and_no_warnings(seed):
    assert seed.failed_checks == []
    rules = {c.rule for c in seed.checks}
    assert rules == {"flow_balance", "applicant_total", "outcome_total", "proceeding_total", "non_negative"}
    assert sorted(c.where for c in seed.checks if c.rule == "non_negative") == ["proactive", "requests", "review_litigation"]
    assert sum(1 for c in seed.checks if c.rule == "flow_balance") == 7
    assert sum(1 for c in seed.checks if c.rule == "applicant_total") == 23
    assert sum(1 for c in seed.checks if c.rule == "outcome_total") == 7
    assert sum(1 for c in seed.checks if c.rule == "proceeding_total") == 3
    assert seed.warnings == []
