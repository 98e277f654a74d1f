"""A one-line pointer above a traceback: what the report below it explains.

A cell that raises shows the traceback first (often 700-1,000 px of frames) and the
report after it, out of sight. With the extension loaded, IPython's custom exception
handling (``shell.set_custom_exc``) calls :meth:`ExceptionPointer.handler` for every
``Exception`` raised by a cell's code. The handler

1. runs the exception explainers (rules with ``evidence = "exception"``, the same ones the
   after-cell report runs first) on the error, without touching any state, and when one
   explains it displays ONE line: the explanation's message and "explanation and fix
   below the traceback ↓" (no findings JSON: the report below stays the only record).
   When none explains it, the line names the worst error or warning the report below
   will show about the cell (a data fault behind an ``AssertionError``), if any;
2. then shows the traceback exactly as IPython would without us: ``showtraceback`` with
   the same exception, type, message, traceback object and offset (so ipykernel sends the
   same ``error`` output and the ``error`` reply with the same ename/evalue; nbclient's
   ``raises-exception`` tag and ``allow_errors`` behave as before). A handler installed
   before ours (another extension) keeps handling its exception types: we call it after
   the pointer instead of ``showtraceback``.

Only in a notebook front end (display mode widget or static): in a terminal the report
is the last thing printed, already in view. Not for errors raised before the code ran
(syntax errors while parsing: IPython's own handling is reproduced unchanged). The
handler never raises (IPython would drop a handler that raises).

``%unload_ext`` restores the previous ``CustomTB``/``custom_exceptions`` exactly, when ours
is still the installed one; a handler another extension installed over ours is left in
place (ours then only passes exceptions through).
"""

from __future__ import annotations

import copy
import html
import re
from typing import Any

from .findings import Finding, sort_key

TAIL = "explanation and fix below the traceback ↓"
COLORS = {"error": "#c62828", "warning": "#e65100", "info": "#1565c0"}
MARK = {"error": "✖", "warning": "▲", "info": "ℹ"}
_TICKS = re.compile(r"`([^`\n]+)`")
MAX_MESSAGE = 300


class ExceptionPointer:
    """Installed on the shell by ``load_ipython_extension``; removed by the unload."""

    def __init__(self, session: Any) -> None:
        self.session = session
        self.active = False
        self.prev_types: tuple = ()
        self.prev_tb: Any = None
        self.installed: Any = None  # the bound CustomTB that set_custom_exc made of ours

    # -- install / uninstall -------------------------------------------------------------
    def install(self, shell: Any) -> None:
        if self.active:
            return
        self.prev_types = tuple(getattr(shell, "custom_exceptions", ()) or ())
        self.prev_tb = getattr(shell, "CustomTB", None)
        # Exception, plus any broader type a previous handler took (BaseException): the
        # previous handler keeps getting those (see handler)
        extra = tuple(t for t in self.prev_types if not issubclass(t, Exception))
        shell.set_custom_exc((Exception, *extra), self.handler)
        self.installed = shell.CustomTB
        self.active = True

    def uninstall(self, shell: Any) -> None:
        if not self.active:
            return
        self.active = False
        if getattr(shell, "CustomTB", None) is self.installed:
            shell.CustomTB = self.prev_tb
            shell.custom_exceptions = self.prev_types
        self.installed = None

    # -- the handler ---------------------------------------------------------------------
    def handler(self, shell: Any, etype: type, value: BaseException, tb: Any,
                tb_offset: int | None = None) -> None:
        """``set_custom_exc`` handler: pointer, then the unchanged traceback."""
        in_code = _raised_by_code(tb)
        if self.active and in_code and issubclass(etype, Exception):
            try:
                self.point(shell, value)
            except BaseException:  # noqa: BLE001 - never in the way of the user's error
                pass
        if self.prev_types and issubclass(etype, self.prev_types) and self.prev_tb is not None:
            self.prev_tb(etype, value, tb, tb_offset=tb_offset)
            return None
        if in_code:  # InteractiveShell.run_code's own `except:` branch
            shell.showtraceback((etype, value, tb), tb_offset=tb_offset,
                                running_compiled_code=True)
            return None
        # run_cell's parse step (InteractiveShell.run_cell_async), as without a handler
        if issubclass(etype, IndentationError):
            shell.showindentationerror()
        elif issubclass(etype, (OverflowError, SyntaxError, ValueError, TypeError,
                                MemoryError)):
            shell.showsyntaxerror()
        else:
            shell.showtraceback((etype, value, tb), tb_offset=tb_offset)
        return None

    def point(self, shell: Any, value: BaseException) -> Finding | None:
        """Display the pointer line for ``value`` when an explainer explains it; returns
        the finding it points to (None: nothing displayed)."""
        s = self.session
        if not s.config.enabled or s.mode() == "text":
            return None
        res = getattr(getattr(shell, "displayhook", None), "exec_result", None)
        info = getattr(res, "info", None)
        if info is None or getattr(info, "silent", False) or \
                not getattr(info, "store_history", False):
            return None
        findings = explain(s, value, getattr(info, "raw_cell", "") or "",
                           getattr(res, "execution_count", None) or shell.execution_count)
        if not findings:
            return None
        from IPython.display import display

        display(Pointer(findings[0], len(findings) - 1))
        return findings[0]


