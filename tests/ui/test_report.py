"""The report under a cell as a user lives with it (issue 14 §1-3), in a real JupyterLab,
light and dark: compact (one line per finding, expanding to the texts and the fix), in sync
with the sidebar when `%dlcheck --mute/--level/--off` run in a cell (the kernel pushes its
state), unmuted where it was muted, and the same after save → reload → close → reopen, a
kernel restart and a fresh browser profile — drawn from the stored findings JSON by the
labextension's MIME renderer, never "Error displaying widget: model not found".

Screenshots of each step go to tmp_path (or $DLFAULT_SHOTS when set) to be looked at.
"""

from __future__ import annotations

import json
import os
import re
from pathlib import Path

import nbformat
import pytest
from playwright.sync_api import expect
from ui import CHROMIUM, CHROMIUM_ARGS, PANEL, Lab, open_notebook, open_panel, run_cell

pytestmark = [pytest.mark.slow]

MIME = "application/vnd.dlfault.findings+json"
WIDGET = "application/vnd.jupyter.widget-view+json"
NB = "report.ipynb"
CELLS = [
    "%load_ext dlfault_jupyter",
    "import torch\nfrom torch import nn\n\ntorch.manual_seed(0)\nX = torch.randn(64, 20)\n"
    "y = torch.randint(0, 3, (64,))",
    "model = nn.Sequential(nn.Linear(20, 64), nn.ReLU(), nn.Linear(64, 3), nn.Softmax(dim=1))\n"
    "loss_fn = nn.CrossEntropyLoss()\noptimizer = torch.optim.SGD(model.parameters(), lr=0.1)",
    "for _ in range(3):\n    for i in range(0, 64, 16):\n"
    "        loss = loss_fn(model(X[i:i + 16]), y[i:i + 16])\n        loss.backward()\n"
    "        optimizer.step()",
    "%dlcheck --mute DLF-L001",
    "%dlcheck --level expert",
    "%dlcheck --off",
    "%dlcheck --on --level beginner",
]


def _write_notebook(root: Path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in CELLS]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    nbformat.write(nb, root / NB)


def _cells(page):
    return page.locator(".jp-NotebookPanel:visible .jp-Notebook .jp-Cell")


def _report(page, i):
    return _cells(page).nth(i).locator(".jp-DLFault-report")


def _no_model_not_found(page) -> None:
    expect(page.get_by_text("model not found")).to_have_count(0)
    expect(page.locator(".jp-RenderedText[data-mime-type='application/vnd.jupyter.stderr']",
                        has_text="Error displaying widget")).to_have_count(0)


def _shots(tmp_path: Path) -> Path:
    d = Path(os.environ.get("DLFAULT_SHOTS") or tmp_path / "shots")
    d.mkdir(parents=True, exist_ok=True)
    return d


def _check_stored_reports(page) -> None:
    """Every report is back, drawn by the renderer (not the HTML fallback), compact and
    expandable."""
    rep2, rep3 = _report(page, 2), _report(page, 3)
    expect(rep2.locator('.jp-DLFault-report-item[data-rule="DLF-L001"]')).to_have_count(
        1, timeout=30_000)
    expect(rep3.locator('.jp-DLFault-report-item[data-rule="DLF-T001"]')).to_have_count(1)
    expect(rep2.locator(".jp-DLFault-details")).to_have_count(0)
    rep2.locator(".jp-DLFault-report-line").first.click()
    expect(rep2.locator(".jp-DLFault-details")).to_contain_text("For beginners")
    expect(rep2.locator(".jp-DLFault-fix")).not_to_be_empty()
    rep2.get_by_role("button", name="expert explanations").click()
    expect(rep2.locator(".jp-DLFault-details")).to_contain_text("For experts")
    rep2.get_by_role("button", name="beginner explanations").click()
    rep2.locator(".jp-DLFault-report-line").first.click()
    expect(rep2.locator(".jp-DLFault-details")).to_have_count(0)
    _no_model_not_found(page)


