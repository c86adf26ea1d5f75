"""Cosmetic variations seen in real reports, applied to a rendered document.

None of them changes a number: half-width brackets and colons (case 7 of
the spec), chapter headings numbered 1、2、 (case 8), the year inside column
headers 本年(2023)制发件数 (case 6), a label typo a person still reads
(case 13), a wrapped header whose second line was lost (case 2), full-width
digits in a text file, thousands separators in table numbers. Each is
applied to a document with a small probability drawn from its own stream.
"""
from __future__ import annotations

import random

from pipelines.demo.render import prose

#: Probability of each variation per document.
P_VARIATION = 0.12
#: Probability of thousands separators in table numbers, and of full-width digits.
P_THOUSANDS = 0.1
P_FULL_WIDTH = 0.04

_FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")

_HEADINGS = (prose.SECTION_1, prose.SECTION_2, prose.SECTION_3, prose.SECTION_4, prose.SECTION_5, prose.SECTION_6)
_TYPOS = (("其他法律行政法规禁止公开", "其他法律行政止公开"), ("保护第三方合法权益", "保护第三方合法权利"))


def vary(text: str, truth: dict, seed: int, wrapped: bool = False) -> str:
    """`text` with zero or more variations (deterministic for truth and seed)."""
    rng = random.Random(f"vary|{seed}|{truth['unit']}|{truth['year']}")
    rolls = [rng.random() for _ in range(6)]
    if rolls[0] < P_VARIATION:
        # Labels keep their full-width brackets in the table but not in headings and
        # clause rows, as when a unit retyped part of the template.
        text = text.replace("第二十条第（", "第二十条第(").replace("）项", ")项").replace("（单位：万元）", "(单位:万元)")
        text = text.replace("（一）予以公开", "(一)予以公开").replace("（七）总计", "(七)总计")
    if rolls[1] < P_VARIATION:
        for k, heading in enumerate(_HEADINGS, 1):
            text = text.replace(heading, f"{k}、{heading[2:]}", 1)
    if rolls[2] < P_VARIATION and truth["template"] == "2021":
        year = truth["year"]
        text = text.replace("本年制发件数", f"本年({year})制发件数").replace("本年制发\n件数", f"本年({year})制发\n件数")
    if rolls[3] < P_VARIATION:
        old, new = rng.choice(_TYPOS)
        text = text.replace(old, new)
    if rolls[4] < P_VARIATION and wrapped:
        text = text.replace("本年新\n制作数量", "本年新").replace("本年新\n公开数量", "本年新")
    if rolls[5] < P_FULL_WIDTH and not text.startswith("<"):
        text = text.translate(_FULL_WIDTH)  # typed with a full-width input method
    return text


def thousands(truth: dict, seed: int) -> bool:
    """Whether a document prints its table numbers with thousands separators."""
    return random.Random(f"thousands|{seed}|{truth['unit']}|{truth['year']}").random() < P_THOUSANDS

