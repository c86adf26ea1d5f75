"""Realistic, consistent numbers for one unit over the years: the truth.

Per unit, years are generated in order so that chains hold: 上年结转 of year
N equals 结转下年度 of N−1 per applicant column; the 2021 现行有效 count
follows in_force(N) = in_force(N−1) + issued − repealed (the latent count is
kept through 2019-template years too); 2019-template 上一年项目数量 follows
the previous year's count plus its 增/减. Every rule of the spec holds by
construction; defects are applied afterwards (defects.py).
"""
from __future__ import annotations

import itertools
import math
import random

from pipelines.demo.city import Unit
from pipelines.template import APPLICANT_PARTS, OUTCOME_SUM_PARTS, OTHER_SPLIT, PROCEEDINGS, request_items

#: Mean yearly new requests by profile (lognormal spread per unit).
LEVEL: dict[str, tuple[float, float]] = {
    "city_gov": (90, 0.4), "land": (160, 0.6), "housing": (90, 0.6), "busy": (25, 0.7),
    "mid": (6, 0.8), "quiet": (1.2, 0.9), "gov": (40, 0.5), "local": (0.9, 1.0),
}
#: district-level departments receive fewer requests than city bureaus.
DISTRICT_FACTOR = 0.35

APPLICANT_WEIGHTS = (0.80, 0.11, 0.004, 0.008, 0.045, 0.033)
OUTCOME_WEIGHTS: dict[str, float] = {
    "granted": 0.42, "partially_granted": 0.09,
    "withheld_state_secret": 0.003, "withheld_law_prohibited": 0.006, "withheld_security_stability": 0.003,
    "withheld_third_party": 0.02, "withheld_internal_affairs": 0.015, "withheld_process_info": 0.03,
    "withheld_enforcement_file": 0.01, "withheld_inquiry": 0.012,
    "unavailable_not_held": 0.19, "unavailable_needs_creation": 0.03, "unavailable_unclear": 0.02,
    "rejected_petition": 0.05, "rejected_duplicate": 0.03, "rejected_publication": 0.004,
    "rejected_excessive": 0.006, "rejected_confirmation": 0.01,
    "other_no_correction": 0.022, "other_no_fee": 0.002, "other_misc": 0.024,
}
REVIEW_OUTCOMES = (0.62, 0.09, 0.14, 0.15)  # upheld, corrected, other, pending


def poisson(rng: random.Random, lam: float) -> int:
    """A Poisson draw (Knuth for small means, normal approximation above 30)."""
    if lam <= 0:
        return 0
    if lam > 30:
        return max(0, round(rng.gauss(lam, math.sqrt(lam))))
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def spread(rng: random.Random, n: int, weights: tuple[float, ...]) -> list[int]:
    """Split n items over categories (multinomial)."""
    counts = [0] * len(weights)
    if n <= 0:
        return counts
    cum = _CUM.get(weights)
    if cum is None:
        cum = _CUM[weights] = list(itertools.accumulate(weights))
    for k in rng.choices(range(len(weights)), cum_weights=cum, k=n):
        counts[k] += 1
    return counts


_CUM: dict[tuple[float, ...], list[float]] = {}


def choose_templates(rng: random.Random, years: range) -> dict[int, str]:
    """The variant a unit uses each year: mostly by year, a few late/early/hybrid."""
    roll = rng.random()
    out: dict[int, str] = {}
    for y in years:
        v = "2019" if y <= 2020 else "2021"
        if roll < 0.04 and y in (2021, 2022):            # kept the old table
            v = "2019" if (y == 2021 or roll < 0.02) else v
        elif 0.04 <= roll < 0.06 and y == 2020:           # adopted the new table early
            v = "2021"
        elif 0.06 <= roll < 0.09 and y in (2021, 2022):   # 2021 columns, one 其他处理 row
            v = "hybrid" if (y == 2021 or roll < 0.075) else v
        out[y] = v
    return out


