"""The demos in a real JupyterLab (Chromium): each opens unmodified (the saved kernelspec is
the one JupyterLab writes), "Run > Run All Cells" runs every cell to the end (the cells that
raise on purpose are tagged raises-exception), and above each of their tracebacks the
one-line pointer comes first (light and dark theme)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect
from ui import REPO, Lab, open_notebook, wait_kernel_idle

DEMOS = REPO / "demo_notebooks"
NAMES = sorted(p.name for p in DEMOS.glob("[0-9][0-9]_*.ipynb"))
CELLS = ".jp-NotebookPanel:visible .jp-Notebook .jp-Cell"


def _dirty(page: Page) -> bool:
    return page.locator(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty").count() > 0


def _run_all(page: Page, n_code: int, timeout: float) -> None:
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    # every code cell has an execution count, and the kernel is idle again
    page.wait_for_function(
        """(n) => {
          const p = [...document.querySelectorAll(
            '.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt')];
          return p.length === n && p.every(e => /\\[\\d+\\]/.test(e.textContent));
        }""", arg=n_code, timeout=timeout)
    wait_kernel_idle(page, timeout)


def _open(lab: Lab, page: Page, name: str) -> dict:
    shutil.copy(DEMOS / name, lab.root / name)
    nb = json.loads((DEMOS / name).read_text())
    open_notebook(page, lab.url, name)
    page.wait_for_timeout(1500)  # metadata updates after the kernel started
    return nb


@pytest.mark.slow
@pytest.mark.timeout(900)
@pytest.mark.parametrize("name", NAMES)
def test_run_all_completes(lab, browser_page, name):
    page = browser_page
    nb = _open(lab, page, name)
    assert not _dirty(page), f"{name} opens as modified"
    code = [c for c in nb["cells"] if c["cell_type"] == "code"]
    tagged = [i for i, c in enumerate(code) if "raises-exception" in c["metadata"].get("tags", [])]
    _run_all(page, len(code), 600_000)
    page.keyboard.press("Control+s")
    expect(page.locator(".lm-TabBar-tab.jp-mod-current.jp-mod-dirty")).to_have_count(0)
    saved = json.loads((lab.root / name).read_text())
    code = [c for c in saved["cells"] if c["cell_type"] == "code"]
    counts = [c["execution_count"] for c in code]
    assert all(counts) and counts == sorted(counts), counts   # every cell ran, in order
    raised = [i for i, c in enumerate(code)
              if any(o["output_type"] == "error" for o in c["outputs"])]
    assert raised == tagged, (raised, tagged)


@pytest.mark.slow
@pytest.mark.timeout(600)
@pytest.mark.parametrize("theme", ["JupyterLab Light", "JupyterLab Dark"])
def test_pointer_above_the_traceback(tmp_path, browser_page, theme):
    lab = Lab(tmp_path / "lab", theme=theme)
    try:
        page = browser_page
        name = "01_quickstart.ipynb"
        nb = _open(lab, page, name)
        code = [c for c in nb["cells"] if c["cell_type"] == "code"]
        _run_all(page, len(code), 300_000)
        idx = next(i for i, c in enumerate(nb["cells"])
                   if "raises-exception" in c["metadata"].get("tags", []))
        cell = page.locator(CELLS).nth(idx)
        pointer = cell.locator(".dlfault-pointer")
        error = cell.locator('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')
        expect(pointer).to_have_count(1)
        cell.scroll_into_view_if_needed()
        pointer.scroll_into_view_if_needed()
        expect(pointer).to_be_visible()
        assert pointer.bounding_box()["y"] < error.first.bounding_box()["y"]
        expect(pointer).to_contain_text("explanation and fix below the traceback")
        # readable: the message's colour differs from the background in either theme
        colours = pointer.evaluate("""(e) => {
            const bg = getComputedStyle(document.querySelector('.jp-Notebook')).backgroundColor;
            return [getComputedStyle(e).color, bg];
        }""")
        assert colours[0] != colours[1], colours
        dark = page.evaluate("() => document.body.dataset.jpThemeLight") == "false"
        assert dark == (theme == "JupyterLab Dark")
        out = Path(lab.root).parent
        page.screenshot(path=str(out / f"pointer_{'dark' if dark else 'light'}.png"))
    finally:
        lab.stop()
