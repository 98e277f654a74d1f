"""Renderers of a cell's report: widget, static HTML, plain text, findings JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .bundle import ChartOutput, mimebundle, payload
from .html import to_html
from .text import charts_text, to_text

if TYPE_CHECKING:
    from ..report import Report

__all__ = ["display_report", "mimebundle", "to_html", "to_text"]


def display_report(session: Any, rep: Report, mode: str) -> None:
    """Show ``rep`` (findings, notes, the charts of a ``%%dlcheck`` run) for ``session``
    (a ``session.Session``: its settings, its mute buttons) in ``mode``: "widget",
    "static" or "text"."""
    from IPython.display import display

    level = rep.level or session.config.level
    debug = session.config.debug
    shown = bool(rep.findings or rep.notes)
    if shown and mode == "widget":
        from .widget import ReportWidget

        w = ReportWidget(session, rep)   # draws the charts itself
        rep.widget = w
        display(w)
    elif shown and mode == "static":
        display(StaticReport(rep, level, debug))
    elif shown:
        print(to_text(rep.findings, level, rep.notes, rep.tracebacks if debug else None))
    ch = rep.charts
    if ch is None or (shown and mode == "widget" and ch.svg):
        return
    head = None if shown else ch.head   # a run without report: one line says it is fine
    if mode == "text" or not ch.svg:
        print(charts_text(ch, head))
    else:
        # without a report, this output carries the findings payload with the chart
        # numbers, so that the sidebar draws the charts of a healthy run too
        display(ChartOutput(ch, head, None if shown else payload(rep)))


class StaticReport:
    """A report without widgets: escaped HTML, text and the findings JSON."""

    def __init__(self, rep: Report, level: str, debug: bool = False) -> None:
        self.rep, self.level, self.debug = rep, level, debug

    def _repr_mimebundle_(self, include=None, exclude=None):
        return mimebundle(self.rep, self.level, self.debug)
