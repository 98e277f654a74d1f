"""The inline report: stock ipywidgets only (no JavaScript of ours).

Shown only with ``DLFault.display_mode = "widget"`` (for front ends that have ipywidgets but
not the labextension): by default a kernel displays the static bundle, which the
labextension draws as an interactive report that survives saving (``render/bundle.py``).
A ``VBox`` with a header (count, worst severity, Beginner/Expert toggle) and one block per
finding (severity mark, category, message, explanation, fix, "Mute this check"). Its display
bundle also carries the static HTML, the text and the findings JSON, so that saved
notebooks, nbconvert, GitHub, terminals and the sidebar all read the same report.
All HTML shown goes through :mod:`.html`, which escapes every user-derived string.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import ipywidgets as W

from ..findings import worst
from .bundle import mimebundle
from .html import COLORS, code_block, esc, finding_head, rich
from .text import header

if TYPE_CHECKING:
    from ..report import Report


class ReportWidget(W.VBox):
    def __init__(self, session: Any, rep: Report) -> None:  # session: a session.Session
        super().__init__(layout=W.Layout(border="1px solid var(--jp-border-color2, #ddd)",
                                         padding="4px 8px", margin="4px 0"))
        self.add_class("dlfault-report")
        self.session = session
        self.rep = rep
        self.level = rep.level or session.config.level
        self.toggle = W.ToggleButtons(options=[("Beginner", "beginner"), ("Expert", "expert")],
                                      value=self.level, description="",
                                      tooltips=["Plain words and what to do",
                                                "The precise mechanism"],
                                      style={"button_width": "80px"})
        self.toggle.add_class("dlfault-level")
        self.toggle.observe(self._on_level, names="value")
        self.refresh()

    # -- state -------------------------------------------------------------------------
    def visible(self) -> list:
        muted = self.session.muted
        return [f for f in self.rep.findings if f.rule not in muted]

    def _on_level(self, change: dict[str, Any]) -> None:
        self.level = change["new"]
        self.refresh()

    def set_level(self, level: str) -> None:
        if self.toggle.value != level:
            self.toggle.value = level  # triggers refresh
        else:
            self.refresh()

    def _mute(self, rule: str) -> None:
        self.session.mute(rule)  # refreshes every live report

    # -- view --------------------------------------------------------------------------
    def refresh(self) -> None:
        fs = self.visible()
        muted_n = len(self.rep.findings) - len(fs)
        w = worst(fs) or "info"
        head_txt = header(fs) if fs else "dlfault: no findings"
        if muted_n:
            head_txt += f" · {muted_n} muted"
        head = W.HTML(f"<b style=\"color:{COLORS[w]}\">{esc(head_txt)}</b>")
        head.add_class("dlfault-header")
        rows: list[W.Widget] = [W.HBox([head, self.toggle],
                                       layout=W.Layout(justify_content="space-between",
                                                       align_items="center"))]
        for f in fs:
            expl = f.expert if self.level == "expert" else f.beginner
            body = W.HTML(
                f"<div style=\"border-left:3px solid {COLORS[f.severity]};padding:0 0.6em;"
                f"line-height:1.45\">"
                f"<div>{finding_head(f)}</div>"
                f"<div class=\"dlfault-explanation\" data-level=\"{esc(self.level)}\">"
                f"{rich(expl)}</div>"
                f"{('<div><b>Fix</b>' + code_block(f.fix) + '</div>') if f.fix else ''}"
                f"</div>")
            body.add_class("dlfault-finding")
            btn = W.Button(description="Mute this check", icon="bell-slash",
                           tooltip=f"Stop reporting {f.rule} in this session",
                           layout=W.Layout(width="auto", align_self="flex-start"))
            btn.add_class("dlfault-mute")
            btn.on_click(lambda _b, rule=f.rule: self._mute(rule))
            rows.append(W.VBox([body, btn], layout=W.Layout(margin="4px 0")))
        for n in self.rep.notes:
            rows.append(W.HTML(f"<span style=\"opacity:0.7;font-size:85%\">dlfault note: "
                               f"{esc(n)}</span>"))
        if self.session.config.debug:
            for tb in self.rep.tracebacks:
                rows.append(W.HTML(f"<pre style=\"font-size:80%\">{esc(tb)}</pre>"))
        if self.rep.charts is not None and self.rep.charts.svg:   # %%dlcheck's charts
            chart = W.HTML(self.rep.charts.svg)   # labels escaped by runtime/charts.py
            chart.add_class("dlfault-charts")
            rows.append(chart)
        old = list(self.children)
        self.children = rows
        self._close_tree(old)

    def _close_tree(self, widgets: list) -> None:
        """Close replaced widgets (the toggle is kept): ipywidgets keeps every open widget,
        and with it its callbacks, this report and the session, alive."""
        for w in widgets:
            if w is self.toggle:
                continue
            self._close_tree(list(getattr(w, "children", ())))
            _close(w)

    def close(self) -> None:
        self._close_tree(list(self.children))
        _close(self.toggle)
        for part in (getattr(self, "layout", None), getattr(self, "style", None)):
            if part is not None:
                part.close()
        super().close()

    def _repr_mimebundle_(self, **kwargs: Any) -> dict[str, Any]:
        data = super()._repr_mimebundle_(**kwargs) or {}
        static = mimebundle(self.rep, self.level, self.session.config.debug)
        static.update(data)  # the widget view and its text/plain...
        static["text/plain"] = mimebundle(self.rep, self.level)["text/plain"]
        return static


def _close(w: W.Widget) -> None:
    """Close a widget with its layout and style (widgets of their own)."""
    try:
        for part in (getattr(w, "layout", None), getattr(w, "style", None)):
            if isinstance(part, W.Widget):
                part.close()
        w.close()
    except Exception:  # noqa: BLE001
        pass
