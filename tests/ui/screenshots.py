"""Take the README/docs screenshots from a real JupyterLab with Debian's Chromium.

    .venv/bin/python tests/ui/screenshots.py docs/screenshots

report_compact.png: the report under the faulty model cell, one line per finding;
report_beginner.png / report_expert.png: the same report with its finding opened;
sidebar_light.png / sidebar_dark.png: the "DL faults" panel next to the notebook;
sidebar_dlcheck.png: the panel with the charts of a %%dlcheck training cell (dead ReLU).
"""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from playwright.sync_api import expect, sync_playwright
from ui import CHROMIUM, CHROMIUM_ARGS, PANEL, Lab, open_notebook, open_panel, run_cell

NB = "faulty_torch.ipynb"


def _session(p, out: Path, theme: str, tag: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        lab = Lab(Path(tmp), theme=theme)
        try:
            ctx = p.chromium.launch_persistent_context(
                str(Path(tmp) / "profile"), executable_path=CHROMIUM, headless=True,
                args=CHROMIUM_ARGS, viewport={"width": 1360, "height": 820})
            ctx.set_default_timeout(30_000)
            page = ctx.pages[0] if ctx.pages else ctx.new_page()
            open_notebook(page, lab.url, NB)
            open_panel(page)
            for i in range(4):
                run_cell(page, i)
            cells = page.locator(".jp-NotebookPanel:visible .jp-Notebook .jp-Cell")
            report = cells.nth(2).locator(".dlfault-report")
            expect(report).to_be_visible()
            panel = page.locator(PANEL)
            item = panel.locator('.jp-DLFault-item[data-rule="DLF-L001"]').first
            expect(item).to_be_visible()
            expect(panel.locator(".jp-DLFault-channel")).to_contain_text("Kernel connected")
            # select the cell via the panel (shows the jump) and expand one explanation
            item.locator(".jp-DLFault-message").click()
            item.get_by_role("button", name="Show the beginner explanation of DLF-L001").click()
            page.mouse.move(0, 0)
            page.wait_for_timeout(500)
            if tag == "light":
                cells.nth(2).scroll_into_view_if_needed()
                cells.nth(2).screenshot(path=str(out / "report_compact.png"))
            # open the finding's line in the report: explanation, fix, the other level
            report.locator(".jp-DLFault-report-line").first.click()
            expect(report.locator(".jp-DLFault-details")).to_contain_text("For beginners")
            page.mouse.move(0, 0)
            page.wait_for_timeout(300)
            if tag == "light":
                cells.nth(2).screenshot(path=str(out / "report_beginner.png"))
                report.get_by_role("button", name="Expert").click()
                expect(report.locator(".jp-DLFault-details")).to_contain_text("For experts")
                page.wait_for_timeout(500)
                cells.nth(2).screenshot(path=str(out / "report_expert.png"))
                report.get_by_role("button", name="Beginner").click()
                page.wait_for_timeout(500)
            light = page.evaluate("() => document.body.dataset.jpThemeLight")
            assert light == ("true" if tag == "light" else "false"), (tag, light)
            page.screenshot(path=str(out / f"sidebar_{tag}.png"))
            ctx.close()
        finally:
            lab.stop()


def _dlcheck_session(p, out: Path) -> None:
    import nbformat
    from test_dlcheck_charts import CELLS

    with tempfile.TemporaryDirectory() as tmp:
        lab = Lab(Path(tmp))
        try:
            nb = nbformat.v4.new_notebook()
            nb.cells = [nbformat.v4.new_code_cell(c) for c in CELLS]
            nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                         "language": "python"}
            nbformat.write(nb, lab.root / "dlcheck.ipynb")
            ctx = p.chromium.launch_persistent_context(
                str(Path(tmp) / "profile"), executable_path=CHROMIUM, headless=True,
                args=CHROMIUM_ARGS, viewport={"width": 1360, "height": 900})
            ctx.set_default_timeout(30_000)
            page = ctx.pages[0] if ctx.pages else ctx.new_page()
            open_notebook(page, lab.url, "dlcheck.ipynb")
            open_panel(page)
            for i in range(len(CELLS)):
                run_cell(page, i)
            runs = page.locator(f"{PANEL} .jp-DLFault-runs")
            expect(runs.locator("svg")).to_have_count(3)
            runs.scroll_into_view_if_needed()
            page.mouse.move(0, 0)
            page.wait_for_timeout(500)
            page.screenshot(path=str(out / "sidebar_dlcheck.png"))
            ctx.close()
        finally:
            lab.stop()


def main(out: str, only: str | None = None) -> None:
    dest = Path(out)
    dest.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        if only in (None, "report"):
            _session(p, dest, "JupyterLab Light", "light")
            _session(p, dest, "JupyterLab Dark", "dark")
        if only in (None, "dlcheck"):
            _dlcheck_session(p, dest)
    for f in sorted(dest.glob("*.png")):
        print(f, f.stat().st_size // 1024, "KB")


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "docs/screenshots",
         sys.argv[2] if len(sys.argv) > 2 else None)
