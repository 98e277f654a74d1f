"""``check -j N``: notebooks side by side, a kernel each, with the output of ``-j 1``; the
progress line only on a terminal's stderr; kernels over IPC (no TCP warning)."""

from __future__ import annotations

import io
import json
import os
import pty
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest

from dlfault_jupyter.batch import Progress, check_many, default_jobs, kernel_config

# numpy only: cell 3 runs cell 2's source again on its own result (DLF-N001, warning)
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


def cli(cwd: Path, *args: str, tty_stderr: bool = False) -> tuple[int, str, str]:
    """(exit status, stdout, stderr) of ``check``; stderr on a pseudo-terminal if asked."""
    env = {**os.environ, "TF_CPP_MIN_LOG_LEVEL": "3", "PYDEVD_DISABLE_FILE_VALIDATION": "1"}
    cmd = [sys.executable, "-m", "dlfault_jupyter", "check", "--no-config", *args]
    if not tty_stderr:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=600, cwd=cwd, env=env)
        return r.returncode, r.stdout, r.stderr
    master, slave = pty.openpty()
    p = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=slave, cwd=cwd, env=env)
    os.close(slave)
    err = b""
    while True:
        try:
            chunk = os.read(master, 4096)
        except OSError:  # EIO: the other end closed
            break
        if not chunk:
            break
        err += chunk
    out = p.stdout.read().decode()
    p.wait(timeout=600)
    os.close(master)
    return p.returncode, out, err.decode(errors="replace")


@pytest.mark.slow
def test_jobs_2_prints_what_jobs_1_prints(tmp_path) -> None:
    from dlfault_jupyter.cli import read_notebook

    (tmp_path / "rerun.py").write_text(RERUN)
    nbformat.write(read_notebook(tmp_path / "rerun.py"), tmp_path / "rerun.ipynb")
    (tmp_path / "clean.py").write_text(CLEAN)
    # the slow notebooks first: with -j 2 the clean one finishes before them
    paths = ["rerun.py", "clean.py", "rerun.ipynb"]
    rc1, out1, err1 = cli(tmp_path, *paths, "--json", "-j", "1")
    rc2, out2, err2 = cli(tmp_path, *paths, "--json", "-j", "2", tty_stderr=True)
    assert rc1 == rc2 == 1, err1 + err2
    assert out1 == out2
    doc = json.loads(out2)  # nothing but the JSON on stdout, also with a progress line
    assert [f["path"] for f in doc["files"]] == paths
    assert [[x["rule"] for x in f["findings"]] for f in doc["files"]] == \
        [["DLF-N001"], [], ["DLF-N001"]]
    # the progress line: on the terminal only, erased at the end
    assert "/3 done" in err2 and "running: " in err2 and err2.endswith("\r\x1b[K")
    assert "done" not in err1
    for err in (err1, err2):  # kernels over IPC: ipykernel's TCP warning is gone
        assert "without encryption" not in err and "Traceback" not in err


@pytest.mark.slow
def test_text_format_the_same_for_any_jobs(tmp_path) -> None:
    (tmp_path / "rerun.py").write_text(RERUN)
    (tmp_path / "clean.py").write_text(CLEAN)
    r1 = cli(tmp_path, "rerun.py", "clean.py", "-j", "1")
    r3 = cli(tmp_path, "rerun.py", "clean.py", "-j", "3")  # more jobs than files
    assert r1[:2] == r3[:2] and r1[0] == 1
    assert r1[1].startswith("rerun.py: dlfault: 1 warning\n")
    assert r1[1].endswith("clean.py: dlfault: no findings\n")


# check functions for the worker processes (module level: they are pickled by name)
def fake_check(path: Path) -> dict:
    """Sleeps the longer the earlier the file, so they finish in reverse order."""
    time.sleep({"a": 0.6, "b": 0.3}.get(path.stem, 0.0))
    if path.stem.startswith("bad"):
        from dlfault_jupyter.cli import UsageError

        raise UsageError(f"{path}: not a readable notebook")
    return {"path": str(path), "pid": os.getpid()}


def test_results_in_the_order_given_whatever_finishes_first() -> None:
    paths = [Path(n) for n in ("a.ipynb", "b.ipynb", "c.ipynb", "d.ipynb")]
    got = check_many(paths, fake_check, jobs=3)
    assert [r["path"] for _, r in got] == [str(p) for p in paths]
    assert len({r["pid"] for _, r in got}) > 1  # really in several processes
    one = check_many(paths, fake_check, jobs=1)
    assert [r["path"] for _, r in one] == [str(p) for p in paths]
    assert {r["pid"] for _, r in one} == {os.getpid()}  # -j 1: in this process


def test_unreadable_file_ends_the_results_like_jobs_1() -> None:
    paths = [Path(n) for n in ("a.ipynb", "bad1.ipynb", "c.ipynb", "bad2.ipynb")]
    for jobs in (1, 2):
        got = check_many(paths, fake_check, jobs=jobs)
        assert [s for s, _ in got] == ["ok", "usage"], jobs
        assert got[1][1] == "bad1.ipynb: not a readable notebook"


def test_progress_line() -> None:
    buf = io.StringIO()
    p = Progress(40, stream=buf, enabled=True)
    assert p.line(3, {"nb/x.ipynb": 100.0, "y.ipynb": 105.0}, now=112.2) == \
        "3/40 done, slowest running: x.ipynb 12 s"
    assert p.line(39, {"y.ipynb": 105.0}, now=106.0) == "39/40 done, running: y.ipynb 1 s"
    p.show(0, {})
    p.clear()
    assert buf.getvalue() == "\r0/40 done\x1b[K\r\x1b[K"
    quiet = io.StringIO()  # not a terminal: nothing
    q = Progress(40, stream=quiet)
    q.show(1, {"x.ipynb": 0.0})
    q.clear()
    assert quiet.getvalue() == ""


def test_defaults() -> None:
    assert default_jobs() >= 1
    cfg = kernel_config()
    if sys.platform != "win32":  # zmq has IPC on every Unix: a private socket prefix each
        assert cfg.KernelManager.transport == "ipc"
        assert cfg.KernelManager.ip != kernel_config().KernelManager.ip
        assert os.path.isabs(cfg.KernelManager.ip)


@pytest.mark.slow
def test_benchmark_tiny() -> None:
    root = Path(__file__).resolve().parent.parent
    if str(root) not in sys.path:
        sys.path.insert(0, str(root))
    from benchmarks import bench_check

    res = bench_check.main(tiny=True)
    assert res["notebooks"] == 4 and res["identical"] and res["findings"] == 0
    assert res["pytest"].startswith("4 passed")
    assert "`check -j 2`" in res["markdown"] and res["j1_s"] > 0
