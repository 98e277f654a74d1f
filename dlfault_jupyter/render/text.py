"""Plain-text report (terminal IPython, the CLI)."""

from __future__ import annotations

import textwrap
from typing import TYPE_CHECKING

from ..findings import Finding
from ..taxonomy import name as category_name

if TYPE_CHECKING:
    from ..report import Charts

MARK = {"error": "✖", "warning": "▲", "info": "ℹ"}


def header(findings: list[Finding]) -> str:
    n = len(findings)
    if not n:
        return "dlfault: no findings"
    counts = {s: sum(f.severity == s for f in findings) for s in ("error", "warning", "info")}
    parts = [f"{c} {s}{'s' if c != 1 else ''}" for s, c in counts.items() if c]
    if len(parts) == 1:
        return f"dlfault: {parts[0]}"
    return f"dlfault: {n} findings: {', '.join(parts)}"


def finding_text(f: Finding, level: str, indent: str = "  ") -> str:
    where = f"cell {f.cell}" + (f", line {f.line}" if f.line else "")
    silent = " · silent" if f.silent else ""
    lines = [f"{MARK[f.severity]} {f.severity.upper()} {f.rule} [{category_name(f.taxonomy)}{silent}] "
             f"({where})", textwrap.indent(textwrap.fill(f.message, 96), indent)]
    expl = f.expert if level == "expert" else f.beginner
    lines.append(textwrap.indent(textwrap.fill(expl, 96), indent + "│ "))
    if f.fix:
        lines.append(indent + "Fix:")
        lines.append(textwrap.indent(f.fix, indent + "    "))
    return "\n".join(lines)


def to_text(findings: list[Finding], level: str = "beginner", notes: list[str] | None = None,
            tracebacks: list[str] | None = None) -> str:
    out = [header(findings)] if findings else []
    out += [finding_text(f, level) for f in findings]
    for n in notes or ():
        out.append(f"  (dlfault note: {n})")
    for tb in tracebacks or ():
        out.append(textwrap.indent(tb.rstrip(), "  | "))
    return "\n".join(out)


def charts_text(charts: Charts, head: str | None = None) -> str:
    """The one-line summary of a ``%%dlcheck`` run, below the healthy run's line."""
    return f"{head}\n{charts.text}" if head else charts.text
