"""Renderers of a cell's report: widget, static HTML, plain text, findings JSON."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .bundle import mimebundle
from .html import to_html
from .text import to_text

if TYPE_CHECKING:
    from ..session import Report, Session

__all__ = ["display_report", "mimebundle", "to_html", "to_text"]


def display_report(session: Session, rep: Report, mode: str) -> None:
    from IPython.display import display

    level = session.config.level
    debug = session.config.debug
    if mode == "widget":
        from .widget import ReportWidget

        w = ReportWidget(session, rep)
        rep.widget = w
        display(w)
    elif mode == "static":
        display(StaticReport(rep, level, debug))
    else:
        print(to_text(rep.findings, level, rep.notes, rep.tracebacks if debug else None))


class StaticReport:
    """A report without widgets: escaped HTML, text and the findings JSON."""

    def __init__(self, rep: Report, level: str, debug: bool = False) -> None:
        self.rep, self.level, self.debug = rep, level, debug

    def _repr_mimebundle_(self, include=None, exclude=None):
        return mimebundle(self.rep, self.level, self.debug)
