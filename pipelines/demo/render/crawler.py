"""Crawler / copy-paste text: a saved web page whose report ran together.

Archives of government sites (and people copying a page) keep the text of a
page with every paragraph, heading and table cell run together on one line:
``…申请人情况自然人法人或其他组织总计商业企业…一、本年新收政府信息公开申请数量640020470二、上年结转…``.
Blank cells print nothing. The page's chrome comes before and after: a
breadcrumb, the title, a 来源/发布时间 line, font and share buttons, and the
attachment link. Variations, drawn per document:

* everything on one line, or a few line breaks (between the chrome blocks,
  at some headings or table rows, never inside a row);
* the rows of a table header apart by one space (``总计 商业企业``);
* stray spaces inside a few runs of digits (``2171 0000218``).
"""
from __future__ import annotations

import random

from pipelines.demo.render.doc import blocks, doc_rng
from pipelines.demo.render.grid import Skeleton, fill
from pipelines.demo.render.variants import vary

_CRUMBS = (
    ("首页", "政务公开", "政府信息公开年报"),
    ("首页", "信息公开", "法定主动公开内容", "政府信息公开年度报告"),
    ("当前位置：首页", "政府信息公开", "年度报告"),
)
_TOOLS = ("【字体：大 中 小】", "【打印本页】【关闭窗口】", "分享到：微信 微博 QQ空间", "扫一扫在手机打开当前页")
#: Probability of a few line breaks, of header rows apart by a space, of a stray space in a run.
P_BREAKS = 0.35
P_HEADER_SPACE = 0.5
P_STRAY = 0.06


def _table(truth: dict, sk: Skeleton, rng: random.Random, stray: bool, header_space: bool) -> list[str]:
    """The table's rows, each run together (blank cells print nothing)."""
    rows: list[str] = []
    for r, row in enumerate(sk.word_rows):
        labels = "".join(c for c in row if isinstance(c, str))
        values = [fill(truth, c) for c in row if not isinstance(c, str)]
        run = "".join(values)
        if stray and len(run) > 3 and rng.random() < P_STRAY:
            at = rng.randrange(1, len(run))
            run = run[:at] + " " + run[at:]
        text = labels + run
        if text:
            rows.append((" " if header_space and 0 < r < sk.header_rows else "") + text)
    return rows


def render_crawler(truth: dict, seed: int = 0) -> bytes:
    """The page text of one report as a crawler saved it (UTF-8)."""
    rng = doc_rng(truth, "crawler", seed)
    breaks = rng.random() < P_BREAKS
    header_space = rng.random() < P_HEADER_SPACE
    title = ""
    body: list[list[str]] = [[]]  # lines of pieces; a new line only where a break falls
    tail: list[str] = []
    for kind, payload in blocks(truth, rng, False):
        if kind == "title":
            title = "".join(payload)  # type: ignore[arg-type]
        elif kind == "sign":
            tail = list(payload)  # type: ignore[arg-type]
        elif kind == "table":
            for row in _table(truth, payload, rng, True, header_space):  # type: ignore[arg-type]
                if breaks and rng.random() < 0.04:
                    body.append([])
                body[-1].append(row)
        else:
            if breaks and kind == "h" and rng.random() < 0.5:
                body.append([])
            body[-1].append(payload)  # type: ignore[arg-type]
    year = truth["year"]
    crumbs = rng.choice(_CRUMBS)
    crumb = rng.choice((" > ", ">", " » ")).join(crumbs)
    date = f"{year + 1}-{rng.randint(1, 3):02d}-{rng.randint(1, 28):02d}"
    meta = f"来源：{truth['unit']}{rng.choice((' ', ''))}发布时间：{date}{rng.choice((' ', ''))}浏览次数：{rng.randint(20, 5000)}"
    tools = rng.sample(_TOOLS, 2)
    head = [crumb, title, meta, tools[0]]
    foot = ["".join(tail), f"附件下载：{year}年政府信息公开工作年度报告.pdf", tools[1]]
    sep = "\n" if breaks else " "
    text = sep.join([*head, *("".join(line) for line in body if line), *foot])
    return vary(text + "\n", truth, seed).encode("utf-8")
