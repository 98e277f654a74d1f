"""Smoke runs of every benchmark with tiny sizes (``main(tiny=True)``), so that
``make bench`` never rots. The full runs (``python -m benchmarks``) are not part of the tests."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks import __main__ as bench_main  # noqa: E402
from benchmarks import bench_hook, bench_load, scoreboard  # noqa: E402
from benchmarks.common import machine_markdown  # noqa: E402


def test_machine_description():
    md = machine_markdown()
    for key in ("CPU", "Python", "torch", "tensorflow-cpu", "numpy"):
        assert key in md


def test_hook_tiny():
    res = bench_hook.main(tiny=True)
    assert res["realistic"]["with"] > 0 and res["realistic"]["without"] > 0
    assert set(res["ns"]) == {10, 100} and set(res["tensor"]) == {1, 16}
    assert "share of a 1-s cell" in res["markdown"]
    # the extension must be unloaded again: the benchmark leaves the shell as it found it
    import dlfault_jupyter

    assert dlfault_jupyter.get_session(bench_hook.shell()) is None


def test_load_tiny_imports_no_framework():
    res = bench_load.main(tiny=True)
    assert res["loaded"]
    assert res["heavy"] == [], f"loading the extension imported {res['heavy']}"
    assert res["load_s"] < 10


@pytest.mark.slow
def test_scoreboard_tiny():
    res = scoreboard.main(tiny=True)
    assert len(res["results"]) == 2
    assert all(r.error is None for r in res["results"]), [r.error for r in res["results"]]
    assert "recall" in res["markdown"]


def test_corpus_headers_parse():
    items = scoreboard.entries()
    assert any(e.correct for e in items) and any(not e.correct for e in items)


def test_main_lists_benchmarks_and_writes(tmp_path):
    names = [n for n, _ in bench_main.available()]
    assert {"hook", "load", "scoreboard"} <= set(names)
    out = tmp_path / "RESULTS.md"
    p = subprocess.run([sys.executable, "-m", "benchmarks", "--tiny", "--only", "load",
                        "--out", str(out)], cwd=ROOT, capture_output=True, text=True,
                       timeout=300)
    assert p.returncode == 0, p.stderr[-2000:]
    text = out.read_text()
    assert "Machine and versions" in text and "Loading the extension" in text
