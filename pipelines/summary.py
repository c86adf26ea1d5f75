"""A readable summary of one parsed report, for a person at a terminal.

The three tables are laid out with the template's own Chinese labels;
non-number cells are marked with their state; failed checks and warnings
follow. Pure: returns a string.
"""
from __future__ import annotations

from pipelines import template as T
from pipelines.model import Cell, Report



def _fmt(c: Cell | None) -> str:
    if c is None:
        return "缺"
    info = T.CELL_STATES.get(c.state)
    mark = info.mark if info else c.state
    return mark if c.value is None else f"{c.value}{mark}"


def _table(headers: list[str], rows: list[list[str]]) -> list[str]:
    def width(s: str) -> int:
        return sum(2 if ord(ch) > 0x2E80 else 1 for ch in s)

    cols = [max(width(r[i]) for r in [headers, *rows]) for i in range(len(headers))]
    out = []
    for r in [headers, *rows]:
        out.append("  ".join(s + " " * (cols[i] - width(s)) if i == 0 else " " * (cols[i] - width(s)) + s
                             for i, s in enumerate(r)))
    return out


def format_summary(report: Report) -> str:
    """Unit, year, template, the three tables, failed checks and warnings."""
    tpl = report.template
    variant = report.meta.get("variant", tpl)
    lines = [
        f"单位：{report.unit or '（未识别）'}",
        f"年度：{report.year if report.year is not None else '（未识别）'}"
        + (f"（来源：{report.meta.get('year_source')}）" if report.meta.get("year_source") else ""),
        f"模板：{tpl} 版" + ("（混合版：2021 版列，单行其他处理）" if variant == "hybrid" else ""),
        f"文件：{report.source}（{report.format}）",
        "",
        T.TABLES["proactive"],
    ]
    cell = {(c.table, c.row, c.column): c for c in report.cells}
    for it in T.PROACTIVE[tpl]:
        parts = [f"{m.label} {_fmt(cell.get(('proactive', it.code, m.code)))}" for m in it.measures]
        lines.append(f"  {it.label}：" + "；".join(parts))
    lines += ["", T.TABLES["requests"]]
    heads = ["", *(a.label for a in T.APPLICANTS)]
    rows = []
    for item in T.request_items(tpl):
        label = item.label.split("（区分")[0]
        rows.append([label, *(_fmt(cell.get(("requests", item.code, a.code))) for a in T.APPLICANTS)])
    lines += ["  " + s for s in _table(heads, rows)]
    lines += ["", T.TABLES["review_litigation"]]
    rows = [[p.label, *(_fmt(cell.get(("review_litigation", p.code, o.code))) for o in T.OUTCOMES)] for p in T.PROCEEDINGS]
    lines += ["  " + s for s in _table(["", *(o.label for o in T.OUTCOMES)], rows)]
    lines.append("  （" + "；".join(f"{i.mark} {i.label}" for i in T.CELL_STATES.values() if i.mark) + "）")
    failed = report.failed_checks
    lines += ["", f"勾稽关系：共 {len(report.checks)} 项，未通过 {len(failed)} 项"]
    for c in failed:
        rule = T.RULES_BY_CODE.get(c.rule)
        lines.append(f"  ✗ {rule.label if rule else c.rule}（{c.rule}） {c.where}：应为 {c.expected}，实际 {c.actual}")
    if report.warnings:
        lines += ["", f"提示（{len(report.warnings)}）："]
        lines += [f"  - {w}" for w in report.warnings]
    return "\n".join(lines)
