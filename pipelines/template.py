"""The national template as data: tables, canonical codes, labels and rules.

This module is the single place that knows the annual report's layout
(`../shared/spec/report-format.md`). Parser, demo generator, warehouse,
dashboard and docs all read their codes and Chinese labels from here, so a
code never means two things. Nothing in here does I/O.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

TemplateId = Literal["2019", "2021"]
TEMPLATES: tuple[TemplateId, ...] = ("2019", "2021")
BOTH: tuple[TemplateId, ...] = TEMPLATES

TableId = Literal["proactive", "requests", "review_litigation"]
TABLES: dict[str, str] = {
    "proactive": "二、主动公开政府信息情况",
    "requests": "三、收到和处理政府信息公开申请情况",
    "review_litigation": "四、政府信息公开行政复议、行政诉讼情况",
}

CellState = Literal["number", "blank", "dash", "text", "derived", "recovered", "ambiguous", "missing"]
#: How a cell state matters to the data-quality follow-up, most serious last:
#: ``none`` a read number (or one the template defines as a sum of printed cells);
#: ``note`` a number the parser had to work out from the sums (worth a glance);
#: ``empty`` printed empty or as a dash (counted, shown apart: usually meant as 0);
#: ``problem`` no number could be read where one belongs.
StateQuality = Literal["none", "note", "empty", "problem"]


@dataclass(frozen=True, slots=True)
class StateInfo:
    """What a cell state means, as data: every consumer (checks, parser, warehouse
    views, dashboard, docs) derives its behaviour from these fields."""

    label: str              # Chinese label shown to the office
    has_value: bool         # `value` holds a number that sums take as it is
    zero_in_sums: bool      # no value, but sums read it as 0 (the office's convention)
    keeps_raw: bool         # the printed text is stored (`raw`) beside the value
    printed: bool           # something was printed at this place in the document
    quality: StateQuality   # how the data-quality page treats it
    mark: str               # how a terminal summary marks the cell (after a value, or alone)


CELL_STATES: dict[str, StateInfo] = {
    "number": StateInfo("印有数字", True, False, False, True, "none", ""),
    "blank": StateInfo("空白单元格", False, True, True, True, "empty", "空"),
    "dash": StateInfo("横线/斜线/无", False, True, True, True, "empty", "—"),
    "text": StateInfo("非数字文字", False, False, True, True, "problem", "文字"),
    "derived": StateInfo("由其他单元格推算", True, False, False, False, "none", "="),
    "recovered": StateInfo("由连写数字按勾稽关系拆分", True, False, True, True, "note", "*"),
    # digits that ran together and split more than one way under every sum: never a guessed number
    "ambiguous": StateInfo("连写数字拆分不唯一", False, False, True, True, "problem", "?"),
    "missing": StateInfo("文档中未找到该行或列", False, False, False, False, "problem", "缺"),
}
#: States whose value sums take as it is / read as 0 / that keep their printed text.
VALUE_STATES: frozenset[str] = frozenset(s for s, i in CELL_STATES.items() if i.has_value)
ZERO_STATES: frozenset[str] = frozenset(s for s, i in CELL_STATES.items() if i.zero_in_sums)
RAW_STATES: frozenset[str] = frozenset(s for s, i in CELL_STATES.items() if i.keeps_raw)
#: States of cells printed in the document (not missing, not computed by the parser).
PRINTED_STATES: frozenset[str] = frozenset(s for s, i in CELL_STATES.items() if i.printed)
#: States without a number where the sums must stop (neither a value nor read as 0).
UNKNOWN_STATES: frozenset[str] = frozenset(CELL_STATES) - VALUE_STATES - ZERO_STATES


def state_label(state: str) -> str:
    """The Chinese label of a cell state (the code itself if unknown)."""
    info = CELL_STATES.get(state)
    return info.label if info else state


@dataclass(frozen=True, slots=True)
class Code:
    """One row or column of a table: canonical code, printed label, match keys.

    `keys` are normalised fragments (simplified, no brackets or spaces) that
    identify the label in a document; the first is the most specific.
    """

    code: str
    label: str
    keys: tuple[str, ...] = ()
    templates: tuple[TemplateId, ...] = BOTH
    group: str = ""
    derived_in: tuple[TemplateId, ...] = ()
    printed_in: tuple[TemplateId, ...] = BOTH


# ---------------------------------------------------------------- section 三
APPLICANTS: tuple[Code, ...] = (
    Code("natural_person", "自然人", ("自然人",)),
    Code("commercial", "商业企业", ("商业企业", "商业"), group="法人或其他组织"),
    Code("research", "科研机构", ("科研机构", "科研"), group="法人或其他组织"),
    Code("social_welfare", "社会公益组织", ("社会公益组织", "公益组织", "公益"), group="法人或其他组织"),
    Code("legal_service", "法律服务机构", ("法律服务机构", "法律服务"), group="法人或其他组织"),
    Code("other_org", "其他", ("其他",), group="法人或其他组织"),
    Code("total", "总计", ("总计", "合计")),
)
APPLICANT_PARTS: tuple[str, ...] = tuple(a.code for a in APPLICANTS if a.code != "total")

REQUEST_ITEMS: tuple[Code, ...] = (
    Code("new_received", "一、本年新收政府信息公开申请数量", ("本年新收",)),
    Code("carried_over", "二、上年结转政府信息公开申请数量", ("上年结转",)),
    Code("granted", "（一）予以公开", ("予以公开",), group="三、本年度办理结果"),
    Code("partially_granted", "（二）部分公开（区分处理的，只计这一情形，不计其他情形）", ("部分公开",), group="三、本年度办理结果"),
    Code("withheld_state_secret", "1.属于国家秘密", ("国家秘密",), group="（三）不予公开"),
    Code("withheld_law_prohibited", "2.其他法律行政法规禁止公开", ("其他法律行政法规禁止公开", "禁止公开"), group="（三）不予公开"),
    Code("withheld_security_stability", "3.危及“三安全一稳定”", ("三安全一稳定",), group="（三）不予公开"),
    Code("withheld_third_party", "4.保护第三方合法权益", ("保护第三方合法权益", "第三方"), group="（三）不予公开"),
    Code("withheld_internal_affairs", "5.属于三类内部事务信息", ("三类内部事务", "内部事务"), group="（三）不予公开"),
    Code("withheld_process_info", "6.属于四类过程性信息", ("四类过程性", "过程性信息"), group="（三）不予公开"),
    Code("withheld_enforcement_file", "7.属于行政执法案卷", ("行政执法案卷", "执法案卷"), group="（三）不予公开"),
    Code("withheld_inquiry", "8.属于行政查询事项", ("行政查询事项", "查询事项"), group="（三）不予公开"),
    Code("unavailable_not_held", "1.本机关不掌握相关政府信息", ("不掌握相关政府信息", "不掌握"), group="（四）无法提供"),
    Code("unavailable_needs_creation", "2.没有现成信息需要另行制作", ("没有现成信息", "另行制作"), group="（四）无法提供"),
    Code("unavailable_unclear", "3.补正后申请内容仍不明确", ("补正后申请内容仍不明确", "仍不明确"), group="（四）无法提供"),
    Code("rejected_petition", "1.信访举报投诉类申请", ("信访举报投诉",), group="（五）不予处理"),
    Code("rejected_duplicate", "2.重复申请", ("重复申请",), group="（五）不予处理"),
    Code("rejected_publication", "3.要求提供公开出版物", ("公开出版物",), group="（五）不予处理"),
    Code("rejected_excessive", "4.无正当理由大量反复申请", ("大量反复申请",), group="（五）不予处理"),
    Code("rejected_confirmation", "5.要求行政机关确认或重新出具已获取信息", ("确认或重新出具", "重新出具"), group="（五）不予处理"),
    Code("other_no_correction", "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请", ("逾期不补正", "不补正"), templates=("2021",), group="（六）其他处理"),
    Code("other_no_fee", "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请", ("收费通知", "缴纳费用", "逾期未缴费", "未缴纳", "缴费"), templates=("2021",), group="（六）其他处理"),
    Code("other_misc", "3.其他", ("其他",), templates=("2021",), group="（六）其他处理"),
    Code("other", "（六）其他处理", ("其他处理",), derived_in=("2021",), printed_in=("2019",), group="三、本年度办理结果"),
    Code("total_processed", "（七）总计", ("总计",), group="三、本年度办理结果"),
    Code("carried_forward", "四、结转下年度继续办理", ("结转下年度",)),
)

WITHHELD: tuple[str, ...] = tuple(i.code for i in REQUEST_ITEMS if i.code.startswith("withheld_"))
UNAVAILABLE: tuple[str, ...] = tuple(i.code for i in REQUEST_ITEMS if i.code.startswith("unavailable_"))
REJECTED: tuple[str, ...] = tuple(i.code for i in REQUEST_ITEMS if i.code.startswith("rejected_"))
OTHER_SPLIT: tuple[str, ...] = ("other_no_correction", "other_no_fee", "other_misc")
#: The parts whose sum is `total_processed` (outcome_total rule).
OUTCOME_PARTS: tuple[str, ...] = ("granted", "partially_granted", *WITHHELD, *UNAVAILABLE, *REJECTED, "other")

#: Outcome categories shown in the dashboard, one colour each everywhere.
OUTCOME_GROUPS: dict[str, tuple[str, tuple[str, ...]]] = {
    "granted": ("予以公开", ("granted",)),
    "partially_granted": ("部分公开", ("partially_granted",)),
    "withheld": ("不予公开", WITHHELD),
    "unavailable": ("无法提供", UNAVAILABLE),
    "rejected": ("不予处理", REJECTED),
    "other": ("其他处理", ("other",)),
}

# ---------------------------------------------------------------- section 四
PROCEEDINGS: tuple[Code, ...] = (
    Code("review", "行政复议", ("行政复议",)),
    Code("litigation_direct", "行政诉讼·未经复议直接起诉", ("未经复议直接起诉", "直接起诉")),
    Code("litigation_after_review", "行政诉讼·复议后起诉", ("复议后起诉",)),
)
OUTCOMES: tuple[Code, ...] = (
    Code("upheld", "结果维持", ("结果维持", "维持")),
    Code("corrected", "结果纠正", ("结果纠正", "纠正")),
    Code("other", "其他结果", ("其他结果",)),
    Code("pending", "尚未审结", ("尚未审结",)),
    Code("total", "总计", ("总计", "合计")),
)
OUTCOME_SUM_PARTS: tuple[str, ...] = ("upheld", "corrected", "other", "pending")

# ---------------------------------------------------------------- section 二
MeasureKind = Literal["count", "signed", "amount"]


@dataclass(frozen=True, slots=True)
class Measure:
    code: str
    label: str
    keys: tuple[str, ...]
    kind: MeasureKind = "count"


@dataclass(frozen=True, slots=True)
class ProactiveItem:
    code: str
    label: str
    clause: str
    keys: tuple[str, ...]
    measures: tuple[Measure, ...]


_NEW_MADE = Measure("new_made", "本年新制作数量", ("本年新制作", "新制作"))
_NEW_PUBLISHED = Measure("new_published", "本年新公开数量", ("本年新公开", "新公开"))
_TOTAL_PUBLISHED = Measure("total_published", "对外公开总数量", ("对外公开总数", "公开总数"))
_PREV = Measure("prev_count", "上一年项目数量", ("上一年项目数量", "上一年"))
_CHANGE = Measure("change", "本年增/减", ("本年增减", "增减"), kind="signed")
_DECISIONS_2019 = Measure("decisions", "处理决定数量", ("处理决定数量", "处理决定"))
_THREE_2019 = (_PREV, _CHANGE, _DECISIONS_2019)

PROACTIVE: dict[TemplateId, tuple[ProactiveItem, ...]] = {
    "2019": (
        ProactiveItem("regulations", "规章", "第二十条第（一）项", ("规章",), (_NEW_MADE, _NEW_PUBLISHED, _TOTAL_PUBLISHED)),
        ProactiveItem("normative_documents", "规范性文件", "第二十条第（一）项", ("规范性文件",), (_NEW_MADE, _NEW_PUBLISHED, _TOTAL_PUBLISHED)),
        ProactiveItem("licensing", "行政许可", "第二十条第（五）项", ("行政许可",), _THREE_2019),
        ProactiveItem("other_services", "其他对外管理服务事项", "第二十条第（五）项", ("其他对外管理服务", "对外管理服务"), _THREE_2019),
        ProactiveItem("penalty", "行政处罚", "第二十条第（六）项", ("行政处罚",), _THREE_2019),
        ProactiveItem("compulsion", "行政强制", "第二十条第（六）项", ("行政强制",), _THREE_2019),
        ProactiveItem("fees", "行政事业性收费", "第二十条第（八）项", ("行政事业性收费", "事业性收费"), (_PREV, _CHANGE)),
        ProactiveItem("procurement", "政府集中采购", "第二十条第（九）项", ("政府集中采购", "集中采购"), (
            Measure("procurement_count", "采购项目数量", ("采购项目数量",)),
            Measure("procurement_amount", "采购总金额", ("采购总金额",), kind="amount"),
        )),
    ),
    "2021": (
        ProactiveItem("regulations", "规章", "第二十条第（一）项", ("规章",), (
            Measure("issued", "本年制发件数", ("制发件数", "本年制发")),
            Measure("repealed", "本年废止件数", ("废止件数", "本年废止")),
            Measure("in_force", "现行有效件数", ("现行有效件数", "现行有效")),
        )),
        ProactiveItem("normative_documents", "行政规范性文件", "第二十条第（一）项", ("行政规范性文件", "规范性文件"), (
            Measure("issued", "本年制发件数", ("制发件数", "本年制发")),
            Measure("repealed", "本年废止件数", ("废止件数", "本年废止")),
            Measure("in_force", "现行有效件数", ("现行有效件数", "现行有效")),
        )),
        ProactiveItem("licensing", "行政许可", "第二十条第（五）项", ("行政许可",), (
            Measure("decisions", "本年处理决定数量", ("本年处理决定数量", "处理决定数量")),)),
        ProactiveItem("penalty", "行政处罚", "第二十条第（六）项", ("行政处罚",), (
            Measure("decisions", "本年处理决定数量", ("本年处理决定数量", "处理决定数量")),)),
        ProactiveItem("compulsion", "行政强制", "第二十条第（六）项", ("行政强制",), (
            Measure("decisions", "本年处理决定数量", ("本年处理决定数量", "处理决定数量")),)),
        ProactiveItem("fees", "行政事业性收费", "第二十条第（八）项", ("行政事业性收费", "事业性收费"), (
            Measure("fee_amount", "本年收费金额（单位：万元）", ("本年收费金额", "收费金额"), kind="amount"),)),
    ),
}


def request_items(template: TemplateId) -> tuple[Code, ...]:
    """The rows of section 三 stored for a template (2021 includes derived `other`)."""
    return tuple(i for i in REQUEST_ITEMS if template in i.templates)


def printed_request_items(template: TemplateId) -> tuple[Code, ...]:
    """The rows of section 三 as printed in a template (no derived rows)."""
    return tuple(i for i in REQUEST_ITEMS if template in i.templates and template in i.printed_in)


def proactive_cells(template: TemplateId) -> tuple[tuple[str, str], ...]:
    """(item, measure) pairs of section 二 in printed order."""
    return tuple((it.code, m.code) for it in PROACTIVE[template] for m in it.measures)


def measure(template: TemplateId, item: str, code: str) -> Measure:
    """Look up one measure of section 二."""
    for it in PROACTIVE[template]:
        if it.code == item:
            for m in it.measures:
                if m.code == code:
                    return m
    raise KeyError((template, item, code))


def table_lines(table: str, axis: Literal["row", "column"], template: TemplateId,
                variant: str | None = None) -> tuple[str, ...]:
    """The row or column codes of a table as a template (and variant) prints it, in order;
    a hybrid report has no 其他处理 split rows."""
    if table == "requests":
        if axis == "column":
            return tuple(a.code for a in APPLICANTS)
        rows = tuple(i.code for i in request_items(template))
        return tuple(r for r in rows if r not in OTHER_SPLIT) if variant == "hybrid" else rows
    if table == "review_litigation":
        return tuple(c.code for c in (PROCEEDINGS if axis == "row" else OUTCOMES))
    if axis == "row":
        return tuple(it.code for it in PROACTIVE[template])
    return tuple(dict.fromkeys(m.code for it in PROACTIVE[template] for m in it.measures))


def measure_codes(kind: MeasureKind) -> frozenset[str]:
    """Codes of the section 二 measures of one kind, in either template."""
    return frozenset(m.code for items in PROACTIVE.values() for it in items for m in it.measures if m.kind == kind)


# The rules are data of the template too; they live in pipelines/rules.py (which reads the codes
# above) and are named here as well, so that every reader finds them under template.
from pipelines.rules import (  # noqa: E402
    REQUESTS_COLUMN_RULES, RULE_TOLERANCE, RULES, RULES_BY_CODE, Rule, Subtotal, Term)
