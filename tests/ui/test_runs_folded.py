"""The sidebar's "Training runs (%%dlcheck)" list stays short: one folded line per run, the
latest run (highest execution count) open with its charts; the run's title jumps to its cell
without folding, the disclosure marker folds and unfolds."""

from __future__ import annotations

import re

import nbformat
import pytest
from playwright.sync_api import expect
from ui import PANEL, open_notebook, open_panel, run_cell

pytestmark = [pytest.mark.slow]

LOOP = ("%%dlcheck\nfor epoch in range({n}):\n    for i in range(0, 256, 32):\n"
        "        optimizer.zero_grad()\n        loss = loss_fn(model(X[i:i + 32]), y[i:i + 32])\n"
        "        loss.backward()\n        optimizer.step()")
CELLS = [
    "%load_ext dlfault_jupyter",
    "import torch\nfrom torch import nn\n\ntorch.manual_seed(0)\nX = torch.randn(256, 8)\n"
    "y = (X[:, 0] + X[:, 1] > 0).long()\n"
    "model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 2))\n"
    "optimizer = torch.optim.SGD(model.parameters(), lr=0.05)\nloss_fn = nn.CrossEntropyLoss()",
    LOOP.format(n=2),
    LOOP.format(n=3),
    LOOP.format(n=4),
]


def test_runs_are_folded_but_the_latest(lab, browser_page):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in CELLS]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    nbformat.write(nb, lab.root / "runs.ipynb")
    page = browser_page
    open_notebook(page, lab.url, "runs.ipynb")
    open_panel(page)
    for i in range(5):
        run_cell(page, i, timeout=120_000)
    runs = page.locator(f"{PANEL} .jp-DLFault-runs")
    expect(runs.locator("details.jp-DLFault-run")).to_have_count(3, timeout=30_000)
    expect(runs.locator("details.jp-DLFault-run[open]")).to_have_count(1)
    latest = runs.locator("details.jp-DLFault-run[open]")
    # (the title names the execution count; its label the cell's position)
    expect(latest.locator(".jp-DLFault-run-title")).to_have_attribute("aria-label", "Go to cell 5")
    expect(latest.locator(".jp-DLFault-charts svg").first).to_be_visible()
    # a folded run takes one line: its charts are not shown
    first = runs.locator("details.jp-DLFault-run").first
    expect(first.locator(".jp-DLFault-charts svg").first).to_be_hidden()
    # re-running the first training cell makes it the latest: it opens, the other folds
    run_cell(page, 2, timeout=120_000)
    expect(runs.locator("details.jp-DLFault-run[open]")).to_have_count(1, timeout=30_000)
    expect(runs.locator("details.jp-DLFault-run[open] .jp-DLFault-run-title")).to_have_attribute(
        "aria-label", "Go to cell 3")
    # the title jumps to its cell and does not fold its run
    title = runs.locator("details.jp-DLFault-run").nth(1).locator(".jp-DLFault-run-title")
    title.click()
    cells = page.locator(".jp-NotebookPanel:visible .jp-Notebook .jp-Cell")
    expect(cells.nth(3)).to_have_class(re.compile(r"jp-mod-active"))
    expect(runs.locator("details.jp-DLFault-run").nth(1)).not_to_have_attribute("open", "")
    # the summary (outside the title) unfolds it
    summary = runs.locator("details.jp-DLFault-run").nth(1).locator("summary")
    box = summary.bounding_box()
    page.mouse.click(box["x"] + 4, box["y"] + box["height"] / 2)
    expect(runs.locator("details.jp-DLFault-run").nth(1)).to_have_attribute("open", "")
