"""The pytest plugin (``pytest --dlfault``): notebooks as test items, run by a pytest in a
subprocess (real kernels), alone and under pytest-xdist."""

from __future__ import annotations

import os
import subprocess
import sys
from importlib.metadata import entry_points
from pathlib import Path

import nbformat
import pytest

# numpy only (fast kernels): cell 3 runs cell 2's source again on its own result (DLF-N001,
# a warning)
RERUN = """\
# %%
import numpy as np

rng = np.random.default_rng(0)
X = rng.integers(0, 256, size=(200, 16)).astype("float32")

# %%
X = X / 255.0

# %%
X = X / 255.0
"""
CLEAN = "# %%\nx = [1, 2, 3]\n\n# %%\ny = sum(x)\n"
A_TEST = "def test_plain():\n    assert 1 + 1 == 2\n"


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> Path:
    from dlfault_jupyter.cli import read_notebook

    d = tmp_path_factory.mktemp("plugin")
    (d / "nb").mkdir()
    (d / "rerun_script.py").write_text(RERUN)
    nbformat.write(read_notebook(d / "rerun_script.py"), d / "nb" / "rerun.ipynb")
    (d / "clean.py").write_text(CLEAN)
    nbformat.write(read_notebook(d / "clean.py"), d / "nb" / "clean.ipynb")
    (d / "nb" / "test_plain.py").write_text(A_TEST)
    return d


def pytest_run(cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "PYTEST_ADDOPTS": ""}
    env.pop("PYTEST_XDIST_WORKER", None)
    return subprocess.run([sys.executable, "-m", "pytest", "-p", "no:cacheprovider",
                           "--rootdir", str(cwd), *args], capture_output=True, text=True,
                          timeout=600, cwd=cwd, env=env)


def test_entry_point_registered() -> None:
    eps = {e.name: e.value for e in entry_points(group="pytest11")}
    assert eps.get("dlfault") == "dlfault_jupyter.pytest_plugin"


def test_inert_without_the_option(project) -> None:
    r = pytest_run(project, "-q", "nb")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "1 passed" in r.stdout and ".ipynb" not in r.stdout


@pytest.mark.slow
def test_notebooks_are_items_and_findings_fail_them(project) -> None:
    r = pytest_run(project, "--dlfault", "-q", "-rA", "nb")
    out = r.stdout
    assert r.returncode == 1, out + r.stderr
    assert "1 failed, 2 passed" in out  # rerun.ipynb fails; clean.ipynb and test_plain pass
    assert "FAILED nb/rerun.ipynb::rerun.ipynb" in out
    assert "PASSED nb/clean.ipynb::clean.ipynb" in out
    # the failure report: the findings in the text format
    assert "dlfault: 1 warning" in out and "▲ WARNING DLF-N001" in out
    assert "(cell 3, line 1)" in out and "This cell ran again on its own result" in out
    assert "Traceback" not in out


@pytest.mark.slow
def test_threshold_option_and_ini(project, tmp_path) -> None:
    r = pytest_run(project, "--dlfault", "--dlfault-fail-on=error", "-q", "nb/rerun.ipynb")
    assert r.returncode == 0 and "1 passed" in r.stdout, r.stdout + r.stderr
    # the same from the ini file; the option wins over it
    (project / "pytest.ini").write_text("[pytest]\ndlfault_fail_on = error\n")
    try:
        r = pytest_run(project, "--dlfault", "-q", "nb/rerun.ipynb")
        assert r.returncode == 0 and "1 passed" in r.stdout, r.stdout + r.stderr
        (project / "pytest.ini").write_text("[pytest]\ndlfault_fail_on = bogus\n")
        r = pytest_run(project, "--dlfault", "-q", "--collect-only", "nb")
        assert r.returncode != 0 and "dlfault_fail_on" in r.stdout + r.stderr
    finally:
        (project / "pytest.ini").unlink()


def test_percent_script_named_is_an_item_not_a_module(project) -> None:
    r = pytest_run(project, "--dlfault", "--collect-only", "-q", "rerun_script.py")
    assert r.returncode == 0, r.stdout + r.stderr
    assert "rerun_script.py::rerun_script.py" in r.stdout
    # in a directory, .py scripts are items only with --dlfault-percent
    r = pytest_run(project, "--dlfault", "--collect-only", "-q", ".")
    assert "rerun_script.py" not in r.stdout and "nb/rerun.ipynb::rerun.ipynb" in r.stdout
    r = pytest_run(project, "--dlfault", "--dlfault-percent", "--collect-only", "-q", ".")
    assert "rerun_script.py::rerun_script.py" in r.stdout
    assert "clean.py::clean.py" in r.stdout
    assert "nb/test_plain.py::test_plain" in r.stdout  # test modules stay test modules


@pytest.mark.slow
def test_under_xdist(project) -> None:
    r = pytest_run(project, "--dlfault", "-n", "2", "-v", "nb")
    out = r.stdout
    assert r.returncode == 1, out + r.stderr
    assert "created: 2/2 workers" in out
    assert "] FAILED nb/rerun.ipynb::rerun.ipynb" in out  # "[gw0] FAILED ...": on a worker
    assert "1 failed, 2 passed" in out
    assert "▲ WARNING DLF-N001" in out and "(cell 3, line 1)" in out
