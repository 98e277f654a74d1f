"""The one-line pointer above a traceback (dlfault_jupyter/pointer.py), in real kernels
(nbclient) and in the in-process shell: it comes before the traceback, the error output and
the execute reply are exactly what they are without the extension, the report still comes
after, and %unload_ext puts IPython's exception handling back as it was."""

from __future__ import annotations

import re

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

import dlfault_jupyter
from dlfault_jupyter.findings import MIME
from dlfault_jupyter.pointer import TAIL

EXT = ["--ext=dlfault_jupyter", "--IPKernelApp.reraise_ipython_extension_failures=True",
       "--DLFault.display_mode=static", "--DLFault.budget_ms=60000"]

SETUP = """import torch
from torch import nn
x = torch.rand(64, 1, 28, 28)
model = nn.Sequential(nn.Linear(784, 128), nn.ReLU(), nn.Linear(128, 10))"""
EXPLAINED = "def deeper(m, t):\n    return m(t)\n\nout = deeper(model, x)"   # DLF-E001
UNEXPLAINED = "raise KeyError('no explainer for this one')"
SYNTAX = "def f(:\n    pass"
AFTER = "print('still running')"
# no explainer for TensorDataset's AssertionError; the report's data rule explains it
MISMATCH = """import numpy as np
table = np.random.default_rng(0).normal(size=(500, 6)).astype(np.float32)
outcome = (table[:, 0] > 0).astype(np.int64)
table = table[20:]
X = torch.from_numpy(table)
Y = torch.from_numpy(outcome)
ds = torch.utils.data.TensorDataset(X, Y)"""


def _nb(*sources: str, tags: dict[int, list[str]] | None = None):
    nb = nbformat.v4.new_notebook()
    for i, src in enumerate(sources):
        c = nbformat.v4.new_code_cell(src)
        if tags and i in tags:
            c.metadata["tags"] = tags[i]
        nb.cells.append(c)
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    return nb


def _run(nb, ext: bool, allow_errors: bool = True):
    client = NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=allow_errors,
                            extra_arguments=EXT if ext else [])
    client.execute()
    return nb


def _kinds(cell) -> list[str]:
    """'pointer', 'error', 'report' or the output type, in output order."""
    out = []
    for o in cell.outputs:
        data = o.get("data", {})
        if o["output_type"] == "error":
            out.append("error")
        elif MIME in data:
            out.append("report")
        elif TAIL in data.get("text/plain", ""):
            out.append("pointer")
        else:
            out.append(o["output_type"])
    return out


def _error(cell) -> dict:
    (err,) = [o for o in cell.outputs if o["output_type"] == "error"]
    # the cell's file name holds the kernel's process id and the cell's hash (differs per
    # kernel); nothing else may differ
    tb = [re.sub(r"ipykernel_\d+/\d+\.py", "ipykernel_PID/CELL.py", t) for t in err["traceback"]]
    return {"ename": err["ename"], "evalue": err["evalue"], "traceback": tb}


@pytest.fixture(scope="module")
def runs():
    """The same notebook with and without the extension (two real kernels)."""
    src = (SETUP, EXPLAINED, UNEXPLAINED, SYNTAX, AFTER, MISMATCH)
    return _run(_nb(*src), ext=True), _run(_nb(*src), ext=False)


@pytest.mark.slow
def test_pointer_precedes_the_traceback_and_the_report_follows(runs):
    on, _off = runs
    cell = on.cells[1]
    assert _kinds(cell) == ["pointer", "error", "report"], _kinds(cell)
    pointer = cell.outputs[0]
    assert "DLF-E001" in pointer["data"]["text/plain"]
    html = pointer["data"]["text/html"]
    assert 'class="dlfault-pointer"' in html and "<script" not in html
    assert MIME not in pointer["data"]  # the report below stays the only record
    report = cell.outputs[2]["data"][MIME]
    assert "DLF-E001" in {f["rule"] for f in report["findings"]}


@pytest.mark.slow
def test_error_outputs_are_exactly_those_without_the_extension(runs):
    on, off = runs
    for i in (1, 2, 3, 5):
        assert _error(on.cells[i]) == _error(off.cells[i]), f"cell {i} differs"
    assert _error(on.cells[1])["ename"] == "RuntimeError"
    assert "mat1 and mat2 shapes cannot be multiplied" in _error(on.cells[1])["evalue"]
    assert any("deeper" in t for t in _error(on.cells[1])["traceback"])  # every frame kept
    assert _error(on.cells[3])["ename"] == "SyntaxError"


