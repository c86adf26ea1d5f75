"""Demo-city Word reports: the official 2021 blank template filled in, or an
equivalent layout built with python-docx for the 2019 table and the hybrid.

Tables come from the shared skeletons of ``grid.py`` (the same merges as the
HTML renderer), prose from ``prose.py``. An empty or None value is printed
as U+3000, as units do in the official template.
"""
from __future__ import annotations

import io
import random
from copy import deepcopy
from functools import lru_cache
from pathlib import Path

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Pt
from xml.sax.saxutils import escape

from pipelines.demo.render.grid import Skeleton, fill, fmt, proactive_table, requests_table, review_table
from pipelines.demo.render.prose import SECTION_1, SECTION_2, SECTION_3, SECTION_4, SECTION_5, SECTION_6, make_prose
from pipelines.template import APPLICANTS, OUTCOMES, PROACTIVE, PROCEEDINGS, printed_request_items

TEMPLATE_2021 = Path(__file__).resolve().parents[1] / "assets" / "official_2021_blank.docx"
EMPTY = "\u3000"


@lru_cache(maxsize=1)
def _template_bytes() -> bytes:
    return TEMPLATE_2021.read_bytes()


def render_docx(truth: dict, seed: int = 0) -> bytes:
    """One demo report as .docx bytes (template 2021 filled, or 2019/hybrid built)."""
    rng = random.Random(seed)
    prose = make_prose(truth, rng)
    variant = truth.get("variant", truth["template"])
    if variant == "2021":
        doc = _fill_official(truth, prose)
    else:
        doc = _build(truth, variant, prose)
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _value(v: object) -> str:
    return fmt(v) or EMPTY


def _tc_grid(tbl) -> dict[tuple[int, int], object]:
    """Grid position → the w:tc element that starts there (gridSpan honoured)."""
    out: dict[tuple[int, int], object] = {}
    for r, tr in enumerate(tbl.iterchildren(qn("w:tr"))):
        c = 0
        for tc in tr.iterchildren(qn("w:tc")):
            out[(r, c)] = tc
            gs = tc.find(f"{qn('w:tcPr')}/{qn('w:gridSpan')}")
            c += int(gs.get(qn("w:val"))) if gs is not None else 1
    return out


def _set_tc(tc, text: str) -> None:
    """Replace a cell's text, keeping the first run's character formatting."""
    paras = tc.findall(qn("w:p"))
    for extra in paras[1:]:
        tc.remove(extra)
    p = paras[0]
    runs = p.findall(qn("w:r"))
    rpr = runs[0].find(qn("w:rPr")) if runs else None
    for r in runs:
        p.remove(r)
    r = OxmlElement("w:r")
    if rpr is not None:
        r.append(deepcopy(rpr))
    t = OxmlElement("w:t")
    t.set(qn("xml:space"), "preserve")
    t.text = text
    r.append(t)
    p.append(r)


def _replace_para(p, texts: tuple[str, ...] | list[str]) -> None:
    """Put ``texts`` where paragraph ``p`` is: first into p, the rest as copies after it."""
    anchor = p._p
    template = deepcopy(anchor)
    for k, text in enumerate(texts):
        if k:
            new = deepcopy(template)
            anchor.addnext(new)
            anchor = new
        for r in anchor.findall(qn("w:r"))[1:]:
            anchor.remove(r)
        first = anchor.find(qn("w:r"))
        if first is None:
            first = OxmlElement("w:r")
            anchor.append(first)
        for t in first.findall(qn("w:t")):
            first.remove(t)
        t = OxmlElement("w:t")
        t.text = text
        first.append(t)