@pytest.mark.parametrize("theme", ["JupyterLab Light", "JupyterLab Dark"])
def test_report_compact_in_sync_and_kept_on_reopen(tmp_path, playwright_session, theme):
    tag = "light" if "Light" in theme else "dark"
    shots = _shots(tmp_path)
    lab = Lab(tmp_path, theme=theme)
    _write_notebook(lab.root)
    ctx = playwright_session.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True,
        args=CHROMIUM_ARGS, viewport={"width": 1400, "height": 900})
    ctx.set_default_timeout(30_000)
    try:
        page = ctx.pages[0] if ctx.pages else ctx.new_page()
        open_notebook(page, lab.url, NB)
        assert page.evaluate("() => document.body.dataset.jpThemeLight") == (
            "true" if tag == "light" else "false")
        open_panel(page)
        panel = page.locator(PANEL)
        for i in range(4):
            run_cell(page, i)

        # -- compact: one line per finding, the texts and the fix one click away --------
        rep = _report(page, 2)
        expect(rep).to_be_visible(timeout=30_000)
        line = rep.locator('.jp-DLFault-report-item[data-rule="DLF-L001"] '
                           ".jp-DLFault-report-line")
        expect(line).to_contain_text("DLF-L001")
        expect(line).to_have_attribute("aria-expanded", "false")
        expect(rep.locator(".jp-DLFault-details")).to_have_count(0)
        n_items = rep.locator(".jp-DLFault-report-item").count()
        height = rep.bounding_box()["height"]
        assert height < 40 + 32 * n_items, (n_items, height)  # a line each, plus the head
        page.mouse.move(0, 0)
        _cells(page).nth(2).screenshot(path=str(shots / f"report_compact_{tag}.png"))
        line.click()
        expect(line).to_have_attribute("aria-expanded", "true")
        details = rep.locator(".jp-DLFault-details")
        expect(details).to_contain_text("For beginners")
        expect(details.locator(".jp-DLFault-fix")).not_to_be_empty()
        expect(details.locator("details.jp-DLFault-other summary")).to_have_text("For experts")
        page.mouse.move(0, 0)
        _cells(page).nth(2).screenshot(path=str(shots / f"report_expanded_{tag}.png"))
        line.click()
        expect(rep.locator(".jp-DLFault-details")).to_have_count(0)
        # the one "silent" badge style in the report and in the sidebar
        item = panel.locator('.jp-DLFault-item[data-rule="DLF-T001"]').first
        expect(item).to_be_visible(timeout=15_000)
        badge_styles = page.evaluate(
            """() => [...document.querySelectorAll('.jp-DLFault-silent')].map(e => {
                 const s = getComputedStyle(e);
                 return [s.borderTopStyle, s.borderTopLeftRadius, s.paddingLeft].join(' ');
               })""")
        assert len(badge_styles) >= 2 and len(set(badge_styles)) == 1, badge_styles
        expect(panel.locator(".jp-DLFault-channel")).to_contain_text("Kernel connected",
                                                                     timeout=20_000)
        # one numbering: the report's cell is the panel's "Cell [n]" (its prompt number)
        prompt = _cells(page).nth(2).locator(".jp-InputPrompt").inner_text()
        n = re.search(r"\[(\d+)\]", prompt).group(1)
        expect(panel.locator(".jp-DLFault-group-title").first).to_contain_text(f"Cell [{n}]")

        # -- the kernel pushes its state: %dlcheck in a cell moves the sidebar at once ----
        run_cell(page, 4)                                   # --mute DLF-L001
        expect(panel.locator('.jp-DLFault-item[data-rule="DLF-L001"]')).to_have_count(
            0, timeout=5_000)
        expect(panel.get_by_role("button", name="Unmute rule DLF-L001")).to_be_visible()
        muted = rep.locator('.jp-DLFault-report-item.jp-mod-muted[data-rule="DLF-L001"]')
        expect(muted).to_be_visible(timeout=5_000)
        expect(rep.locator(".jp-DLFault-report-summary")).to_contain_text("1 muted")
        # unmute from where it was muted: the report; the sidebar follows
        muted.get_by_role("button", name="Unmute rule DLF-L001").click()
        expect(panel.locator('.jp-DLFault-item[data-rule="DLF-L001"]')).to_have_count(
            1, timeout=10_000)
        expect(muted).to_have_count(0)

        run_cell(page, 5)                                   # --level expert
        expect(panel.get_by_role("button", name="expert explanations")).to_have_attribute(
            "aria-pressed", "true", timeout=5_000)
        expect(rep.get_by_role("button", name="expert explanations")).to_have_attribute(
            "aria-pressed", "true")
        run_cell(page, 6)                                   # --off
        expect(panel.locator(".jp-DLFault-channel")).to_contain_text("Checks are off",
                                                                     timeout=5_000)
        run_cell(page, 7)                                   # --on --level beginner
        expect(panel.locator(".jp-DLFault-channel")).to_contain_text("Kernel connected",
                                                                     timeout=5_000)
        expect(panel.get_by_role("button", name="beginner explanations")).to_have_attribute(
            "aria-pressed", "true", timeout=5_000)
        # a report's level toggle reaches the kernel, the other reports and the sidebar
        rep.get_by_role("button", name="expert explanations").click()
        expect(_report(page, 3).get_by_role("button", name="expert explanations")
               ).to_have_attribute("aria-pressed", "true", timeout=5_000)
        expect(panel.get_by_role("button", name="expert explanations")).to_have_attribute(
            "aria-pressed", "true")
        rep.get_by_role("button", name="beginner explanations").click()
        expect(panel.get_by_role("button", name="beginner explanations")).to_have_attribute(
            "aria-pressed", "true", timeout=5_000)
        # "Re-check now" lists nothing that a report already shows
        panel.get_by_role("button", name="Re-check the namespace now").click()
        page.wait_for_timeout(1500)
        expect(panel.locator('.jp-DLFault-item[data-rule="DLF-L001"]')).to_have_count(1)
        _no_model_not_found(page)

        # -- save, reload the page: every report is back --------------------------------
        page.keyboard.press("Control+s")
        page.wait_for_timeout(1500)
        saved = json.loads((lab.root / NB).read_text())
        datas = [o.get("data", {}) for c in saved["cells"] for o in c.get("outputs", [])]
        assert sum(MIME in d for d in datas) == 2
        assert not any(WIDGET in d for d in datas)
        assert all("text/html" in d for d in datas if MIME in d)
        page.reload()
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
        _check_stored_reports(page)

        # -- kernel restart: the reports stay; the channel asks for %load_ext -----------
        open_panel(page)
        page.locator(".lm-MenuBar-itemLabel", has_text="Kernel").click()
        page.locator(".lm-Menu-itemLabel", has_text=re.compile(r"^Restart Kernel…$")).click()
        page.locator(".jp-Dialog .jp-mod-accept").click()
        expect(panel.locator(".jp-DLFault-channel")).to_contain_text(
            "%load_ext dlfault_jupyter", timeout=30_000)
        _check_stored_reports(page)

        # -- close, shut the kernel down, reopen ---------------------------------------
        page.evaluate("() => fetch('/api/kernels').then(r => r.json()).then(ks => Promise.all("
                      "ks.map(k => fetch('/api/kernels/' + k.id, {method: 'DELETE'}))))")
        page.goto(f"{lab.url}/lab?reset")
        page.wait_for_selector(".jp-LauncherCard, .jp-Launcher", timeout=60_000)
        page.goto(f"{lab.url}/lab/tree/{NB}")
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
        _check_stored_reports(page)
        # without a kernel, mute is local to the page and shown the same in both places
        open_panel(page)
        rep = _report(page, 2)
        rep.locator(".jp-DLFault-report-line").first.click()
        rep.get_by_role("button", name="Mute rule DLF-L001").click()
        expect(panel.locator('.jp-DLFault-item[data-rule="DLF-L001"]')).to_have_count(0)
        expect(rep.locator(".jp-DLFault-report-item.jp-mod-muted")).to_have_count(1)
        rep.get_by_role("button", name="Unmute rule DLF-L001").click()
        expect(panel.locator('.jp-DLFault-item[data-rule="DLF-L001"]')).to_have_count(1)
        page.mouse.move(0, 0)
        page.wait_for_timeout(300)
        page.screenshot(path=str(shots / f"reopened_{tag}.png"))
    finally:
        ctx.close()

    # -- another person: a fresh browser profile opens the saved notebook ---------------
    ctx = playwright_session.chromium.launch_persistent_context(
        str(tmp_path / "profile2"), executable_path=CHROMIUM, headless=True,
        args=CHROMIUM_ARGS, viewport={"width": 1400, "height": 900})
    ctx.set_default_timeout(30_000)
    try:
        page = ctx.pages[0] if ctx.pages else ctx.new_page()
        page.goto(f"{lab.url}/lab/tree/{NB}?reset")
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
        _check_stored_reports(page)
    finally:
        ctx.close()
        lab.stop()


