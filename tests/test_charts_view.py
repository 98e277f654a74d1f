"""What a %%dlcheck run shows above and in its charts: a healthy run says so in one line
("N steps, no fault found") above the charts, a run with a finding or an exception does
not; the chart text uses JupyterLab's font and text colour (readable in the dark theme)."""

from __future__ import annotations

import re

from IPython.utils.capture import capture_output

import dlfault_jupyter
from dlfault_jupyter.runtime import charts, last_trace
from dlfault_jupyter.runtime.trace import Trace

SETUP = """
import torch
from torch import nn

torch.manual_seed(0)
X = torch.randn(256, 8)
y = (X[:, 0] + X[:, 1] > 0).long()
model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 2))
optimizer = torch.optim.SGD(model.parameters(), lr=0.1, momentum=0.9)
loss_fn = nn.CrossEntropyLoss()
"""
LOOP = """%%dlcheck
for epoch in range(3):
    perm = torch.randperm(256)
    for i in range(0, 256, 32):
        idx = perm[i:i + 32]
        optimizer.zero_grad()
        loss = loss_fn(model(X[idx]), y[idx])
        loss.backward()
        optimizer.step()
"""
DEAD = "with torch.no_grad():\n    model[0].bias.fill_(-20.0)\n"
RAISES = LOOP + "raise KeyError('after training')\n"


def _cell(ip, src: str, mode: str):
    dlfault_jupyter.get_session(ip).config.display_mode = mode
    with capture_output() as cap:
        ip.run_cell(src, store_history=True)
    return cap


def _html(cap) -> str:
    return "".join(o.data.get("text/html", "") for o in cap.outputs)


def test_healthy_run_says_so_above_its_charts(ip) -> None:
    ip.run_cell(SETUP, store_history=True)
    cap = _cell(ip, LOOP, "static")
    steps = last_trace().steps
    assert steps == 24
    (out,) = [o for o in cap.outputs if "dlfault-charts" in o.data.get("text/html", "")]
    html, text = out.data["text/html"], out.data["text/plain"]
    line = f"✔ dlcheck: {steps} steps, no fault found"
    assert html.index(line) < html.index('<div class="dlfault-charts"')
    assert text.splitlines()[0] == line


def test_a_run_with_a_finding_or_an_exception_has_no_healthy_line(ip) -> None:
    ip.run_cell(SETUP + DEAD, store_history=True)
    cap = _cell(ip, LOOP, "static")
    assert "<svg" in _html(cap) and "no fault found" not in _html(cap)   # dead ReLU found
    ip.run_cell(SETUP, store_history=True)
    cap = _cell(ip, RAISES, "static")
    assert "<svg" in _html(cap) and "no fault found" not in _html(cap)


def test_terminal_prints_the_healthy_line_first(ip) -> None:
    ip.run_cell(SETUP, store_history=True)
    out = _cell(ip, LOOP, "text").stdout
    assert out.index("no fault found") < out.index("step(s) observed")


def test_chart_text_uses_jupyterlab_font_and_colour() -> None:
    tr = Trace()
    for i in range(30):
        tr.losses.add(i, 2.0 / (i + 1))
    ls = tr.layer("net.0", "Linear")
    ls.grad_probes = 2
    ls.grad_norms.add(0, 0.5)
    act = tr.layer("net.1", "ReLU")
    act.dead_units, act.units = 3, 4
    html = charts.svg_for(tr)
    texts = re.findall(r"<text [^>]*>", html)
    assert len(texts) >= 8
    for t in texts:  # no text without a fill: black on the dark theme's near-black
        style = re.search(r'style="([^"]*)"', t).group(1)
        assert "fill:var(--jp-ui-font-color1, currentColor)" in style, t
        assert "font-family:var(--jp-ui-font-family" in style, t
