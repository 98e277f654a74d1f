"""``%%dlcheck``: run a cell once, exactly as without the magic, under runtime
instrumentation, then diagnose the training run it did.

The cell's code goes the way IPython runs a cell (``transform_cell`` → ``ast_parse`` →
``transform_ast`` → ``compile`` → ``exec`` in the user namespace, the last expression's
value returned as the cell's result, like ``%%time``); exceptions propagate unchanged.

One report per cell, made the way every cell's report is made: the magic describes the
run as a ``CellRun`` (the cell *body* as source, the cell's exception if any, the trace,
the charts, ``--level``) and ``Session.check`` runs the after-cell and the runtime rules
on one context and shows one report. When the magic runs inside a front-end's cell (the
usual case), the run is left to the session's after-cell hook of that cell
(``Session.defer``), which checks it in place of the cell's own check, so the report
comes after the traceback, where the normal report would be. Otherwise (the magic
called from code) it is checked right after the cell. Line numbers of findings are
those of the notebook cell (the ``%%dlcheck`` line is 1).

The charts (loss curve, gradient norms and dead units per layer) ride on the report
(``Report.charts``) and the renderers draw them: a child of the report widget, or an
HTML output right after the report (alone when the run had no finding); a one-line
summary in text mode.
"""

from __future__ import annotations

import argparse
import ast
import dataclasses
import re
import shlex
import sys
import time
from typing import Any

from ..frameworks import loaded_adapters
from .trace import Trace

__all__ = ["Trace", "run_cell_instrumented", "parse_options", "instrument", "last_trace"]

_LAST: list[Trace] = []


def last_trace() -> Trace | None:
    """The trace of the most recent ``%%dlcheck`` cell (numbers only, no user objects)."""
    return _LAST[0] if _LAST else None

_IMPORT_RE = re.compile(r"^\s*(?:import|from)\s+(torch|keras|tensorflow)\b", re.M)


class Options(argparse.Namespace):
    steps: int | None
    every: int
    level: str | None


def parse_options(line: str) -> Options:
    p = argparse.ArgumentParser(prog="%%dlcheck", add_help=False, exit_on_error=False)
    p.add_argument("--steps", type=int, default=None,
                   help="observe only the first N training steps")
    p.add_argument("--every", type=int, default=10,
                   help="probe statistics every K steps (default 10)")
    p.add_argument("--level", choices=["beginner", "expert"], default=None)
    try:
        ns, rest = p.parse_known_args(shlex.split(line or ""), namespace=Options())
    except (argparse.ArgumentError, ValueError, SystemExit) as e:
        from IPython.core.error import UsageError

        raise UsageError(f"%%dlcheck [--steps N] [--every K] [--level beginner|expert]: {e}"
                         ) from None
    if rest:
        from IPython.core.error import UsageError

        raise UsageError(f"%%dlcheck: unknown arguments {rest}")
    if ns.every < 1 or (ns.steps is not None and ns.steps < 1):
        from IPython.core.error import UsageError

        raise UsageError("%%dlcheck: --steps and --every must be at least 1")
    return ns


class instrument:  # lower case: a context manager, used like a function
    """Install the probes of every framework the user has imported; remove them on exit
    (also after an exception). ``with instrument(ns) as trace: ...``"""

    def __init__(self, ns: dict[str, Any], every: int = 10, steps: int | None = None,
                 code: str = "", filename: str | None = None, live: Any = None) -> None:
        self.ns = ns
        self.trace = Trace(every=every, max_steps=steps)
        self.live = live           # a live.Live (front-ends with a display), or None
        self.code = code
        self.filename = filename   # of the compiled cell: line numbers of what it does
        self.probes: list[Any] = []
        self._t0 = 0.0

    def __enter__(self) -> Trace:
        _preimport(self.code)
        tr = self.trace
        for adapter in loaded_adapters():
            probe_class = adapter.probe()
            if probe_class is None:
                continue
            probe = probe_class(tr, self.ns, tr.every, tr.max_steps)
            probe.attach(filename=self.filename, live=self.live)
            self._add(probe, probe.framework)
        self._t0 = time.perf_counter()
        return tr

    def _add(self, probe: Any, fw: str | None) -> None:
        try:
            probe.install()
        except Exception as e:  # noqa: BLE001
            try:
                probe.remove()
            except Exception:  # noqa: BLE001
                pass
            self.trace.notes.append(f"instrumentation not installed: {type(e).__name__}: {e}"
                                    [:200])
            return
        self.probes.append(probe)
        if fw:
            self.trace.frameworks.add(fw)

    def __exit__(self, *exc: Any) -> None:
        for p in self.probes:
            try:
                p.remove()
            except Exception:  # noqa: BLE001
                pass
        self.trace.wall_s = time.perf_counter() - self._t0
        for p in self.probes:
            try:
                p.finish()
            except Exception as e:  # noqa: BLE001
                self.trace.notes.append(f"instrumentation: {type(e).__name__}: {e}"[:200])
        self.probes = []


