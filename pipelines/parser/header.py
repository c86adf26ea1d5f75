"""Unit, year and report markers from the text around the tables.

Trust order for the year: the title (2020年度…报告), then the statistics
period sentence (2020年1月1日至2020年12月31日), then the file name. A
signature date (2021年1月11日) or a notice number (〔2019〕60号) is never a
year: only these three patterns are read.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass, field

from pipelines.parser.normalize import clean

_TITLE = re.compile(
    r"(?P<pre>[^\s。，,；;:：]{0,40}?)\s*(?:关于)?\s*(?P<year>(?:19|20)\d{2})\s*年\s*(?:度)?\s*(?:的)?\s*"
    r"(?P<mid>[^\s。，,；;:：]{0,40}?)\s*(?:政府)?信息公开(?:工作)?\s*(?:的)?\s*(?:年度报告|年报|工作报告|报告)"
)
# 政府信息公开工作年度报告（2021年度） — the year after the title
_TITLE_AFTER = re.compile(
    r"(?P<pre>[^\s。，,；;:：]{0,40}?)\s*(?:政府)?信息公开(?:工作)?(?:年度)?(?:报告|年报)\s*[(\[]\s*(?P<year>(?:19|20)\d{2})\s*年度?\s*[)\]]"
)
# a title without a year: [unit]政府信息公开工作年度报告
_TITLE_NO_YEAR = re.compile(r"^(?P<pre>[^\s。，,；;:：]{0,40}?)\s*(?:政府)?信息公开(?:工作)?(?:年度报告|年报)$")
_TITLE_LOOSE = re.compile(r"(?:政府)?信息公开(?:工作)?(?:年度)?(?:报告|年报)")
_PERIOD = re.compile(
    r"(?P<y1>(?:19|20)\d{2})\s*年\s*0?1\s*月\s*0?1\s*日?\s*(?:起\s*)?(?:至|到|-|—|－|~|～)+\s*(?:(?P<y2>(?:19|20)\d{2})\s*年\s*)?12\s*月\s*31\s*日"
)
_YEAR_IN = re.compile(r"(?:19|20)\d{2}")
_FILE_YEAR = re.compile(r"(?<!\d)(20[1-4]\d)(?!\d)")
_NAV = re.compile(r".*(?:>|》|»|当前位置|您的位置|首页)\s*")
_UNIT_TRIM = re.compile(r"^(?:[\d一二三四五六七八九十]+[、.]|标题|题目)+|(?:关于|的)+$")


@dataclass
class Header:
    unit: str | None = None
    year: int | None = None
    year_source: str | None = None
    is_report: bool = False
    warnings: list[str] = field(default_factory=list)


def _unit_from(pre: str, mid: str, prev_line: str | None) -> tuple[str | None, bool]:
    """(unit, taken from the previous line) from the title's parts."""
    pre = _UNIT_TRIM.sub("", _NAV.sub("", pre)).strip(" -_|")
    mid = _UNIT_TRIM.sub("", mid).strip(" -_|")
    if pre:
        return pre, False
    if mid:
        return mid, False
    if prev_line:
        prev = _UNIT_TRIM.sub("", _NAV.sub("", prev_line)).strip(" -_|")
        if 2 <= len(prev) <= 40 and not re.search(r"[。，,；;！？!?]|\d{4}", prev):
            return prev, True
    return None, False


