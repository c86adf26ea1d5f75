"""Benchmark: reports parsed per second, per rendering, on one core.

Reports are generated from random valid truths (``random_truth``) by the
demo renderers (pipelines.demo.render), read by the readers and parsed; the
clock covers read_file + parse_document, the work `nianbao ingest` repeats
per file. Each rendering is measured in RUNS runs, each over reports no run
has seen (the parser memoises what it works out from a piece of text: a run
over reports already parsed would time the memos, not the parser), after an
untimed warm-up on other reports (imports loaded, the template's recurring
labels planned, as in a long ingest). The row's ``runs`` are the per-run
rates: the framework reports their median, min and max against the family's
target. A line per family splits the time per report into reading and parsing
and counts the parsed reports (of all runs) that matched their truth exactly,
so a fast-but-wrong parser cannot look good.
Where LibreOffice is installed, ``pdf_office`` adds text PDFs as units make them
(Word exported to PDF, fonts embedded) beside the demo's reportlab PDFs.
"""
from __future__ import annotations

import json
import random
import statistics
import time
from pathlib import Path

from pipelines import template as T

TARGETS = {"text": 2000, "html": 600, "pdf": 40, "docx": 150, "crawler": 300}
FAMILY = {"cells": "text", "cells_wrapped": "text", "pipes": "text", "pipes_lone": "text", "runs": "text",
          "markdown": "text", "html": "html", "html_gbk": "html", "traditional": "html", "pdf": "pdf", "docx": "docx",
          "crawler": "crawler", "pdf_office": "pdf"}
#: Renderings made here rather than by the demo renderers: `pdf_office` is the demo .docx
#: exported to PDF by LibreOffice, fonts embedded, as units export their Word/WPS files
#: (the demo's own `pdf` is drawn by reportlab with the non-embedded CID font STSong-Light,
#: for which PDFium loads a system CJK font again for every document).
OFFICE = {"pdf_office": ("docx", ".pdf")}


def _write(truths: list[dict], rendering: str, workdir: Path, prefix: str) -> list[Path]:
    """The report files of `truths` in one rendering (LibreOffice exports in one batch)."""
    from pipelines.demo.render import RENDERINGS, render

    source, ext = OFFICE.get(rendering, (rendering, RENDERINGS.get(rendering, "")))
    paths = []
    for i, t in enumerate(truths):
        p = workdir / f"{prefix}_{i}{RENDERINGS[source]}"
        p.write_bytes(render(t, source, seed=i))
        paths.append(p)
    if rendering not in OFFICE:
        return paths
    import subprocess

    from pipelines.readers.legacy import find_soffice

    out = workdir / f"{prefix}_office"
    subprocess.run([find_soffice(), f"-env:UserInstallation={(workdir / 'lo-profile').as_uri()}", "--headless",
                    "--convert-to", ext.lstrip("."), "--outdir", str(out), *map(str, paths)],
                   check=True, capture_output=True, timeout=600)
    return [out / p.with_suffix(ext).name for p in paths]


def renderings_available() -> tuple[str, ...]:
    """The demo's renderings, and pdf_office where LibreOffice is installed."""
    from pipelines.demo.render import available
    from pipelines.readers.legacy import find_soffice

    have = available()
    return (*have, *(r for r, (src, _) in OFFICE.items() if src in have and find_soffice()))


