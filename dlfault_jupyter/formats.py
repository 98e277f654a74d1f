"""Output formats of ``check --format``: text, json, sarif, github, junit.

Every format renders the same list of results, one per checked file, in the order the
paths were given: ``{"path": str, "cells": int, "findings": [Finding, ...]}``. Nothing here
executes a notebook; the SARIF and GitHub formats read the checked file again to place a
finding on the line of the file where its cell's line is stored.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from json.decoder import scanstring  # type: ignore[attr-defined]
from pathlib import Path
from typing import Any
from urllib.parse import quote
from xml.sax.saxutils import escape as xml_escape
from xml.sax.saxutils import quoteattr

from .findings import SEVERITY_RANK, Finding

FORMATS = ("text", "json", "sarif", "github", "junit")
SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SARIF_LEVEL = {"error": "error", "warning": "warning", "info": "note"}
GITHUB_LEVEL = {"error": "error", "warning": "warning", "info": "notice"}
FAILING = ("error", "warning")  # what makes the exit status 1, and a JUnit failure

Result = dict[str, Any]


def render(fmt: str, results: list[Result], level: str = "beginner") -> str:
    """The whole stdout of ``check --format FMT`` (ends with a newline unless empty)."""
    try:
        fn: Callable[[list[Result], str], str] = RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r} (one of {', '.join(FORMATS)})") from None
    return fn(results, level)


# ---------------------------------------------------------------------------- text, json

def to_text(results: list[Result], level: str = "beginner") -> str:
    from .render.text import finding_text, header

    out: list[str] = []
    for r in results:
        out.append(f"{r['path']}: {header(r['findings'])}")
        out += [finding_text(f, level) for f in r["findings"]]
    return "".join(line + "\n" for line in out)


def to_json(results: list[Result], level: str = "beginner") -> str:
    """CONTRACT §3: ``{"files": [{"path", "cells", "findings"}]}``."""
    doc = {"files": [{"path": r["path"], "cells": r["cells"],
                      "findings": [f.to_dict() for f in r["findings"]]} for r in results]}
    return json.dumps(doc, indent=2) + "\n"


# ------------------------------------------------------------- where a cell is in its file

def percent_source_lines(text: str) -> dict[int, list[int]]:
    """Cell index (1-based, as :func:`cli.split_percent` numbers cells) -> the 1-based line of
    the file of each line of that cell's source (the same trimming as ``split_percent``)."""
    cells: list[list[int]] = []
    cur: list[int] = []
    started = False
    lines = text.splitlines()

    def close() -> None:
        body = list(cur)
        while body and not lines[body[-1] - 1].strip():
            body.pop()
        while body and not lines[body[0] - 1].strip():
            body.pop(0)
        cells.append(body)

    for n, line in enumerate(lines, start=1):
        if line.startswith("# %%"):
            if started or "".join(lines[i - 1] for i in cur).strip():
                close()
            started = True
            cur = []
        else:
            cur.append(n)
    if started or "".join(lines[i - 1] for i in cur).strip():
        close()
    return {i: body for i, body in enumerate(cells, start=1)}


_WS = re.compile(r"[ \t\r\n]*")
_SCALAR = re.compile(r"-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][-+]?\d+)?|true|false|null")


