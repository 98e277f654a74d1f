"""Browser tests of the JupyterLab sidebar: a real `jupyter lab` on loopback, driven by
Python Playwright in Debian's Chromium (no downloaded browser).

They run under `make test-ui` (which sets DLFAULT_UI=1), so a plain `pytest` in the shared
tree does not start browsers. Needs /usr/bin/chromium and the built labextension.
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

HERE = Path(__file__).parent
REPO = HERE.parent.parent
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--no-first-run", "--disable-sync", "--disable-quic",
]

if os.environ.get("DLFAULT_UI") != "1":
    collect_ignore_glob = ["test_*.py"]


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
        self.log = open(tmp / "lab.log", "wb")  # noqa: SIM115
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


@pytest.fixture
def lab(tmp_path):
    server = Lab(tmp_path)
    yield server
    server.stop()


@pytest.fixture(scope="session")
def playwright_session():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture
def browser_page(playwright_session, tmp_path):
    ctx = playwright_session.chromium.launch_persistent_context(
        str(tmp_path / "profile"), executable_path=CHROMIUM, headless=True,
        args=CHROMIUM_ARGS, viewport={"width": 1400, "height": 900})
    ctx.set_default_timeout(30_000)
    page = ctx.pages[0] if ctx.pages else ctx.new_page()
    yield page
    ctx.close()
