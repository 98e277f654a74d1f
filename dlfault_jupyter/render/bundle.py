"""The display bundle of a report: text/plain, text/html and the findings JSON
(``application/vnd.dlfault.findings+json``) that the sidebar and the headless check read.

Where the labextension is installed, JupyterLab and Notebook 7 draw the report from the
findings JSON (its renderer outranks text/html and the widget view), so a saved notebook
reopens with the same interactive report; everywhere else the escaped text/html shows."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..findings import BUNDLE_VERSION, MIME
from .html import charts_html, to_html
from .text import charts_text, to_text

if TYPE_CHECKING:
    from ..report import Charts, Report


def payload(rep: Report, level: str | None = None) -> dict[str, Any]:
    out = {"version": BUNDLE_VERSION, "cell_id": rep.cell_id, "execution_count": rep.cell,
           "findings": [f.to_dict() for f in rep.findings], "notes": list(rep.notes)}
    if level is not None:
        # the level the report was shown at: the labextension draws it so after a reopen
        out["level"] = level
    # optional: the numbers behind the %%dlcheck charts (runtime.charts.data_for), drawn
    # by the sidebar; findings keep exactly the CONTRACT §2 keys
    if rep.charts is not None and rep.charts.data:
        out["charts"] = rep.charts.data
    return out


def mimebundle(rep: Report, level: str, debug: bool = False) -> dict[str, Any]:
    tbs = rep.tracebacks if debug else None
    return {
        "text/plain": to_text(rep.findings, level, rep.notes, tbs),
        "text/html": to_html(rep.findings, level, rep.notes, tbs),
        MIME: payload(rep, level),
    }


class ChartOutput:
    """The charts of a ``%%dlcheck`` run as an output of their own: the SVG (text/html)
    and the summary (text/plain), after the report; with the findings payload (no
    finding, the chart numbers) and the healthy run's line (``head``) when there is no
    report."""

    def __init__(self, charts: Charts, head: str | None = None,
                 payload: dict[str, Any] | None = None) -> None:
        self.charts, self.head, self.payload = charts, head, payload

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict[str, Any]:
        out: dict[str, Any] = {"text/html": charts_html(self.charts, self.head),
                               "text/plain": charts_text(self.charts, self.head)}
        if self.payload is not None:
            out[MIME] = self.payload
        return out
