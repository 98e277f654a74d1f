"""Saying "this one is intended": inline suppressions and the rule selectors they share
with ``pyproject.toml`` and the notebook metadata.

In a cell's source (the same comment in the kernel, in ``%%dlcheck`` and in the headless
check — they all go through :meth:`Session.publish`)::

    x = x.view(-1)        # dlfault: ignore[DLF-S001]       that line, that rule
    y = y.float()         # dlfault: ignore[DLF-T203, missing-zero-grad]
    z = f(z)              # dlfault: ignore                 that line, every rule
    # dlfault: ignore[training.preprocessing]              alone above the code: the cell

A directive on a line that holds only comments and comes before the first line of code
applies to the whole cell; anywhere else it applies to the findings that point at its own
line. Selectors are rule ids (``DLF-T203``), rule names (``constant-features``), taxonomy
categories (``training.loss``) or their top level (``training``). A selector that names
nothing is reported by rule DLF-A201 (``unknown-suppression``, info), like ruff's RUF100.

Cell metadata ``{"dlfault": {"ignore": [...]}}`` (or ``true`` for every rule) also silences
a whole cell: JupyterLab sends a cell's metadata with its execute request, the headless
check reads it from the file. The notebook-wide ``metadata.dlfault.ignore`` is read by the
headless check only (a kernel never sees the notebook's metadata).

Functions for other parts of the project (the pytest plugin included) —
:func:`resolve` (selectors → rule ids), :func:`parse` (directives of one cell),
:func:`filter_cell` (findings of one cell minus the suppressed ones) and
:func:`filter_notebook` (a checked notebook's findings minus those suppressed by cell and
notebook metadata). The whole pipeline of settings + suppressions + baseline is
:func:`dlfault_jupyter.project.prepare` / :func:`dlfault_jupyter.project.finish`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .findings import Finding

DIRECTIVE_RE = re.compile(r"#\s*dlfault\s*:\s*ignore(?![\w-])(?:\[([^\]]*)\])?", re.I)
ALL = None  # "every rule" in a directive


def resolve(selectors: Iterable[str]) -> tuple[set[str], list[str]]:
    """(rule ids, unknown selectors) of rule ids, names, taxonomy categories and their
    top-level parts (``training``)."""
    ids: set[str] = set()
    unknown: list[str] = []
    for raw in selectors:
        s = str(raw).strip()
        if not s:
            continue
        found = _resolve_one(s)
        if found is None:
            unknown.append(s)
        else:
            ids |= found
    return ids, unknown


@functools.lru_cache(maxsize=512)
def _resolve_one(s: str) -> frozenset[str] | None:
    from .rules import load_all, lookup
    from .taxonomy import CATEGORIES

    cls = lookup(s)
    if cls is not None:
        return frozenset((cls.id,))
    low = s.lower()
    cats = [c for c in CATEGORIES if c == low or c.startswith(low + ".")]
    if not cats:
        return None
    return frozenset(r.id for r in load_all().values() if r.taxonomy in cats)


def split_selectors(text: str | None) -> list[str]:
    return [t.strip() for t in re.split(r"[,\s]+", text or "") if t.strip()]


@dataclass
class Directives:
    """The suppressions written in one cell."""

    cell_all: bool = False
    cell_ids: set[str] = field(default_factory=set)
    lines: dict[int, set[str] | None] = field(default_factory=dict)  # None: every rule
    unknown: list[tuple[int, str]] = field(default_factory=list)       # (line, selector)

    def suppresses(self, f: Finding) -> bool:
        if self.cell_all or f.rule in self.cell_ids:
            return True
        if f.line is None or f.line not in self.lines:
            return False
        ids = self.lines[f.line]
        return ids is ALL or f.rule in ids

    def __bool__(self) -> bool:
        return bool(self.cell_all or self.cell_ids or self.lines)


_EMPTY = Directives()


def parse(text: str) -> Directives:
    """The ``# dlfault: ignore`` directives of a cell's source (1-based lines)."""
    if "dlfault" not in text and "DLFAULT" not in text.upper():
        return _EMPTY
    lines = text.split("\n")
    first_code = next((n for n, ln in enumerate(lines, start=1)
                       if ln.strip() and not ln.lstrip().startswith("#")), len(lines) + 1)
    d = Directives()
    for m in DIRECTIVE_RE.finditer(text):
        n = text.count("\n", 0, m.start()) + 1
        if m.group(1) is None:
            ids: set[str] | None = ALL
        else:
            sels = split_selectors(m.group(1))
            ids, unknown = resolve(sels)
            d.unknown += [(n, u) for u in unknown]
            if not sels:  # `ignore[]`: nothing named, nothing suppressed
                d.unknown.append((n, "[]"))
        if n < first_code and lines[n - 1].lstrip().startswith("#"):
            if ids is ALL:
                d.cell_all = True
            else:
                d.cell_ids |= ids
        elif ids is ALL:
            d.lines[n] = ALL
        else:
            prev = d.lines.get(n, set())
            if prev is not ALL:
                d.lines[n] = prev | ids
    return d