def random_truth(rng: random.Random, template: str | None = None, variant: str | None = None,
                 unit: str = "演示市测试局", year: int | None = None) -> dict:
    """A random report that satisfies every per-report rule (parse --json shape)."""
    variant = variant or rng.choice(["2019", "2021", "hybrid"])
    template = template or ("2019" if variant == "2019" else "2021")
    year = year or (rng.randint(2019, 2020) if template == "2019" else rng.randint(2021, 2025))
    parts = [a for a in T.APPLICANT_PARTS]
    rows = {i.code: {} for i in T.request_items(template)}
    scale = rng.choice([3, 20, 300])
    for a in parts:
        big = a == "natural_person"
        def draw() -> int:
            return rng.randint(0, scale if big else max(2, scale // 10)) if rng.random() < 0.8 else 0
        for code in (*T.OUTCOME_PARTS[:-1],):
            rows[code][a] = draw()
        if template == "2021" and variant != "hybrid":
            for code in T.OTHER_SPLIT:
                rows[code][a] = draw()
            rows["other"][a] = sum(rows[c][a] for c in T.OTHER_SPLIT)
        else:
            rows["other"][a] = draw()
        tp = sum(rows[c][a] for c in T.OUTCOME_PARTS)
        rows["total_processed"][a] = tp
        cf = draw()
        rows["carried_forward"][a] = cf
        co = rng.randint(0, tp + cf) if rng.random() < 0.7 else 0
        rows["carried_over"][a] = co
        rows["new_received"][a] = tp + cf - co
    if variant == "hybrid":
        for code in T.OTHER_SPLIT:
            rows.pop(code, None)
    for code, row in rows.items():
        row["total"] = sum(row[a] for a in parts)
    review = {}
    for p in T.PROCEEDINGS:
        vals = {o: (rng.randint(0, 9) if rng.random() < 0.6 else 0) for o in T.OUTCOME_SUM_PARTS}
        vals["total"] = sum(vals.values())
        review[p.code] = vals
    proactive: dict = {}
    for item in T.PROACTIVE[template]:
        proactive[item.code] = {}
        for m in item.measures:
            if m.kind == "signed":
                v = rng.randint(-20, 20)
            elif m.kind == "amount":
                v = round(rng.uniform(0, 50000), 2) if rng.random() < 0.7 else rng.randint(0, 900)
            else:
                v = rng.randint(0, 500)
            proactive[item.code][m.code] = v
    return {"unit": unit, "year": year, "template": template, "variant": variant,
            "requests": rows, "review_litigation": review, "proactive": proactive}


def _exact(rep, truth: dict) -> bool:
    """Every number of the truth read back (hybrid: the split rows are not printed)."""
    req = {k: v for k, v in rep.table("requests").items() if k in truth["requests"]}
    return (req == truth["requests"] and rep.table("review_litigation") == truth["review_litigation"]
            and rep.table("proactive") == truth["proactive"])


def cell_tally(rep, truth: dict) -> tuple[int, int, int]:
    """(cells read back equal to the truth, cells in the truth, cells with a number that differs).

    A cell counts as read back when its value equals the truth's and its state
    has a value (number, recovered, derived); an ambiguous cell is flagged, not read."""
    good = total = wrong = 0
    for c in rep.cells:
        want = truth[c.table].get(c.row, {}).get(c.column, _ABSENT)
        if want is _ABSENT:
            continue  # not printed (hybrid: the split rows)
        total += 1
        if c.value is not None and T.CELL_STATES[c.state].has_value:
            if c.value == want:
                good += 1
            else:
                wrong += 1
    return good, total, wrong


_ABSENT = object()


#: Timed runs per rendering, each over `count` reports of its own.
RUNS = 3
#: Reports per rendering parsed before the clock starts (at most the count of a run).
WARM = 20


def truth_sets(rendering: str, count: int, warm: int = WARM, seed: int = 7) -> tuple[list[dict], list[list[dict]]]:
    """The truths one rendering is measured on: `warm` for the warm-up, then RUNS sets
    of `count`, no report in two places (a repeated truth is drawn again).

    Seeded by the rendering's name: the same sets on every call, whatever else is measured."""
    rng = random.Random(f"{seed}:{rendering}")
    seen: set[str] = set()

    def draw(k: int) -> list[dict]:
        out: list[dict] = []
        while len(out) < k:
            t = random_truth(rng)
            key = json.dumps(t, sort_keys=True)
            if key not in seen:
                seen.add(key)
                out.append(t)
        return out

    warmup = draw(warm)
    return warmup, [draw(count) for _ in range(RUNS)]


def run(n: int | None, workdir: Path, renderings: tuple[str, ...] | None = None) -> list[dict]:
    """Time read+parse per rendering: RUNS runs of `n` generated reports each (default
    200; PDF/DOCX n/10), every report new to the process, after an untimed warm-up.

    One row per rendering (reports/s per run in ``runs``; ``exact``: the reports of
    all runs whose every number equals their truth, checked after the clock stops),
    then one row per family: ms per report with its reading and parsing parts
    (``read_ms``, ``parse_ms``: medians over the runs) and the family's exact tally.
    ``cells``: the cells read back, and those with a wrong number (a crawler report
    may leave cells ambiguous; none may be wrong), checked after the clock stops."""
    from pipelines.parser import parse_document
    from pipelines.readers import read_file

    n = n or 200
    out: list[dict] = []
    families: dict[str, dict] = {}
    for rendering in renderings or renderings_available():
        family = FAMILY.get(rendering, rendering)
        count = n if family in ("text", "html", "crawler") else max(3, n // 10)
        warm, sets = truth_sets(rendering, count, min(WARM, count))
        paths = _write([*warm, *(t for s in sets for t in s)], rendering, workdir, rendering)
        for p in paths[:len(warm)]:
            parse_document(read_file(p))
        rates: list[float] = []
        split = families.setdefault(family, {"reports": 0, "checked": 0, "exact": 0, "read": [0.0] * RUNS, "parse": [0.0] * RUNS})
        exact = good = cells = wrong = 0
        for k, truths in enumerate(sets):
            start_at = len(warm) + k * count
            run_paths = paths[start_at:start_at + count]
            reports: list = []
            read_s = parse_s = 0.0
            start = time.perf_counter()
            for p in run_paths:
                t0 = time.perf_counter()
                doc = read_file(p)
                t1 = time.perf_counter()
                reports.append(parse_document(doc))
                t2 = time.perf_counter()
                read_s += t1 - t0
                parse_s += t2 - t1
            elapsed = time.perf_counter() - start
            rates.append(count / elapsed if elapsed else float("inf"))
            split["read"][k] += read_s
            split["parse"][k] += parse_s
            exact += sum(_exact(rep, t) for rep, t in zip(reports, truths))
            for rep, t in zip(reports, truths):
                g, c, w = cell_tally(rep, t)
                good, cells, wrong = good + g, cells + c, wrong + w
        split["reports"] += count
        split["checked"] += RUNS * count
        split["exact"] += exact
        out.append({"name": f"parse {rendering}", "runs": rates, "unit": "reports/s",
                    "target": TARGETS.get(family), "exact": f"{exact}/{RUNS * count}",
                    "cells": f"{good / cells:.1%} of {cells}", "wrong": wrong})
    for family, split in families.items():
        read_ms = [1000 * s / split["reports"] for s in split["read"]]
        parse_ms = [1000 * s / split["reports"] for s in split["parse"]]
        r, p = statistics.median(read_ms), statistics.median(parse_ms)
        target = TARGETS.get(family)
        tally = f"{split['exact']}/{split['checked']}"
        out.append({"name": f"{family} read {r:.2f} + parse {p:.2f} ms, {tally} exact",
                    "runs": [a + b for a, b in zip(read_ms, parse_ms)], "unit": "ms", "target": None,
                    "read_ms": r, "parse_ms": p, "budget_ms": 1000 / target if target else None,
                    "exact": tally})
    return out
