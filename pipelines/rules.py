"""The consistency rules (勾稽关系) of the template, as data.

Read by the checker (pipelines/checks.py), the demo's defect truth, the warehouse's
cross-year SQL and the docs. Re-exported by pipelines.template, where the rest of the
template lives, so that `template.RULES` and the other names keep working for every reader.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from pipelines.template import (APPLICANT_PARTS, APPLICANTS, BOTH, OTHER_SPLIT, OUTCOME_PARTS, OUTCOME_SUM_PARTS,
                                REJECTED, UNAVAILABLE, WITHHELD, TableId, TemplateId)

#: Two sums a rule compares are equal when they differ by less than this (amounts are decimals).
RULE_TOLERANCE = 1e-6


@dataclass(frozen=True, slots=True)
class Term:
    """One place on a rule's side: a row or column code on the axis the rule adds up."""

    code: str
    sign: int = 1   # +1 added, -1 subtracted
    year: int = 0   # 0: the year checked (N); -1: the year before (N−1), for cross-year rules


@dataclass(frozen=True, slots=True)
class Subtotal:
    """A printed subtotal line the parser reads apart (Report.meta["subtotals"][group]) and the
    rule also checks: the sum of `parts` along the rule's other axis equals the printed value."""

    group: str
    parts: tuple[str, ...]
    where: str      # the place checked; {table}, {line} and {group} are filled in


@dataclass(frozen=True, slots=True)
class Rule:
    """One consistency rule (勾稽关系), read by the checker, the demo's defect truth, the
    cross-year SQL and the docs. A `balance` rule holds, for each line (`each` row or column
    of `table`: `lines`, else all), sum(expected) = sum(actual) over Terms on the other axis;
    `non_negative`: every count ≥ 0 and whole (measures `signed` exempt, `amount` fractional)."""

    code: str
    label: str
    statement: str
    scope: Literal["report", "warehouse"] = "report"
    templates: tuple[TemplateId, ...] = BOTH
    kind: Literal["balance", "non_negative"] = "balance"
    table: TableId | None = None
    each: Literal["row", "column"] = "column"
    lines: tuple[str, ...] | None = None
    expected: tuple[Term, ...] = ()
    actual: tuple[Term, ...] = ()
    where: str = "{table}.{line}"
    not_in_variants: tuple[str, ...] = ()
    skip_derived: bool = False      # an instance is not checked when its (one) actual cell was derived
    subtotals: tuple[Subtotal, ...] = ()


def _terms(*codes: str) -> tuple[Term, ...]:
    return tuple(Term(c) for c in codes)


_ORGS = tuple(a.code for a in APPLICANTS if a.group == "法人或其他组织")

RULES: tuple[Rule, ...] = (
    Rule("flow_balance", "收支平衡", "每一申请人列：本年新收 + 上年结转 = 总计 + 结转下年度继续办理",
         table="requests", each="column", expected=_terms("new_received", "carried_over"),
         actual=_terms("total_processed", "carried_forward")),
    Rule("applicant_total", "申请人合计", "每一行：总计 = 六类申请人之和",
         table="requests", each="row", expected=_terms(*APPLICANT_PARTS), actual=_terms("total"), skip_derived=True,
         subtotals=(Subtotal("legal_person", _ORGS, "{table}.{line}.{group}"),)),
    Rule("outcome_total", "办理结果合计", "每一申请人列：（七）总计 = 予以公开 + 部分公开 + 不予公开8项 + 无法提供3项 + 不予处理5项 + 其他处理",
         table="requests", each="column", expected=_terms(*OUTCOME_PARTS), actual=_terms("total_processed"),
         subtotals=tuple(Subtotal(g, parts, "{table}.{group}_subtotal.{line}") for g, parts in (
             ("withheld", WITHHELD), ("unavailable", UNAVAILABLE), ("rejected", REJECTED),
             ("outcomes", ("total_processed",))))),
    Rule("other_split", "其他处理拆分", "2021版：其他处理 = 逾期不补正 + 逾期未缴费 + 其他", templates=("2021",),
         table="requests", each="column", expected=_terms(*OTHER_SPLIT), actual=_terms("other"),
         where="{table}.other.{line}", not_in_variants=("hybrid",)),
    Rule("proceeding_total", "复议诉讼合计", "每类程序：总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
         table="review_litigation", each="row", expected=_terms(*OUTCOME_SUM_PARTS), actual=_terms("total")),
    Rule("non_negative", "非负整数", "除“本年增/减”外，每个数量均为非负整数", kind="non_negative"),
    Rule("year_continuity", "跨年结转", "同一单位：第N年上年结转 = 第N−1年结转下年度继续办理", scope="warehouse",
         table="requests", each="column", expected=(Term("carried_forward", year=-1),),
         actual=_terms("carried_over"), where="{table}.carried_over.{line}"),
    Rule("in_force_continuity", "现行有效连续", "2021版，同一单位：第N年现行有效 = 第N−1年现行有效 + 第N年制发 − 第N年废止（规章、行政规范性文件）",
         scope="warehouse", templates=("2021",), table="proactive", each="row",
         lines=("regulations", "normative_documents"),
         expected=(Term("in_force", year=-1), Term("issued"), Term("repealed", sign=-1)),
         actual=_terms("in_force"), where="{table}.{line}.in_force"),
)
RULES_BY_CODE: dict[str, Rule] = {r.code: r for r in RULES}
#: Section 三's identities in every applicant column (flow_balance, outcome_total, other_split):
#: the parser also splits digits that ran together by them. A name of its own so that a parse
#: is keyed on these rules, not on every rule (pipelines.ingest.versions).
REQUESTS_COLUMN_RULES: tuple[Rule, ...] = tuple(
    r for r in RULES if r.scope == "report" and r.kind == "balance" and r.table == "requests" and r.each == "column")
