"""Helpers to drive JupyterLab from Playwright (kernel-ready guard, run a cell, sidebar)."""

from __future__ import annotations

import re

from playwright.sync_api import Page, expect

PANEL = "#dlfault-panel"


def wait_kernel_idle(page: Page, timeout: float = 60_000) -> None:
    """P14: the kernel is ready only when the status bar says Idle and nothing is starting."""
    page.wait_for_function(
        """() => {
          const t = document.querySelector('#jp-main-statusbar')?.textContent || '';
          return t.includes('Idle') && !/Connecting|Initializing|Starting|Busy/.test(t);
        }""",
        timeout=timeout,
    )


def open_notebook(page: Page, base: str, path: str) -> None:
    page.goto(f"{base}/lab/tree/{path}?reset")
    page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
    wait_kernel_idle(page)


def run_cell(page: Page, index: int, timeout: float = 60_000) -> None:
    """Select cell `index` (0-based) in command mode and run it; wait until it has executed."""
    cell = page.locator(".jp-NotebookPanel:visible .jp-Notebook .jp-Cell").nth(index)
    cell.locator(".jp-InputPrompt").click()
    page.keyboard.press("Escape")
    page.keyboard.press("Shift+Enter")
    expect(cell.locator(".jp-InputPrompt")).to_have_text(re.compile(r"\[\d+\]"), timeout=timeout)
    wait_kernel_idle(page, timeout)


def open_panel(page: Page) -> None:
    tab = page.locator('.jp-SideBar.jp-mod-left .lm-TabBar-tab[data-id="dlfault-panel"]')
    if "lm-mod-current" not in (tab.get_attribute("class") or ""):
        tab.click()
    expect(page.locator(PANEL)).to_be_visible()
