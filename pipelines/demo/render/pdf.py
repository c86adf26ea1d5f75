"""Demo-city PDF reports: reportlab with the built-in CID font STSong-Light
(no font file needed), ruled tables with the template's merges, about six
A4 pages, tables that run over a page break (header repeated or not, chosen
by the seed) and page footers ``- N -`` as Chinese government PDFs print them.
"""
from __future__ import annotations

import io
import random
from functools import lru_cache

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.cidfonts import UnicodeCIDFont
from reportlab.platypus import KeepTogether, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from pipelines.demo.render.grid import Skeleton, fill, proactive_table, requests_table, review_table
from pipelines.demo.render.prose import SECTION_1, SECTION_2, SECTION_3, SECTION_4, SECTION_5, SECTION_6, make_prose

FONT = "STSong-Light"
_WIDTH = A4[0] - 54 * mm  # GB/T 9704 margins: 28 mm left, 26 mm right


@lru_cache(maxsize=1)
def _styles() -> dict[str, ParagraphStyle]:
    pdfmetrics.registerFont(UnicodeCIDFont(FONT))
    body = ParagraphStyle("body", fontName=FONT, fontSize=16, leading=30, firstLineIndent=32, wordWrap="CJK")
    return {
        "title": ParagraphStyle("title", fontName=FONT, fontSize=20, leading=32, alignment=TA_CENTER, wordWrap="CJK"),
        "body": body,
        "head": ParagraphStyle("head", parent=body, firstLineIndent=32, fontSize=16, spaceBefore=6, keepWithNext=1),
        "sign": ParagraphStyle("sign", parent=body, alignment=TA_RIGHT, firstLineIndent=0),
        "cell": ParagraphStyle("cell", fontName=FONT, fontSize=8.5, leading=10.5, alignment=TA_CENTER, wordWrap="CJK"),
    }


def _footer(canvas, doc) -> None:
    canvas.saveState()
    canvas.setFont(FONT, 11)
    canvas.drawCentredString(A4[0] / 2, 20 * mm, f"- {doc.page} -")
    canvas.restoreState()


def render_pdf(truth: dict, seed: int = 0) -> bytes:
    """One demo report as PDF bytes with a text layer."""
    rng = random.Random(seed)
    prose = make_prose(truth, rng)
    st = _styles()
    variant = truth.get("variant", truth["template"])
    template = "2019" if variant == "2019" else "2021"
    story: list = [Paragraph(line, st["title"]) for line in prose.title_lines]
    story.append(Spacer(1, 8))
    story += [Paragraph(t, st["body"]) for t in prose.intro]
    story.append(Paragraph(SECTION_1, st["head"]))
    story += [Paragraph(t, st["body"]) for t in prose.overview]
    story.append(Paragraph(SECTION_2, st["head"]))
    story += _table(proactive_table(template), truth, [0.31, 0.23, 0.23, 0.23])
    story.append(Paragraph(SECTION_3, st["head"]))
    widths = [0.05, 0.09, 0.27] + [0.084] * 7
    sk = requests_table(variant)
    # Split the matrix at a group boundary, as Word does at a page end: the
    # second part follows directly, on the same page if it fits, else the next.
    split = _row_of(sk, rng.choice(("withheld_state_secret", "unavailable_not_held", "rejected_petition")))
    story += _table(sk, truth, widths, split_at=split)
    story.append(Paragraph(SECTION_4, st["head"]))
    story.append(KeepTogether(_table(review_table(), truth, [1 / 15] * 15)))
    story.append(Paragraph(SECTION_5, st["head"]))
    story += [Paragraph(t, st["body"]) for t in prose.problems]
    story.append(Paragraph(SECTION_6, st["head"]))
    story += [Paragraph(t, st["body"]) for t in prose.other]
    story.append(Spacer(1, 12))
    story += [Paragraph(t, st["sign"]) for t in prose.signature]
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=28 * mm, rightMargin=26 * mm, topMargin=37 * mm,
                            bottomMargin=35 * mm, title=f"{truth['unit']}{truth['year']}年度政府信息公开工作年度报告",
                            author=truth["unit"], subject="演示数据")
    doc.build(story, onFirstPage=_footer, onLaterPages=_footer)
    return out.getvalue()


def _row_of(sk: Skeleton, item: str) -> int:
    """Grid row of a request item in a skeleton."""
    for r, row in enumerate(sk.anchors):
        if any(isinstance(a.content, tuple) and a.content[1] == item for a in row):
            return r
    raise KeyError(item)


def _table(sk: Skeleton, truth: dict, fractions: list[float], split_at: int | None = None) -> list[Table]:
    """Ruled reportlab Tables from a skeleton, merges as SPAN commands; with
    ``split_at`` two tables, spans crossing the cut continued in the second."""
    st = _styles()
    data: list[list[object]] = [[""] * sk.ncols for _ in sk.anchors]
    spans: list[tuple[int, int, int, int]] = []
    taken: set[tuple[int, int]] = set()
    for r, row in enumerate(sk.anchors):
        c = 0
        for a in row:
            while (r, c) in taken:
                c += 1
            for dr in range(a.rowspan):
                for dc in range(a.colspan):
                    taken.add((r + dr, c + dc))
            text = fill(truth, a.content).replace("\n", "")
            data[r][c] = Paragraph(text, st["cell"]) if len(text) > 4 else text
            if a.rowspan > 1 or a.colspan > 1:
                spans.append((c, r, c + a.colspan - 1, r + a.rowspan - 1))
            c += a.colspan
    widths = [f * _WIDTH for f in fractions]
    if not split_at:
        return [_ruled(data, spans, widths)]
    first = [(c0, r0, c1, min(r1, split_at - 1)) for c0, r0, c1, r1 in spans if r0 < split_at]
    second = [(c0, max(r0, split_at) - split_at, c1, r1 - split_at) for c0, r0, c1, r1 in spans if r1 >= split_at]
    return [_ruled(data[:split_at], first, widths), _ruled(data[split_at:], second, widths)]


def _ruled(data: list[list[object]], spans: list[tuple[int, int, int, int]], widths: list[float]) -> Table:
    table = Table(data, colWidths=widths)
    table.setStyle(TableStyle([
        ("FONTNAME", (0, 0), (-1, -1), FONT),
        ("FONTSIZE", (0, 0), (-1, -1), 8.5),
        ("GRID", (0, 0), (-1, -1), 0.6, colors.black),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("ALIGN", (0, 0), (-1, -1), "CENTER"),
        ("TOPPADDING", (0, 0), (-1, -1), 6),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 6),
        *(("SPAN", (c0, r0), (c1, r1)) for c0, r0, c1, r1 in spans if (c0, r0) != (c1, r1)),
    ]))
    return table