def ipynb_source_lines(text: str) -> dict[int, list[int]]:  # noqa: C901 - a small scanner of the notebook's JSON text
    """Cell index (1-based) -> the 1-based line of the ``.ipynb`` file (its JSON text) that
    holds each line of the cell's source. nbformat writes a source as a list of one string
    per line; a source written as one string gives its one line for every line."""
    newlines = [m.start() for m in re.finditer("\n", text)]

    def line_of(pos: int) -> int:
        from bisect import bisect_left

        return bisect_left(newlines, pos) + 1

    out: dict[int, list[int]] = {}

    def value(pos: int, path: tuple) -> int:
        pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
        c = text[pos]
        is_source = len(path) == 3 and path[0] == "cells" and path[2] == "source"
        if c == "{":
            pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
            if text[pos] == "}":
                return pos + 1
            while True:
                pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
                key, pos = scanstring(text, pos + 1)
                pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
                pos = value(pos + 1, (*path, key) if len(path) < 3 else path + ("",))
                pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
                if text[pos] == "}":
                    return pos + 1
                pos += 1  # ","
        if c == "[":
            pos = _WS.match(text, pos + 1).end()  # type: ignore[union-attr]
            if text[pos] == "]":
                if is_source:
                    out[path[1] + 1] = [line_of(pos)]
                return pos + 1
            i = 0
            while True:
                pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
                if is_source and text[pos] == '"':
                    out.setdefault(path[1] + 1, []).append(line_of(pos))
                pos = value(pos, (*path, i) if len(path) < 3 else path + ("",))
                pos = _WS.match(text, pos).end()  # type: ignore[union-attr]
                i += 1
                if text[pos] == "]":
                    return pos + 1
                pos += 1  # ","
        if c == '"':
            s, end = scanstring(text, pos + 1)
            if is_source:
                out[path[1] + 1] = [line_of(pos)] * max(1, len(s.splitlines()))
            return end
        m = _SCALAR.match(text, pos)
        if not m:
            raise ValueError(f"not JSON at offset {pos}")
        return m.end()

    value(0, ())
    return out


