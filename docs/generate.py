"""Generate docs/data-dictionary.md from the definitions the code itself uses.

Nothing in the dictionary is typed by hand: tables, views and columns come
from the COMMENT ON statements of `warehouse/sql/schema.sql` and
`warehouse/sql/views.sql` (executed into an in-memory DuckDB by the
warehouse package), named queries from `warehouse/queries/*.sql`, codes and labels from `pipelines/template.py`, reject
reasons from `pipelines/model.py`, unit kinds from `pipelines/units.py`.
`tests/test_docs.py` regenerates it and fails when the file has drifted.

Usage (from the repository root)::

    python -m docs.generate            # rewrite docs/data-dictionary.md
    python -m docs.generate --check    # exit 1 if the file is out of date
"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path

from pipelines import template as T
from pipelines.model import REJECT_REASONS
from pipelines.units import CITY_AREA, UNIT_KINDS, UNKNOWN_AREA
from warehouse.catalog import catalog

DOCS = Path(__file__).resolve().parent
OUTPUT = DOCS / "data-dictionary.md"

NO_COMMENT = "*(no comment in the schema)*"


# ------------------------------------------------------------------ helpers
def _cell(text: object) -> str:
    """One Markdown table cell: pipes escaped, newlines flattened."""
    s = "" if text is None else str(text)
    return s.replace("|", "\\|").replace("\n", " ").strip()


def md_table(header: Sequence[str], rows: Iterable[Sequence[object]]) -> str:
    """A GitHub-flavoured Markdown table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


def _code(code: str) -> str:
    return f"`{code}`"


def _templates(ts: Sequence[str]) -> str:
    return ", ".join(ts)


# ------------------------------------------------------------------ warehouse
def warehouse_section() -> str:
    """Every table and view of the warehouse with its columns and comments."""
    tables, views = catalog()
    out = ["## Warehouse tables", "",
           "One DuckDB file (`data/warehouse.duckdb` or `$NIANBAO_DB`). Comments are the "
           "schema's own `COMMENT ON` text.", ""]
    for obj in tables:
        out += _object_block(obj)
    out += ["## Views", "",
            "The views answer the dashboard's questions; analysts and notebooks read these "
            "rather than joining the tables themselves. Sums in the views read NULL as 0.", ""]
    for obj in views:
        out += _object_block(obj)
    return "\n".join(out)


def _object_block(obj: dict) -> list[str]:
    """A table or view: its comment, then its columns (with meaning when the schema gives one)."""
    cols = obj["columns"]
    if any(c["comment"] for c in cols):
        table = md_table(["column", "type", "meaning"],
                         [(_code(c["name"]), c["type"], c["comment"] or NO_COMMENT) for c in cols])
    else:  # views without column comments: the view's comment says what they hold
        table = md_table(["column", "type"], [(_code(c["name"]), c["type"]) for c in cols])
    return [f"### `{obj['name']}`", "", obj["comment"] or NO_COMMENT, "", table, ""]


def queries_section() -> str:
    """The named queries of warehouse/queries/: what each answers (its leading comment) and its parameters."""
    import re

    from warehouse.queries import query_names, query_sql

    rows = []
    for name in query_names():
        lines = query_sql(name).splitlines()
        about = " ".join(ln.lstrip("- ").strip() for ln in lines if ln.startswith("--"))
        body = "\n".join(ln for ln in lines if not ln.lstrip().startswith("--"))
        params = sorted(set(re.findall(r"\$([A-Za-z_][A-Za-z0-9_]*)", body)))
        rows.append((_code(name), ", ".join(_code(p) for p in params) or "—", about or NO_COMMENT))
    return "\n".join([
        "## Named queries", "",
        "`warehouse.query(name, db=None, **params)` runs `warehouse/queries/<name>.sql` read-only into a "
        "pandas DataFrame; the dashboard and the notebooks read through these and the views. "
        "`app_*` queries serve the dashboard's pages.", "",
        md_table(["name", "parameters", "what it returns"], rows), ""])


