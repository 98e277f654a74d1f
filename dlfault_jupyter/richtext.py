"""Rich output of the ``%dlcheck`` line magic: one object, text/plain for a terminal and
text/markdown or escaped text/html for a notebook (the front end picks; a terminal prints
only text/plain). The pattern of jupyter-ai's ``TextOrMarkdown``."""

from __future__ import annotations

import re
from typing import Any

_FENCE = re.compile(r"^\s*(```|~~~)")
_SPANS = re.compile(r"(`+)(.+?)\1")
_AUTOLINK = re.compile(r"<(https?://[^\s<>]+)>")


class RichText:
    """``text/plain`` always; ``text/markdown`` and/or ``text/html`` when given."""

    def __init__(self, text: str, markdown: str | None = None, html: str | None = None
                 ) -> None:
        self.text, self.markdown, self.html = text, markdown, html

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict:
        out: dict[str, Any] = {"text/plain": self.text}
        if self.markdown is not None:
            out["text/markdown"] = self.markdown
        if self.html is not None:
            out["text/html"] = self.html
        return out

    def __repr__(self) -> str:  # a terminal's Out[] and print() show the text
        return self.text

    __str__ = __repr__


def _escape_prose(s: str) -> str:
    """``&`` and ``<`` of a line's prose as entities (so that no text becomes an HTML tag),
    autolinks ``<https://…>`` kept."""
    links: list[str] = []

    def keep(m: re.Match) -> str:
        links.append(m.group(0))
        return f"\x00{len(links) - 1}\x00"

    s = _AUTOLINK.sub(keep, s)
    s = s.replace("&", "&amp;").replace("<", "&lt;")
    return re.sub("\x00(\\d+)\x00", lambda m: links[int(m.group(1))], s)


def safe_markdown(md: str) -> str:
    """Markdown in which nothing outside code (fenced blocks and backtick spans) can be
    read as raw HTML: a ``<`` in prose is ``&lt;``. Code is left as written (Markdown shows
    it literally)."""
    out: list[str] = []
    fence: str | None = None
    for line in md.split("\n"):
        m = _FENCE.match(line)
        if fence is not None:
            out.append(line)
            if m and m.group(1) == fence:
                fence = None
            continue
        if m:
            fence = m.group(1)
            out.append(line)
            continue
        parts, pos = [], 0
        for sm in _SPANS.finditer(line):
            parts.append(_escape_prose(line[pos:sm.start()]))
            parts.append(sm.group(0))
            pos = sm.end()
        parts.append(_escape_prose(line[pos:]))
        out.append("".join(parts))
    return "\n".join(out)
