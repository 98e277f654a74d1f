"""``python -m dlfault_jupyter check``: the contract of CONTRACT.md §3 (real kernels)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

FINDING_KEYS = {"rule", "taxonomy", "severity", "silent", "cell", "line", "subject",
                "message", "beginner", "expert", "fix"}

CLEAN = """\
# %%
x = [1, 2, 3]

# %%
y = sum(x)
print(y)
"""

FAULTY = """\
# %% [markdown]
# A model with a softmax trained with CrossEntropyLoss, and a loop without zero_grad.

# %%
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(16, 4)
y = torch.randint(0, 3, (16,))
model = nn.Sequential(nn.Linear(4, 3), nn.Softmax(dim=1))
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)

# %%
raise ValueError("a cell that fails")

# %% [markdown]
# Training goes on after the failure.

# %%
for epoch in range(2):
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
print("trained")
"""


def cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "TF_ENABLE_ONEDNN_OPTS": "0",
           "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    return subprocess.run([sys.executable, "-m", "dlfault_jupyter", "check", *args],
                          capture_output=True, text=True, timeout=300, cwd=cwd, env=env)


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("cli")
    (d / "clean.py").write_text(CLEAN)
    (d / "faulty.py").write_text(FAULTY)
    from dlfault_jupyter.cli import read_notebook

    nb = read_notebook(d / "faulty.py")
    nbformat.write(nb, d / "faulty.ipynb")
    (d / "broken.ipynb").write_text("{ this is not json")
    (d / "notes.txt").write_text("x = 1")
    return {p.stem + p.suffix: p for p in d.iterdir()}


@pytest.mark.slow
def test_clean_file_exits_0_and_prints_only_json(files) -> None:
    r = cli(str(files["clean.py"]), "--json")
    assert r.returncode == 0, r.stderr
    doc = json.loads(r.stdout)  # nothing else on stdout
    assert doc == {"files": [{"path": str(files["clean.py"]), "cells": 2, "findings": []}]}


@pytest.mark.slow
def test_faulty_notebook_json_shape_cells_and_exit_1(files) -> None:
    r = cli(str(files["clean.py"]), str(files["faulty.ipynb"]), "--json", "--level", "expert")
    assert r.returncode == 1, r.stderr
    doc = json.loads(r.stdout)
    assert set(doc) == {"files"} and len(doc["files"]) == 2
    assert doc["files"][0] == {"path": str(files["clean.py"]), "cells": 2, "findings": []}
    f = doc["files"][1]
    assert set(f) == {"path", "cells", "findings"}
    assert f["path"] == str(files["faulty.ipynb"]) and f["cells"] == 5
    for finding in f["findings"]:
        assert set(finding) == FINDING_KEYS
        assert finding["severity"] in ("error", "warning", "info")
        assert isinstance(finding["silent"], bool) and isinstance(finding["cell"], int)
    got = {(x["rule"], x["cell"]) for x in f["findings"]}
    # cell numbers are the file's cell indices, markdown cells counted
    assert ("DLF-L001", 2) in got
    assert ("DLF-T001", 5) in got  # the cell after the one that raised still ran
    t001 = next(x for x in f["findings"] if x["rule"] == "DLF-T001")
    assert t001["line"] == 3
    assert not [x for x in f["findings"] if x["cell"] in (1, 4)]  # markdown cells


@pytest.mark.slow
def test_text_output(files) -> None:
    r = cli(str(files["faulty.py"]))
    assert r.returncode == 1, r.stderr
    assert r.stdout.startswith(f"{files['faulty.py']}: dlfault: ")
    assert "DLF-L001" in r.stdout and "DLF-T001" in r.stdout
    assert "expects raw scores" in r.stdout  # beginner level by default


@pytest.mark.slow
def test_missing_file_exits_2_with_one_line(files) -> None:
    r = cli("missing.py", "--json", cwd=files["clean.py"].parent)
    assert r.returncode == 2 and r.stdout == ""
    assert r.stderr.strip() == "dlfault: missing.py: no such file"


@pytest.mark.parametrize("args, needle", [
    (["missing.py"], "no such file"),
    (["broken.ipynb"], "not a readable notebook"),
    (["notes.txt"], "not a .ipynb or .py file"),
    (["clean.py", "missing.ipynb"], "no such file"),
])
def test_unreadable_input_exits_2_with_one_line(files, args, needle, capsys, monkeypatch) -> None:
    from dlfault_jupyter.cli import main

    monkeypatch.chdir(files["clean.py"].parent)
    assert main(["check", *args, "--json"]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0] and lines[0].startswith("dlfault: ")


@pytest.mark.parametrize("args", [[], ["check"], ["check", "--level", "guru", "x.py"],
                                  ["check", "--bogus", "x.py"], ["frobnicate"]])
def test_bad_usage_exits_2(args, capsys) -> None:
    from dlfault_jupyter.cli import main

    with pytest.raises(SystemExit) as e:
        main(args)
    assert e.value.code == 2
    out, err = capsys.readouterr()
    assert out == "" and "usage" in err.lower()


def test_percent_split_counts_markdown_and_leading_text() -> None:
    from dlfault_jupyter.cli import split_percent

    cells = split_percent(FAULTY)
    assert [k for k, _h, _s in cells] == ["markdown", "code", "code", "markdown", "code"]
    assert split_percent("x = 1\ny = 2\n") == [("code", "", "x = 1\ny = 2")]
    assert len(split_percent("import os\n# %%\nx = 1\n")) == 2


def test_percent_only_skips_ordinary_modules_without_a_kernel(tmp_path, capsys) -> None:
    from dlfault_jupyter.cli import is_plain_script, main

    module = tmp_path / "module.py"
    module.write_text("raise SystemExit('executed')\n")  # would be a finding if it ran
    percent = tmp_path / "nb.py"
    percent.write_text("# %%\nx = 1\n")
    assert is_plain_script(module) and not is_plain_script(percent)
    assert not is_plain_script(tmp_path / "n.ipynb")
    assert main(["check", "--percent-only", "--json", str(module)]) == 0
    assert capsys.readouterr().out == ""  # nothing was checked, nothing was started