def _preimport(code: str) -> None:
    """A cell that imports torch/keras itself: import it first, so that it is
    instrumented (the cell is about to import it anyway)."""
    for m in set(_IMPORT_RE.findall(code or "")):
        if m not in sys.modules:
            try:
                __import__(m)
            except Exception:  # noqa: BLE001
                pass
    if "tensorflow" in sys.modules and "keras" not in sys.modules and "keras" in code:
        try:
            __import__("keras")
        except Exception:  # noqa: BLE001
            pass


def run_cell_instrumented(session: Any, line: str, cell: str) -> Any:
    opts = parse_options(line)
    shell = session.shell
    code = shell.transform_cell(cell)
    res = getattr(getattr(shell, "displayhook", None), "exec_result", None)
    count = getattr(res, "execution_count", None) or shell.execution_count
    try:
        filename = shell.compile.cache(code, count, cell)
    except Exception:  # noqa: BLE001
        filename = "<dlcheck>"
    error: BaseException | None = None
    value = None
    live = _live(session, code, shell.user_ns)
    inst = instrument(shell.user_ns, opts.every, opts.steps, code, filename, live)
    if live is not None:
        live.trace = inst.trace
    try:
        with inst:
            try:
                tree = shell.compile.ast_parse(code, filename=filename)
                tree = shell.transform_ast(tree)
                last = None
                if tree.body and isinstance(tree.body[-1], ast.Expr):
                    last = ast.Expression(tree.body.pop().value)
                exec(shell.compile(tree, filename, "exec"), shell.user_ns)
                if last is not None:
                    value = eval(shell.compile(last, filename, "eval"), shell.user_ns)
            except BaseException as e:
                error = e
                raise
    finally:
        if live is not None:
            live.close(error)
        _after(session, cell, count, inst.trace, error, filename, opts.level, res)
    return value


def _live(session: Any, code: str, ns: dict[str, Any]) -> Any:
    """The live view (``live.py``) in a kernel with a display; none in a terminal or the
    headless check (text mode: one final report)."""
    try:
        if getattr(session.shell, "kernel", None) is None or session.mode() == "text":
            return None
        from .live import Live, loop_length

        return Live(Trace(), loop_length(code, ns))
    except Exception:  # noqa: BLE001
        return None


def _after(session: Any, body: str, count: int, trace: Trace, error: BaseException | None,
           filename: str, level: str | None, res: Any) -> None:
    """Check the run: in the after-cell hook of this cell when the magic runs in a
    front-end's cell (``Session.defer``, see the module doc), otherwise now."""
    try:
        run = cell_run(body, count, trace, error, filename, level)
        info = getattr(res, "info", None)
        if res is not None and info is not None and not getattr(info, "silent", False) \
                and session.defer(run):
            return
        session.check(run)
    except BaseException as e:  # noqa: BLE001 - KeyboardInterrupt included
        session.show_internal(e)


def cell_run(body: str, count: int, trace: Trace, error: BaseException | None,
             filename: str, level: str | None = None) -> Any:
    """The :class:`~dlfault_jupyter.report.CellRun` of a ``%%dlcheck`` cell: its body as
    the source (line numbers of the notebook cell), its exception, the trace (the runtime
    rules run on it), the charts, the instrumentation's notes and the report's level."""
    from ..context import ErrorInfo
    from ..report import CellRun

    _LAST[:] = [trace]
    # lines of the notebook cell: the %%dlcheck line, then the blank lines that IPython's
    # transform_cell drops from the start of the body. The rules see the body below a
    # comment line and those blank lines, so that every line number they report or write
    # into a message is the notebook's (the exception's line is shifted alike).
    lines = body.splitlines()
    k = 0
    while k < len(lines) and not lines[k].strip():
        k += 1
    shift = 1 + k
    for c in trace.const_copies:    # lines of the executed body, seen at run time
        if isinstance(c.get("line"), int):
            c["line"] += shift
    err = ErrorInfo.from_exception(error, filename) if error is not None else None
    if err is not None and err.line is not None:
        err = dataclasses.replace(err, line=err.line + shift)
    notes = [f"dlcheck {n}" for n in trace.notes]
    if not trace.observed and error is None:
        notes.append("dlcheck: no training step was observed in this cell (no "
                     "optimizer step, `backward()` or Keras `fit`)")
    return CellRun("#\n" + "\n" * k + "\n".join(lines[k:]), count, None, err, trace=trace,
                   level=level, charts=_charts(trace, error is None, notes), notes=notes)


def _charts(trace: Trace, healthy: bool, notes: list[str]) -> Any:
    """The charts of an observed run (``report.Charts``); a note when they fail."""
    if not trace.observed:
        return None
    from ..report import Charts
    from . import charts

    try:
        data = charts.data_for(trace)
    except Exception as e:  # noqa: BLE001
        data = None
        notes.append(f"dlcheck charts: {type(e).__name__}: {e}"[:200])
    try:
        return Charts(data, charts.svg_for(trace), charts.text_summary(trace),
                      charts.healthy_line(trace) if healthy else None)
    except Exception as e:  # noqa: BLE001
        notes.append(f"dlcheck charts: {type(e).__name__}: {e}"[:200])
        return None
