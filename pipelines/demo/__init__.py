"""The demo city (示例市): a deterministic synthetic corpus with known truth.

``generate_corpus`` writes reports in every rendering, the units registry
and the truth (with injected defects at known places); ``build_default_demo``
builds the default corpus under data/demo, adds the real sample reports and
loads everything into the warehouse. Every document says 演示数据.
"""
from __future__ import annotations

from pipelines.demo.corpus import CorpusSummary, generate_corpus
from pipelines.demo.default import build_default_demo

__all__ = ["generate_corpus", "build_default_demo", "CorpusSummary"]
