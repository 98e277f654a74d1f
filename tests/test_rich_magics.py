"""`%dlcheck`, `%dlcheck rules`, `%dlcheck explain ID`: Markdown/HTML in a notebook, text in
a terminal; `explain` shows the rule's examples also from an installed wheel (the examples
are package data there, tests/rules is not)."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from IPython.utils.capture import capture_output

from dlfault_jupyter import get_session
from dlfault_jupyter.richtext import safe_markdown
from dlfault_jupyter.rules import REGISTRY

ROOT = Path(__file__).resolve().parent.parent
DOUBLE_SOFTMAX = """
import torch
from torch import nn
model = nn.Sequential(nn.Linear(4, 3), nn.Softmax(dim=1))
loss_fn = nn.CrossEntropyLoss()
"""


def _magic(ip, line: str):
    with capture_output() as cap:
        ip.run_line_magic("dlcheck", line)
    return cap


def _notebook(ip) -> None:
    get_session(ip).config.display_mode = "static"  # what a kernel with a notebook uses


def test_explain_is_markdown_in_a_notebook(ip) -> None:
    _notebook(ip)
    cap = _magic(ip, "explain softmax-before-cross-entropy")
    assert cap.stdout == ""
    (out,) = cap.outputs
    md = out.data["text/markdown"]
    assert md.startswith("### DLF-L001 `softmax-before-cross-entropy`")
    assert "*For beginners.*" in md and "*For experts.*" in md
    assert "Example that triggers it:\n\n```python\n" in md and "Corrected:" in md
    assert "DLF-L001" in out.data["text/plain"]


def test_rules_is_a_markdown_table_in_a_notebook(ip) -> None:
    _notebook(ip)
    (out,) = _magic(ip, "rules").outputs
    md = out.data["text/markdown"]
    rows = [ln for ln in md.splitlines() if ln.startswith("| DLF-")]
    assert {r.split("|")[1].strip() for r in rows} == set(REGISTRY)
    assert f"**{len(REGISTRY)} rules**" in md
    lines = out.data["text/plain"].splitlines()
    assert {ln.split()[0] for ln in lines} == set(REGISTRY)


def test_current_findings_are_escaped_html_in_a_notebook(ip) -> None:
    _notebook(ip)
    with capture_output():
        ip.run_cell(DOUBLE_SOFTMAX, store_history=True)
    (out,) = _magic(ip, "").outputs
    html = out.data["text/html"]
    assert 'data-rule="DLF-L001"' in html and "<script" not in html
    assert "DLF-L001" in out.data["text/plain"]
    # the settings' one-line answers stay text, the rich part follows
    cap = _magic(ip, "--level expert rules")
    assert "level is expert" in cap.stdout and "text/markdown" in cap.outputs[0].data


def test_terminal_gets_plain_text_only(ip) -> None:
    get_session(ip).config.display_mode = "text"
    for line in ("explain DLF-L001", "rules"):
        cap = _magic(ip, line)
        assert cap.outputs == [] and "DLF-L001" in cap.stdout
        assert "text/markdown" not in cap.stdout


def test_unknown_rule_stays_a_plain_line(ip) -> None:
    _notebook(ip)
    cap = _magic(ip, "explain <img/src=x/onerror=alert(1)>")
    assert cap.outputs == [] and "no rule '<img/src=x/onerror=alert(1)>'" in cap.stdout


def test_safe_markdown_escapes_prose_not_code() -> None:
    md = ("Text <img src=x onerror=alert(1)> & `x < y` and <https://pytorch.org/docs>\n"
          "```python\nif a < b: print('<b>')\n```\n<script>alert(1)</script>")
    out = safe_markdown(md)
    assert "<img" not in out and "&lt;img" in out and "&amp;" in out
    assert "`x < y`" in out                                   # code span as written
    assert "<https://pytorch.org/docs>" in out                # autolink kept
    assert "if a < b: print('<b>')" in out                    # fenced code as written
    assert "<script>" not in out and "&lt;script>" in out


@pytest.mark.slow
def test_explain_shows_examples_from_the_built_wheel(tmp_path) -> None:
    """Build the wheel (hatchling, the project's own build backend; the prebuilt sidebar is
    reused), install it by unpacking, and ask it from a directory without tests/rules."""
    env = dict(os.environ, HATCH_JUPYTER_BUILDER_SKIP_NPM="1")
    code = ("import sys\nfrom hatchling.builders.wheel import WheelBuilder\n"
            f"print(list(WheelBuilder({str(ROOT)!r}).build(directory={str(tmp_path)!r}, "
            "versions=['standard']))[0])")
    p = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True,
                       text=True, timeout=300)
    assert p.returncode == 0, p.stderr[-2000:]
    wheel = Path(p.stdout.strip().splitlines()[-1])
    names = zipfile.ZipFile(wheel).namelist()
    assert not [n for n in names if n.startswith("tests/")]
    assert not [n for n in names if "__pycache__" in n or n.endswith(".pyc")]
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    probe = ("import dlfault_jupyter, dlfault_jupyter.docs as d\n"
             "from dlfault_jupyter.magics import explain_output\n"
             "print(dlfault_jupyter.__file__)\nprint(d.FIXTURES)\n"
             "print(explain_output('DLF-E001').markdown)")
    run = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True,
                         text=True, timeout=120,
                         env=dict(os.environ, PYTHONPATH=str(site), PYTHONSAFEPATH="1"))
    assert run.returncode == 0, run.stderr[-2000:]
    file, fixtures, md = run.stdout.split("\n", 2)
    assert file.startswith(str(site)) and fixtures == str(site / "dlfault_jupyter" / "examples")
    assert "Example that triggers it:" in md and "Corrected:" in md
    assert "out = model(x)  # expect: DLF-E001" in md
    bad = (ROOT / "tests/rules/errors/DLF-E001-linear-in-features-mismatch/bad.py").read_text()
    assert bad.strip() in md
