"""User-derived strings render as text in a real browser (issue 8): a layer whose name is an
HTML payload, reported by DLF-L001 in the inline report widget and in the sidebar, must show
as literal text and never run."""

from __future__ import annotations

import nbformat
import pytest
from playwright.sync_api import expect
from ui import PANEL, open_notebook, open_panel, run_cell

pytestmark = [pytest.mark.slow]

PAYLOAD = "<img src=x onerror=__dlfault_xss=1>"
CELLS = [
    "%load_ext dlfault_jupyter",
    "import torch\nfrom collections import OrderedDict\nfrom torch import nn\n"
    f"model = nn.Sequential(OrderedDict([('fc', nn.Linear(4, 3)), ({PAYLOAD!r}, nn.Softmax(dim=1))]))\n"
    "loss_fn = nn.CrossEntropyLoss()",
]


def test_payload_in_a_layer_name_renders_as_text(lab, browser_page):
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in CELLS]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                 "language": "python"}
    nbformat.write(nb, lab.root / "xss.ipynb")
    page = browser_page
    open_notebook(page, lab.url, "xss.ipynb")
    open_panel(page)
    run_cell(page, 0)
    run_cell(page, 1)

    report = page.locator(".jp-NotebookPanel:visible .jp-Cell").nth(1).locator(".dlfault-report")
    expect(report).to_contain_text("DLF-L001", timeout=30_000)
    expect(report).to_contain_text(PAYLOAD)          # shown literally, as text
    assert report.locator("img").count() == 0        # no element was created from it
    item = page.locator(f'{PANEL} .jp-DLFault-item[data-rule="DLF-L001"]').first
    expect(item).to_contain_text(PAYLOAD, timeout=15_000)
    assert page.locator(f"{PANEL} img").count() == 0
    page.wait_for_timeout(500)  # an onerror handler would have fired by now
    assert page.evaluate("() => window.__dlfault_xss") is None