def _fill_official(truth: dict, prose) -> Document:
    doc = Document(io.BytesIO(_template_bytes()))
    proactive_t, requests_t, review_t = (_tc_grid(t._tbl) for t in doc.tables[:3])
    # Section 二: items by the label in grid column 0; values from column 1.
    rows = {"".join(t.text or "" for t in tc.iter(qn("w:t"))).strip(): r for (r, c), tc in proactive_t.items() if c == 0}
    for it in PROACTIVE["2021"]:
        r = rows[it.label]
        for k, m in enumerate(it.measures):
            _set_tc(proactive_t[(r, 1 + k)], _value(truth["proactive"].get(it.code, {}).get(m.code)))
    # Section 三: 25 printed rows from grid row 3, applicants from grid column 3.
    for r, item in enumerate(printed_request_items("2021")):
        for c, a in enumerate(APPLICANTS):
            _set_tc(requests_t[(3 + r, 3 + c)], _value(truth["requests"].get(item.code, {}).get(a.code)))
    # Section 四: one row of 15 values.
    for k, (p, o) in enumerate((p, o) for p in PROCEEDINGS for o in OUTCOMES):
        _set_tc(review_t[(3, k)], _value(truth["review_litigation"].get(p.code, {}).get(o.code)))
    title = next(p for p in doc.paragraphs if p.text.strip() == "政府信息公开工作年度报告格式模板")
    _replace_para(title, ["".join(prose.title_lines), *prose.intro])
    slots = [p for p in doc.paragraphs if p.text.startswith("（文字描述")]
    _replace_para(slots[0], prose.overview)
    _replace_para(slots[1], prose.problems)
    _replace_para(slots[2], prose.other)
    for line in prose.signature:
        doc.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return doc


def _build(truth: dict, variant: str, prose) -> Document:
    doc = Document()
    style = doc.styles["Normal"]
    style.font.size = Pt(12)
    for line in prose.title_lines:
        doc.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.CENTER
    for text in prose.intro:
        doc.add_paragraph(text)
    doc.add_paragraph(SECTION_1)
    for text in prose.overview:
        doc.add_paragraph(text)
    template = "2019" if variant == "2019" else "2021"
    doc.add_paragraph(SECTION_2)
    _add_table(doc, proactive_table(template), truth)
    doc.add_paragraph(SECTION_3)
    _add_table(doc, requests_table(variant), truth)
    doc.add_paragraph(SECTION_4)
    _add_table(doc, review_table(), truth)
    doc.add_paragraph(SECTION_5)
    for text in prose.problems:
        doc.add_paragraph(text)
    doc.add_paragraph(SECTION_6)
    for text in prose.other:
        doc.add_paragraph(text)
    for line in prose.signature:
        doc.add_paragraph(line).alignment = WD_ALIGN_PARAGRAPH.RIGHT
    return doc


_TBL_PR = (
    '<w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="5000" w:type="pct"/>'
    '<w:tblBorders><w:top w:val="single" w:sz="4"/><w:left w:val="single" w:sz="4"/>'
    '<w:bottom w:val="single" w:sz="4"/><w:right w:val="single" w:sz="4"/>'
    '<w:insideH w:val="single" w:sz="4"/><w:insideV w:val="single" w:sz="4"/></w:tblBorders></w:tblPr>'
)


def _add_table(doc, sk: Skeleton, truth: dict) -> None:
    """A Word table from a skeleton, written as WordprocessingML: gridSpan for
    column merges, vMerge restart/continue for row merges."""
    owner: dict[tuple[int, int], tuple[int, int, object]] = {}
    for r, row in enumerate(sk.anchors):
        c = 0
        for a in row:
            while (r, c) in owner:
                c += 1
            for dr in range(a.rowspan):
                for dc in range(a.colspan):
                    owner[(r + dr, c + dc)] = (r, c, a)
            c += a.colspan
    xml = [f"<w:tbl {nsdecls('w')}>", _TBL_PR, "<w:tblGrid>", '<w:gridCol w:w="600"/>' * sk.ncols, "</w:tblGrid>"]
    for r in range(len(sk.anchors)):
        xml.append("<w:tr>")
        c = 0
        while c < sk.ncols:
            ar, ac, a = owner[(r, c)]
            span = f'<w:gridSpan w:val="{a.colspan}"/>' if a.colspan > 1 else ""
            if ar == r:
                vm = '<w:vMerge w:val="restart"/>' if a.rowspan > 1 else ""
                text = fill(truth, a.content).replace("\n", "")
                if not a.head and not text:
                    text = EMPTY
                xml.append(f"<w:tc><w:tcPr>{span}{vm}</w:tcPr><w:p><w:r><w:t xml:space=\"preserve\">"
                           f"{escape(text)}</w:t></w:r></w:p></w:tc>")
            else:
                xml.append(f"<w:tc><w:tcPr>{span}<w:vMerge/></w:tcPr><w:p/></w:tc>")
            c += a.colspan
        xml.append("</w:tr>")
    xml.append("</w:tbl>")
    body = doc.element.body
    body.sectPr.addprevious(parse_xml("".join(xml))) if body.sectPr is not None else body.append(parse_xml("".join(xml)))
