"""The units of 示例市: governments, bureaus and 乡/镇/街道, as a registry.

The default city has the city government, about 20 city bureaus and six
districts/counties, each with its government, 13–15 departments and 18–20
乡镇街道 (about 230 units). ``build_city(seed, n)`` grows more districts
when asked for more units (benchmarks). Names are unique across the city;
department names carry their area (东城区自然资源局).
"""
from __future__ import annotations

import csv
import io
import random
from dataclasses import dataclass

from pipelines.units import REGISTRY_COLUMNS, UNIT_KINDS

CITY = "示例市"

#: The registry kinds a demo unit can have (labels live in pipelines.units).
KINDS: dict[str, str] = {code: label for code, label in UNIT_KINDS.items() if code != "unregistered"}


@dataclass(frozen=True, slots=True)
class Unit:
    """One reporting unit. `profile` drives how many requests it receives."""

    unit_id: str
    name: str
    aliases: tuple[str, ...]
    parent: str
    kind: str
    area: str        # folder the office files it under: 市本级 or the district's name
    profile: str     # city_gov, land, housing, busy, mid, quiet, gov, local


# (name, profile, short alias) — city bureaus.
CITY_DEPTS: tuple[tuple[str, str, str], ...] = (
    ("自然资源和规划局", "land", "自规局"), ("住房和城乡建设局", "housing", "住建局"),
    ("公安局", "busy", "公安局"), ("生态环境局", "busy", "环保局"),
    ("市场监督管理局", "busy", "市场监管局"), ("人力资源和社会保障局", "busy", "人社局"),
    ("交通运输局", "mid", "交通局"), ("教育局", "mid", "教育局"),
    ("卫生健康委员会", "mid", "卫健委"), ("财政局", "mid", "财政局"),
    ("发展和改革委员会", "mid", "发改委"), ("民政局", "mid", "民政局"),
    ("农业农村局", "mid", "农业农村局"), ("水利局", "quiet", "水利局"),
    ("应急管理局", "quiet", "应急局"), ("城市管理综合行政执法局", "busy", "城管局"),
    ("司法局", "quiet", "司法局"), ("文化广电旅游局", "quiet", "文旅局"),
    ("商务局", "quiet", "商务局"), ("退役军人事务局", "quiet", "退役军人局"),
    ("医疗保障局", "quiet", "医保局"), ("行政审批局", "mid", "审批局"),
    ("审计局", "quiet", "审计局"), ("统计局", "quiet", "统计局"), ("林业局", "quiet", "林业局"),
)

# District departments (first ones always present).
DISTRICT_DEPTS: tuple[tuple[str, str], ...] = (
    ("自然资源局", "land"), ("住房和城乡建设局", "housing"), ("公安分局", "mid"),
    ("市场监督管理局", "mid"), ("人力资源和社会保障局", "mid"), ("生态环境分局", "mid"),
    ("教育局", "quiet"), ("卫生健康局", "quiet"), ("财政局", "quiet"), ("民政局", "quiet"),
    ("发展和改革局", "quiet"), ("农业农村局", "quiet"), ("交通运输局", "quiet"),
    ("应急管理局", "quiet"), ("城市管理局", "mid"), ("司法局", "quiet"), ("水利局", "quiet"),
)

DEFAULT_DISTRICTS: tuple[str, ...] = ("东城区", "西湖区", "青山县", "南河区", "北川县", "云岭县")

_FIRST = "白青河马杨高新东西南北石柳桃李王张金银龙凤安平长永兴和太双三五红黄绿清明古"
_SECOND = "沙石口坊桥河庄集店屯湾岭山湖塘林园营寨沟铺桥坪岗溪泉台城关寺堡阳源"


def _area_names(rng: random.Random, count: int) -> list[str]:
    names = list(DEFAULT_DISTRICTS[:count])
    while len(names) < count:
        cand = rng.choice(_FIRST) + rng.choice(_SECOND) + rng.choice("区县")
        if cand not in names:
            names.append(cand)
    return names


