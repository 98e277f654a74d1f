"""``python -m dlfault_jupyter check PATH [PATH ...] [--json] [--level beginner|expert]``

Executes each notebook (``.ipynb``, or a percent-format ``.py``) in a fresh kernel with the
extension loaded — the same code path as in JupyterLab, in static display mode — and reads
the findings back from each cell's outputs (``application/vnd.dlfault.findings+json``).

Exit status: 0 no error or warning, 1 at least one, 2 usage error or unreadable file.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from .findings import MIME, Finding
from .formats import FORMATS

EXT_ARGS = ["--ext=dlfault_jupyter", "--IPKernelApp.reraise_ipython_extension_failures=True",
            "--DLFault.display_mode=static", "--DLFault.budget_ms=5000"]


class UsageError(Exception):
    pass


def split_percent(text: str) -> list[tuple[str, str, str]]:
    """(kind, header, source) cells of a percent-format script. A file without a ``# %%``
    line is one code cell; text before the first ``# %%`` line is a cell if not blank."""
    cells: list[tuple[str, str, list[str]]] = []
    cur: tuple[str, str, list[str]] = ("code", "", [])
    started = False
    for line in text.splitlines():
        if line.startswith("# %%"):
            if started or "".join(cur[2]).strip():
                cells.append(cur)
            started = True
            kind = "markdown" if "[markdown]" in line or "[md]" in line else "code"
            cur = (kind, line, [])
        else:
            cur[2].append(line)
    if started or "".join(cur[2]).strip():
        cells.append(cur)
    out = []
    for kind, header, lines in cells:
        while lines and not lines[-1].strip():
            lines.pop()
        while lines and not lines[0].strip():
            lines.pop(0)
        src = "\n".join(lines)
        if kind == "markdown":
            src = "\n".join(ln[2:] if ln.startswith("# ") else ln.lstrip("#") for ln in lines)
        out.append((kind, header, src))
    return out


def is_plain_script(path: Path) -> bool:
    """A ``.py`` file with no ``# %%`` cell line: an ordinary module, not a notebook."""
    if path.suffix != ".py":
        return False
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False  # unreadable: the check says so (exit 2)
    return not any(line.startswith("# %%") for line in text.splitlines())


def read_notebook(path: Path) -> Any:
    import nbformat

    if not path.is_file():
        raise UsageError(f"{path}: no such file")
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as e:
        raise UsageError(f"{path}: cannot read: {e}") from e
    if path.suffix == ".ipynb":
        try:
            return nbformat.reads(text, as_version=4)
        except Exception as e:
            raise UsageError(f"{path}: not a readable notebook: {e}") from e
    if path.suffix == ".py":
        nb = nbformat.v4.new_notebook()
        for kind, _header, src in split_percent(text):
            nb.cells.append(nbformat.v4.new_markdown_cell(src) if kind == "markdown"
                            else nbformat.v4.new_code_cell(src))
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                     "language": "python"}
        return nb
    raise UsageError(f"{path}: not a .ipynb or .py file")


def findings_of(nb: Any) -> list[Finding]:
    """Findings stored in a notebook's outputs; ``cell`` = 1-based index of the cell in the
    notebook (all cells counted)."""
    out: list[Finding] = []
    for i, cell in enumerate(nb.cells, start=1):
        if cell.get("cell_type") != "code":
            continue
        for o in cell.get("outputs", []):
            data = (o.get("data") or {}).get(MIME)
            if not isinstance(data, dict):
                continue
            for d in data.get("findings", []):
                try:
                    f = Finding.from_dict(d)
                except (ValueError, TypeError):
                    continue
                f.cell = i
                out.append(f)
    return out


def execute(nb: Any, cwd: Path, timeout: int = 600, extra: list[str] | None = None) -> Any:
    from nbclient import NotebookClient

    from .batch import kernel_config
    from .settings_file import merge_args

    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
    os.environ.setdefault("PYDEVD_DISABLE_FILE_VALIDATION", "1")
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", allow_errors=True,
                            extra_arguments=merge_args(EXT_ARGS, extra or []),
                            resources={"metadata": {"path": str(cwd)}},
                            config=kernel_config())  # IPC transport where available
    client.execute()
    return nb


