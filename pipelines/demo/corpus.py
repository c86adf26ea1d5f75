"""Write a demo corpus: reports/, units.csv and truth/ (with defects.json).

Each unit is generated independently from (seed, unit), so the output is
the same byte for byte whatever the number of worker processes; large
corpora are spread over a process pool in chunks of units.
"""
from __future__ import annotations

import json
import multiprocessing
import os
import random
import shutil
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.demo import defects as dfx
from pipelines.demo import layout
from pipelines.demo.city import Unit, build_city, registry_csv
from pipelines.demo.numbers import unit_truths
from pipelines.demo.render import RENDERINGS, SPLIT_BY_SUMS, available, extension, prose, render, to_traditional

#: Above this many reports a process pool is used.
POOL_THRESHOLD = 4000
CHUNK_UNITS = 48


@dataclass
class CorpusSummary:
    """What generate_corpus wrote; ``str()`` is a short bilingual summary."""

    out: Path
    units: int
    years: tuple[int, int]
    seed: int
    files: dict[str, int] = field(default_factory=dict)      # rendering → files
    defects: dict[str, int] = field(default_factory=dict)    # defect code → places
    seconds: float = 0.0
    workers: int = 1                                         # processes that rendered

    @property
    def total_files(self) -> int:
        return sum(self.files.values())

    def __str__(self) -> str:
        lines = [
            f"演示数据 demo corpus → {self.out}",
            f"  单位 units: {self.units}   年度 years: {self.years[0]}–{self.years[1]}   seed: {self.seed}",
            f"  文件 files: {self.total_files} in {self.seconds:.1f} s"
            + (f" ({self.total_files / self.seconds:,.0f}/s)" if self.seconds > 0 else ""),
            "  格式 renderings: " + ", ".join(f"{k} {v}" for k, v in sorted(self.files.items())),
            "  缺陷 defects: " + (", ".join(f"{k} {v}" for k, v in sorted(self.defects.items())) or "none"),
            f"  registry: {self.out / 'units.csv'}   truth: {self.out / 'truth'}",
        ]
        return "\n".join(lines)


@dataclass(frozen=True)
class _Job:
    units: tuple[Unit, ...]
    years: tuple[int, int]
    seed: int
    allowed: tuple[str, ...]
    plan: dict
    out: str
    weights: dict | None = None


def _name_variant(unit: Unit, rng: random.Random, allowed: tuple[str, ...]) -> tuple[str, str | None]:
    """(printed unit name, forced rendering or None) for the name_variant defect."""
    options = ["alias"]
    if unit.name.endswith("人民政府"):
        options.append("drop_gov")
    elif unit.kind in ("town", "township"):
        options.append("add_gov")
    if "traditional" in allowed:
        options.append("traditional")
    kind = rng.choice(options)
    if kind == "drop_gov":
        return unit.name[: -len("人民政府")], None
    if kind == "add_gov":
        return unit.name + "人民政府", None
    if kind == "traditional":
        return to_traditional(unit.name), "traditional"
    return (unit.aliases[0] if unit.aliases else unit.name + "人民政府"), None


_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0)


def _put(path: str, data: bytes) -> None:
    """Write a whole file with plain system calls (fewer than open(): this is
    most of the generator's time on 100,000 files)."""
    fd = os.open(path, _FLAGS, 0o644)
    try:
        view = memoryview(data)
        while view:
            view = view[os.write(fd, view):]
    finally:
        os.close(fd)


def _encode(rendering: str, truth: dict, seed: int, gbk: bool) -> bytes:
    data = render(truth, rendering, seed)
    return data.decode("utf-8").encode("gbk") if gbk else data


