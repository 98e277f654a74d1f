"""The sidebar end to end in a real JupyterLab (issue 6): load the extension, run faulty
torch cells, see the report under the cell and the findings in the panel, click a finding
and land on its cell, mute the rule from the panel, save, reopen and see the stored
findings again."""

from __future__ import annotations

import json
import re

import pytest
from playwright.sync_api import expect
from ui import PANEL, open_notebook, open_panel, run_cell, wait_kernel_idle

pytestmark = [pytest.mark.slow]

NB = "faulty_torch.ipynb"


def _items(page, rule=None):
    sel = f"{PANEL} .jp-DLFault-item"
    if rule:
        sel += f'[data-rule="{rule}"]'
    return page.locator(sel)


def test_sidebar_end_to_end(lab, browser_page):
    page = browser_page
    open_notebook(page, lab.url, NB)
    open_panel(page)
    panel = page.locator(PANEL)
    expect(panel.locator(".jp-DLFault-empty")).to_contain_text("No deep-learning faults")

    for i in range(4):
        run_cell(page, i)

    cells = page.locator(".jp-NotebookPanel:visible .jp-Notebook .jp-Cell")
    # the inline report under the faulty model cell (drawn from the findings JSON)
    report = cells.nth(2).locator(".dlfault-report")
    expect(report).to_be_visible(timeout=30_000)
    expect(report).to_contain_text("DLF-L001")

    # the findings in the panel, grouped by cell, with the channel connected
    item = _items(page, "DLF-L001").first
    expect(item).to_be_visible(timeout=15_000)
    expect(item).to_contain_text("Softmax")
    expect(panel.locator(".jp-DLFault-group-title").first).to_contain_text("Cell [3]")
    expect(panel.locator(".jp-DLFault-channel")).to_contain_text("Kernel connected", timeout=20_000)
    expect(_items(page, "DLF-T001")).to_have_count(1)
    expect(panel.locator(".jp-DLFault-chart")).to_contain_text("Training process")

    # explanation on demand
    item.get_by_role("button", name=re.compile("Show the beginner explanation")).click()
    expect(item.locator(".jp-DLFault-details")).to_contain_text("For beginners")
    expect(item.locator(".jp-DLFault-fix")).not_to_be_empty()

    # click → the notebook selects cell 3 (index 2); keyboard Enter works too
    cells.nth(0).locator(".jp-InputPrompt").click()
    page.keyboard.press("Escape")
    item.locator(".jp-DLFault-message").click()
    expect(cells.nth(2)).to_have_class(re.compile(r"jp-mod-active"))
    cells.nth(0).locator(".jp-InputPrompt").click()
    page.keyboard.press("Escape")
    t001 = _items(page, "DLF-T001").first
    t001.focus()
    page.keyboard.press("Enter")
    expect(cells.nth(3)).to_have_class(re.compile(r"jp-mod-active"))
    expect(cells.nth(3)).to_be_in_viewport()

    # filters: silent only / framework / severity chips keep working
    panel.get_by_label("Filter by framework").select_option("Keras")
    expect(_items(page)).to_have_count(0)
    panel.get_by_label("Filter by framework").select_option("")
    expect(_items(page, "DLF-L001")).to_have_count(1)

    # group by category
    panel.get_by_role("button", name="Group by category").click()
    expect(panel.locator(".jp-DLFault-group-title").first).to_contain_text(
        "Missing / redundant / wrong layer")
    panel.get_by_role("button", name="Group by cell").click()

    # mute from the panel: gone from the panel (and the kernel knows: unmute button listed)
    _items(page, "DLF-L001").first.get_by_role("button", name="Mute rule DLF-L001").click()
    expect(_items(page, "DLF-L001")).to_have_count(0)
    expect(panel.get_by_role("button", name="Unmute rule DLF-L001")).to_be_visible()
    # the kernel applied it: the report under the cell shows it muted, one line
    expect(report.locator('.jp-DLFault-report-item.jp-mod-muted[data-rule="DLF-L001"]')
           ).to_be_visible(timeout=15_000)
    panel.get_by_role("button", name="Unmute rule DLF-L001").click()
    expect(_items(page, "DLF-L001")).to_have_count(1, timeout=15_000)

    # re-check the namespace through the comm: what the reports show is not listed twice
    panel.get_by_role("button", name="Re-check the namespace now").click()
    expect(panel.locator(".jp-DLFault-recheck-note")).to_contain_text("nothing new",
                                                                      timeout=20_000)
    expect(panel.locator(".jp-DLFault-group-title", has_text="Namespace re-check")
           ).to_have_count(0)
    expect(_items(page, "DLF-L001")).to_have_count(1)

    # the level switch reaches the kernel: the live report turns to the expert text
    panel.get_by_role("button", name="expert explanations").click()
    expect(report.get_by_role("button", name="Expert")).to_have_class(re.compile("mod-active"),
                                                                      timeout=15_000)
    expect(item.locator(".jp-DLFault-details")).to_contain_text("For experts")
    panel.get_by_role("button", name="beginner explanations").click()
    expect(report.get_by_role("button", name="Beginner")).to_have_class(re.compile("mod-active"),
                                                                        timeout=15_000)

    # kernel restart: the channel is re-opened; the new kernel lacks the extension until
    # %load_ext runs again, then the panel reconnects by itself
    page.locator(".lm-MenuBar-itemLabel", has_text="Kernel").click()
    page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Restart Kernel…$")).click()
    page.locator(".jp-Dialog .jp-mod-accept").click()
    expect(panel.locator(".jp-DLFault-channel")).to_contain_text(
        "%load_ext dlfault_jupyter", timeout=30_000)
    wait_kernel_idle(page)
    run_cell(page, 0)
    expect(panel.locator(".jp-DLFault-channel")).to_contain_text("Kernel connected",
                                                                 timeout=20_000)

    # save; the stored outputs carry the findings
    page.keyboard.press("Control+s")
    page.wait_for_timeout(1500)
    saved = json.loads((lab.root / NB).read_text())
    mimes = [o.get("data", {}) for c in saved["cells"] for o in c.get("outputs", [])]
    assert any("application/vnd.dlfault.findings+json" in d for d in mimes)

    # reopen in a fresh page load, kernel shut down: findings come from the stored outputs
    page.evaluate("() => fetch('/api/kernels').then(r => r.json()).then(ks => Promise.all("
                  "ks.map(k => fetch('/api/kernels/' + k.id, {method: 'DELETE'}))))")
    page.goto(f"{lab.url}/lab/tree/{NB}?reset")
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
    open_panel(page)
    expect(_items(page, "DLF-L001")).to_have_count(1, timeout=20_000)
    expect(_items(page, "DLF-T001")).to_have_count(1)
    wait_kernel_idle(page)
    # a fresh kernel has not loaded the extension: the panel says so
    expect(panel.locator(".jp-DLFault-channel")).to_contain_text(
        "%load_ext dlfault_jupyter", timeout=20_000)

    # deleting a cell removes its findings; clearing all outputs empties the panel
    page.locator(".jp-NotebookPanel:visible .jp-Notebook .jp-Cell").nth(3).locator(
        ".jp-InputPrompt").click()
    page.keyboard.press("Escape")
    page.keyboard.press("d")
    page.keyboard.press("d")
    expect(_items(page, "DLF-T001")).to_have_count(0, timeout=10_000)
    expect(_items(page, "DLF-L001")).to_have_count(1)
    page.locator(".lm-MenuBar-itemLabel", has_text="Edit").click()
    page.locator(".lm-Menu-itemLabel", has_text="Clear Outputs of All Cells").click()
    expect(_items(page)).to_have_count(0, timeout=10_000)
    expect(panel.locator(".jp-DLFault-empty")).to_contain_text("No deep-learning faults")


