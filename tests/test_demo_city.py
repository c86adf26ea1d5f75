"""The demo city's registry and numbers: shape, kinds, realism, every rule, chains."""
from __future__ import annotations

import csv
import io
from collections import Counter, defaultdict

import pytest

from pipelines.demo.city import KINDS, build_city, registry_csv
from pipelines.demo.numbers import unit_truths
from pipelines.template import APPLICANTS, PROACTIVE, PROCEEDINGS, OUTCOMES, OTHER_SPLIT, request_items
from tests.plugins.demo import rule_failures

YEARS = range(2019, 2026)


@pytest.fixture(scope="module")
def city():
    return build_city(2024)


@pytest.fixture(scope="module")
def truths(city):
    return {u.unit_id: unit_truths(u, YEARS, 2024) for u in city}


def test_registry_columns_and_rows(city):
    rows = list(csv.DictReader(io.StringIO(registry_csv(city))))
    assert list(rows[0].keys()) == ["unit_id", "name", "aliases", "parent", "kind"]
    assert len(rows) == len(city)
    by_id = {r["unit_id"]: r for r in rows}
    assert len(by_id) == len(rows)
    assert len({r["name"] for r in rows}) == len(rows), "unit names must be unique"
    for r in rows:
        assert r["kind"] in KINDS
        if r["kind"] == "city_gov":
            assert r["parent"] == ""
        else:
            assert r["parent"] in by_id, r
        # aliases never collide with another unit's name
        for alias in filter(None, r["aliases"].split("|")):
            assert alias not in {x["name"] for x in rows if x is not r}


def test_city_counts_and_hierarchy(city):
    kinds = Counter(u.kind for u in city)
    assert 200 <= len(city) <= 260
    assert kinds["city_gov"] == 1
    assert 18 <= kinds["city_dept"] <= 30
    assert 4 <= kinds["district_gov"] <= 6
    by_parent = defaultdict(list)
    for u in city:
        by_parent[u.parent].append(u)
    for gov in (u for u in city if u.kind == "district_gov"):
        children = by_parent[gov.unit_id]
        depts = [c for c in children if c.kind == "district_dept"]
        local = [c for c in children if c.kind in ("township", "town", "subdistrict")]
        assert 10 <= len(depts) <= 15 and 10 <= len(local) <= 20, gov.name
        area = gov.name.removesuffix("人民政府")
        assert all(d.name.startswith(area) for d in depts)
    assert {"township", "town", "subdistrict"} <= set(kinds)


def test_city_is_deterministic_and_scales():
    assert build_city(2024) == build_city(2024)
    assert build_city(2024) != build_city(7)
    small = build_city(2024, 30)
    ids = {u.unit_id for u in small}
    assert len(small) == 30 and all(u.parent in ids for u in small if u.parent)
    assert {"city_gov", "district_gov", "district_dept"} <= {u.kind for u in small}
    big = build_city(2024, 3000)
    assert len(big) == 3000 and len({u.name for u in big}) == 3000


def test_truth_shape_per_template(truths):
    for per_year in truths.values():
        for t in per_year.values():
            tpl, variant = t["template"], t["variant"]
            assert tpl == ("2019" if variant == "2019" else "2021")
            assert list(t["requests"]) == [i.code for i in request_items(tpl)]
            for row in t["requests"].values():
                assert list(row) == [a.code for a in APPLICANTS]
            assert list(t["review_litigation"]) == [p.code for p in PROCEEDINGS]
            assert all(list(r) == [o.code for o in OUTCOMES] for r in t["review_litigation"].values())
            assert {k: list(v) for k, v in t["proactive"].items()} == {
                it.code: [m.code for m in it.measures] for it in PROACTIVE[tpl]}
            split_values = [x for i in OTHER_SPLIT for x in t["requests"].get(i, {}).values()]
            if variant == "hybrid":
                assert split_values and all(x is None for x in split_values)
            elif variant == "2021":
                assert all(isinstance(x, int) for x in split_values)
                for a in APPLICANTS:
                    assert t["requests"]["other"][a.code] == sum(t["requests"][i][a.code] for i in OTHER_SPLIT)


def test_every_rule_holds(truths):
    broken = {(uid, y): rule_failures(t) for uid, per in truths.items() for y, t in per.items() if rule_failures(t)}
    assert broken == {}


def test_carry_over_and_in_force_chains(truths):
    for uid, per in truths.items():
        for y in YEARS[1:]:
            prev, cur = per[y - 1], per[y]
            for a in APPLICANTS:
                assert cur["requests"]["carried_over"][a.code] == prev["requests"]["carried_forward"][a.code], (uid, y)
            if prev["template"] == cur["template"] == "2021":
                for item in ("regulations", "normative_documents"):
                    p, c = prev["proactive"][item], cur["proactive"][item]
                    assert c["in_force"] == p["in_force"] + c["issued"] - c["repealed"], (uid, y, item)


def test_numbers_are_realistic(city, truths):
    kind = {u.unit_id: u for u in city}
    local = [t["requests"]["new_received"]["total"] for uid, per in truths.items() for t in per.values()
             if kind[uid].profile == "local"]
    assert sum(1 for n in local if n <= 3) / len(local) > 0.85
    silent = [uid for uid, per in truths.items() if all(t["requests"]["new_received"]["total"] == 0 for t in per.values())]
    assert len(silent) >= 10, "units with no request for years matter to the office"
    land = [t["requests"]["new_received"]["total"] for uid, per in truths.items() for t in per.values()
            if kind[uid].unit_id == "SL-B01"]
    assert min(land) >= 10 and max(land) >= 100
    everything = [t["requests"]["new_received"] for per in truths.values() for t in per.values()]
    share = sum(r["natural_person"] for r in everything) / sum(r["total"] for r in everything)
    assert 0.6 < share < 0.95
    reviews = [t["review_litigation"]["review"] for per in truths.values() for t in per.values()]
    assert 0 < sum(1 for r in reviews if r["total"]) < len(reviews) * 0.3
    assert sum(r["corrected"] for r in reviews) > 0
    variants = Counter(t["variant"] + ("" if t["template"] == ("2019" if t["year"] <= 2020 else "2021") else "*")
                       for per in truths.values() for t in per.values())
    assert variants["hybrid"] > 0 and variants["2019*"] > 0 and variants["2021*"] > 0


def test_numbers_are_deterministic(city):
    u = city[1]
    assert unit_truths(u, YEARS, 2024) == unit_truths(u, YEARS, 2024)
    assert unit_truths(u, YEARS, 2024) != unit_truths(u, YEARS, 2025)