class _UnitWriter:
    """Writes one unit's files (reports and truth) and lists its defects."""

    def __init__(self, job: _Job, unit: Unit, files: Counter, listed: list[dict]) -> None:
        self.job, self.unit, self.files, self.listed = job, unit, files, listed
        self.out = Path(job.out)
        self.allowed = list(job.allowed)
        self.usual, self.style = layout.habit(unit, job.seed, self.allowed, job.weights)
        self.rng = random.Random(f"files|{job.seed}|{unit.unit_id}")
        self.taken: set[str] = set()
        self.rel_dir = layout.folder(unit)
        self.made_dirs = False

    def write(self, name: str, data: bytes, truth: dict, codes: list[str], expect: dict, rendering: str) -> str:
        """One report file and its truth JSON; returns the path relative to reports/."""
        if not self.made_dirs:
            (self.out / "reports" / self.rel_dir).mkdir(parents=True, exist_ok=True)
            (self.out / "truth" / self.rel_dir).mkdir(parents=True, exist_ok=True)
            self.made_dirs = True
        rel = f"{self.rel_dir}/{layout.unique(name, self.taken)}"
        _put(f"{self.out}/reports/{rel}", data)
        doc = {**truth, "unit_id": self.unit.unit_id, "defects": codes, "expect": expect, "rendering": rendering}
        _put(f"{self.out}/truth/{rel}.json", json.dumps(doc, ensure_ascii=False).encode("utf-8"))
        self.files[rendering] += 1
        return rel

    def year(self, year: int, truth: dict) -> None:
        """The unit's report on `year`, with its planned defect if any."""
        unit, rng = self.unit, self.rng
        code = self.job.plan.get((unit.unit_id, year))
        rendering = layout.pick_rendering(rng, self.usual, self.allowed, self.job.weights)
        entry = {"defect": code, "unit_id": unit.unit_id, "unit": unit.name, "year": year}
        if code == "missing_year":
            self.listed.append({**entry, "file": None})
            return
        in_place = code in dfx.IN_PLACE
        fit = dfx.RENDERINGS_FOR.get(code or "")
        if in_place and fit is not None and code != "corrupt_pdf" and rendering not in fit:
            rendering = rng.choice([r for r in fit if r in self.allowed])
        if code in dfx.BREAKS_SUMS and rendering in SPLIT_BY_SUMS:
            rendering = rng.choice([r for r in self.allowed if r not in SPLIT_BY_SUMS])
        expect: dict = dfx.apply_defect(code, truth, rng) if in_place else {}
        name_year = year
        if code == "name_variant":
            truth["unit"], forced = _name_variant(unit, rng, self.job.allowed)
            rendering = forced or rendering
            expect = {"registry_name": unit.name}
        elif rendering == "traditional":
            truth["unit"] = to_traditional(unit.name)  # titles keep their script
        if code == "wrong_year_in_filename":
            name_year = year + 1 if rng.random() < 0.8 else year - 1  # usually the publication year
            expect = {"filename_year": name_year}
        printed = truth
        if code is None and rendering in dfx.DASH_RENDERINGS and rng.random() < dfx.P_DASHES:
            printed, places = dfx.dash_cells(truth, rng)
            if places:
                expect = {"dash": places}
        if code == "corrupt_pdf":
            data, ext, rendering = dfx.corrupt_pdf_bytes(rng), ".pdf", "corrupt_pdf"
        else:
            data = _encode(rendering, printed, self.job.seed, code == "gbk")
            ext = extension(rendering, data)
        if code == "gbk":
            expect = {"encoding": "gbk"}
        name = layout.file_name(unit, name_year, self.style, ext, rng)
        rel = self.write(name, data, truth, [code] if in_place else [], expect, rendering)
        if in_place:
            self.listed.append({**entry, "file": rel, "expect": expect})
        elif code == "duplicate_report":
            self.listed.append({**entry, **self.duplicate(year, truth, rel, name, data, rendering)})
        elif code == "not_a_report":
            self.listed.append({**entry, **self.not_a_report(year, truth)})

    def duplicate(self, year: int, truth: dict, rel: str, name: str, data: bytes, rendering: str) -> dict:
        """A second file for the same unit-year: a copy, or the same report in another rendering."""
        others = [r for r in self.allowed if r != "traditional"]
        if self.rng.random() < 0.5 or rendering == "traditional" or not others:
            dup_name, dup_data, dup_r = name, data, rendering
        else:
            dup_r = self.rng.choice(others)
            dup_data = _encode(dup_r, truth, self.job.seed + 1, False)
            style = (self.style + 1) % len(layout.NAME_STYLES)
            dup_name = layout.file_name(self.unit, year, style, extension(dup_r, dup_data), self.rng)
        expect = {"duplicate_of": rel}
        return {"file": self.write(dup_name, dup_data, truth, ["duplicate_report"], expect, dup_r), "expect": expect}

    def not_a_report(self, year: int, truth: dict) -> dict:
        """Another document in the unit's folder: a notice, not an annual report."""
        title, body = prose.not_a_report(self.unit.name, year, self.rng)
        r = "html" if "html" in self.allowed else "cells"
        if r == "html":
            text = (f'<html><head><meta charset="utf-8"><title>{title}</title></head><body><h1>{title}</h1>'
                    + "".join(f"<p>{b}</p>" for b in body) + "</body></html>\n")
        else:
            text = "\n".join([title, "", *body]) + "\n"
        stub = {"unit": self.unit.name, "year": year, "template": truth["template"], "variant": truth["variant"],
                "requests": {}, "review_litigation": {}, "proactive": {}}
        expect = {"reject": "not_a_report"}
        return {"file": self.write(title + RENDERINGS[r], text.encode("utf-8"), stub, ["not_a_report"], expect, r),
                "expect": expect}


