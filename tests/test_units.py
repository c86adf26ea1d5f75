"""Unit names: normalisation, registry matching, unregistered ids, areas."""
from __future__ import annotations

import pytest

from pipelines.units import (CITY_AREA, RegistryError, UNIT_KINDS, area_of, load_registry, normalise_name,
                             unregistered_id)

CSV = """unit_id,name,aliases,parent,kind
C,示例市人民政府,市政府|示例市政府,,city_gov
D1,示例市东城区人民政府,东城区,C,district_gov
D1-T1,东城区湖滨街道办事处,湖滨街道,D1,subdistrict
B1,示例市公安局,市公安局,C,city_dept
"""


@pytest.fixture()
def registry(tmp_path):
    p = tmp_path / "units.csv"
    p.write_text(CSV, encoding="utf-8")
    return load_registry(p)


def test_normalise_drops_government_spaces_fullwidth_and_traditional():
    assert normalise_name("示例市 人民政府") == "示例市"
    assert normalise_name("示例市公安局\u3000") == "示例市公安局"
    assert normalise_name("東城區湖濱街道辦事處") == "东城区湖滨街道办事处"
    assert normalise_name("ＡＢ局") == "AB局"


def test_match_by_name_alias_and_spelling(registry):
    assert registry.match("示例市人民政府").unit_id == "C"
    assert registry.match("示例市政府").unit_id == "C"
    assert registry.match("示例市").unit_id == "C"          # 人民政府 dropped on both sides
    assert registry.match("東城區人民政府").unit_id == "D1"   # alias, traditional script
    assert registry.match("湖滨 街道").unit_id == "D1-T1"
    assert registry.match("示例市教育局") is None
    assert registry.match(None) is None


def test_unregistered_units_get_stable_ids(registry):
    a = registry.resolve("示例市教育局")
    b = registry.resolve("示例市 教育局")
    assert a.unit_id == b.unit_id == unregistered_id("示例市教育局")
    assert a.unit_id.startswith("unreg-") and len(a.unit_id) == len("unreg-") + 10
    assert a.kind == "unregistered" and not a.registered
    assert registry.resolve("市公安局").unit_id == "B1"


def test_area_walks_parents_to_the_district(registry):
    assert registry.units["D1-T1"].area == "示例市东城区人民政府"
    assert registry.units["D1"].area == "示例市东城区人民政府"
    assert registry.units["B1"].area == CITY_AREA
    assert area_of("C", registry.units) == CITY_AREA
    assert set(u.kind for u in registry.units.values()) <= set(UNIT_KINDS)


@pytest.mark.parametrize("text, message", [
    ("unit_id,name,aliases,parent,kind\nX,甲,,,planet\n", "unknown kind 'planet'"),
    ("unit_id,name,aliases,parent,kind\nX,甲,,,town\nX,乙,,,town\n", "duplicate unit_id 'X'"),
    ("unit_id,name,aliases,parent,kind\n,甲,,,town\n", ":2: unit_id and name are required"),
    ("id,title\n1,甲\n", "missing column(s) unit_id, name"),
])
def test_bad_registry_names_file_and_line(tmp_path, text, message):
    p = tmp_path / "units.csv"
    p.write_text(text, encoding="utf-8")
    with pytest.raises(RegistryError) as err:
        load_registry(p)
    assert message in str(err.value) and str(p) in str(err.value)


def test_ambiguous_names_match_nothing_and_are_reported(tmp_path):
    p = tmp_path / "units.csv"
    p.write_text("unit_id,name,aliases,parent,kind\nX,甲局,共用名,,city_dept\nY,乙局,共用名|甲局,,city_dept\n",
                 encoding="utf-8")
    reg = load_registry(p)
    assert reg.match("共用名") is None          # an alias of two units: ambiguous
    assert reg.match("甲局").unit_id == "X"     # X's own name beats Y's alias
    assert reg.match("乙局").unit_id == "Y"
    assert len(reg.warnings) == 2 and all(str(p) in w for w in reg.warnings)
    assert any("'共用名' names X, Y; ambiguous" in w for w in reg.warnings)