def read_header(lines: list[str], path: str, traditional: bool, tail: list[str] | None = None) -> Header:
    """Find unit and year in the document's text lines (original script kept);
    `tail` (the last lines) gives the signing unit when the title names none."""
    h = Header()
    prev: str | None = None
    prev_raw: str | None = None
    title_year: int | None = None
    no_year_unit: tuple[str | None, bool] | None = None
    for n, raw in enumerate(lines[:400]):
        line = clean(raw, traditional).strip()
        if not line:
            continue
        if title_year is None and len(line) <= 80:
            m = _TITLE.search(line) or _TITLE_AFTER.search(line)
            if m is None and _YEAR_IN.search(line) and ("信息公开" in line or "年度" in line) and n + 1 < len(lines):
                # a title wrapped over two lines (…年度报 / 告)
                joined = line + clean(lines[n + 1], traditional).strip()
                m = _TITLE.search(joined) if len(joined) <= 80 else None
            if m is None and no_year_unit is None:
                m0 = _TITLE_NO_YEAR.match(line)
                if m0:
                    no_year_unit = _unit_from(m0.group("pre"), "", prev)
            if m:
                title_year = int(m.group("year"))
                unit, from_prev = _unit_from(m.group("pre"), m.groupdict().get("mid") or "", prev)
                if unit:
                    src_raw, src_line = (prev_raw, prev) if from_prev else (raw, line)
                    h.unit = _original(src_raw or "", src_line or "", unit, traditional)
                h.is_report = True
        if not h.is_report and _TITLE_LOOSE.search(line):
            h.is_report = True
        prev, prev_raw = line, raw
        if title_year is not None:
            break
    if h.unit is None and no_year_unit is not None and no_year_unit[0]:
        h.unit, h.is_report = no_year_unit[0], True
    period_year: int | None = None
    # the lines that may state the period (they print 31); one that is ASCII (a number) is already clean
    text = "\n".join(x if x.isascii() else clean(x, traditional)
                     for x in lines[:600] if ("31" in x or "３１" in x or "卅一" in x))
    pm = _PERIOD.search(text)
    if pm and pm.group("y1") == (pm.group("y2") or pm.group("y1")):
        period_year = int(pm.group("y1"))
    file_year = path_year(path)
    if title_year is not None:
        h.year, h.year_source = title_year, "title"
    elif period_year is not None:
        h.year, h.year_source = period_year, "period"
    elif file_year is not None:
        h.year, h.year_source = file_year, "filename"
        h.warnings.append(f"year: 标题和统计期限中没有年度，按文件名取 {file_year} 年")
    else:
        h.warnings.append("year: 无法确定报告年度（标题、统计期限、文件名均无年份）")
    if period_year is not None and title_year is not None and period_year != title_year:
        h.warnings.append(f"year: 标题年度 {title_year} 与统计期限 {period_year} 不一致，采用标题")
    if file_year is not None and h.year is not None and h.year_source != "filename" and file_year != h.year:
        h.warnings.append(f"year: 文件名中的年份 {file_year} 与报告年度 {h.year} 不一致")
    if h.unit is None:
        h.unit = _signature_unit(tail or [], traditional)
        h.warnings.append(f"unit: 标题中未找到单位名称，取落款“{h.unit}”" if h.unit else "unit: 标题中未找到单位名称")
    return h


_DATE_LINE = re.compile(r"^(?:19|20)\d{2}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")


def _signature_unit(tail: list[str], traditional: bool) -> str | None:
    """The signing unit: the short line just above the closing date."""
    lines = [clean(x, traditional).strip() for x in tail if x.strip()]
    for i in range(len(lines) - 1, 0, -1):
        if _DATE_LINE.match(lines[i]):
            prev = lines[i - 1]
            if 2 <= len(prev) <= 30 and not re.search(r"[。，,；;:：！？!?()（）]|\d", prev):
                return prev
            return None
    return None


def _original(raw: str, line: str, unit: str, traditional: bool) -> str:
    """The unit as printed (original script), located via the cleaned line."""
    if not traditional:
        return unit
    i = line.find(unit)
    raw_c = clean(raw, False).strip()
    if i >= 0 and len(raw_c) == len(line):
        return raw_c[i:i + len(unit)]
    return unit


def path_year(path: str) -> int | None:
    """The year a file's name (else its folder path) names: the last resort for the reporting
    year, and the one thing a parse reads from the path (see pipelines.ingest.scan.parse_key)."""
    path = str(path)
    fm = _FILE_YEAR.findall(os.path.basename(path)) or _FILE_YEAR.findall(path)
    return int(fm[-1]) if fm else None