def _run_job(job: _Job) -> tuple[Counter, list[dict]]:
    """Generate and write every unit of one chunk (runs in a worker process)."""
    files: Counter = Counter()
    listed: list[dict] = []
    years = range(job.years[0], job.years[1] + 1)
    for unit in job.units:
        writer = _UnitWriter(job, unit, files, listed)
        for year, truth in unit_truths(unit, years, job.seed).items():
            writer.year(year, truth)
    return files, listed


def generate_corpus(out: Path, units: int | None = None, years: tuple[int, int] = (2019, 2025),
                    formats: list[str] | None = None, seed: int = 2024, *,
                    weights: dict[str, float] | None = None) -> CorpusSummary:
    """Write the demo city's reports, registry and truth under `out`.

    `weights` overrides how often each rendering is chosen (e.g. a fast test
    corpus with only a few docx/pdf)."""
    start = time.perf_counter()
    out = Path(out)
    can = available()
    if formats:
        unknown = [f for f in formats if f not in RENDERINGS]
        if unknown:
            raise ValueError(f"unknown rendering(s) {', '.join(unknown)}; known: {', '.join(RENDERINGS)}")
        allowed = tuple(f for f in formats if f in can)
        if not allowed:
            raise ValueError(f"none of {', '.join(formats)} can be rendered here (available: {', '.join(can)})")
    else:
        allowed = can
    _clear_previous(out)
    city = build_city(seed, units)
    keys = [(u.unit_id, y) for u in city for y in range(years[0], years[1] + 1)]
    plan = dfx.plan_defects(keys, seed, set(allowed))
    out.mkdir(parents=True, exist_ok=True)
    (out / "units.csv").write_text(registry_csv(city), encoding="utf-8")
    chunks = [tuple(city[k: k + CHUNK_UNITS]) for k in range(0, len(city), CHUNK_UNITS)]
    jobs = [_Job(c, years, seed, allowed, {key: plan[key] for u in c for key in _unit_keys(u, years) if key in plan}, str(out), weights)
            for c in chunks]
    heavy = bool({"docx", "pdf", "traditional"} & set(allowed))  # ~20 ms per document
    workers = 1
    if (len(keys) > POOL_THRESHOLD or (heavy and len(keys) > 600)) and (os.cpu_count() or 1) > 1:
        workers = min(os.cpu_count() or 2, 8)
        # spawn, not fork: callers (pytest-xdist, the ingest) may have threads running.
        with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("spawn")) as pool:
            results = list(pool.map(_run_job, jobs))
    else:
        results = [_run_job(j) for j in jobs]
    files: Counter = Counter()
    listed: list[dict] = []
    for f, lst in results:
        files.update(f)
        listed.extend(lst)
    (out / "truth").mkdir(parents=True, exist_ok=True)
    (out / "truth" / "defects.json").write_text(json.dumps(listed, ensure_ascii=False, indent=1), encoding="utf-8")
    return CorpusSummary(out, len(city), years, seed, dict(files), dict(Counter(d["defect"] for d in listed)),
                         time.perf_counter() - start, workers)


def _clear_previous(out: Path) -> None:
    """Remove an earlier demo corpus in `out` (so no stale file survives);
    refuse to write into a reports/ folder that is not a demo corpus."""
    reports = out / "reports"
    if not reports.exists() or not any(reports.iterdir()):
        return
    if not (out / "truth" / "defects.json").exists():
        raise ValueError(f"{reports} already holds files that are not a demo corpus; choose an empty folder")
    shutil.rmtree(reports)
    shutil.rmtree(out / "truth")


def _unit_keys(unit: Unit, years: tuple[int, int]) -> list[tuple[str, int]]:
    return [(unit.unit_id, y) for y in range(years[0], years[1] + 1)]