def source_lines(path: str | Path) -> dict[int, list[int]]:
    """Cell -> file lines of its source lines, for a checked ``.ipynb`` or percent ``.py``
    (empty when the file cannot be read again)."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8")
        return ipynb_source_lines(text) if p.suffix == ".ipynb" else percent_source_lines(text)
    except (OSError, UnicodeDecodeError, ValueError, IndexError, AttributeError):
        return {}


def file_line(lines: dict[int, list[int]], f: Finding) -> int:
    """The line of the file where a finding's cell line is stored (the cell's first source
    line when the finding names no line; 1 when nothing is known)."""
    body = lines.get(f.cell) or []
    if not body:
        return 1
    k = (f.line or 1) - 1
    return body[k] if 0 <= k < len(body) else body[0]


def where(f: Finding) -> str:
    return f"cell {f.cell}" + (f", line {f.line}" if f.line else "")


# ------------------------------------------------------------------------------- SARIF

def _rule_class(rule_id: str) -> Any:
    from .rules import REGISTRY, load_all

    load_all()
    return REGISTRY.get(rule_id)


def rule_anchor(cls: Any) -> str:
    """The GitHub heading anchor of a rule in docs/rules.md (``### DLF-M001 `name```)."""
    heading = f"{cls.id} {cls.name}".lower()
    return re.sub(r"[^a-z0-9 _-]", "", heading).replace(" ", "-")


def rules_doc_url() -> str:
    """Where the rule reference lives: the package's ``Documentation`` project URL when it
    declares one, else docs/rules.md of this source tree (a ``file:`` URI)."""
    try:
        from importlib.metadata import metadata

        for entry in metadata("dlfault-jupyter").get_all("Project-URL") or ():
            label, _, url = entry.partition(",")
            if label.strip().lower() in ("rules", "documentation") and url.strip():
                return url.strip()
    except Exception:  # noqa: BLE001 - no metadata: not installed, fall back
        pass
    return (Path(__file__).resolve().parent.parent / "docs" / "rules.md").as_uri()


def sarif_rule(rule_id: str, f: Finding, doc_url: str) -> dict[str, Any]:
    cls = _rule_class(rule_id)
    if cls is None:  # a finding whose rule is not in this registry (retired, or a note)
        return {"id": rule_id, "shortDescription": {"text": rule_id},
                "defaultConfiguration": {"level": SARIF_LEVEL[f.severity]},
                "properties": {"taxonomy": f.taxonomy, "silent": f.silent,
                               "tags": [f.taxonomy]}}
    from .docs import _plain, rule_markdown
    from .taxonomy import CATEGORIES

    text = f"{_plain(cls.beginner)}\n\n{_plain(cls.expert)}"
    return {
        "id": cls.id,
        "name": cls.name,
        "shortDescription": {"text": cls.title},
        "fullDescription": {"text": text},
        "help": {"text": text, "markdown": rule_markdown(cls, examples=False)},
        "helpUri": f"{doc_url}#{rule_anchor(cls)}",
        "defaultConfiguration": {"level": SARIF_LEVEL[cls.severity]},
        "properties": {"taxonomy": cls.taxonomy, "category": CATEGORIES[cls.taxonomy].name,
                       "silent": bool(cls.silent),
                       "tags": [cls.taxonomy, *(["silent"] if cls.silent else [])]},
    }


def artifact_uri(path: str) -> str:
    """A path as given on the command line, as a SARIF URI reference: relative to the
    current directory (``%SRCROOT%``) when it lies under it, else a ``file:`` URI."""
    p = Path(path)
    if p.is_absolute():
        try:
            p = p.relative_to(Path.cwd())
        except ValueError:
            return p.as_uri()
    return quote(p.as_posix())


def to_sarif(results: list[Result], level: str = "beginner") -> str:
    from . import __version__

    doc_url = rules_doc_url()
    index: dict[str, int] = {}
    rules: list[dict[str, Any]] = []
    sarif_results: list[dict[str, Any]] = []
    for r in results:
        lines = source_lines(r["path"])
        uri = artifact_uri(r["path"])
        for f in r["findings"]:
            if f.rule not in index:
                index[f.rule] = len(rules)
                rules.append(sarif_rule(f.rule, f, doc_url))
            text = f"{f.message} ({where(f)})"
            explanation = f.expert if level == "expert" else f.beginner
            sarif_results.append({
                "ruleId": f.rule,
                "ruleIndex": index[f.rule],
                "level": SARIF_LEVEL[f.severity],
                "message": {"text": text,
                            "markdown": f"{text}\n\n{explanation}"
                                        + (f"\n\nFix:\n\n```python\n{f.fix}\n```" if f.fix
                                           else "")},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                        "region": {"startLine": file_line(lines, f)},
                    },
                    "logicalLocations": [{"name": f"cell {f.cell}", "kind": "module",
                                          "fullyQualifiedName": f"{r['path']}:cell {f.cell}"}],
                    "properties": {"cell": f.cell, "line": f.line},
                }],
                "properties": {"taxonomy": f.taxonomy, "silent": f.silent,
                               "subject": f.subject, "cell": f.cell, "line": f.line},
            })
    doc = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "dlfault",
                "fullName": "dlfault_jupyter check",
                "version": __version__,
                "semanticVersion": __version__,
                "informationUri": doc_url.split("#")[0],
                "rules": rules,
            }},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": Path.cwd().as_uri() + "/"}},
            "artifacts": [{"location": {"uri": artifact_uri(r["path"]),
                                        "uriBaseId": "%SRCROOT%"}} for r in results],
            "columnKind": "unicodeCodePoints",
            "results": sarif_results,
        }],
    }
    return json.dumps(doc, indent=2) + "\n"


# -------------------------------------------------------------------- GitHub annotations

def github_data(s: str) -> str:
    """Escape a workflow command's message (GitHub Actions toolkit ``escapeData``)."""
    return s.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def github_property(s: str) -> str:
    """Escape a workflow command's property value (toolkit ``escapeProperty``)."""
    return github_data(s).replace(":", "%3A").replace(",", "%2C")


