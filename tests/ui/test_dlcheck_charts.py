"""%%dlcheck charts in the sidebar (issue 5): a training cell run under %%dlcheck puts its
loss curve, gradient norms and dead units into the findings payload, and the "DL faults"
panel draws them (SVG built with DOM calls); a forged notebook whose payload carries
script in the chart data draws inert text and runs nothing."""

from __future__ import annotations

import nbformat
import pytest
from playwright.sync_api import expect
from ui import PANEL, open_notebook, open_panel, run_cell

pytestmark = [pytest.mark.slow]

MIME = "application/vnd.dlfault.findings+json"
CELLS = [
    "%load_ext dlfault_jupyter",
    "import torch\nfrom torch import nn\n\ntorch.manual_seed(0)\nX = torch.randn(256, 8)\n"
    "y = (X[:, 0] + X[:, 1] > 0).long()\n"
    "model = nn.Sequential(nn.Linear(8, 32), nn.ReLU(), nn.Linear(32, 2))\n"
    "with torch.no_grad():\n    model[0].bias.fill_(-20.0)   # every ReLU unit dead\n"
    "optimizer = torch.optim.SGD(model.parameters(), lr=0.1)\nloss_fn = nn.CrossEntropyLoss()",
    "%%dlcheck\nfor epoch in range(5):\n    perm = torch.randperm(256)\n"
    "    for i in range(0, 256, 32):\n        idx = perm[i:i + 32]\n"
    "        optimizer.zero_grad()\n        loss = loss_fn(model(X[idx]), y[idx])\n"
    "        loss.backward()\n        optimizer.step()",
]


def _write(lab, name: str, cells: list) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = cells
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, lab.root / name)


def test_dlcheck_charts_in_the_sidebar(lab, browser_page):
    _write(lab, "dlcheck.ipynb", [nbformat.v4.new_code_cell(c) for c in CELLS])
    page = browser_page
    open_notebook(page, lab.url, "dlcheck.ipynb")
    open_panel(page)
    for i in range(3):
        run_cell(page, i)
    panel = page.locator(PANEL)
    item = panel.locator('.jp-DLFault-item[data-rule="DLF-L301"]').first
    expect(item).to_be_visible(timeout=30_000)
    runs = panel.locator(".jp-DLFault-runs")
    expect(runs).to_be_visible(timeout=15_000)
    expect(runs.locator(".jp-DLFault-run-title")).to_contain_text("Cell [3]")
    expect(runs.locator(".jp-DLFault-run-title")).to_contain_text("PyTorch · 40 steps")
    svgs = runs.locator(".jp-DLFault-charts svg")
    expect(svgs).to_have_count(3)
    expect(svgs.nth(0)).to_contain_text("Loss per step")
    assert runs.locator("polyline").count() == 1
    expect(svgs.nth(1)).to_contain_text("model.0")
    expect(svgs.nth(2)).to_contain_text("model.1")
    expect(svgs.nth(2)).to_contain_text("100% dead")
    box = svgs.nth(0).bounding_box()
    assert box and box["width"] > 100 and box["height"] > 50
    # the title jumps to the cell
    runs.locator(".jp-DLFault-run-title").click()
    cells = page.locator(".jp-NotebookPanel:visible .jp-Notebook .jp-Cell")
    expect(cells.nth(2)).to_have_class(__import__("re").compile(r"jp-mod-active"))


def test_forged_chart_payload_stays_inert(lab, browser_page):
    evil = "<img src=x onerror=window.__dlfault_xss=1>"
    payload = {
        "version": 1, "cell_id": None, "execution_count": 1, "findings": [], "notes": [],
        "charts": {
            "framework": "<script>window.__dlfault_xss=2</script>", "steps": "NaN",
            "loss": {"steps": [0, 1, 2, "3\" onload=\"window.__dlfault_xss=3"],
                     "values": [1.0, 0.5, 0.25, 0.1], "bad_step": "<script>x</script>"},
            "layers": [{"name": evil, "kind": "<b>", "grad": 0.5, "dead": 0.75},
                       {"name": "<script>window.__dlfault_xss=4</script>", "grad": "1e3",
                        "dead": 0.1}],
        },
    }
    cell = nbformat.v4.new_code_cell("print('trained')")
    cell.outputs = [nbformat.v4.new_output("display_data", data={
        MIME: payload, "text/plain": "report"})]
    _write(lab, "forged.ipynb", [cell])
    page = browser_page
    open_notebook(page, lab.url, "forged.ipynb")
    open_panel(page)
    runs = page.locator(f"{PANEL} .jp-DLFault-runs")
    expect(runs).to_be_visible(timeout=15_000)
    expect(runs.locator("svg")).to_have_count(3)
    # the names are shown as text (full name in the <title> tooltip, shortened label)
    expect(runs.locator("title", has_text=evil)).to_have_count(2)
    assert runs.locator("img").count() == 0
    assert runs.locator("script").count() == 0
    # the non-numeric values were dropped: three loss points, one gradient bar
    assert runs.locator("polyline").get_attribute("points").count(",") == 3
    page.wait_for_timeout(500)   # an onerror/onload handler would have fired by now
    assert page.evaluate("() => window.__dlfault_xss") is None