# ------------------------------------------------------------------ codes
def templates_section() -> str:
    rows = [(_code(t), len(T.printed_request_items(t)), len(T.request_items(t)),
             len(T.request_items(t)) * len(T.APPLICANTS), len(T.proactive_cells(t))) for t in T.TEMPLATES]
    tables = [(_code(k), v) for k, v in T.TABLES.items()]
    return "\n".join([
        "## Templates and tables", "",
        "`reports.template` is detected from the table's own labels, never from the year alone.", "",
        md_table(["template", "section 三 rows printed", "rows stored (with derived)",
                  "section 三 cells stored", "section 二 cells"], rows), "",
        md_table(["table", "section of the report"], tables), ""])


def requests_section() -> str:
    applicants = [(_code(a.code), a.label, a.group or "—") for a in T.APPLICANTS]
    items = []
    for i in T.REQUEST_ITEMS:
        printed = _templates([t for t in i.templates if t in i.printed_in])
        derived = _templates([t for t in i.templates if t in i.derived_in])
        items.append((_code(i.code), i.label, i.group or "—", _templates(i.templates),
                      printed or "—", derived or "—"))
    groups = [(_code(g), label, ", ".join(_code(c) for c in codes))
              for g, (label, codes) in T.OUTCOME_GROUPS.items()]
    return "\n".join([
        "## Codes of `requests` (section 三)", "",
        "### `applicant` (columns)", "",
        md_table(["code", "label", "printed under"], applicants), "",
        "### `item` (rows)", "",
        "`templates` = the templates whose reports have the row in the warehouse; "
        "`derived in` = stored with state `derived` (computed from printed cells, not printed).", "",
        md_table(["code", "label", "printed under", "templates", "printed in", "derived in"], items), "",
        "### Outcome groups", "",
        "The items that add up to `total_processed`, grouped as the dashboard and `v_outcomes` show them "
        "(`outcome_items` table).", "",
        md_table(["outcome_group", "label", "items"], groups), ""])


def review_section() -> str:
    procs = [(_code(p.code), p.label, _templates(p.templates)) for p in T.PROCEEDINGS]
    outs = [(_code(o.code), o.label, _templates(o.templates)) for o in T.OUTCOMES]
    return "\n".join([
        "## Codes of `review_litigation` (section 四)", "",
        "### `proceeding` (rows)", "",
        md_table(["code", "label", "templates"], procs), "",
        "### `outcome` (columns)", "",
        md_table(["code", "label", "templates"], outs), ""])


def proactive_section() -> str:
    rows = []
    for t in T.TEMPLATES:
        for it in T.PROACTIVE[t]:
            for m in it.measures:
                rows.append((_code(t), it.clause, _code(it.code), it.label, _code(m.code), m.label, m.kind))
    return "\n".join([
        "## Codes of `proactive` (section 二)", "",
        "Items (rows) and measures (columns) differ between the templates. `kind`: "
        "`count` a whole number ≥ 0, `signed` may be negative (`change`), `amount` a decimal amount.", "",
        md_table(["template", "clause", "item", "item label", "measure", "measure label", "kind"], rows), ""])


def formula(rule: T.Rule) -> str:
    """A balance rule written out from its data, e.g. ``new_received + carried_over =
    total_processed + carried_forward`` (N−1 marks the year before); "" for other kinds."""
    if rule.kind != "balance":
        return ""

    def side(terms: tuple[T.Term, ...]) -> str:
        out = ""
        for n, t in enumerate(terms):
            op = ("− " if t.sign < 0 else "") if n == 0 else ("− " if t.sign < 0 else "+ ")
            out += f"{' ' if n else ''}{op}{t.code}{'(N−1)' if t.year else ''}"
        return out

    lines = ", ".join(rule.lines) if rule.lines else f"every {rule.each}"
    return f"{side(rule.expected)} = {side(rule.actual)} ({rule.table}: {lines})"


