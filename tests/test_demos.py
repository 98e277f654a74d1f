"""The demo tour (``demo_notebooks/*.ipynb``): every demo executes headless and reports what it
promises in ``metadata.dlfault.expect`` (rule ids like ``DLF-T001`` or taxonomy ids; ``A|B``
for alternatives), the
saved notebooks are in sync with their sources and show their reports as static HTML, and
``python -m dlfault_jupyter check demo_notebooks/01_quickstart.ipynb --json`` reports three
taxonomy categories and exits 1.

Rebuild the demos after changing a source or a rule: ``python demo_notebooks/build.py``.
"""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat
import pytest

from dlfault_jupyter.findings import MIME

ROOT = Path(__file__).resolve().parent.parent
DEMOS = ROOT / "demo_notebooks"
_spec = importlib.util.spec_from_file_location("demo_build", DEMOS / "build.py")
build = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(build)

REBUILD = "rebuild with: python demo_notebooks/build.py"
SOURCES = build.sources()
# every built demo with promises (demo_notebooks/dlcheck.ipynb included when it declares some)
NOTEBOOKS = sorted(p for p in DEMOS.glob("*.ipynb")
                   if nbformat.read(p, as_version=4).metadata.get("dlfault", {}).get("expect"))
QUICKSTART = DEMOS / "01_quickstart.ipynb"


def _check(paths: list[Path]) -> tuple[int, dict]:
    p = subprocess.run([sys.executable, "-m", "dlfault_jupyter", "check", *map(str, paths),
                        "--json"], cwd=ROOT, capture_output=True, text=True, timeout=900)
    assert p.returncode in (0, 1), f"check failed ({p.returncode}): {p.stderr[-1500:]}"
    return p.returncode, json.loads(p.stdout)


@pytest.fixture(scope="module")
def checked() -> dict[str, tuple[int, list[dict]]]:
    """Every demo through the headless check, two CLI processes at a time."""
    def one(path: Path) -> tuple[str, tuple[int, list[dict]]]:
        rc, doc = _check([path])
        return path.name, (rc, doc["files"][0]["findings"])

    with ThreadPoolExecutor(2) as pool:
        return dict(pool.map(one, NOTEBOOKS))


def test_every_source_is_built_and_in_sync():
    assert SOURCES, "no demo sources in demo_notebooks/src/"
    for src in SOURCES:
        out = DEMOS / f"{src.stem}.ipynb"
        assert out.is_file(), f"{out.name} is missing; {REBUILD}"
        saved = nbformat.read(out, as_version=4)
        fresh = build.notebook(src)
        assert [c.source for c in saved.cells] == [c.source for c in fresh.cells], \
            f"{out.name} is out of date with src/{src.name}; {REBUILD}"
        assert saved.metadata["dlfault"]["expect"] == fresh.metadata["dlfault"]["expect"], \
            f"{out.name}: promises differ from src/{src.name}; {REBUILD}"
        assert saved.cells[0].source.strip() == "%load_ext dlfault_jupyter", \
            f"{src.name}: the first cell must load the extension (for JupyterLab)"


def test_cells_that_raise_on_purpose_are_tagged_and_the_kernelspec_is_jupyterlabs():
    """Run All goes to the end (JupyterLab and nbclient skip past a cell tagged
    raises-exception); an opened demo is not marked modified (the installed kernelspec)."""
    for src in SOURCES:
        saved = nbformat.read(DEMOS / f"{src.stem}.ipynb", as_version=4)
        fresh = build.notebook(src)
        assert [c.metadata.get("tags", []) for c in saved.cells] == \
            [c.metadata.get("tags", []) for c in fresh.cells], f"{src.name}: tags; {REBUILD}"
        untagged, quiet = build.raising_cells(saved)
        assert not untagged, f"{src.stem}.ipynb: cells {untagged} raise without the tag"
        assert not quiet, f"{src.stem}.ipynb: cells {quiet} are tagged but do not raise"
    for path in sorted(DEMOS.glob("*.ipynb")):  # dlcheck.ipynb too
        saved = nbformat.read(path, as_version=4)
        assert saved.metadata["kernelspec"] == build.kernelspec(), \
            f"{path.name}: kernelspec differs from the installed one; {REBUILD}"
        assert saved.metadata["kernelspec"]["display_name"] == "Python 3 (ipykernel)"


@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.parametrize("src", SOURCES, ids=lambda p: p.stem)
def test_demo_runs_to_the_end_without_allow_errors(src):
    """As "Run All" in JupyterLab: the extension loaded by the first cell, every cell run,
    no error allowed except in the cells tagged raises-exception (nbclient raises
    CellExecutionError at the first other one)."""
    from nbclient import NotebookClient

    nb = build.notebook(src)
    NotebookClient(nb, timeout=600, kernel_name="python3", allow_errors=False,
                   resources={"metadata": {"path": str(DEMOS)}}).execute()
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(c.execution_count for c in code), "a cell was not run"
    untagged, quiet = build.raising_cells(nb)
    assert not untagged and not quiet, (untagged, quiet)


def test_saved_outputs_show_static_reports():
    for src in SOURCES:
        nb = nbformat.read(DEMOS / f"{src.stem}.ipynb", as_version=4)
        reports = [o for c in nb.cells if c.cell_type == "code" for o in c.outputs
                   if MIME in o.get("data", {})]
        assert reports, f"{src.stem}.ipynb has no saved report; {REBUILD}"
        assert all("text/html" in o["data"] for o in reports), \
            f"{src.stem}.ipynb: a saved report without static HTML; {REBUILD}"
        assert not any("application/vnd.jupyter.widget-view+json" in o.get("data", {})
                       for c in nb.cells if c.cell_type == "code" for o in c.outputs), \
            f"{src.stem}.ipynb holds widget outputs, unreadable without a kernel; {REBUILD}"


@pytest.mark.slow
@pytest.mark.timeout(1800)  # one fixture runs every notebook (real kernels)
@pytest.mark.parametrize("path", NOTEBOOKS, ids=lambda p: p.stem)
def test_demo_keeps_its_promises(checked, path):
    rc, findings = checked[path.name]
    promised = nbformat.read(path, as_version=4).metadata["dlfault"]["expect"]
    got = {f["rule"] for f in findings} | {f["taxonomy"] for f in findings}
    # an item may name alternatives, "DLF-L105|DLF-E108": the same fault, found either way
    missing = [p for p in promised if not set(p.split("|")) & got]
    assert not missing, (f"{path.name} promises {missing} but the check reported "
                         f"{sorted({f['rule'] for f in findings})}")


@pytest.mark.slow
@pytest.mark.timeout(1800)  # one fixture runs every notebook (real kernels)
def test_quickstart_cli_three_categories_and_exit_1(checked):
    rc, findings = checked[QUICKSTART.name]
    cats = {f["taxonomy"] for f in findings if f["severity"] in ("error", "warning")}
    assert rc == 1
    assert len(cats) >= 3, f"quickstart reports only {sorted(cats)}"