def test_healthy_dlcheck_run_keeps_its_inline_charts(lab, browser_page):
    """A %%dlcheck run with no finding stores the chart numbers in a findings payload with
    no finding: the renderer shows the output's own HTML (the charts) in its place, before
    and after a reload."""
    from test_dlcheck_charts import CELLS as DLCHECK_CELLS

    healthy = DLCHECK_CELLS[1].replace(
        "with torch.no_grad():\n    model[0].bias.fill_(-20.0)   # every ReLU unit dead\n", "")
    assert healthy != DLCHECK_CELLS[1]
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(c) for c in (DLCHECK_CELLS[0], healthy,
                                                       DLCHECK_CELLS[2])]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    nbformat.write(nb, lab.root / "healthy.ipynb")
    page = browser_page
    open_notebook(page, lab.url, "healthy.ipynb")
    for i in range(3):
        run_cell(page, i, timeout=120_000)
    charts = _cells(page).nth(2).locator(".jp-OutputArea .dlfault-charts svg")
    expect(charts.first).to_be_visible(timeout=30_000)
    n_svg = charts.count()
    assert n_svg >= 2
    page.keyboard.press("Control+s")
    page.wait_for_timeout(1500)
    saved = json.loads((lab.root / "healthy.ipynb").read_text())
    payloads = [o["data"][MIME] for o in saved["cells"][2]["outputs"]
                if MIME in o.get("data", {})]
    assert payloads and payloads[0].get("charts")
    page.reload()
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
    expect(_cells(page).nth(2).locator(".jp-OutputArea .dlfault-charts svg")).to_have_count(
        n_svg, timeout=30_000)
    _no_model_not_found(page)