def test_headless_notebook_and_notebook_switch(lab, browser_page):
    """A notebook executed by the headless check (static display mode, no widgets) shows
    its findings from the stored outputs; the panel follows the notebook in focus."""
    import nbformat

    from dlfault_jupyter.cli import execute

    nb = nbformat.read(lab.root / NB, as_version=4)
    execute(nb, lab.root)
    nbformat.write(nb, lab.root / "headless.ipynb")

    page = browser_page
    open_notebook(page, lab.url, "headless.ipynb")
    open_panel(page)
    panel = page.locator(PANEL)
    expect(_items(page, "DLF-L001")).to_have_count(1, timeout=20_000)
    expect(_items(page, "DLF-T001")).to_have_count(1)
    expect(panel.locator(".jp-DLFault-notebook")).to_have_text("headless.ipynb")

    # open the other (never executed) notebook: the panel switches to it
    page.locator(".lm-MenuBar-itemLabel", has_text="File").click()
    page.locator(".lm-Menu-itemLabel", has_text="Open from Path…").click()
    page.locator(".jp-Dialog input").fill(NB)
    page.locator(".jp-Dialog .jp-mod-accept").click()
    expect(panel.locator(".jp-DLFault-notebook")).to_have_text(NB, timeout=20_000)
    expect(_items(page)).to_have_count(0)
    expect(panel.locator(".jp-DLFault-empty")).to_contain_text("No deep-learning faults")

    # and back
    page.locator(".lm-DockPanel-tabBar .lm-TabBar-tab", has_text="headless.ipynb").click()
    expect(panel.locator(".jp-DLFault-notebook")).to_have_text("headless.ipynb")
    expect(_items(page, "DLF-L001")).to_have_count(1)
