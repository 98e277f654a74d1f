"""What the session checks and what it shows: :class:`CellRun` in, :class:`Report` out.

Both pipelines make a :class:`CellRun` and hand it to ``Session.check``: the after-cell hook
(the cell as typed, its exception) and ``%%dlcheck`` (the cell body, its exception, the
runtime trace, the charts, an explanation level for this report only). The renderers
(``render/``) read a :class:`Report` and nothing else of the run.

This module imports nothing of the package at run time, so that ``session`` and ``render``
both import it without a cycle.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .context import ErrorInfo
    from .findings import Finding


@dataclass
class Charts:
    """The charts of a ``%%dlcheck`` run (``runtime/charts.py`` draws them)."""

    #: the numbers, for the findings payload (``charts`` key) that the sidebar draws;
    #: None when they could not be made
    data: dict[str, Any] | None
    #: the inline charts, an HTML fragment whose labels are escaped ("" when nothing to draw)
    svg: str
    #: a one-line summary (text/plain, terminals)
    text: str
    #: the line above the charts of a run without finding or exception (shown only when
    #: there is no report to show)
    head: str | None = None


@dataclass
class CellRun:
    """One executed cell, as ``Session.check`` checks it."""

    #: the cell's code as typed (the session applies IPython's transforms)
    source: str
    #: the execution count: the number in the cell's prompt
    count: int
    cell_id: str | None = None
    #: the exception the cell raised, its line a line of ``source``
    error: ErrorInfo | None = None
    #: ``%%dlcheck``: the ``runtime.trace.Trace`` of the run; the runtime rules run too
    trace: Any = None
    #: explanation level of this report (``%%dlcheck --level``); None: the session's
    level: str | None = None
    charts: Charts | None = None
    #: notes of the caller (the instrumentation's), after the rules' notes
    notes: list[str] = field(default_factory=list)


@dataclass
class Report:
    """What one executed cell produced: its findings and internal notes."""

    cell: int
    cell_id: str | None
    findings: list[Finding]
    notes: list[str] = field(default_factory=list)
    tracebacks: list[str] = field(default_factory=list)
    identities: list[tuple] = field(default_factory=list)
    widget: Any = None
    charts: Charts | None = None
    #: the level this report is shown at; None: the session's ``config.level``
    level: str | None = None
