"""Suppressions, ``[tool.dlfault]``, baselines and auto-load with real kernels: the headless
check (a subprocess, as users run it), a kernel driven the way JupyterLab drives it (cell
metadata in the execute request, the notebook's directory as cwd, ``JPY_SESSION_NAME``),
and a kernel that loads the extension from ``c.InteractiveShellApp.extensions``."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from dlfault_jupyter.findings import MIME

pytestmark = pytest.mark.slow

SETUP = """\
import torch
from torch import nn
torch.manual_seed(0)
X = torch.randn(16, 4)
y = torch.randint(0, 3, (16,))
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)"""

LOOP = """\
for epoch in range(2):
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()"""


def env() -> dict[str, str]:
    return {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0",
            "PYDEVD_DISABLE_FILE_VALIDATION": "1"}


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "dlfault_jupyter", "check", "-j", "1", *args],
                          capture_output=True, text=True, timeout=300, cwd=cwd, env=env())


def notebook(*sources: str, **cell_meta: dict) -> nbformat.NotebookNode:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    for i, md in cell_meta.items():  # c3={...}: metadata of the 3rd cell
        nb.cells[int(i[1:]) - 1].metadata.update(md)
    return nb


def by_path(stdout: str) -> dict[str, set[tuple[str, int, int | None]]]:
    doc = json.loads(stdout)
    return {Path(f["path"]).name: {(x["rule"], x["cell"], x["line"]) for x in f["findings"]}
            for f in doc["files"]}


def test_cli_inline_cell_metadata_and_notebook_wide_suppressions(tmp_path: Path) -> None:
    nb = notebook(
        SETUP,
        "out = model.forward(X)",                                        # 2: reported
        "out = model.forward(X)  # dlfault: ignore[DLF-A005]",           # 3: quiet
        "# dlfault: ignore\nout = model.forward(X)",                     # 4: quiet (cell)
        "out = model.forward(X)  # dlfault: ignore[DLF-Q999]",           # 5: wrong id
        "out = model.forward(X)",                                        # 6: cell metadata
        "%%dlcheck\nout = model.forward(X)  # dlfault: ignore[forward-called-directly]",
        c6={"dlfault": {"ignore": ["forward-called-directly"]}})
    nbformat.write(nb, tmp_path / "inline.ipynb")
    wide = notebook(SETUP, "out = model.forward(X)", LOOP)
    wide.metadata["dlfault"] = {"ignore": ["DLF-A005", "DLF-Z123"]}
    nbformat.write(wide, tmp_path / "wide.ipynb")
    r = cli("inline.ipynb", "wide.ipynb", "--json", "--no-config", cwd=tmp_path)
    got = by_path(r.stdout)
    assert {(rule, c) for rule, c, _ in got["inline.ipynb"] if rule == "DLF-A005"} == \
        {("DLF-A005", 2), ("DLF-A005", 5)}, r.stdout
    assert ("DLF-A201", 5, 1) in got["inline.ipynb"]
    assert "DLF-Q999" in json.dumps(json.loads(r.stdout))  # the message names it
    assert not {x for x in got["wide.ipynb"] if x[0] == "DLF-A005"}
    assert ("DLF-T001", 3, 3) in got["wide.ipynb"]  # only what the metadata names
    assert "wide.ipynb: notebook metadata: dlfault.ignore names no rule: 'DLF-Z123'" \
        in r.stderr
    assert r.returncode == 1


def test_cli_reads_pyproject_from_the_files_directory_up(tmp_path: Path) -> None:
    proj = tmp_path / "course"
    (proj / "week1").mkdir(parents=True)
    (proj / "pyproject.toml").write_text(
        "[tool.dlfault]\nignore = ['missing-zero-grad']\nlevel = 'expert'\n"
        "[tool.dlfault.per-file-ignores]\n'week1/legacy_*.ipynb' = ['api']\n")
    nbformat.write(notebook(SETUP, "out = model.forward(X)", LOOP),
                   proj / "week1" / "legacy_a.ipynb")
    nbformat.write(notebook(SETUP, "out = model.forward(X)", LOOP), proj / "week1" / "b.ipynb")
    nbformat.write(notebook(SETUP, "out = model.forward(X)", LOOP), tmp_path / "outside.ipynb")
    r = cli("course/week1/legacy_a.ipynb", "course/week1/b.ipynb", "outside.ipynb", "--json",
            cwd=tmp_path)
    got = by_path(r.stdout)
    assert got["legacy_a.ipynb"] == set(), r.stdout           # ignore + per-file ignore
    assert {x[0] for x in got["b.ipynb"]} == {"DLF-A005"}     # ignore only
    assert {"DLF-A005", "DLF-T001"} <= {x[0] for x in got["outside.ipynb"]}  # no pyproject
    # level comes from the file (expert text first)
    t = cli("course/week1/b.ipynb", cwd=tmp_path)
    assert "DLF-A005" in t.stdout
    expert = json.loads(r.stdout)["files"][1]["findings"][0]["expert"]
    assert expert.split()[0] in t.stdout
    # a broken table is a usage error naming the file, before any kernel starts
    (proj / "pyproject.toml").write_text("[tool.dlfault]\nignore = ['DLF-NOPE']\n")
    bad = cli("course/week1/b.ipynb", cwd=tmp_path)
    assert bad.returncode == 2 and "pyproject.toml" in bad.stderr and "DLF-NOPE" in bad.stderr


def test_baseline_quiet_on_unrelated_edit_and_reports_new_fault(tmp_path: Path) -> None:
    nbformat.write(notebook(SETUP, "print('report')", LOOP), tmp_path / "train.ipynb")
    w = cli("train.ipynb", "--write-baseline", "dlfault-baseline.json", "--json", cwd=tmp_path)
    assert w.returncode == 0, w.stderr
    assert "recorded in dlfault-baseline.json" in w.stderr
    doc = json.loads((tmp_path / "dlfault-baseline.json").read_text())
    assert doc["dlfault-baseline"] == 1
    assert {(e["rule"], e["path"]) for e in doc["findings"]} >= {("DLF-T001", "train.ipynb")}
    # an unrelated cell edited, a cell inserted above, the faulty cell re-indented: quiet
    nbformat.write(notebook(SETUP, "print('a longer report')", "x = 1",
                            LOOP.replace("    ", "  ")), tmp_path / "train.ipynb")
    q = cli("train.ipynb", "--baseline", "dlfault-baseline.json", "--json", cwd=tmp_path)
    assert q.returncode == 0, q.stdout
    assert by_path(q.stdout)["train.ipynb"] == set()
    # a new fault is reported (and fails the check)
    nbformat.write(notebook(SETUP, "print('a longer report')", "x = 1", LOOP,
                            LOOP.replace("range(2)", "range(5)")), tmp_path / "train.ipynb")
    n = cli("train.ipynb", "--baseline", "dlfault-baseline.json", "--json", cwd=tmp_path)
    assert n.returncode == 1
    assert {(x[0], x[1]) for x in by_path(n.stdout)["train.ipynb"]} == {("DLF-T001", 5)}
    (tmp_path / "junk.json").write_text("[]")
    assert cli("train.ipynb", "--baseline", "junk.json", cwd=tmp_path).returncode == 2


# -- a kernel driven the way JupyterLab drives it ------------------------------------------
def _execute(kc, code: str, metadata: dict | None = None) -> tuple[list[dict], str]:
    msg = kc.session.msg("execute_request", {
        "code": code, "silent": False, "store_history": True, "user_expressions": {},
        "allow_stdin": False, "stop_on_error": False}, metadata=metadata or {})
    kc.shell_channel.send(msg)
    findings: list[dict] = []
    text = ""
    while True:
        m = kc.get_iopub_msg(timeout=120)
        if m["parent_header"].get("msg_id") != msg["header"]["msg_id"]:
            continue
        t, c = m["msg_type"], m["content"]
        if t in ("display_data", "execute_result", "update_display_data"):
            findings += (c["data"].get(MIME) or {}).get("findings", [])
        elif t == "stream":
            text += c["text"]
        elif t == "error":
            text += "\n".join(c["traceback"])
        elif t == "status" and c["execution_state"] == "idle":
            return findings, text


def test_kernel_reads_pyproject_of_its_cwd_and_cell_metadata(tmp_path: Path) -> None:
    from jupyter_client.manager import start_new_kernel

    (tmp_path / "pyproject.toml").write_text(
        "[tool.dlfault]\nlevel = 'expert'\n"
        "[tool.dlfault.per-file-ignores]\n'lab.ipynb' = ['forward-called-directly']\n")
    km, kc = start_new_kernel(
        kernel_name="python3", cwd=str(tmp_path),
        env={**env(), "JPY_SESSION_NAME": str(tmp_path / "lab.ipynb")},
        extra_arguments=["--ext=dlfault_jupyter", "--DLFault.display_mode=static",
                         "--DLFault.budget_ms=60000",
                         "--IPKernelApp.reraise_ipython_extension_failures=True"])
    try:
        _f, out = _execute(kc, "print(get_ipython()._dlfault_session.config.level)")
        assert out.strip() == "expert", out
        _execute(kc, SETUP)
        f, _ = _execute(kc, "out = model.forward(X)")
        assert not [x for x in f if x["rule"] == "DLF-A005"]  # per-file ignore (the lab path)
        # the cell's metadata, as JupyterLab sends it with the execute request
        f, out = _execute(kc, LOOP, {"dlfault": {"ignore": ["missing-zero-grad"]},
                                     "cellId": "c1"})
        assert not [x for x in f if x["rule"] == "DLF-T001"], out
        f, out = _execute(kc, LOOP, {"cellId": "c2"})
        assert [x for x in f if x["rule"] == "DLF-T001"], out
        f, out = _execute(kc, LOOP, {"dlfault": {"ignore": True}, "cellId": "c3"})
        assert f == [], out
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)


def test_autoload_from_ipython_kernel_config_checks_the_first_cell(tmp_path: Path,
                                                                   monkeypatch) -> None:
    """`c.InteractiveShellApp.extensions = ["dlfault_jupyter"]` in the profile: a kernel
    started without any dlfault argument checks its very first cell."""
    from nbclient import NotebookClient

    profile = tmp_path / "ipython" / "profile_default"
    profile.mkdir(parents=True)
    (profile / "ipython_kernel_config.py").write_text(
        'c.InteractiveShellApp.extensions = ["dlfault_jupyter"]\n'
        'c.DLFault.display_mode = "static"\n')
    monkeypatch.setenv("IPYTHONDIR", str(tmp_path / "ipython"))
    for k, v in env().items():
        monkeypatch.setenv(k, v)
    nb = notebook(SETUP + "\nout = model.forward(X)")
    NotebookClient(nb, timeout=300, kernel_name="python3",
                   resources={"metadata": {"path": str(tmp_path)}}).execute()
    rules = {d["rule"] for o in nb.cells[0].outputs
             for d in (o.get("data") or {}).get(MIME, {}).get("findings", [])}
    assert "DLF-A005" in rules, nb.cells[0].outputs
