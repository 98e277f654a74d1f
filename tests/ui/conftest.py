"""Browser tests of the JupyterLab sidebar: a real `jupyter lab` on loopback, driven by
Python Playwright in Debian's Chromium (no downloaded browser).

They run under `make test-ui` (which sets DLFAULT_UI=1), so a plain `pytest` in the shared
tree does not start browsers. Needs /usr/bin/chromium and the built labextension.
"""

from __future__ import annotations

import os

import pytest
from ui import CHROMIUM, CHROMIUM_ARGS, Lab

if os.environ.get("DLFAULT_UI") != "1":
    collect_ignore_glob = ["test_*.py"]


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
