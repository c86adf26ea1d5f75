"""Administrative units: kinds, the optional registry CSV, name matching.

A report prints its unit's name in many spellings (人民政府 or not, spaces,
traditional characters, full-width letters). Names are matched after
`normalise_name`; a registered unit keeps the registry's id, a name that
matches nothing becomes an unregistered unit with a stable id derived from
the normalised name. Pure functions except `load_registry` (reads a CSV).
"""
from __future__ import annotations

import csv
import hashlib
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from pipelines.errors import RegistryError

#: Unit kinds: code -> Chinese label (the warehouse's `unit_kinds` table).
UNIT_KINDS: dict[str, str] = {
    "city_gov": "市政府",
    "city_dept": "市直部门",
    "district_gov": "区县政府",
    "district_dept": "区县部门",
    "township": "乡",
    "town": "镇",
    "subdistrict": "街道",
    "unregistered": "未登记",
}
#: `area` of units not below any district or county.
CITY_AREA = "市本级"
#: `area` of unregistered units (their place in the city is unknown).
UNKNOWN_AREA = "未登记"

#: Columns of the registry CSV (units.csv), in order; the first two are required.
REGISTRY_COLUMNS = ("unit_id", "name", "aliases", "parent", "kind")


@dataclass(frozen=True, slots=True)
class Unit:
    """One unit as the warehouse stores it (`units` table)."""

    unit_id: str
    name: str
    aliases: tuple[str, ...] = ()
    parent: str | None = None
    kind: str = "unregistered"
    area: str = UNKNOWN_AREA
    registered: bool = False


@lru_cache(maxsize=1)
def _t2s():
    import opencc

    return opencc.OpenCC("t2s")


_DROP = ("人民政府",)


@lru_cache(maxsize=65536)
def normalise_name(name: str) -> str:
    """The matching key of a unit name: full-width -> half-width (NFKC),
    whitespace dropped, traditional -> simplified, 人民政府 dropped."""
    text = unicodedata.normalize("NFKC", name or "")
    text = "".join(ch for ch in text if not ch.isspace())
    text = _t2s().convert(text)
    for word in _DROP:
        text = text.replace(word, "")
    return text


def unregistered_id(name: str) -> str:
    """Stable id for a unit name found in no registry: ``unreg-<10 hex>``."""
    digest = hashlib.sha256(normalise_name(name).encode("utf-8")).hexdigest()
    return f"unreg-{digest[:10]}"


@dataclass(slots=True)
class Registry:
    """Registered units and a normalised-name index over names and aliases."""

    units: dict[str, Unit] = field(default_factory=dict)
    index: dict[str, str] = field(default_factory=dict)  # normalised name -> unit_id
    warnings: list[str] = field(default_factory=list)     # ambiguous names left out of the index

    def match(self, printed: str | None) -> Unit | None:
        """The registered unit whose name or alias equals `printed` after normalisation."""
        if not printed:
            return None
        unit_id = self.index.get(normalise_name(printed))
        return self.units.get(unit_id) if unit_id else None

    def resolve(self, printed: str) -> Unit:
        """The registered unit for a printed name, or an unregistered one."""
        unit = self.match(printed)
        if unit is not None:
            return unit
        simple = _t2s().convert(unicodedata.normalize("NFKC", printed).strip())
        return Unit(unit_id=unregistered_id(printed), name=simple)


def area_of(unit_id: str, units: dict[str, Unit]) -> str:
    """The district/county a unit belongs to (walking parents), else 市本级."""
    seen: set[str] = set()
    current = units.get(unit_id)
    while current is not None and current.unit_id not in seen:
        seen.add(current.unit_id)
        if current.kind == "district_gov":
            return current.name
        current = units.get(current.parent) if current.parent else None
    return CITY_AREA


def load_registry(path: str | Path | None) -> Registry:
    """Read a registry CSV (``unit_id,name,aliases,parent,kind``; aliases joined by ``|``).

    Raises RegistryError naming the file and line for a bad row, an unknown
    kind, a duplicate id or a name claimed by two units.
    """
    registry = Registry()
    if path is None:
        return registry
    path = Path(path)
    raw: list[Unit] = []
    ids: set[str] = set()
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in REGISTRY_COLUMNS[:2] if c not in (reader.fieldnames or [])]
        if missing:
            raise RegistryError(f"{path}: missing column(s) {', '.join(missing)}")
        for line, row in enumerate(reader, start=2):
            unit_id = (row.get("unit_id") or "").strip()
            name = (row.get("name") or "").strip()
            if not unit_id or not name:
                raise RegistryError(f"{path}:{line}: unit_id and name are required")
            kind = (row.get("kind") or "").strip() or "unregistered"
            if kind not in UNIT_KINDS:
                raise RegistryError(f"{path}:{line}: unknown kind {kind!r} (one of {', '.join(UNIT_KINDS)})")
            if unit_id in ids:
                raise RegistryError(f"{path}:{line}: duplicate unit_id {unit_id!r}")
            ids.add(unit_id)
            aliases = tuple(a.strip() for a in (row.get("aliases") or "").split("|") if a.strip())
            parent = (row.get("parent") or "").strip() or None
            raw.append(Unit(unit_id, name, aliases, parent, kind, registered=True))
    by_id = {u.unit_id: u for u in raw}
    claims: dict[str, dict[str, bool]] = {}  # normalised name -> {unit_id: is its own name}
    for unit in raw:
        registry.units[unit.unit_id] = Unit(unit.unit_id, unit.name, unit.aliases, unit.parent, unit.kind,
                                            area_of(unit.unit_id, by_id), True)
        for name in (unit.name, *unit.aliases):
            own = claims.setdefault(normalise_name(name), {})
            own[unit.unit_id] = own.get(unit.unit_id, False) or name == unit.name
    for key, owners in claims.items():
        named = [u for u, is_name in owners.items() if is_name]
        if len(owners) == 1:
            registry.index[key] = next(iter(owners))
        elif len(named) == 1:  # one unit's own name beats other units' aliases
            registry.index[key] = named[0]
            registry.warnings.append(f"{path}: {key!r} is the name of {named[0]} and an alias of "
                                     f"{', '.join(sorted(u for u in owners if u != named[0]))}; the alias is ignored")
        else:
            registry.warnings.append(f"{path}: {key!r} names {', '.join(sorted(owners))}; ambiguous, matched to none")
    return registry