def _local_names(rng: random.Random, count: int, used: set[str], county: bool) -> list[tuple[str, str]]:
    """(name, kind) of 乡/镇/街道 for one district, unique city-wide."""
    out: list[tuple[str, str]] = []
    while len(out) < count:
        root = rng.choice(_FIRST) + rng.choice(_SECOND)
        if len(used) > 2000:
            root += rng.choice(_SECOND)
        roll = rng.random()
        if county:
            kind = "town" if roll < 0.65 else ("township" if roll < 0.9 else "subdistrict")
        else:
            kind = "subdistrict" if roll < 0.7 else "town"
        name = root + {"town": "镇", "township": "乡", "subdistrict": "街道"}[kind]
        if root in used or name in used or root[0] == root[1]:
            continue
        used.add(root)
        used.add(name)
        out.append((name, kind))
    return out


def _local_aliases(name: str, kind: str, area: str) -> tuple[str, ...]:
    if kind == "subdistrict":
        return (name + "办事处", area + name + "办事处")
    return (name + "人民政府", area + name)


def build_city(seed: int = 2024, n: int | None = None) -> list[Unit]:
    """The registry of the demo city; `n` units if given (more districts)."""
    rng = random.Random(f"city|{seed}")
    units: list[Unit] = [Unit("SL", f"{CITY}人民政府", (f"{CITY}政府", "市政府"), "", "city_gov", "市本级", "city_gov")]
    for k, (name, profile, short) in enumerate(CITY_DEPTS, 1):
        aliases = (f"{CITY}{short}",) if short != name else ()
        units.append(Unit(f"SL-B{k:02d}", CITY + name, aliases + (f"市{name}",), "SL", "city_dept", "市本级", profile))
    per_district_guess = 33
    n_areas = len(DEFAULT_DISTRICTS) if n is None else max(len(DEFAULT_DISTRICTS), -(-(n - len(units)) // per_district_guess))
    used: set[str] = set()
    for d, area in enumerate(_area_names(rng, n_areas), 1):
        county = area.endswith("县")
        did = f"SL-D{d:02d}" if d < 100 else f"SL-D{d}"
        gov_name = f"{area}人民政府"
        units.append(Unit(did, gov_name, (f"{CITY}{area}人民政府", f"{area}政府"), "SL", "district_gov", area, "gov"))
        n_depts = rng.randint(13, 15)
        depts = list(DISTRICT_DEPTS[:6]) + rng.sample(DISTRICT_DEPTS[6:], n_depts - 6)
        for k, (dname, profile) in enumerate(depts, 1):
            full = area + dname
            units.append(Unit(f"{did}-B{k:02d}", full, (f"{CITY}{full}", area[:-1] + dname), did, "district_dept", area, profile))
        for k, (lname, kind) in enumerate(_local_names(rng, rng.randint(18, 20), used, county), 1):
            units.append(Unit(f"{did}-T{k:02d}", lname, _local_aliases(lname, kind, area), did, kind, area, "local"))
    if n is not None and n < len(units):
        units = _representative(units, n)
    return units


def _representative(units: list[Unit], n: int) -> list[Unit]:
    """A smaller city that still has every kind: governments first, then
    round-robin over the city bureaus and each district's units."""
    govs = [u for u in units if u.kind in ("city_gov", "district_gov")]
    groups: dict[str, list[Unit]] = {}
    for u in units:
        if u.kind not in ("city_gov", "district_gov"):
            groups.setdefault(u.parent + ("T" if u.profile == "local" else "B"), []).append(u)
    picked = govs[:n]
    queues = [list(g) for g in groups.values()]
    while len(picked) < n and any(queues):
        for q in queues:
            if q and len(picked) < n:
                picked.append(q.pop(0))
    keep = {u.unit_id for u in picked}
    return [u for u in units if u.unit_id in keep]


def registry_csv(units: list[Unit]) -> str:
    """units.csv: unit_id,name,aliases,parent,kind (aliases joined by |)."""
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(REGISTRY_COLUMNS)
    for u in units:
        w.writerow((u.unit_id, u.name, "|".join(u.aliases), u.parent, u.kind))
    return buf.getvalue()
