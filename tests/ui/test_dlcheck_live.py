"""%%dlcheck live view in JupyterLab (issue 17): while a training cell runs, one output
shows the step count, the rate, the time left and the loss curve, updated in place (not
appended), and the NaN of step 20 as soon as it happens; when the cell ends, the live
output becomes a summary line and the report follows. The stop button interrupts a
longer cell: the KeyboardInterrupt is shown as without the magic, the live output becomes
a summary line, and the diagnosis of the steps that ran follows."""

from __future__ import annotations

import os
import re
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import expect
from ui import open_notebook, run_cell, wait_kernel_idle

pytestmark = [pytest.mark.slow]

STEP = re.compile(r"step ([\d,]+) / ([\d,]+)")
LOOP = ("model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 2))\n"
        "optimizer = torch.optim.SGD(model.parameters(), lr=0.1)\n"
        "for step in range({n}):\n    i = (step * 4) % 256\n"
        "    optimizer.zero_grad()\n    loss = loss_fn(model(X[i:i + 4]), y[i:i + 4])\n"
        "    loss.backward()\n    optimizer.step()\n    time.sleep(0.02)")
CELLS = [
    "%load_ext dlfault_jupyter",
    "import time\nimport torch\nfrom torch import nn\ntorch.manual_seed(0)\n"
    "X = torch.randn(256, 8)\ny = (X[:, 0] + X[:, 1] > 0).long()\n"
    "X[20 * 4 + 1, 3] = float('nan')   # the batch of step 20\n"
    "loss_fn = nn.CrossEntropyLoss()",
    "%%dlcheck\n" + LOOP.format(n=250),      # a few seconds: runs to its end
    "%%dlcheck\n" + LOOP.format(n=5000),     # ~2 min unless stopped
]


def _step(text: str) -> int:
    m = STEP.search(text)
    assert m, text
    return int(m.group(1).replace(",", ""))


def _start(page, index: int):
    cell = page.locator(".jp-NotebookPanel:visible .jp-Notebook .jp-Cell").nth(index)
    cell.locator(".jp-InputPrompt").click()
    page.keyboard.press("Escape")
    page.keyboard.press("Shift+Enter")
    return cell


def _two_live_states(page, cell, total: str) -> tuple[str, str]:
    """Two different step counts shown by the one live output while the cell runs."""
    live = cell.locator(".dlfault-live")
    expect(live).to_have_count(1, timeout=60_000)
    status = live.locator(".dlfault-live-status")
    expect(status).to_contain_text(re.compile(rf"step [\d,]+ / {total}"), timeout=30_000)
    first = status.inner_text()
    page.wait_for_function(
        """([idx, t]) => {
          const c = document.querySelectorAll('.jp-NotebookPanel .jp-Notebook .jp-Cell')[idx];
          const e = c.querySelectorAll('.dlfault-live-status');
          const m = (s) => Number((/step ([\\d,]+) \\//.exec(s) || ['', '-1'])[1].replace(/,/g, ''));
          return e.length === 1 && m(e[0].textContent) > m(t);
        }""", arg=[int(cell.evaluate(
            "c => [...c.parentElement.children].indexOf(c)")), first], timeout=30_000)
    second = status.inner_text()
    # still running when the second state was read: the prompt is [*]
    expect(cell.locator(".jp-InputPrompt")).to_contain_text("*")
    assert cell.locator(".dlfault-live").count() == 1        # updated in place, not appended
    assert _step(second) > _step(first)
    return first, second


def test_live_view_updates_in_place_and_the_stop_button_gives_a_diagnosis(
        lab, browser_page, tmp_path):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in CELLS]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, lab.root / "live.ipynb")
    page = browser_page
    open_notebook(page, lab.url, "live.ipynb")
    run_cell(page, 0)
    run_cell(page, 1)

    # 1. a run of a few seconds: live states, then the summary line and the report
    cell = _start(page, 2)
    _two_live_states(page, cell, "250")
    live = cell.locator(".dlfault-live")
    status = live.locator(".dlfault-live-status")
    expect(status).to_contain_text("steps/s")
    expect(status).to_contain_text("left")
    expect(live.locator(".dlfault-live-findings")).to_contain_text(
        "loss is nan from step 20", timeout=30_000)
    expect(live.locator("svg")).to_have_count(1)
    shots = Path(os.environ.get("DLFAULT_UI_SHOTS", tmp_path))
    shots.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(shots / "dlcheck_live.png"))
    expect(cell.locator(".jp-InputPrompt")).to_have_text(re.compile(r"\[\d+\]"),
                                                         timeout=120_000)
    wait_kernel_idle(page, 120_000)
    expect(cell.locator(".dlfault-live-done")).to_contain_text(
        "250 step(s) done: the diagnosis follows")
    assert cell.locator(".dlfault-live:not(.dlfault-live-done)").count() == 0
    out = cell.locator(".jp-OutputArea")
    expect(out).to_contain_text("DLF-T301", timeout=30_000)     # the final report
    assert "KeyboardInterrupt" not in out.inner_text()

    # 2. the stop button interrupts a longer run: KeyboardInterrupt + partial diagnosis
    cell = _start(page, 3)
    _, second = _two_live_states(page, cell, "5,000")
    # the NaN of step 20 is shown while the cell still runs, then the stop button
    expect(cell.locator(".dlfault-live-findings")).to_contain_text(
        "loss is nan from step 20", timeout=60_000)
    expect(cell.locator(".jp-InputPrompt")).to_contain_text("*")
    page.locator(".jp-NotebookPanel:visible [data-command='notebook:interrupt-kernel']"
                 ).first.click()
    wait_kernel_idle(page, 120_000)
    out = cell.locator(".jp-OutputArea")
    expect(out).to_contain_text("KeyboardInterrupt", timeout=30_000)
    done = cell.locator(".dlfault-live-done")
    expect(done).to_contain_text(re.compile(r"interrupted after [\d,]+ step\(s\)"))
    ran = int(re.search(r"interrupted after ([\d,]+)", done.inner_text()).group(1)
              .replace(",", ""))
    assert max(_step(second), 20) <= ran < 5000
    expect(out).to_contain_text("DLF-T301")       # the diagnosis of the steps that ran
    assert cell.locator(".dlfault-live:not(.dlfault-live-done)").count() == 0
