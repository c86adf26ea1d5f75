"""`nianbao parse FILE [--json]`: the JSON object, the summary, exit codes, one-line errors."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

from click.testing import CliRunner

from pipelines.cli import main

FIX = Path(__file__).resolve().parent / "fixtures" / "text"


def run(*args: str):
    return CliRunner().invoke(main, ["parse", *args])


def test_json_object(tmp_path):
    truth = json.loads((FIX / "cells_t21.json").read_text(encoding="utf-8"))
    f = tmp_path / "report.txt"
    shutil.copy(FIX / truth["file"], f)
    res = run(str(f), "--json")
    assert res.exit_code == 0, res.output
    out = json.loads(res.stdout)
    assert (out["unit"], out["year"], out["template"]) == (truth["unit"], truth["year"], "2021")
    assert out["review_litigation"] == truth["review_litigation"]
    assert out["proactive"] == truth["proactive"]
    assert out["requests"] == truth["requests"]
    assert len(out["cells"]) == 10 + 26 * 7 + 15  # 2021: 10 proactive cells, 25 printed + derived other rows, 15 review
    c = next(c for c in out["cells"] if c["table"] == "requests" and c["row"] == "granted" and c["column"] == "research")
    assert c == {"table": "requests", "row": "granted", "column": "research",
                 "value": truth["requests"]["granted"]["research"], "state": "number",
                 "raw": str(truth["requests"]["granted"]["research"])}
    other = [c for c in out["cells"] if c["row"] == "other" and c["table"] == "requests"]
    assert {c["state"] for c in other} == {"derived"}
    assert all(set(ch) == {"rule", "passed", "where", "expected", "actual"} for ch in out["checks"])
    assert all(ch["passed"] for ch in out["checks"])
    assert out["warnings"] == []


def test_exit_zero_with_failed_checks_and_summary(tmp_path):
    text = (FIX / "cells_t19.txt").read_text(encoding="utf-8").replace("四、结转下年度继续办理", "四、结转下年度继续办理", 1)
    lines = text.split("\n")
    i = lines.index("\t四、结转下年度继续办理")
    lines[i + 1] = "\t" + str(int(lines[i + 1]) + 5)
    f = tmp_path / "broken.txt"
    f.write_text("\n".join(lines), encoding="utf-8")
    res = run(str(f), "--json")
    assert res.exit_code == 0
    out = json.loads(res.stdout)
    bad = [c for c in out["checks"] if not c["passed"]]
    assert {c["where"] for c in bad} == {"requests.natural_person", "requests.carried_forward"}
    res = run(str(f))
    assert res.exit_code == 0
    assert "定州市示例镇" in res.stdout and "模板：2019 版" in res.stdout
    assert "收支平衡（flow_balance） requests.natural_person" in res.stdout
    assert "自然人" in res.stdout and "结果维持" in res.stdout


def _one_line_error(res, f: Path, reason: str) -> None:
    assert res.exit_code != 0
    lines = [line for line in res.stderr.strip().split("\n") if line]
    assert len(lines) == 1, res.stderr
    assert str(f) in lines[0] and reason in lines[0]


def test_not_a_report(tmp_path):
    f = tmp_path / "news.txt"
    f.write_text("关于做好防汛工作的通知\n\n各乡镇：请做好防汛准备工作。\n2023年6月1日\n", encoding="utf-8")
    _one_line_error(run(str(f), "--json"), f, "not_a_report")


def test_no_section_three(tmp_path):
    text = (FIX / "cells_t19.txt").read_text(encoding="utf-8")
    f = tmp_path / "no3.txt"
    f.write_text(text.split("三、收到和处理政府信息公开申请情况")[0], encoding="utf-8")
    _one_line_error(run(str(f)), f, "no_requests_table")


def test_unreadable(tmp_path):
    f = tmp_path / "broken.pdf"
    f.write_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 3)
    res = run(str(f), "--json")
    _one_line_error(res, f, "unreadable")


def test_bench_parse_reports_rates_and_exactness(tmp_path, monkeypatch):
    import pipelines.parser
    from pipelines.bench import finish
    from pipelines.bench.parse import RUNS
    from pipelines.bench.parse import run as bench_run

    parsed: list[tuple[str, str]] = []  # (file name, document text) of every parse, in order
    real_parse = pipelines.parser.parse_document

    def spy(doc, *args, **kwargs):
        parsed.append((Path(doc.path).name, doc.text))
        return real_parse(doc, *args, **kwargs)

    monkeypatch.setattr(pipelines.parser, "parse_document", spy)
    rows = bench_run(6, tmp_path, renderings=("cells", "pipes", "html"))
    rates, splits = rows[:3], rows[3:]
    assert [r["name"] for r in rates] == ["parse cells", "parse pipes", "parse html"]
    for r in rates:
        assert r["unit"] == "reports/s" and len(r["runs"]) == RUNS == 3 and all(v > 0 for v in r["runs"])
        assert r["target"] == (600 if r["name"] == "parse html" else 2000)
        assert r["exact"] == "18/18"  # every report of every run
        done = finish(r)  # the framework's median, min and max of the runs
        assert done["min"] <= done["value"] <= done["max"] and done["ratio"] == done["value"] / r["target"]
    # One line per family: ms per report, split into reading and parsing, with the exact tally.
    assert [s["name"].split()[0] for s in splits] == ["text", "html"]
    for s, count in zip(splits, (36, 18)):
        assert s["unit"] == "ms" and s["target"] is None and len(s["runs"]) == 3
        assert s["read_ms"] > 0 and s["parse_ms"] > 0 and s["exact"] == f"{count}/{count}"
        assert s["name"] == f"{s['name'].split()[0]} read {s['read_ms']:.2f} + parse {s['parse_ms']:.2f} ms, {count}/{count} exact"
        assert s["budget_ms"] == 1000 / (2000 if s["name"].startswith("text") else 600)
    # Each rendering: a warm-up of 6 reports, then 3 runs of 6, no document parsed twice
    # (a timed run never meets text the memos learnt from a report already parsed).
    for rendering in ("cells", "pipes", "html"):
        texts = [t for name, t in parsed if name.startswith(f"{rendering}_")]
        assert len(texts) == 6 + RUNS * 6 and len(set(texts)) == len(texts)


def test_bench_parse_truth_sets_share_no_report():
    import json as js

    from pipelines.bench.parse import RUNS, truth_sets

    warm, runs = truth_sets("cells", 40, warm=10)
    assert len(warm) == 10 and [len(r) for r in runs] == [40] * RUNS
    keys = [js.dumps(t, sort_keys=True) for t in (*warm, *(t for r in runs for t in r))]
    assert len(set(keys)) == len(keys) == 10 + RUNS * 40
    # the same sets on every call, whatever was measured before; another rendering's differ
    assert truth_sets("cells", 40, warm=10) == (warm, runs)
    assert truth_sets("pipes", 40, warm=10)[1][0] != runs[0]
