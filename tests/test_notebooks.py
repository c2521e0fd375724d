"""Every notebook in notebooks/ runs from top to bottom without error (offline).

Each is executed with nbclient in a fresh ``python3`` kernel of the running
interpreter, in the notebooks folder; any cell error fails the test with the
cell's traceback. Outputs are never written back.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))


def test_the_three_notebooks_exist():
    names = [p.name for p in PATHS]
    assert names == [
        "01_sample_article.ipynb",
        "02_buffer_zones.ipynb",
        "03_frontline_over_time.ipynb",
    ]


def test_notebooks_are_stored_without_outputs():
    for path in PATHS:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, path.name


@pytest.mark.slow
@pytest.mark.parametrize("path", PATHS, ids=[p.stem for p in PATHS])
def test_notebook_runs(path, monkeypatch):

    # the kernel runs this interpreter: jupyter_client maps the spec's "python" to sys.executable
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    monkeypatch.setenv("PATH", os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"])
    # the front-line notebook uses real snapshots when the optional reference folder exists
    reference = Path(__file__).resolve().parents[2] / "shared" / "reference" / "deepstate"
    if reference.is_dir():
        monkeypatch.setenv("GEOMAP_FRONTLINE_SNAPSHOTS", str(reference))
    nb = _run(path)
    errors = [
        out
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if out.get("output_type") == "error"
    ]
    assert errors == []
    # the last map cell displayed a map
    html = [
        out["data"]["text/html"]
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if "data" in out
        and "text/html" in out["data"]
        and "<iframe srcdoc=" in out["data"]["text/html"]
    ]
    assert html, f"{path.name} displayed no map"


def _run(path: Path):
    """Execute a notebook in a fresh kernel; fail with the cell's error."""
    from jupyter_client.kernelspec import NATIVE_KERNEL_NAME

    nb = nbformat.read(path, as_version=4)
    client = nbclient.NotebookClient(
        nb,
        kernel_name=NATIVE_KERNEL_NAME,
        timeout=600,
        resources={"metadata": {"path": str(NOTEBOOKS)}},
        allow_errors=False,
    )
    try:
        client.execute()
    except nbclient.exceptions.CellExecutionError as exc:  # one clear failure per notebook
        pytest.fail(f"{path.name} failed:\n{exc}", pytrace=False)
    return nb


def _stdout(nb) -> str:
    return "".join(
        out.get("text", "")
        for cell in nb.cells
        if cell.cell_type == "code"
        for out in cell.outputs
        if out.get("output_type") == "stream"
    )


@pytest.mark.slow
def test_frontline_notebook_says_plainly_when_it_uses_example_data(monkeypatch, tmp_path):
    """With no real snapshots anywhere, the notebook says so and labels its numbers as examples."""
    monkeypatch.setenv("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    monkeypatch.setenv("PATH", os.path.dirname(sys.executable) + os.pathsep + os.environ["PATH"])
    monkeypatch.setenv("GEOMAP_FRONTLINE_SNAPSHOTS", str(tmp_path / "empty"))
    monkeypatch.setenv("GEOMAP_CACHE", str(tmp_path / "cache"))
    out = _stdout(_run(NOTEBOOKS / "03_frontline_over_time.ipynb"))
    assert "NO REAL SNAPSHOTS FOUND" in out
    assert "[EXAMPLE DATA, not real] gained" in out
    assert "real snapshots:" not in out
