"""Notebook 7 (issue 16 §4): the same labextension gives the report under each cell and the
"DL faults" panel (View → Left Sidebar → Show DL faults), in a real `jupyter notebook` 7.6
server in Chromium: run the faulty cells, read and expand the report, see the findings in the
panel, mute from a cell (the panel follows), save, reload: the reports are back."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import expect
from test_report import MIME, NB, _write_notebook
from ui import CHROMIUM, CHROMIUM_ARGS, PANEL, REPO, _free_port, _write_settings

pytestmark = [pytest.mark.slow]


class Notebook7:
    """A running Jupyter Notebook 7 server on loopback (`url`, `root`, `stop()`)."""

    def __init__(self, tmp: Path) -> None:
        pytest.importorskip("notebook")
        if not Path(CHROMIUM).exists():
            pytest.skip("Debian chromium is not installed")
        if not (REPO / "dlfault_jupyter" / "labextension" / "package.json").exists():
            pytest.fail("labextension not built (npm run build in labextension/)")
        self.root = tmp / "root"
        self.root.mkdir()
        settings = tmp / "settings"
        _write_settings(settings, "JupyterLab Light")
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", JUPYTER_PLATFORM_DIRS="1")
        self.log_path = tmp / "notebook.log"
        self.log = open(self.log_path, "wb")  # closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "notebook", "--no-browser", "--ip=127.0.0.1",
             f"--port={self.port}", "--ServerApp.token=", "--ServerApp.password=",
             "--ServerApp.disable_check_xsrf=True", "--allow-root",
             f"--ServerApp.root_dir={self.root}",
             f"--JupyterNotebookApp.user_settings_dir={settings}",
             f"--JupyterNotebookApp.workspaces_dir={tmp / 'workspaces'}"],
            stdout=self.log, stderr=subprocess.STDOUT, env=env, cwd=self.root)
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{self.url}/api/status", timeout=2)
                break
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError(self.log_path.read_text()[-3000:]) from None
                time.sleep(0.25)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.log.close()


def _cells(page):
    return page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell")


def _kernel_idle(page) -> None:
    """The notebook's kernel is started, connected and idle (asked of the server: Notebook
    7 has no status bar)."""
    page.wait_for_function(
        """() => fetch('/api/kernels').then(r => r.json()).then(ks =>
             ks.length === 1 && ks[0].connections > 0 && ks[0].execution_state === 'idle')""",
        polling=500, timeout=90_000)


def _run(page, i: int) -> None:
    _kernel_idle(page)
    cell = _cells(page).nth(i)
    cell.locator(".jp-InputPrompt").click()
    page.keyboard.press("Escape")
    page.keyboard.press("Shift+Enter")
    expect(cell.locator(".jp-InputPrompt")).to_have_text(re.compile(r"\[\d+\]"),
                                                         timeout=90_000)


def test_notebook7_shows_report_and_panel(tmp_path, playwright_session):
    server = Notebook7(tmp_path)
    _write_notebook(server.root)
    shots = Path(os.environ.get("DLFAULT_SHOTS") or tmp_path)
    ctx = playwright_session.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True,
        args=CHROMIUM_ARGS, viewport={"width": 1400, "height": 900})
    ctx.set_default_timeout(30_000)
    try:
        page = ctx.pages[0] if ctx.pages else ctx.new_page()
        page.goto(f"{server.url}/notebooks/{NB}")
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
        _kernel_idle(page)
        page.wait_for_timeout(2000)
        page.screenshot(path=str(shots / "notebook7_start.png"))
        for i in range(4):
            _run(page, i)

        # the report, drawn by the labextension's renderer, compact and expandable
        rep = _cells(page).nth(2).locator(".jp-DLFault-report")
        item = rep.locator('.jp-DLFault-report-item[data-rule="DLF-L001"]')
        expect(item).to_have_count(1, timeout=30_000)
        expect(rep.locator(".jp-DLFault-details")).to_have_count(0)
        item.locator(".jp-DLFault-report-line").click()
        expect(rep.locator(".jp-DLFault-details")).to_contain_text("For beginners")
        expect(rep.locator(".jp-DLFault-fix")).not_to_be_empty()

        # the panel: View → Left Sidebar → Show DL faults
        page.locator(".lm-MenuBar-itemLabel", has_text="View").click()
        page.locator(".lm-Menu-itemLabel", has_text="Left Sidebar").click()
        page.locator(".lm-Menu-itemLabel", has_text="Show DL faults").click()
        panel = page.locator(PANEL)
        expect(panel).to_be_visible()
        expect(panel.locator('.jp-DLFault-item[data-rule="DLF-L001"]')).to_have_count(1)
        expect(panel.locator('.jp-DLFault-item[data-rule="DLF-T001"]')).to_have_count(1)
        expect(panel.locator(".jp-DLFault-channel")).to_contain_text("Kernel connected",
                                                                     timeout=20_000)
        # the kernel's state reaches the panel and the report at once
        _run(page, 4)                                          # %dlcheck --mute DLF-L001
        expect(panel.locator('.jp-DLFault-item[data-rule="DLF-L001"]')).to_have_count(
            0, timeout=5_000)
        expect(rep.locator(".jp-DLFault-report-item.jp-mod-muted")).to_have_count(1)
        rep.get_by_role("button", name="Unmute rule DLF-L001").click()
        expect(panel.locator('.jp-DLFault-item[data-rule="DLF-L001"]')).to_have_count(
            1, timeout=10_000)
        page.mouse.move(0, 0)
        page.screenshot(path=str(shots / "notebook7.png"))

        # save and reload: the reports are back, with no widget state involved
        page.keyboard.press("Control+s")
        page.wait_for_timeout(1500)
        saved = json.loads((server.root / NB).read_text())
        assert sum(MIME in o.get("data", {}) for c in saved["cells"]
                   for o in c.get("outputs", [])) == 2
        page.reload()
        page.wait_for_selector(".jp-NotebookPanel .jp-Cell", timeout=60_000)
        expect(_cells(page).nth(2).locator(
            '.jp-DLFault-report-item[data-rule="DLF-L001"]')).to_have_count(1, timeout=30_000)
        expect(_cells(page).nth(3).locator(
            '.jp-DLFault-report-item[data-rule="DLF-T001"]')).to_have_count(1)
        expect(page.get_by_text("model not found")).to_have_count(0)
    finally:
        ctx.close()
        server.stop()
