"""The pre-commit hooks of .pre-commit-hooks.yaml, run by pre-commit itself on a staged
notebook in a throw-away git repository (the hook repository is a local clone-able repo
holding this project's hook manifest)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / ".pre-commit-hooks.yaml"
BIN = Path(sys.executable).parent

pytestmark = pytest.mark.skipif(not (BIN / "pre-commit").exists(),
                                reason="pre-commit is not installed (requirements-dev.txt)")

FAULTY = """\
import torch
from torch import nn
torch.manual_seed(0)
X = torch.randn(16, 4)
y = torch.randint(0, 3, (16,))
model = nn.Sequential(nn.Linear(4, 8), nn.ReLU(), nn.Linear(8, 3))
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.SGD(model.parameters(), lr=0.1)
for epoch in range(2):
    loss = loss_fn(model(X), y)
    loss.backward()
    optimizer.step()
"""
CORRECT = FAULTY.replace("    loss = loss_fn", "    optimizer.zero_grad()\n    loss = loss_fn")


def git(cwd: Path, *args: str) -> str:
    return subprocess.run(["git", "-c", "user.name=t", "-c", "user.email=t@example.org",
                           "-c", "commit.gpgsign=false", *args], cwd=cwd, check=True,
                          capture_output=True, text=True).stdout.strip()


def test_manifest_is_valid_for_pre_commit() -> None:
    r = subprocess.run([str(BIN / "pre-commit"), "validate-manifest", str(MANIFEST)],
                       capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr
    text = MANIFEST.read_text()
    assert "id: dlfault-check\n" in text and r"files: \.(ipynb|py)$" in text


@pytest.mark.slow
def test_hook_fails_on_a_staged_faulty_notebook_and_passes_a_correct_one(tmp_path: Path
                                                                          ) -> None:
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    shutil.copy(MANIFEST, hooks / ".pre-commit-hooks.yaml")
    git(hooks, "init", "-q")
    git(hooks, "add", ".pre-commit-hooks.yaml")
    git(hooks, "commit", "-q", "-m", "hooks")
    rev = git(hooks, "rev-parse", "HEAD")

    repo = tmp_path / "repo"
    repo.mkdir()
    git(repo, "init", "-q")
    (repo / ".pre-commit-config.yaml").write_text(
        f"repos:\n- repo: {hooks}\n  rev: {rev}\n  hooks:\n  - id: dlfault-check-system\n"
        f"    args: [-j, '1']\n")
    for name, src in (("faulty.ipynb", FAULTY), ("correct.ipynb", CORRECT)):
        nb = nbformat.v4.new_notebook()
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                     "language": "python"}
        nb.cells = [nbformat.v4.new_code_cell(src)]
        nbformat.write(nb, repo / name)
    (repo / "README.md").write_text("not checked\n")
    (repo / "module.py").write_text(FAULTY)  # an ordinary module: never executed
    git(repo, "add", ".")
    env = {**os.environ, "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
           "PRE_COMMIT_HOME": str(tmp_path / "cache"), "TF_CPP_MIN_LOG_LEVEL": "3",
           "PYDEVD_DISABLE_FILE_VALIDATION": "1"}

    def run(*files: str) -> subprocess.CompletedProcess:
        return subprocess.run([str(BIN / "pre-commit"), "run", "--files", *files], cwd=repo,
                              env=env, capture_output=True, text=True, timeout=400)

    bad = run("faulty.ipynb", "README.md")
    assert bad.returncode == 1, bad.stdout + bad.stderr
    assert "Failed" in bad.stdout and "DLF-T001" in bad.stdout, bad.stdout
    good = run("correct.ipynb", "README.md", "module.py")
    assert good.returncode == 0, good.stdout + good.stderr
    assert "Passed" in good.stdout