def _raised_by_code(tb: Any) -> bool:
    """True when the exception came out of ``InteractiveShell.run_code`` (the cell's code
    ran), False for the parse step of ``run_cell`` (a syntax error)."""
    return tb is not None and getattr(tb.tb_frame.f_code, "co_name", "") == "run_code"


def explain(session: Any, exc: BaseException, raw: str, count: int) -> list[Finding]:
    """The exception explainers' findings for ``exc`` raised by cell ``raw`` (worst first).
    Reads only: no namespace index update, no flows, scratch memory of its own."""
    from .context import ErrorInfo
    from .rules import rules_for

    if raw.lstrip().startswith("%%dlcheck"):
        # %%dlcheck: the rules see the cell body below one line, as runtime.cell_run does
        body = raw.lstrip().split("\n", 1)[1] if "\n" in raw.lstrip() else ""
        lines = body.splitlines()
        k = 0
        while k < len(lines) and not lines[k].strip():
            k += 1
        src = "#\n" + "\n" * k + "\n".join(lines[k:])
        err = ErrorInfo.from_exception(exc, None)
        if err.line is not None:
            err.line += 1 + k
    else:
        src = raw
        err = ErrorInfo.from_exception(exc, session._cell_filename(raw, count))
    ctx = session.build_context(src, count, err, track=False)
    ctx.memory = {}
    muted = session.muted
    out: list[Finding] = []
    for cls in rules_for("cell"):
        if cls.evidence != "exception" or cls.id in muted:
            continue
        try:
            out += [cls.to_finding(ev, ctx.cell) for ev in cls().check(ctx) or ()]
        except Exception:  # noqa: BLE001 - the report below notes a failing check
            continue
    if out:
        return sorted(out, key=sort_key)
    return _other_findings(session, ctx)


def _other_findings(session: Any, ctx: Any) -> list[Finding]:
    """No explainer explains the exception: the errors and warnings the report below will
    show about this cell (the after-cell rules, as ``Session.publish`` keeps them: namespace
    findings reported by an earlier cell left out). The rules get a copy of the session's
    scratch memory, so that this look changes nothing the report depends on."""
    from .runner import run

    try:
        ctx.memory = copy.deepcopy(session.memory)
    except Exception:  # noqa: BLE001
        return []
    outcome = run(ctx, "cell", session.muted, session.config.budget_ms / 1000.0)
    reported = getattr(session, "reported", {})
    out = []
    for cls, ev, f in outcome.pairs:
        if f.severity == "info":
            continue
        if cls.evidence == "namespace" and session.identity(cls, ev, f, ctx) in reported:
            continue
        out.append(f)
    return sorted(out, key=sort_key)


def _inline(text: str) -> str:
    e = html.escape(text, quote=True)
    return _TICKS.sub(lambda m: f"<code>{m.group(1)}</code>", e)


def _short(text: str) -> str:
    t = " ".join(text.split())
    return t if len(t) <= MAX_MESSAGE else t[:MAX_MESSAGE - 1] + "…"


class Pointer:
    """The one-line output above the traceback: text/plain and escaped text/html."""

    def __init__(self, finding: Finding, more: int = 0) -> None:
        self.finding, self.more = finding, more

    def text(self) -> str:
        f = self.finding
        more = f" (+{self.more} more)" if self.more else ""
        return f"{MARK[f.severity]} dlfault {f.rule}: {_short(f.message)}{more} — {TAIL}"

    def html(self) -> str:
        f = self.finding
        col = COLORS[f.severity]
        more = f" (+{self.more} more)" if self.more else ""
        return (f'<div class="dlfault-pointer" data-rule="{html.escape(f.rule)}" '
                f'style="border-left:3px solid {col};padding:0.1em 0.6em;margin:0.1em 0;'
                f'font-family:var(--jp-ui-font-family, sans-serif)">'
                f'<span style="color:{col};font-weight:bold">{MARK[f.severity]} dlfault</span> '
                f'{_inline(_short(f.message))}{html.escape(more)} '
                f'<span style="opacity:0.75;white-space:nowrap">— {html.escape(TAIL)}</span>'
                f'</div>')

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict:
        return {"text/plain": self.text(), "text/html": self.html()}
