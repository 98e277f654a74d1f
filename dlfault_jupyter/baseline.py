"""Baselines: adopt the check on many existing notebooks by recording today's findings and
reporting only new ones (``check --write-baseline FILE`` / ``check --baseline FILE``).

The file is JSON::

    {"dlfault-baseline": 1,
     "findings": [{"rule": "DLF-T203", "path": "notebooks/train.ipynb",
                   "cell": "3f0c…(sha256 of the cell source, whitespace-normalised)",
                   "subject": "X", "count": 1}, ...]}

A finding is known when the baseline has an entry with the same rule, notebook path
(relative to the baseline file's directory, ``/``-separated), hash of its cell's source
(every run of whitespace made one space, ends stripped: re-indenting or editing *another*
cell keeps it) and subject (the variable it is about, or null). ``count`` findings of one
key are known; a further one is new. Messages, lines and cell positions are not part of
the key: moving a cell, or numbers in a message that change from run to run, do not make
a finding new; editing the cell that has it does.

API: :func:`sources_of`, :func:`key`, :func:`build` (results → document), :func:`write`, :func:`load`
(→ :class:`Baseline`), :meth:`Baseline.new_only`.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from collections import Counter
from pathlib import Path
from typing import Any

from .findings import Finding

VERSION = 1
_WS = re.compile(r"\s+")


class BaselineError(ValueError):
    pass


def cell_hash(source: str) -> str:
    norm = _WS.sub(" ", source or "").strip()
    return hashlib.sha256(norm.encode("utf-8")).hexdigest()[:16]


def rel_path(path: Path | str, base_dir: Path) -> str:
    p = Path(path).resolve()
    try:
        return p.relative_to(base_dir.resolve()).as_posix()
    except ValueError:
        return Path(os.path.relpath(p, base_dir.resolve())).as_posix()


def sources_of(nb: Any) -> list[str]:
    """The source of every cell of a notebook (what :func:`key` hashes)."""
    out = []
    for c in nb.get("cells") or []:
        src = c.get("source", "")
        out.append("".join(src) if isinstance(src, list) else str(src))
    return out


def key(f: Finding, sources: list[str], path: Path | str, base_dir: Path) -> tuple:
    """(rule, path relative to ``base_dir``, cell hash, subject) of a finding of the
    notebook at ``path`` whose cells' sources are ``sources``."""
    src = sources[f.cell - 1] if 0 < f.cell <= len(sources) else ""
    return (f.rule, rel_path(path, base_dir), cell_hash(src), f.subject)


def build(results: list[tuple[Path | str, list[str], list[Finding]]], base_dir: Path
          ) -> dict[str, Any]:
    """The baseline document of ``(path, cell sources, findings)`` triples."""
    counts: Counter[tuple] = Counter()
    for path, sources, findings in results:
        for f in findings:
            counts[key(f, sources, path, base_dir)] += 1
    entries = [{"rule": k[0], "path": k[1], "cell": k[2], "subject": k[3], "count": n}
               for k, n in sorted(counts.items(), key=lambda kv: tuple(map(str, kv[0])))]
    return {"dlfault-baseline": VERSION, "findings": entries}


def write(file: Path | str, results: list[tuple[Path | str, list[str], list[Finding]]]) -> int:
    """Write the baseline of ``results`` to ``file``; the number of findings recorded."""
    file = Path(file)
    doc = build(results, file.resolve().parent)
    file.write_text(json.dumps(doc, indent=1) + "\n", encoding="utf-8")
    return sum(e["count"] for e in doc["findings"])


class Baseline:
    def __init__(self, file: Path | str, counts: Counter[tuple]) -> None:
        self.file = Path(file)
        self.base_dir = self.file.resolve().parent
        self.counts = counts

    def new_only(self, path: Path | str, sources: list[str], findings: list[Finding]
                 ) -> list[Finding]:
        """The findings of one checked notebook that the baseline does not know."""
        left = Counter(self.counts)
        out = []
        for f in findings:
            k = key(f, sources, path, self.base_dir)
            if left[k] > 0:
                left[k] -= 1
            else:
                out.append(f)
        return out


def load(file: Path | str) -> Baseline:
    file = Path(file)
    try:
        doc = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as e:
        raise BaselineError(f"{file}: not a readable baseline: {e}") from e
    if not isinstance(doc, dict) or doc.get("dlfault-baseline") != VERSION or \
            not isinstance(doc.get("findings"), list):
        raise BaselineError(f"{file}: not a dlfault baseline (version {VERSION})")
    counts: Counter[tuple] = Counter()
    for e in doc["findings"]:
        try:
            counts[(e["rule"], e["path"], e["cell"], e.get("subject"))] += int(e.get("count", 1))
        except (KeyError, TypeError, ValueError) as err:
            raise BaselineError(f"{file}: bad entry {e!r}") from err
    return Baseline(file, counts)
