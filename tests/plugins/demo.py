"""Fixtures for the demo city (owned by the demo generator).

* ``demo_corpus``: the default corpus (示例市, 2019–2025, every rendering,
  defects, plus the real sample reports under reports/真实样本/), built once
  per session; mark tests that use it ``@pytest.mark.xdist_group("demo")``.
* ``small_demo_corpus``: about 30 units × 2019–2025, mostly text and HTML
  with a few docx/pdf, built in a couple of seconds.

Both are read-only for tests: copy before changing anything.
"""
from __future__ import annotations

from pathlib import Path

import pytest

#: Seed of the default corpus (same as `nianbao demo`).
DEMO_SEED = 2024
#: Rendering weights of the small corpus: few slow formats.
SMALL_WEIGHTS = {"docx": 2.0, "pdf": 2.0}


@pytest.fixture(scope="session")
def demo_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Path of a generated default demo corpus (reports/, units.csv, truth/)."""
    from pipelines.demo.default import ensure_corpus

    root = tmp_path_factory.mktemp("demo_default") / "demo"
    ensure_corpus(root, seed=DEMO_SEED)
    return root


@pytest.fixture(scope="session")
def small_demo_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Path of a small demo corpus: 30 units × 2019–2025."""
    from pipelines.demo import generate_corpus

    root = tmp_path_factory.mktemp("demo_small") / "demo"
    generate_corpus(root, units=30, years=(2019, 2025), seed=DEMO_SEED, weights=SMALL_WEIGHTS)
    return root


# ---------------------------------------------------------------- rules, written independently of the parser
def rule_failures(truth: dict) -> set[str]:
    """Report-level rules of the spec that a truth dict breaks (NULL read as 0).

    Written from the spec's table of 勾稽关系, independent of both
    pipelines.checks and the generator's own bookkeeping."""
    from pipelines.template import APPLICANTS, OUTCOME_PARTS, OUTCOME_SUM_PARTS

    def v(x: object) -> float:
        return 0 if x is None else x  # type: ignore[return-value]

    req = truth["requests"]
    failed: set[str] = set()
    parts = [a.code for a in APPLICANTS if a.code != "total"]
    for col in [*parts, "total"]:
        c = {item: v(row[col]) for item, row in req.items()}
        if c["new_received"] + c["carried_over"] != c["total_processed"] + c["carried_forward"]:
            failed.add("flow_balance")
        if c["total_processed"] != sum(c[i] for i in OUTCOME_PARTS):
            failed.add("outcome_total")
        if truth["variant"] == "2021" and c["other"] != c["other_no_correction"] + c["other_no_fee"] + c["other_misc"]:
            failed.add("other_split")
    for item, row in req.items():
        printed = [x for x in row.values() if x is not None]
        if printed and v(row["total"]) != sum(v(row[a]) for a in parts):
            failed.add("applicant_total")
    for row in truth["review_litigation"].values():
        if row["total"] != sum(row[o] for o in OUTCOME_SUM_PARTS):
            failed.add("proceeding_total")
    counts = [x for t in ("requests", "review_litigation") for row in truth[t].values() for x in row.values()]
    counts += [x for row in truth["proactive"].values() for m, x in row.items() if m != "change"]
    if any(x is not None and x < 0 for x in counts):
        failed.add("non_negative")
    if any(x is not None and not isinstance(x, int) for t in ("requests", "review_litigation")
           for row in truth[t].values() for x in row.values()):
        failed.add("non_negative")
    return failed