def test_old_widget_outputs_reopen_as_reports(lab, browser_page):
    """A notebook saved by an earlier version (widget view + HTML + findings JSON, no widget
    state) opens with its report drawn from the JSON: the renderer outranks the widget
    view, so "model not found" never shows."""
    from dlfault_jupyter.findings import Finding
    from dlfault_jupyter.render import mimebundle
    from dlfault_jupyter.session import Report

    f = Finding(rule="DLF-L001", taxonomy="model.layers.choice", severity="error",
                silent=True, cell=3, line=1, subject="model", message="`model` ends in Softmax",
                beginner="plain words", expert="log-softmax twice", fix="model = model[:-1]")
    data = mimebundle(Report(3, None, [f]), "beginner")
    data[WIDGET] = {"version_major": 2, "version_minor": 0,
                    "model_id": "0123456789abcdef0123456789abcdef"}
    nb = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("model = ...", execution_count=3)
    cell.outputs = [nbformat.v4.new_output("display_data", data=data)]
    nb.cells = [cell]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3 (ipykernel)",
                                 "language": "python"}
    nbformat.write(nb, lab.root / "old.ipynb")
    page = browser_page
    page.goto(f"{lab.url}/lab/tree/old.ipynb?reset")
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
    rep = _report(page, 0)
    expect(rep.locator('.jp-DLFault-report-item[data-rule="DLF-L001"]')).to_have_count(
        1, timeout=30_000)
    page.wait_for_timeout(1000)
    _no_model_not_found(page)
