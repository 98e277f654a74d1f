"""Many notebooks, many cores: wall time of ``check -j 1``, ``check -j 2`` and
``pytest --dlfault -n 2`` (pytest-xdist) on the same notebooks.

The notebooks are small PyTorch notebooks written for the run (a model, a short training
loop, an evaluation: what a course exercise looks like), saved as ``.ipynb``; ``--tiny``
uses four numpy-only ones, ``DLF_BENCH_CHECK_KIND=numpy`` forty. Each tool gets the same
files in a fresh directory; the wall time includes starting the interpreter and every
kernel (and importing torch in each).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .common import ROOT, env

TORCH_NB = """\
# %%
import torch
from torch import nn

torch.manual_seed({seed})
X = torch.randn(512, 8)
y = (X[:, 0] + 0.5 * X[:, {col}] > 0).long()
model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 2))
loss_fn = nn.CrossEntropyLoss()
optimizer = torch.optim.Adam(model.parameters(), lr=1e-2)

# %%
model.train()
for epoch in range({epochs}):
    for i in range(0, len(X), 64):
        optimizer.zero_grad()
        loss = loss_fn(model(X[i:i + 64]), y[i:i + 64])
        loss.backward()
        optimizer.step()
print(f"loss {{loss.item():.3f}}")

# %%
model.eval()
with torch.no_grad():
    accuracy = (model(X).argmax(dim=1) == y).float().mean().item()
print(f"accuracy {{accuracy:.2f}}")
"""

NUMPY_NB = """\
# %%
import numpy as np

rng = np.random.default_rng({seed})
X = rng.normal(size=(100, 4))

# %%
print(X.mean(axis=0).round(2))
"""


def write_notebooks(d: Path, n: int, numpy_only: bool) -> list[Path]:
    import nbformat

    from dlfault_jupyter.cli import read_notebook

    paths = []
    for i in range(n):
        src = (NUMPY_NB.format(seed=i) if numpy_only
               else TORCH_NB.format(seed=i, col=1 + i % 7, epochs=3 + i % 4))
        py = d / f"nb{i:02d}.py"
        py.write_text(src)
        p = d / f"nb{i:02d}.ipynb"
        nbformat.write(read_notebook(py), p)
        py.unlink()
        paths.append(p)
    return paths


def timed(cmd: list[str], cwd: Path) -> tuple[float, subprocess.CompletedProcess]:
    t0 = time.perf_counter()
    r = subprocess.run(cmd, cwd=cwd, capture_output=True, text=True, env=env(), timeout=3600)
    t = time.perf_counter() - t0
    shown = " ".join(c for c in cmd[1:6] if not c.endswith(".ipynb"))
    print(f"  {shown} ... {t:.0f} s (exit {r.returncode})", file=sys.stderr, flush=True)
    return t, r


def main(tiny: bool = False, kind: str | None = None, n: int | None = None) -> dict:
    """``kind``: "torch" (default) or "numpy" (numpy-only notebooks: kernels without the
    cost of importing torch; the default with ``tiny``); also ``DLF_BENCH_CHECK_KIND``."""
    kind = kind or os.environ.get("DLF_BENCH_CHECK_KIND") or ("numpy" if tiny else "torch")
    n = n or (4 if tiny else 40)
    numpy_only = kind == "numpy"
    with tempfile.TemporaryDirectory(prefix="dlf-bench-") as tmp:
        d = Path(tmp)
        names = [p.name for p in write_notebooks(d, n, numpy_only)]
        check = [sys.executable, "-m", "dlfault_jupyter", "check", "--no-config", "--json"]
        load0 = os.getloadavg()[0]
        t1, r1 = timed([*check, "-j", "1", *names], d)
        t2, r2 = timed([*check, "-j", "2", *names], d)
        t3, r3 = timed([sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "--rootdir",
                        str(d), "--dlfault", "-n", "2", "-q", *names], d)
        load1 = os.getloadavg()[0]
    for r in (r1, r2):
        if r.returncode not in (0, 1) or not r.stdout.startswith("{"):
            raise RuntimeError(f"check failed ({r.returncode}): {r.stderr[-2000:]}")
    if r3.returncode not in (0, 1):
        raise RuntimeError(f"pytest failed ({r3.returncode}): {(r3.stdout + r3.stderr)[-2000:]}")
    findings = sum(len(f["findings"]) for f in json.loads(r1.stdout)["files"])
    summary = (r3.stdout.strip().splitlines() or [""])[-1]
    res = {
        "title": "Many notebooks: check -j and the pytest plugin",
        "notebooks": n, "j1_s": t1, "j2_s": t2, "xdist_s": t3,
        "identical": r1.stdout == r2.stdout and r1.returncode == r2.returncode,
        "findings": findings, "pytest": summary, "load": (load0, load1),
    }
    kind = ("numpy-only (a random array, its column means)" if numpy_only
            else "small PyTorch (a model, 3-6 epochs of Adam, an evaluation)")
    rows = [
        ("`check -j 1`", t1, t1),
        ("`check -j 2`", t2, t1),
        ("`pytest --dlfault -n 2` (pytest-xdist)", t3, t1),
    ]
    lines = [
        f"{n} {kind} notebooks (`.ipynb`, written by `benchmarks/bench_check.py`), a fresh "
        "kernel each; wall time of the whole command, interpreter and kernel start-up "
        f"{'and `import torch` in every kernel ' if not numpy_only else ''}included.",
        "",
        "| command | wall time | per notebook | speed-up over `-j 1` |",
        "|---|---|---|---|",
    ]
    for label, t, base in rows:
        lines.append(f"| {label} | **{t:.0f} s** | {t / n:.1f} s | {base / t:.2f}× |")
    lines += [
        "",
        f"`-j 2` output identical to `-j 1` (JSON, exit status): "
        f"**{'yes' if res['identical'] else 'NO'}**; findings on these notebooks: {findings}; "
        f"pytest: {summary}.",
        f"Load average (1 min) before / after: {load0:.1f} / {load1:.1f} on "
        f"{os.cpu_count()} logical cores: the speed-up of 2 jobs is bounded by the cores the "
        "other processes leave free.",
    ]
    res["markdown"] = "\n".join(lines)
    return res


if __name__ == "__main__":
    os.chdir(ROOT)
    print(main(tiny="--tiny" in sys.argv)["markdown"])
