"""Where reports go and what they are called, as an office receives them.

``reports/<area>/<unit>/<file>``: area is 市本级 or the district/county; the
file name is what the unit wrote (2023年政府信息公开工作年度报告.pdf,
关于印发…2022年度政务公开年报的通知.docx, 白沙镇2021年报.html …) and never
reveals the truth. Each unit has a habitual rendering and naming style,
with some year-to-year variation.
"""
from __future__ import annotations

import random

from pipelines.demo.city import Unit

#: How often each rendering is a unit's habit (renormalised over those allowed).
RENDER_WEIGHTS: dict[str, float] = {
    "html": 24, "cells": 14, "pdf": 15, "docx": 12, "markdown": 7, "pipes": 6,
    "cells_wrapped": 6, "runs": 5, "pipes_lone": 4, "html_gbk": 4, "traditional": 3, "crawler": 4,
}

NAME_STYLES: tuple[str, ...] = (
    "{year}年政府信息公开工作年度报告",
    "{name}{year}年度政府信息公开工作年度报告",
    "关于印发{name}{year}年度政务公开年报的通知",
    "{name}{year}年报",
    "{year}年度信息公开年报",
    "{name}关于{year}年度政府信息公开工作情况的报告",
    "{year}年度{name}政府信息公开工作年度报告（定稿）",
)

_HTML_EXT = (".html", ".html", ".htm", ".shtml")


def habit(unit: Unit, seed: int, allowed: list[str], table: dict[str, float] | None = None) -> tuple[str, int]:
    """A unit's usual rendering and file-name style."""
    rng = random.Random(f"habit|{seed}|{unit.unit_id}")
    weights = [{**RENDER_WEIGHTS, **(table or {})}.get(r, 1.0) for r in allowed]
    return rng.choices(allowed, weights=weights, k=1)[0], rng.randrange(len(NAME_STYLES))


def pick_rendering(rng: random.Random, usual: str, allowed: list[str], table: dict[str, float] | None = None) -> str:
    """This year's rendering: usually the habit, sometimes another one."""
    if rng.random() < 0.25:
        weights = [{**RENDER_WEIGHTS, **(table or {})}.get(r, 1.0) for r in allowed]
        return rng.choices(allowed, weights=weights, k=1)[0]
    return usual


def folder(unit: Unit) -> str:
    """Relative folder under reports/."""
    return f"{unit.area}/{unit.name}"


def file_name(unit: Unit, year: int, style: int, ext: str, rng: random.Random) -> str:
    """The file name the unit gave its report (year as written in the name)."""
    if ext == ".html" and rng.random() < 0.3:
        ext = rng.choice(_HTML_EXT)
    return NAME_STYLES[style].format(name=unit.name, year=year) + ext


def unique(name: str, taken: set[str]) -> str:
    """`name`, or with （1）, （2）… before the extension if already used."""
    if name not in taken:
        taken.add(name)
        return name
    stem, dot, ext = name.rpartition(".")
    k = 1
    while f"{stem}({k}).{ext}" in taken:
        k += 1
    out = f"{stem}({k}).{ext}"
    taken.add(out)
    return out
