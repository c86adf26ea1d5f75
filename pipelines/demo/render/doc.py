"""A document as an ordered list of blocks, before any rendering.

Blocks: ("title", lines), ("p", text), ("h", heading), ("table", Skeleton).
Renderers walk the blocks and only decide how each block looks.
"""
from __future__ import annotations

import random
from typing import Union

from pipelines.demo.render import grid, prose
from pipelines.demo.render.grid import Skeleton

Block = tuple[str, Union[str, tuple[str, ...], Skeleton]]


def doc_rng(truth: dict, rendering: str, seed: int) -> random.Random:
    """The cosmetic random stream of one document (stable across runs)."""
    return random.Random(f"{seed}|{truth['unit']}|{truth['year']}|{rendering}")


def has_requests(truth: dict) -> bool:
    """False when section 三 is left out (the missing_section_3 defect)."""
    return bool(truth.get("requests"))


def blocks(truth: dict, rng: random.Random, wrapped: bool = False) -> list[Block]:
    """The whole report in reading order."""
    variant = truth.get("variant") or truth["template"]
    p = prose.make_prose(truth, rng)
    out: list[Block] = [("title", p.title_lines)]
    out += [("p", t) for t in p.intro]
    out.append(("h", prose.SECTION_1))
    out += [("p", t) for t in p.overview]
    out.append(("h", prose.SECTION_2))
    out.append(("table", grid.proactive_table(truth["template"], wrapped)))
    if has_requests(truth):
        out.append(("h", prose.SECTION_3))
        out.append(("table", grid.requests_table(variant, wrapped)))
    out.append(("h", prose.SECTION_4))
    out.append(("table", grid.review_table(wrapped)))
    out.append(("h", prose.SECTION_5))
    out += [("p", t) for t in p.problems]
    out.append(("h", prose.SECTION_6))
    out += [("p", t) for t in p.other]
    out.append(("sign", p.signature))
    return out
