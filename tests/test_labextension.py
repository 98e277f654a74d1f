"""The JupyterLab sidebar ships inside the Python package as a prebuilt extension."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
BUILT = REPO / "dlfault_jupyter" / "labextension"
NAME = "jupyterlab-dlfault"

needs_build = pytest.mark.skipif(
    not (BUILT / "package.json").exists(),
    reason="labextension not built (make setup runs `npm ci && npm run build` in labextension/)")


def _jupyter() -> str:
    return str(Path(sys.executable).with_name("jupyter"))


def test_paths_point_at_the_build_output():
    import dlfault_jupyter

    assert dlfault_jupyter._jupyter_labextension_paths() == [{"src": "labextension", "dest": NAME}]
    pkg = json.loads((REPO / "labextension" / "package.json").read_text())
    assert pkg["name"] == NAME
    assert pkg["jupyterlab"]["outputDir"] == "../dlfault_jupyter/labextension"
    assert pkg["devDependencies"]["typescript"].startswith("~5.9")


def test_versions_agree():
    import tomllib

    pkg = json.loads((REPO / "labextension" / "package.json").read_text())
    project = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]
    assert pkg["version"] == project["version"]


@needs_build
def test_labextension_list_shows_it_enabled():
    env = dict(os.environ, JUPYTER_PLATFORM_DIRS="1")
    out = subprocess.run([_jupyter(), "labextension", "list"], capture_output=True, text=True,
                         env=env, timeout=120)
    text = out.stdout + out.stderr  # the listing goes to stderr
    assert re.search(rf"{NAME} v\S+ \S*enabled\S* \S*OK", text), text


@needs_build
def test_wheel_contains_the_prebuilt_extension(tmp_path):
    out = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q",
         "-w", str(tmp_path), str(REPO)],
        capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-3000:]
    (wheel,) = tmp_path.glob("dlfault_jupyter-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    prefix = f"dlfault_jupyter-0.1.0.data/data/share/jupyter/labextensions/{NAME}/"
    assert prefix + "package.json" in names
    assert prefix + "install.json" in names
    assert prefix + "static/style.js" in names
    assert any(n.startswith(prefix + "static/remoteEntry.") for n in names)
    install = json.loads(zipfile.ZipFile(wheel).read(prefix + "install.json"))
    assert install["packageName"] == "dlfault-jupyter"
