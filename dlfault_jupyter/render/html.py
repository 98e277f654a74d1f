"""Static HTML of a report. Every user-derived string is escaped here, once.

Texts are plain text with `backticks` for code: the whole text is escaped first, then the
backtick spans become ``<code>``. The HTML is plain (no scripts, no styles that a
sanitiser would strip in a way that breaks reading): it reads well on GitHub and in
nbconvert, with the other explanation level in a ``<details>``.
"""

from __future__ import annotations

import html
import re

from ..findings import Finding, worst
from ..taxonomy import name as category_name
from .text import header

_TICKS = re.compile(r"`([^`\n]+)`")
COLORS = {"error": "#c62828", "warning": "#e65100", "info": "#1565c0"}
MARK = {"error": "✖", "warning": "▲", "info": "ℹ"}


def esc(s: object) -> str:
    return html.escape(str(s), quote=True)


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
            f"border-radius:3px;overflow-x:auto\"><code>{esc(code)}</code></pre>")


def finding_head(f: Finding) -> str:
    where = f"cell {f.cell}" + (f", line {f.line}" if f.line else "")
    silent = (" <span title=\"no exception, no error message: a silent fault\" "
              "style=\"border:1px solid currentColor;border-radius:3px;padding:0 3px;"
              "font-size:85%\">silent</span>" if f.silent else "")
    return (f"<span style=\"color:{COLORS[f.severity]};font-weight:bold\">{MARK[f.severity]} "
            f"{esc(f.severity)}</span> <code>{esc(f.rule)}</code> "
            f"<span style=\"opacity:0.8\">{esc(category_name(f.taxonomy))}</span>{silent} "
            f"<span style=\"opacity:0.6;font-size:85%\">({esc(where)})</span>")


def finding_html(f: Finding, level: str) -> str:
    first, second = ("expert", "beginner") if level == "expert" else ("beginner", "expert")
    label = {"beginner": "For beginners", "expert": "For experts"}
    return (
        f"<div class=\"dlfault-finding\" data-rule=\"{esc(f.rule)}\" "
        f"style=\"border-left:3px solid {COLORS[f.severity]};padding:0.2em 0.6em;"
        f"margin:0.4em 0\">"
        f"<div>{finding_head(f)}</div>"
        f"<div style=\"font-weight:600;margin:0.2em 0\">{rich(f.message)}</div>"
        f"<div>{rich(getattr(f, first))}</div>"
        f"{('<div><b>Fix</b>' + code_block(f.fix) + '</div>') if f.fix else ''}"
        f"<details><summary>{label[second]}</summary>{rich(getattr(f, second))}</details>"
        f"</div>"
    )


def to_html(findings: list[Finding], level: str = "beginner", notes: list[str] | None = None,
            tracebacks: list[str] | None = None) -> str:
    body = "".join(finding_html(f, level) for f in findings)
    w = worst(findings)
    head = (f"<div style=\"font-weight:bold;color:{COLORS.get(w or 'info')}\">"
            f"{esc(header(findings))}</div>") if findings else ""
    note = "".join(f"<div style=\"opacity:0.7;font-size:85%\">dlfault note: {esc(n)}</div>"
                   for n in notes or ())
    tbs = "".join(f"<pre style=\"font-size:80%\">{esc(t)}</pre>" for t in tracebacks or ())
    return f"<div class=\"dlfault-report\">{head}{body}{note}{tbs}</div>"