def check_path(path: Path, level: str | None = None, timeout: int = 600,
               config: Path | bool | None = None, baseline: Any = None) -> dict[str, Any]:
    """Check one file with its [tool.dlfault] settings, metadata suppressions and
    ``baseline`` (project.py); ``sources``: its cells' sources (for --write-baseline)."""
    from .baseline import sources_of
    from .project import finish, prepare

    plan = prepare(path, config=config, level=level)
    nb = read_notebook(path)
    execute(nb, path.resolve().parent, timeout, plan.kernel_args)
    findings, notes = finish(plan, nb, findings_of(nb), baseline)
    for n in notes:
        print(f"dlfault: {n}", file=sys.stderr)
    return {"path": str(path), "cells": len(nb.cells), "findings": findings,
            "sources": sources_of(nb)}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m dlfault_jupyter",
                                 description="Catch deep-learning faults in notebooks.")
    sub = ap.add_subparsers(dest="cmd", required=True)
    c = sub.add_parser("check", help="execute notebooks headless and report their faults")
    c.add_argument("paths", nargs="+", metavar="PATH", type=Path)
    c.add_argument("--json", action="store_true", help="one JSON object on stdout")
    c.add_argument("--format", choices=FORMATS, default=None,
                   help="output on stdout: text (default), json (= --json), sarif (SARIF "
                        "2.1.0), github (workflow annotations), junit (JUnit XML)")
    c.add_argument("-j", "--jobs", type=int, default=0, metavar="N",
                   help="check N notebooks at a time, a kernel each (default: the number "
                        "of cores); the output is the same for every N")
    c.add_argument("--level", choices=["beginner", "expert"], default=None,
                   help="explanation level (default: [tool.dlfault] level, or beginner)")
    c.add_argument("--config", type=Path, metavar="PYPROJECT",
                   help="read [tool.dlfault] from this file (default: the first "
                        "pyproject.toml with that table from each file's directory up)")
    c.add_argument("--no-config", action="store_true", help="read no pyproject.toml")
    c.add_argument("--baseline", type=Path, metavar="FILE",
                   help="report only the findings this baseline does not record")
    c.add_argument("--write-baseline", type=Path, metavar="FILE",
                   help="record the findings in FILE (JSON) and exit 0")
    c.add_argument("--timeout", type=int, default=600, help="seconds per cell")
    c.add_argument("--percent-only", action="store_true",
                   help="skip .py files without a '# %%%%' cell line (ordinary modules are "
                        "not notebooks: the pre-commit hooks never execute them)")
    r = sub.add_parser("rules", help="list the rules or write the rule reference")
    r.add_argument("--markdown", action="store_true", help="the full reference in Markdown")
    args = ap.parse_args(argv)

    if args.cmd == "rules":
        from .docs import reference, rules_table

        sys.stdout.write(reference() if args.markdown else rules_table())
        return 0
    if args.json and args.format not in (None, "json"):
        c.error(f"--json and --format {args.format} ask for two outputs")  # exit 2
    if args.jobs < 0:
        c.error("-j N: N must be 1 or more (0: the number of cores)")

    from .baseline import BaselineError
    from .baseline import load as load_baseline
    from .project import prepare
    from .settings_file import SettingsError

    if args.percent_only:
        args.paths = [p for p in args.paths if not is_plain_script(p)]
        if not args.paths:
            return 0
    config: Path | bool | None = False if args.no_config else args.config
    baseline = None
    for p in args.paths:  # fail fast on unreadable input, before starting any kernel
        try:
            read_notebook(p)
            plan = prepare(p, config=config, level=args.level)
            if args.baseline is not None and baseline is None:
                baseline = load_baseline(args.baseline)
        except (UsageError, SettingsError, BaselineError) as e:
            print(f"dlfault: {e}", file=sys.stderr)
            return 2
    explicit_level, args.level = args.level, args.level or plan.level
    from functools import partial

    from .batch import Progress, check_many

    results = []
    for status, r in check_many(args.paths, partial(check_path, level=explicit_level,
                                                    timeout=args.timeout, config=config,
                                                    baseline=baseline),
                                args.jobs, Progress(len(args.paths))):
        if status == "usage":
            print(f"dlfault: {r}", file=sys.stderr)
            return 2
        results.append(r)
    bad = any(f.severity in ("error", "warning") for r in results for f in r["findings"])
    if args.write_baseline is not None:
        from .baseline import write as write_baseline

        n = write_baseline(args.write_baseline,
                           [(r["path"], r["sources"], r["findings"]) for r in results])
        print(f"dlfault: {n} finding(s) recorded in {args.write_baseline}", file=sys.stderr)
        bad = False
    from .formats import render

    sys.stdout.write(render("json" if args.json else args.format or "text", results,
                            args.level))
    return 1 if bad else 0