class UnitState:
    """What carries from one year to the next for one unit."""

    def __init__(self, unit: Unit, rng: random.Random) -> None:
        mean, sigma = LEVEL[unit.profile]
        if unit.kind == "district_dept":
            mean *= DISTRICT_FACTOR
        self.level = mean * math.exp(rng.gauss(0, sigma))
        if unit.profile == "local" and rng.random() < 0.35:
            self.level = 0.0                             # a unit that never receives a request
        self.is_gov = unit.kind in ("city_gov", "district_gov")
        self.is_local = unit.profile == "local"
        self.carry = [poisson(rng, self.level * w * 0.05) for w in APPLICANT_WEIGHTS]
        self.regs_in_force = rng.randint(30, 60) if unit.kind == "city_gov" else 0
        base_docs = 60 if self.is_gov else (4 if self.is_local else 15)
        self.docs_in_force = rng.randint(base_docs // 2, base_docs * 2)
        size = 0.2 if self.is_local else 1.0
        self.items = {k: max(0, round(rng.randint(lo, hi) * size)) for k, (lo, hi) in {
            "licensing": (5, 120), "other_services": (0, 40), "penalty": (0, 300),
            "compulsion": (0, 30), "fees": (0, 15)}.items()}
        self.regs_total = self.regs_in_force * 2
        self.docs_total = self.docs_in_force * 3


def _requests(rng: random.Random, st: UnitState, year_factor: float, template: str, variant: str) -> dict:
    new_total = poisson(rng, st.level * year_factor)
    new = spread(rng, new_total, APPLICANT_WEIGHTS)
    carried_over = list(st.carry)
    forward: list[int] = []
    outcomes_by_col: list[list[int]] = []
    codes = list(OUTCOME_WEIGHTS)
    weights = tuple(OUTCOME_WEIGHTS.values())
    for k in range(6):
        avail = new[k] + carried_over[k]
        fwd = sum(1 for _ in range(avail) if rng.random() < 0.05) if avail < 200 else round(avail * rng.uniform(0.02, 0.08))
        forward.append(fwd)
        outcomes_by_col.append(spread(rng, avail - fwd, weights))
    st.carry = forward
    rows: dict[str, list[int | None]] = {"new_received": new, "carried_over": carried_over}
    for j, code in enumerate(codes):
        rows[code] = [outcomes_by_col[k][j] for k in range(6)]
    rows["other"] = [sum(rows[c][k] for c in OTHER_SPLIT) for k in range(6)]  # type: ignore[misc]
    rows["total_processed"] = [new[k] + carried_over[k] - forward[k] for k in range(6)]
    rows["carried_forward"] = forward
    out: dict[str, dict[str, int | None]] = {}
    for item in request_items(template):  # type: ignore[arg-type]
        vals = rows[item.code]
        if variant == "hybrid" and item.code in OTHER_SPLIT:
            out[item.code] = {a: None for a in (*APPLICANT_PARTS, "total")}
            continue
        cells = dict(zip(APPLICANT_PARTS, vals))
        cells["total"] = sum(vals)  # type: ignore[arg-type]
        out[item.code] = cells
    return out


def _review(rng: random.Random, requests: dict) -> dict:
    n = requests["new_received"]["total"] or 0
    counts = {"review": poisson(rng, n * 0.025), "litigation_direct": poisson(rng, n * 0.008)}
    counts["litigation_after_review"] = poisson(rng, counts["review"] * 0.2)
    out: dict[str, dict[str, int]] = {}
    for p in PROCEEDINGS:
        parts = spread(rng, counts[p.code], REVIEW_OUTCOMES)
        cells = dict(zip(OUTCOME_SUM_PARTS, parts))
        cells["total"] = sum(parts)
        out[p.code] = cells
    return out


def _docs_year(rng: random.Random, st: UnitState, unit_kind: str) -> tuple[int, int, int, int]:
    """(regs issued, regs repealed, docs issued, docs repealed) and update in-force counts."""
    regs_i = rng.randint(0, 4) if unit_kind == "city_gov" else 0
    regs_r = min(st.regs_in_force + regs_i, rng.randint(0, 2)) if unit_kind == "city_gov" else 0
    hi = 25 if st.is_gov else (2 if st.is_local else 8)
    docs_i = rng.randint(0, hi)
    docs_r = min(st.docs_in_force + docs_i, rng.randint(0, max(1, hi // 3)))
    st.regs_in_force += regs_i - regs_r
    st.docs_in_force += docs_i - docs_r
    return regs_i, regs_r, docs_i, docs_r


def _decisions(rng: random.Random, st: UnitState, item: str) -> int:
    scale = {"licensing": 40, "other_services": 10, "penalty": 25, "compulsion": 3}[item]
    return poisson(rng, st.items[item] * scale * rng.uniform(0.3, 1.2)) if st.items[item] else 0


def _amount(rng: random.Random, hi: float) -> float:
    return round(rng.uniform(0, hi), 2) if rng.random() < 0.6 else 0.0


def _proactive(rng: random.Random, st: UnitState, unit: Unit, template: str) -> dict:
    regs_i, regs_r, docs_i, docs_r = _docs_year(rng, st, unit.kind)
    if template == "2021":
        return {
            "regulations": {"issued": regs_i, "repealed": regs_r, "in_force": st.regs_in_force},
            "normative_documents": {"issued": docs_i, "repealed": docs_r, "in_force": st.docs_in_force},
            "licensing": {"decisions": _decisions(rng, st, "licensing")},
            "penalty": {"decisions": _decisions(rng, st, "penalty")},
            "compulsion": {"decisions": _decisions(rng, st, "compulsion")},
            "fees": {"fee_amount": _amount(rng, 50.0 if not st.is_local else 2.0)},
        }
    st.regs_total += regs_i
    st.docs_total += docs_i
    out: dict[str, dict] = {
        "regulations": {"new_made": regs_i, "new_published": regs_i, "total_published": st.regs_total},
        "normative_documents": {"new_made": docs_i, "new_published": docs_i, "total_published": st.docs_total},
    }
    for item in ("licensing", "other_services", "penalty", "compulsion", "fees"):
        prev = st.items[item]
        change = rng.randint(-min(prev, 3), 3) if rng.random() < 0.4 else 0
        st.items[item] = prev + change
        cells = {"prev_count": prev, "change": change}
        if item != "fees":
            cells["decisions"] = _decisions(rng, st, item)
        out[item] = cells
    count = poisson(rng, 2.0 if st.is_local else 12.0)
    out["procurement"] = {"procurement_count": count,
                          "procurement_amount": round(count * rng.uniform(3, 80), 2) if count else 0.0}
    return out


def unit_truths(unit: Unit, years: range, seed: int) -> dict[int, dict]:
    """{year: truth dict} for one unit, all rules holding."""
    rng = random.Random(f"numbers|{seed}|{unit.unit_id}")
    st = UnitState(unit, rng)
    variants = choose_templates(rng, years)
    out: dict[int, dict] = {}
    for year in years:
        variant = variants[year]
        template = "2019" if variant == "2019" else "2021"
        spike = 3.0 if rng.random() < 0.04 else 1.0
        factor = math.exp(rng.gauss(0, 0.35)) * (1 + 0.06 * (year - 2019)) * spike
        requests = _requests(rng, st, factor, template, variant)
        out[year] = {
            "unit": unit.name, "year": year, "template": template, "variant": variant,
            "requests": requests,
            "review_litigation": _review(rng, requests),
            "proactive": _proactive(rng, st, unit, template),
        }
    return out
