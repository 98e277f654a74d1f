"""Helpers to drive JupyterLab from Playwright (kernel-ready guard, run a cell, sidebar)."""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

HERE = Path(__file__).parent
REPO = HERE.parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _write_settings(settings_dir: Path, theme: str) -> None:
    ext = settings_dir / "@jupyterlab" / "apputils-extension"
    ext.mkdir(parents=True, exist_ok=True)
    (ext / "notification.jupyterlab-settings").write_text(
        json.dumps({"checkForUpdates": False, "fetchNews": "false"}))
    (ext / "themes.jupyterlab-settings").write_text(json.dumps({"theme": theme}))


class Lab:
    """A running JupyterLab: `url`, `root` (temp copy of tests/ui/notebooks), `stop()`."""

    def __init__(self, tmp: Path, theme: str = "JupyterLab Light") -> None:
        if not Path(CHROMIUM).exists():
            pytest.skip("Debian chromium is not installed")
        if not (REPO / "dlfault_jupyter" / "labextension" / "package.json").exists():
            pytest.fail("labextension not built: run `make setup` (npm run build in labextension/)")
        self.root = tmp / "root"
        shutil.copytree(HERE / "notebooks", self.root)
        self.settings = tmp / "settings"
        _write_settings(self.settings, theme)
        self.port = _free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", TF_ENABLE_ONEDNN_OPTS="0",
                   JUPYTER_PLATFORM_DIRS="1")
        self.log = open(tmp / "lab.log", "wb")  # closed in stop()
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "jupyterlab", "--no-browser", "--ip=127.0.0.1",
             f"--port={self.port}", "--ServerApp.token=", "--ServerApp.password=",
             "--ServerApp.disable_check_xsrf=True", "--allow-root",
             f"--ServerApp.root_dir={self.root}", "--LabApp.news_url=None",
             f"--LabApp.user_settings_dir={self.settings}",
             f"--LabApp.workspaces_dir={tmp / 'workspaces'}"],
            stdout=self.log, stderr=subprocess.STDOUT, env=env, cwd=self.root)
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(f"{self.url}/api/status", timeout=2)
                break
            except OSError:
                if self.proc.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    raise RuntimeError((tmp / "lab.log").read_text()[-3000:]) from None
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