def to_github(results: list[Result], level: str = "beginner") -> str:
    """One ``::warning file=…,line=…,title=…::message`` workflow command per finding
    (``::notice`` for info). The line is the line of the file where the cell's line is."""
    out: list[str] = []
    for r in results:
        lines = source_lines(r["path"])
        for f in r["findings"]:
            cls = _rule_class(f.rule)
            title = f"{f.rule} {cls.name}" if cls is not None else f.rule
            props = (f"file={github_property(str(r['path']))},"
                     f"line={file_line(lines, f)},title={github_property(title)}")
            out.append(f"::{GITHUB_LEVEL[f.severity]} {props}::"
                       f"{github_data(f'{where(f)}: {f.message}')}")
    return "".join(line + "\n" for line in out)


# ---------------------------------------------------------------------------- JUnit XML

def _code_cells(path: str, ncells: int, findings: list[Finding]) -> list[int]:
    """The 1-based indices of the code cells of a checked file (read again); when it
    cannot be read, every cell."""
    try:
        from .cli import read_notebook

        nb = read_notebook(Path(path))
        return [i for i, c in enumerate(nb.cells, start=1) if c.get("cell_type") == "code"]
    except Exception:  # noqa: BLE001 - a file gone since the check: all cells
        return list(range(1, ncells + 1))


_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _x(s: str) -> str:
    """Text content of an XML element: escaped, without the characters XML 1.0 forbids."""
    return xml_escape(_XML_BAD.sub("", s))


def _xa(s: str) -> str:
    return quoteattr(_XML_BAD.sub("", s))


def to_junit(results: list[Result], level: str = "beginner") -> str:
    """One ``<testsuite>`` per checked file, one ``<testcase>`` per code cell; a cell with
    a warning or an error has one ``<failure>`` listing all its findings (text format);
    info findings go to the test case's ``<system-out>``."""
    from .render.text import finding_text

    suites: list[str] = []
    total = failed = 0
    for r in results:
        path = str(r["path"])
        cases: list[str] = []
        nfail = 0
        by_cell: dict[int, list[Finding]] = {}
        for f in r["findings"]:
            by_cell.setdefault(f.cell, []).append(f)
        cells = sorted(set(_code_cells(path, r["cells"], r["findings"])) | set(by_cell))
        for cell in cells:
            fs = by_cell.get(cell, [])
            bad = [f for f in fs if f.severity in FAILING]
            body = ""
            if bad:
                nfail += 1
                worst = min(bad, key=lambda f: SEVERITY_RANK[f.severity])
                msg = (f"{len(bad)} finding{'s' if len(bad) != 1 else ''}: "
                       + ", ".join(f.rule for f in bad) + f" — {worst.message}")
                text = "\n\n".join(finding_text(f, level) for f in bad)
                body += (f"<failure message={_xa(msg)} type={_xa(worst.rule)}>"
                         f"{_x(text)}</failure>")
            info = [f for f in fs if f.severity not in FAILING]
            if info:
                text = "\n\n".join(finding_text(f, level) for f in info)
                body += f"<system-out>{_x(text)}</system-out>"
            attrs = f"classname={_xa(path)} name={_xa(f'cell {cell}')}"
            cases.append(f"    <testcase {attrs}>{body}</testcase>" if body
                         else f"    <testcase {attrs}/>")
        total += len(cells)
        failed += nfail
        suites.append(f"  <testsuite name={_xa(path)} tests=\"{len(cells)}\" "
                      f"failures=\"{nfail}\" errors=\"0\" skipped=\"0\">\n"
                      + "".join(c + "\n" for c in cases) + "  </testsuite>\n")
    return ('<?xml version="1.0" encoding="UTF-8"?>\n'
            f'<testsuites name="dlfault" tests="{total}" failures="{failed}" errors="0">\n'
            + "".join(suites) + "</testsuites>\n")


RENDERERS: dict[str, Callable[[list[Result], str], str]] = {
    "text": to_text, "json": to_json, "sarif": to_sarif, "github": to_github,
    "junit": to_junit,
}