def metadata_ignores(metadata: Any) -> tuple[bool, set[str], list[str]]:
    """(every rule, rule ids, unknown selectors) of ``{"dlfault": {"ignore": ...}}`` in a
    cell's or a notebook's metadata: ``true`` or a list of selectors."""
    try:
        ign = ((metadata or {}).get("dlfault") or {}).get("ignore")
    except AttributeError:
        return False, set(), []
    if ign is True:
        return True, set(), []
    if isinstance(ign, str):
        ign = split_selectors(ign)
    if not isinstance(ign, (list, tuple)):
        return False, set(), []
    ids, unknown = resolve(str(s) for s in ign)
    return False, ids, unknown


def request_metadata(shell: Any) -> dict[str, Any]:
    """The metadata of the execute request being answered (JupyterLab and Notebook 7 send
    the cell's metadata there); ``{}`` outside a kernel."""
    try:
        kernel = getattr(shell, "kernel", None)
        if kernel is None:
            return {}
        parent = kernel.get_parent("shell") or getattr(shell, "parent_header", None) or {}
        md = parent.get("metadata")
        return md if isinstance(md, dict) else {}
    except Exception:  # noqa: BLE001 - another front end, an older ipykernel
        return {}


def filter_cell(findings: list[Finding], text: str, metadata: Any = None) -> list[Finding]:
    """``findings`` of one cell without those its directives or its cell metadata
    suppress. Cheap when the cell says nothing about dlfault."""
    d = parse(text)
    every, ids, _unknown = metadata_ignores(metadata) if metadata else (False, set(), [])
    if not d and not every and not ids:
        return findings
    if every:
        return []
    return [f for f in findings if f.rule not in ids and not d.suppresses(f)]


def filter_notebook(nb: Any, findings: list[Finding]) -> tuple[list[Finding], list[str]]:
    """A checked notebook's findings (``cell`` = 1-based index of the notebook's cell)
    without those that the notebook's or a cell's metadata suppress; and one line per
    unknown selector found there (the CLI prints them on stderr)."""
    every, nb_ids, unknown = metadata_ignores(nb.get("metadata"))
    notes = [f"notebook metadata: dlfault.ignore names no rule: {u!r}" for u in unknown]
    if every:
        return [], notes
    per_cell: dict[int, tuple[bool, set[str]]] = {}
    for i, cell in enumerate(nb.get("cells") or [], start=1):
        md = cell.get("metadata")
        if not md or "dlfault" not in md:
            continue
        c_every, c_ids, c_unknown = metadata_ignores(md)
        notes += [f"cell {i} metadata: dlfault.ignore names no rule: {u!r}" for u in c_unknown]
        per_cell[i] = (c_every, c_ids)
    out: list[Finding] = []
    for f in findings:
        c_every, c_ids = per_cell.get(f.cell, (False, set()))
        if f.rule in nb_ids or c_every or f.rule in c_ids:
            continue
        out.append(f)
    return out, notes