@pytest.mark.slow
def test_pointer_names_the_reports_finding_when_no_explainer_matches(runs):
    on, _off = runs
    cell = on.cells[5]
    assert _kinds(cell) == ["pointer", "error", "report"], _kinds(cell)
    rule = cell.outputs[0]["data"]["text/plain"].split(":")[0].split()[-1]
    reported = {f["rule"] for f in cell.outputs[2]["data"][MIME]["findings"]}
    assert rule in reported, (rule, reported)   # the line points at what is below


@pytest.mark.slow
def test_no_pointer_without_an_explanation(runs):
    on, _off = runs
    assert "pointer" not in _kinds(on.cells[2])   # KeyError: nothing explains it
    assert _kinds(on.cells[3]) == ["error"]        # a syntax error: IPython's own display
    assert [o.get("text") for o in on.cells[4].outputs] == ["still running\n"]


@pytest.mark.slow
def test_raises_exception_tag_and_allow_errors_behave_as_without_the_extension():
    # tagged: the run goes on to the end without allow_errors
    nb = _run(_nb(SETUP, EXPLAINED, AFTER, tags={1: ["raises-exception"]}), ext=True,
              allow_errors=False)
    assert _kinds(nb.cells[1]) == ["pointer", "error", "report"]
    assert [o.get("text") for o in nb.cells[2].outputs] == ["still running\n"]
    # untagged: nbclient stops at the cell with the kernel's error reply (ename, evalue)
    nb = _nb(SETUP, EXPLAINED, AFTER)
    with pytest.raises(CellExecutionError) as e:
        _run(nb, ext=True, allow_errors=False)
    assert e.value.ename == "RuntimeError"
    assert "mat1 and mat2 shapes cannot be multiplied" in e.value.evalue
    assert nb.cells[2].outputs == []


# -- in-process: installation and restoration ------------------------------------------
def test_unload_restores_ipythons_handler_exactly(ip) -> None:
    s = dlfault_jupyter.get_session(ip)
    assert ip.custom_exceptions == (Exception,)
    assert ip.CustomTB is s.pointer.installed
    dlfault_jupyter.unload_ipython_extension(ip)
    assert ip.custom_exceptions == ()
    assert ip.CustomTB is s.pointer.prev_tb
    dlfault_jupyter.load_ipython_extension(ip)


def test_a_previous_handler_keeps_its_exceptions_and_is_restored(ip) -> None:
    dlfault_jupyter.unload_ipython_extension(ip)
    seen = []

    class Mine(Exception):
        pass

    def theirs(shell, etype, value, tb, tb_offset=None):
        seen.append(etype)
        return ["handled by theirs\n"]

    ip.set_custom_exc((Mine,), theirs)
    their_tb = ip.CustomTB
    try:
        dlfault_jupyter.load_ipython_extension(ip)
        ip.user_ns["Mine"] = Mine
        r = ip.run_cell("raise Mine('x')", store_history=True)
        assert isinstance(r.error_in_exec, Mine) and seen == [Mine]
        r = ip.run_cell("1/0", store_history=True)
        assert isinstance(r.error_in_exec, ZeroDivisionError) and seen == [Mine]
        dlfault_jupyter.unload_ipython_extension(ip)
        assert ip.CustomTB is their_tb and ip.custom_exceptions == (Mine,)
    finally:
        ip.set_custom_exc((), None)
        ip.custom_exceptions = ()
        dlfault_jupyter.load_ipython_extension(ip)


def test_terminal_shows_no_pointer_and_the_same_traceback(ip) -> None:
    from IPython.utils.capture import capture_output

    ip.run_cell(SETUP, store_history=True)
    with capture_output() as on:
        r = ip.run_cell(EXPLAINED, store_history=True)
    assert isinstance(r.error_in_exec, RuntimeError)
    assert TAIL not in on.stdout and "DLF-E001" in on.stdout  # the report, after
    assert on.stdout.index("mat1 and mat2") < on.stdout.index("DLF-E001")


def test_pointer_line_is_escaped_and_short(ip) -> None:
    from dlfault_jupyter.findings import Finding
    from dlfault_jupyter.pointer import Pointer

    f = Finding("DLF-E001", "tensors.shape", "error", False, 1, 2, "x",
                "`<img src=x onerror=alert(1)>` " + "long " * 200, "b", "e", None)
    p = Pointer(f, 2)
    html = p.html()
    assert "<img" not in html and "&lt;img" in html
    assert "(+2 more)" in p.text() and len(p.text()) < 400
