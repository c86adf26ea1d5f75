"""The analyst notebooks run end to end against the demo warehouse and stay reviewable.

Each notebook is executed with nbclient in `notebooks/` as its working folder and
NIANBAO_DB pointing at the `demo_warehouse` fixture; a failing cell fails the test.
The notebooks' own results are then compared with values computed here from the
warehouse. The .ipynb files must carry no outputs and match their jupytext .py pair.
"""
from __future__ import annotations

import base64
import sys
from pathlib import Path

import jupytext
import nbformat
import numpy as np
import pandas as pd
import pytest
from nbclient import NotebookClient

from tests.conftest import REPO

NOTEBOOKS = REPO / "notebooks"
IPYNBS = sorted(NOTEBOOKS.glob("*.ipynb"))
KERNEL = "python3"


def test_the_four_notebooks_exist_in_pairs():
    stems = {p.stem for p in IPYNBS}
    assert stems == {"01_quick_start", "02_trends_and_outcomes", "03_zero_activity_and_coverage",
                     "04_quality_followup"}
    assert stems == {p.stem for p in NOTEBOOKS.glob("*.py") if p.stem[:2].isdigit()}


@pytest.mark.parametrize("path", IPYNBS, ids=lambda p: p.stem)
def test_stored_without_outputs(path: Path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, f"{path.name}: no code cells"
    for i, cell in enumerate(code):
        assert cell.outputs == [], f"{path.name}: code cell {i} has stored outputs"
        assert cell.execution_count is None, f"{path.name}: code cell {i} has an execution count"
    assert nb.metadata["jupytext"]["formats"] == "ipynb,py:percent"
    assert nb.metadata["kernelspec"]["name"] == KERNEL


@pytest.mark.parametrize("path", IPYNBS, ids=lambda p: p.stem)
def test_ipynb_and_py_pair_in_sync(path: Path):
    """`jupytext --sync` has been run: same cells, same types, same sources."""
    pair = path.with_suffix(".py")
    assert pair.exists(), f"{pair.name} missing: run `jupytext --sync {path.name}`"
    ipynb = nbformat.read(path, as_version=4)
    py = jupytext.read(pair)
    assert jupytext.formats.read_format_from_metadata(pair.read_text(encoding="utf-8"), ".py") == "percent"
    a = [(c.cell_type, c.source.strip()) for c in ipynb.cells]
    b = [(c.cell_type, c.source.strip()) for c in py.cells]
    assert a == b, f"{path.name} and {pair.name} differ: run `jupytext --sync notebooks/*.ipynb`"


def _kernel_name() -> str:
    """The python3 kernel, started with this interpreter (jupyter_client maps `python` to sys.executable)."""
    from jupyter_client.kernelspec import KernelSpecManager

    spec = KernelSpecManager().get_kernel_spec(KERNEL)
    assert spec.argv[0] in {"python", "python3", sys.executable}, f"kernel python3 runs {spec.argv[0]}"
    return KERNEL


def _run(path: Path) -> nbformat.NotebookNode:
    nb = nbformat.read(path, as_version=4)
    NotebookClient(nb, kernel_name=_kernel_name(), timeout=180,
                   resources={"metadata": {"path": str(NOTEBOOKS)}}).execute()
    return nb


def _text(nb: nbformat.NotebookNode) -> str:
    """Everything the notebook printed."""
    out = []
    for cell in nb.cells:
        for o in cell.get("outputs", []):
            if o.output_type == "stream":
                out.append(o.text)
    return "".join(out)


def _figures(nb: nbformat.NotebookNode) -> list[dict]:
    return [o.data["application/vnd.plotly.v1+json"] for c in nb.cells for o in c.get("outputs", [])
            if o.output_type in ("display_data", "execute_result")
            and "application/vnd.plotly.v1+json" in o.data]


def _values(array: object) -> np.ndarray:
    """A Plotly data array: a JSON list, or a typed buffer {dtype, bdata} (Plotly >= 6)."""
    if isinstance(array, dict) and "bdata" in array:
        return np.frombuffer(base64.b64decode(array["bdata"]), dtype=np.dtype(array["dtype"]))
    return np.asarray(array, dtype=float)


def _frame(con, sql: str) -> pd.DataFrame:
    return con.execute(sql).df()


@pytest.fixture
def notebook_env(demo_warehouse, tmp_path, monkeypatch):
    """The kernel inherits this environment: the demo warehouse, an export folder in tmp."""
    monkeypatch.setenv("NIANBAO_DB", str(demo_warehouse))
    monkeypatch.setenv("NIANBAO_EXPORT_DIR", str(tmp_path / "export"))
    from warehouse import connect_readonly

    con = connect_readonly(demo_warehouse)
    yield con, tmp_path / "export"
    con.close()


@pytest.mark.parametrize("path", sorted(NOTEBOOKS.glob("0*.py")), ids=lambda p: p.stem)
def test_notebooks_open_the_warehouse_through_the_read_only_door(path: Path):
    """Like the app, the notebooks open the published file with warehouse.connect_readonly, never duckdb.connect."""
    text = path.read_text(encoding="utf-8")
    assert "duckdb.connect(" not in text and "import duckdb" not in text
    assert "connect_readonly(DB)" in text


@pytest.mark.xdist_group("demo")
def test_quick_start_runs(notebook_env):
    con, _ = notebook_env
    nb = _run(NOTEBOOKS / "01_quick_start.ipynb")
    text = _text(nb)
    n, synthetic = con.execute("SELECT count(*), count(*) FILTER (WHERE synthetic) FROM reports").fetchall()[0]
    assert f"{n} reports loaded, {synthetic} of them synthetic" in text
    assert synthetic > 0 and "演示数据" in text  # the demo city is marked as such


@pytest.mark.xdist_group("demo")
def test_trends_and_outcomes_runs(notebook_env):
    con, _ = notebook_env
    nb = _run(NOTEBOOKS / "02_trends_and_outcomes.ipynb")
    figs = _figures(nb)
    assert len(figs) == 5
    assert all("演示数据" in f["layout"]["title"]["text"] for f in figs)
    # first figure: new requests per kind and year; its points add up to the warehouse total
    plotted = sum(_values(trace["y"]).sum() for trace in figs[0]["data"])
    total = con.execute("SELECT sum(new_received) FROM v_request_volume WHERE applicant = 'total'").fetchall()[0][0]
    assert plotted == pytest.approx(total)


@pytest.mark.xdist_group("demo")
def test_zero_activity_and_coverage_runs(notebook_env):
    con, _ = notebook_env
    nb = _run(NOTEBOOKS / "03_zero_activity_and_coverage.ipynb")
    text = _text(nb)
    zero = _frame(con, "SELECT unit_id, is_zero FROM v_zero_activity")
    never = int(zero.groupby("unit_id")["is_zero"].all().sum())
    assert f"{never} units at zero in every loaded year" in text
    figs = _figures(nb)
    assert len(figs) == 3
    # first figure: units per year and status; every unit-year of v_coverage is counted once
    bars = sum(_values(t["y"]).sum() for t in figs[0]["data"])
    assert bars == con.execute("SELECT count(*) FROM v_coverage").fetchall()[0][0]


@pytest.mark.xdist_group("demo")
def test_quality_followup_writes_the_workbook(notebook_env):
    con, export = notebook_env
    _run(NOTEBOOKS / "04_quality_followup.ipynb")
    books = list(export.glob("*.xlsx"))
    assert [b.name for b in books] == ["数据质量核查清单_演示数据.xlsx"]
    sheets = pd.read_excel(books[0], sheet_name=None)
    counts = dict(con.execute("SELECT issue_label, count(*) FROM v_quality GROUP BY issue_label").fetchall())
    labels = dict(con.execute("SELECT DISTINCT issue_type, issue_label FROM v_quality").fetchall())
    cell_types = {t for (t,) in con.execute("SELECT issue_type FROM issue_types WHERE cell_quality IS NOT NULL").fetchall()}
    # one sheet per issue type present, named by its label, plus the per-unit summary
    assert set(sheets) == {"汇总", *counts}
    for issue_type, label in labels.items():
        rows = sheets[label]
        if issue_type in cell_types:  # grouped per unit-year and state
            assert rows["单元格数"].sum() == counts[label]
        else:
            assert len(rows) == counts[label], label
    # the sheets follow the issue types' severity (the same order as the dashboard's)
    order = [label for (label,) in con.execute("SELECT label FROM issue_types ORDER BY severity").fetchall()]
    assert list(sheets)[1:] == [label for label in order if label in counts]
    # the demo city has injected defects of each of these kinds
    assert {"failed_check", "rejected_file", "conflict"} <= set(labels) and set(labels) & cell_types
    # the per-unit sheet accounts for every issue once
    assert sheets["汇总"]["合计"].sum() == sum(counts.values())
    failed = sheets[labels["failed_check"]]
    assert (failed["差额"] == failed["实为"] - failed["应为"]).all()
    assert not list(NOTEBOOKS.glob("*.xlsx")), "the workbook must not be written into the repository"
