"""Static HTML of a report. Every user-derived string is escaped here, once.

Texts are plain text with `backticks` for code: the whole text is escaped first, then the
backtick spans become ``<code>``. The HTML is plain (no scripts, no classes it depends on,
inline styles that a sanitiser may drop without breaking reading): it reads well on GitHub,
in VS Code, in nbconvert and in a JupyterLab without the labextension.

It is compact, like the labextension's report: one line per finding (severity mark, the
message, the "silent" badge, rule id and line) in a ``<summary>``; a click on it opens the
explanation of the chosen level, the fix and the other level. Everything is in the HTML
(closed ``<details>`` only hide it), so a page search or a reader without CSS finds it all.
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING

from ..findings import Finding, worst
from ..taxonomy import name as category_name
from .text import header

if TYPE_CHECKING:
    from ..report import Charts

_TICKS = re.compile(r"`([^`\n]+)`")
COLORS = {"error": "#c62828", "warning": "#e65100", "info": "#1565c0"}
MARK = {"error": "✖", "warning": "▲", "info": "ℹ"}
LABEL = {"beginner": "For beginners", "expert": "For experts"}
#: the one "silent" badge, the same in the labextension (.jp-DLFault-silent) and here
SILENT_STYLE = ("border:1px solid currentColor;border-radius:2px;padding:0 4px;"
                "font-size:85%;font-weight:normal;opacity:0.85")
SILENT_TITLE = "No exception, no error message: a silent fault"


def esc(s: object) -> str:
    return html.escape(str(s), quote=True)


def inline(text: str | None) -> str:
    """Escape, then format `code` spans; one line (paragraph breaks become spaces)."""
    if not text:
        return ""
    e = esc(" ".join(text.split()))
    return _TICKS.sub(lambda m: f"<code>{m.group(1)}</code>", e)


def rich(text: str | None) -> str:
    """Escape, then format `code` spans and paragraphs."""
    if not text:
        return ""
    e = esc(text)
    e = _TICKS.sub(lambda m: f"<code>{m.group(1)}</code>", e)
    paras = [p.strip().replace("\n", " ") for p in e.split("\n\n") if p.strip()]
    return "".join(f"<p style=\"margin:0.3em 0\">{p}</p>" for p in paras)


def code_block(code: str | None) -> str:
    if not code:
        return ""
    return ("<pre style=\"margin:0.3em 0;padding:0.4em 0.6em;background:rgba(127,127,127,0.1);"
            "border-radius:2px;overflow-x:auto;white-space:pre\">"
            f"<code>{esc(code)}</code></pre>")


def silent_badge(f: Finding) -> str:
    if not f.silent:
        return ""
    return f" <span title=\"{SILENT_TITLE}\" style=\"{SILENT_STYLE}\">silent</span>"


def where(f: Finding) -> str:
    """The finding's place: the cell by its execution count, the number in its prompt."""
    return f"cell [{f.cell}]" + (f", line {f.line}" if f.line else "")


def finding_head(f: Finding) -> str:
    """The one line of a finding: mark, message, silent badge, then rule · category · place."""
    return (f"<span style=\"color:{COLORS[f.severity]};font-weight:bold\" "
            f"title=\"{esc(f.severity)}\">{MARK[f.severity]}</span> "
            f"<span style=\"font-weight:600\">{inline(f.message)}</span>{silent_badge(f)} "
            f"<span style=\"opacity:0.65;font-size:85%\">{esc(f.severity)} · "
            f"<code>{esc(f.rule)}</code> · {esc(category_name(f.taxonomy))} · "
            f"{esc(where(f))}</span>")


def finding_html(f: Finding, level: str) -> str:
    first, second = ("expert", "beginner") if level == "expert" else ("beginner", "expert")
    fix = (f"<div><b>Fix</b>{code_block(f.fix)}</div>") if f.fix else ""
    return (
        f"<details class=\"dlfault-finding\" data-rule=\"{esc(f.rule)}\" "
        f"style=\"border-left:3px solid {COLORS[f.severity]};padding:0.1em 0.6em;"
        f"margin:0.25em 0\">"
        f"<summary style=\"cursor:pointer\">{finding_head(f)}</summary>"
        f"<div style=\"padding:0.2em 0 0.3em\">"
        f"<div><b>{LABEL[first]}</b>{rich(getattr(f, first))}</div>"
        f"{fix}"
        f"<details><summary>{LABEL[second]}</summary>{rich(getattr(f, second))}</details>"
        f"</div></details>"
    )


def to_html(findings: list[Finding], level: str = "beginner", notes: list[str] | None = None,
            tracebacks: list[str] | None = None) -> str:
    body = "".join(finding_html(f, level) for f in findings)
    w = worst(findings)
    head = (f"<div style=\"font-weight:bold;color:{COLORS.get(w or 'info')}\">"
            f"{esc(header(findings))} <span style=\"font-weight:normal;opacity:0.65;"
            f"font-size:85%\">(click a line for the explanation and the fix)</span>"
            f"</div>") if findings else ""
    note = "".join(f"<div style=\"opacity:0.7;font-size:85%\">dlfault note: {esc(n)}</div>"
                   for n in notes or ())
    tbs = "".join(f"<pre style=\"font-size:80%\">{esc(t)}</pre>" for t in tracebacks or ())
    return f"<div class=\"dlfault-report\">{head}{body}{note}{tbs}</div>"


def charts_html(charts: Charts, head: str | None = None) -> str:
    """The charts of a ``%%dlcheck`` run (``runtime/charts.py`` escapes their labels), with
    the healthy run's line above them."""
    top = (f"<div class=\"dlfault-healthy\" style=\"font-weight:bold;color:#2e7d32;"
           f"margin:0.2em 0;font-family:var(--jp-ui-font-family, sans-serif)\">"
           f"{esc(head)}</div>") if head else ""
    return top + charts.svg
