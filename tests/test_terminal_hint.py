"""Terminal IPython running `-c` code or a file does not check its cells: the extension says
so once, on stderr, with the command that checks them; an interactive session does not."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

HINT = "is not checked after each cell; to check it: python -m dlfault_jupyter check"
IPYTHON = [sys.executable, "-m", "IPython", "--no-banner", "--colors=nocolor",
           "--HistoryManager.enabled=False"]
FAULTY = "import torch; from torch import nn; m = nn.Sequential(nn.Linear(4, 3), nn.Softmax(dim=1)); f = nn.CrossEntropyLoss()"


def _ipython(args: list[str], cwd: Path, stdin: str = "") -> subprocess.CompletedProcess:
    env = dict(os.environ, IPYTHONDIR=str(cwd / ".ipython"), TF_CPP_MIN_LOG_LEVEL="3")
    return subprocess.run([*IPYTHON, *args], cwd=cwd, env=env, input=stdin,
                          capture_output=True, text=True, timeout=180)


@pytest.mark.slow
def test_dash_c_says_once_how_to_check(tmp_path) -> None:
    p = _ipython(["--ext=dlfault_jupyter", "-c", FAULTY + "\nprint('ran')"], tmp_path)
    assert p.returncode == 0, p.stderr
    assert p.stdout.strip().endswith("ran")
    assert p.stderr.count(HINT) == 1, p.stderr
    assert "DLF-L001" not in p.stdout      # indeed not checked: the hint is true


@pytest.mark.slow
def test_load_ext_inside_dash_c_also_says_it(tmp_path) -> None:
    p = _ipython(["-c", "%load_ext dlfault_jupyter\nprint('ran')"], tmp_path)
    assert p.returncode == 0 and p.stderr.count(HINT) == 1, p.stderr


@pytest.mark.slow
def test_a_file_names_itself_in_the_hint(tmp_path) -> None:
    for name in ("script.ipy", "script.py"):
        (tmp_path / name).write_text(FAULTY + "\nprint('ran')\n")
        p = _ipython(["--ext=dlfault_jupyter", name], tmp_path)
        assert p.returncode == 0, p.stderr
        assert p.stderr.count(HINT) == 1, p.stderr
        assert f"`ipython {name}`" in p.stderr
        if name.endswith(".py"):
            assert f"check {name}" in p.stderr


@pytest.mark.slow
def test_interactive_session_is_checked_and_says_nothing(tmp_path) -> None:
    p = _ipython(["--simple-prompt", "--ext=dlfault_jupyter"], tmp_path,
                 stdin=FAULTY + "\nexit()\n")
    assert HINT not in p.stderr and HINT not in p.stdout
    assert "DLF-L001" in p.stdout, p.stdout[-2000:] + p.stderr[-2000:]