def rules_section() -> str:
    rows = [(_code(r.code), r.label, r.statement, _code(formula(r)) if formula(r) else "—", r.scope,
             _templates(r.templates)) for r in T.RULES]
    return "\n".join([
        "## Consistency rules (勾稽关系, `checks.rule`)", "",
        "`scope` report: checked by the parser on one report; warehouse: checked across years "
        "when the warehouse is built (their terms are in `rule_terms`). A report that breaks a rule is "
        "still loaded. `sums`: the two sides of the rule as the checks add them, for each row or column "
        "named (N−1: the year before); two sums are equal when they differ by less than "
        f"{T.RULE_TOLERANCE:g}. Cells are read as the cell states say (blank and dash as 0; a missing or "
        "text cell stops that instance, with a warning for per-report rules).", "",
        md_table(["rule", "label", "statement", "sums", "scope", "templates"], rows), ""])


def states_section() -> str:
    yes = {True: "yes", False: "no"}
    rows = [(_code(s), i.label, yes[i.has_value], yes[i.zero_in_sums], yes[i.keeps_raw], yes[i.printed],
             _code(i.quality)) for s, i in T.CELL_STATES.items()]
    return "\n".join([
        "## Cell states (`state` of `requests`, `review_litigation`, `proactive`)", "",
        "`value` holds the number only where `value` says yes and is NULL for every other state; "
        "a blank cell is never stored as 0. `as 0 in sums`: the rules and the dashboards' sums read "
        "the cell as 0 (the office's convention); a cell with neither stops a rule (it is skipped, "
        "with a warning). `raw kept`: the printed text is stored in `raw`. `quality`: how the data-"
        "quality views treat the state (`none`; `note`, worth a glance; `empty`, counted apart; "
        "`problem`, no number where one belongs). The same table is in the warehouse as `cell_states`.", "",
        md_table(["state", "label", "value", "as 0 in sums", "raw kept", "printed", "quality"], rows), ""])


def rejects_section() -> str:
    rows = [(_code(r), label) for r, label in REJECT_REASONS.items()]
    return "\n".join([
        "## Reject reasons (`rejected_files.reason`)", "",
        md_table(["reason", "label"], rows), ""])


def kinds_section() -> str:
    rows = [(_code(k), label) for k, label in UNIT_KINDS.items()]
    return "\n".join([
        "## Unit kinds (`units.kind`)", "",
        f"`units.area` is the district or county a unit belongs to, `{CITY_AREA}` for city-level "
        f"units and `{UNKNOWN_AREA}` for unregistered units.", "",
        md_table(["kind", "label"], rows), ""])


def generate() -> str:
    """The whole data dictionary as Markdown."""
    parts = [
        "# Data dictionary",
        "",
        "<!-- GENERATED by docs/generate.py from warehouse/sql/*.sql, pipelines/template.py, "
        "pipelines/model.py and pipelines/units.py. Do not edit by hand: run "
        "`python -m docs.generate`. -->",
        "",
        "Every table, view and column of the nianbao warehouse, and every code the tables hold. "
        "The codes are those of the national template (`pipelines/template.py`); they never change "
        "meaning. See `analyst-guide.md` for how to query them.",
        "",
        templates_section(),
        warehouse_section(),
        queries_section(),
        requests_section(),
        review_section(),
        proactive_section(),
        rules_section(),
        states_section(),
        rejects_section(),
        kinds_section(),
    ]
    return "\n".join(parts).rstrip("\n") + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 if the file is out of date")
    parser.add_argument("--out", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    text = generate()
    if args.check:
        current = args.out.read_text(encoding="utf-8") if args.out.exists() else ""
        if current != text:
            print(f"{args.out}: out of date; run `python -m docs.generate`", file=sys.stderr)
            return 1
        return 0
    args.out.write_text(text, encoding="utf-8")
    print(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
