"""Per-kernel state and the after-cell hook.

One :class:`Session` per shell (``shell._dlfault_session``). Its ``post_run_cell`` hook
builds a :class:`CellContext`, runs the rules, drops muted and already-reported findings,
and shows one report under the cell. It never raises into the user's cell: anything that
goes wrong becomes a one-line internal note (the traceback with ``DLFault.debug``).
"""

from __future__ import annotations

import threading
import traceback
from typing import Any

from .analysis.history import History
from .causes import merge_related
from .config import DLFault
from .context import CellContext, ErrorInfo
from .findings import Finding, sort_key
from .namespace import NamespaceIndex, NamespaceView
from .report import CellRun, Report
from .rules import Rule, lookup
from .runner import Outcome
from .runner import run as _run_rules
from .source import SourceFacts
from .suppress import filter_cell, request_metadata

__all__ = ["CellRun", "Report", "Session"]

_SETTINGS = ["level", "muted", "enabled"]


class Session:
    #: reports kept for %dlcheck, mute/level refreshes and re-runs (the oldest are forgotten,
    #: their outputs stay where they are); namespace findings remembered as reported
    MAX_REPORTS = 200
    MAX_REPORTED = 4096

    def __init__(self, shell: Any, config: DLFault | None = None) -> None:
        self.shell = shell
        self.config = config or DLFault()
        self.reports: dict[int, Report] = {}           # by execution count
        self.by_cell_id: dict[str, int] = {}            # cell_id -> execution count
        self.reported: dict[tuple, int] = {}            # identity -> cell that reported it
        self.memory: dict[str, Any] = {}                # rule scratch space (no user objects)
        #: SourceFacts.flows of every cell, the most recently seen last (a dict: ordered)
        self.flows: dict[tuple[str, str], None] = {}
        self.index = NamespaceIndex()                   # names, ids and kinds; no objects
        self.history = History()                        # executions: re-runs, values before/after
        self._busy = threading.Lock()
        #: a %%dlcheck run that the after-cell hook of its cell checks (see :meth:`defer`)
        self._pending: CellRun | None = None
        #: callables() told when level, muted or enabled change, however they were changed
        #: (%dlcheck, %config, the comm, a report): the comm pushes the state to the sidebar
        self.listeners: list[Any] = []
        self.config.observe(self._settings_changed, names=_SETTINGS)

    # -- settings ----------------------------------------------------------------------
    @property
    def muted(self) -> frozenset[str]:
        """Ids of the rules not run: ``muted`` (ids, names, categories) and every rule
        outside ``select`` when it is set."""
        out = set()
        for m in self.config.muted:
            cls = lookup(m)
            out.add(cls.id if cls else m)
        if self.config.muted or self.config.select:
            from .settings_file import unselected

            out |= unselected(self.config.muted, self.config.select)
        return frozenset(out)

    def mute(self, rule: str) -> type[Rule]:
        cls = lookup(rule)
        if cls is None:
            raise KeyError(rule)
        if cls.id not in self.config.muted:
            self.config.muted = [*self.config.muted, cls.id]
        for rep in self.reports.values():
            if rep.widget is not None:
                rep.widget.refresh()
        return cls

    def unmute(self, rule: str) -> type[Rule]:
        cls = lookup(rule)
        if cls is None:
            raise KeyError(rule)
        self.config.muted = [m for m in self.config.muted
                             if m != cls.id and m.lower() != cls.name]
        for rep in self.reports.values():
            if rep.widget is not None:
                rep.widget.refresh()
        return cls

    def set_level(self, level: str) -> None:
        self.config.level = level
        for rep in self.reports.values():
            if rep.widget is not None:
                rep.widget.set_level(level)

    def _settings_changed(self, _change: Any = None) -> None:
        for listener in list(self.listeners):
            try:
                listener()
            except Exception:  # noqa: BLE001 - one failing listener must not stop the others
                pass

    def current_findings(self) -> list[Finding]:
        muted = self.muted
        return [f for n in sorted(self.reports) for f in self.reports[n].findings
                if f.rule not in muted]

    def recheck(self) -> list[Finding]:
        """Run the namespace checks now (sidebar "re-check"); nothing is displayed and
        nothing is marked as reported."""
        ctx = self.build_context("", len(self.reports) + 1, None, track=False)
        outcome = _run_rules(ctx, "cell", self.muted, self.config.budget_ms / 1000.0)
        return sorted((f for cls, _ev, f in outcome.pairs if cls.evidence == "namespace"),
                      key=sort_key)

    def close(self) -> None:
        """Close live widgets and forget every reference (unload)."""
        for rep in self.reports.values():
            if rep.widget is not None:
                try:
                    rep.widget.close()
                except Exception:  # noqa: BLE001 - the front end may be gone already
                    pass
                rep.widget = None
        self.reports.clear()
        self.listeners.clear()
        try:
            self.config.unobserve(self._settings_changed, names=_SETTINGS)
        except ValueError:
            pass
        self.index.clear()
        self.memory.clear()
        self.flows.clear()
        self.history.clear()

    # -- the hook ----------------------------------------------------------------------
    def check(self, run: CellRun) -> Report:
        """The one pipeline: build the cell's context, run the rules (the runtime rules too
        when ``run`` has a trace), keep what is new, show the report. Returns the report
        (stored in :attr:`reports` when it has findings or notes)."""
        ctx = self.build_context(run.source, run.count, run.error, runtime=run.trace,
                                 cell_id=run.cell_id)
        scopes = ("cell", "runtime") if run.trace is not None else ("cell",)
        outcome = _run_rules(ctx, scopes, self.muted, self.config.budget_ms / 1000.0)
        outcome.notes += run.notes
        return self.publish(outcome, ctx, run)

    def defer(self, run: CellRun) -> bool:
        """Leave ``run`` to the after-cell hook of the cell being executed (``%%dlcheck`` in
        a front-end's cell): the hook checks it in place of the cell's own check, so that
        the report comes where a cell's report comes (after the traceback). False when the
        hook is not registered or another run waits already: check it now instead."""
        if self._pending is not None:
            return False
        try:
            if self.post_run_cell not in self.shell.events.callbacks["post_run_cell"]:
                return False
        except Exception:  # noqa: BLE001 - a shell without IPython's events
            return False
        self._pending = run
        return True

    def post_run_cell(self, result: Any) -> None:
        """Registered on IPython's ``post_run_cell``. Never raises."""
        try:
            pending, self._pending = self._pending, None
            if result is None:
                return
            info = getattr(result, "info", None)
            count = getattr(result, "execution_count", None)
            if pending is not None and (count is None or count == pending.count):
                run = pending   # a %%dlcheck run: checked even with the hook off
                run.cell_id = getattr(info, "cell_id", None)
            else:
                if not self.config.enabled or info is None or \
                        getattr(info, "silent", False) or \
                        not getattr(info, "store_history", False):
                    return
                run = self._cell_run(result, info)
            if not self._busy.acquire(blocking=False):
                return  # re-entry (a cell run from inside our own hook)
            try:
                self.check(run)
            finally:
                self._busy.release()
        except BaseException as e:  # noqa: BLE001 - KeyboardInterrupt included
            self.show_internal(e)

    def _cell_run(self, result: Any, info: Any) -> CellRun:
        count = getattr(result, "execution_count", None) or (len(self.reports) + 1)
        raw = getattr(info, "raw_cell", "") or ""
        return CellRun(raw, count, getattr(info, "cell_id", None),
                       self._error_of(result, raw, count))

    def _error_of(self, result: Any, raw: str = "", count: int = 0) -> ErrorInfo | None:
        exc = getattr(result, "error_in_exec", None) or getattr(result, "error_before_exec",
                                                                None)
        if exc is None:
            return None
        return ErrorInfo.from_exception(exc, self._cell_filename(raw, count))

    def _cell_filename(self, raw: str, count: int) -> str | None:
        """The file name IPython (or ipykernel) compiled this cell under, so that the error
        line is taken from this cell's frames, not from a function of an earlier cell."""
        try:
            return self.shell.compile.get_code_name(raw, self.transform(raw), count)
        except Exception:  # noqa: BLE001 - another front-end's compiler
            return None

    def transform(self, raw: str) -> str:
        try:
            return self.shell.transform_cell(raw)
        except Exception:  # noqa: BLE001 - IPython's transformers fail on odd input: check it as written
            return raw

    def build_context(self, raw: str, count: int, error: ErrorInfo | None,
                      runtime: Any = None, track: bool = True,
                      cell_id: str | None = None) -> CellContext:
        ns = self.shell.user_ns
        hidden = getattr(self.shell, "user_ns_hidden", None) or {}
        src = SourceFacts(self.transform(raw), ns)
        mentioned = src.names()
        if track:
            self.index.update(ns, hidden, mentioned)
            view = NamespaceView.of_index(ns, self.index)
        else:  # a look now (re-check) that does not move the index on
            view = NamespaceView(ns, set(hidden), self.index.ids, mentioned=mentioned)
        if track:
            for p in src.flows():
                if p[0] in ns or p[1] in ns:
                    self.flows.pop(p, None)   # seen again: now the newest
                    self.flows[p] = None
            if len(self.flows) > 10_000:      # forget the oldest, keep the newest 5,000
                self.flows = dict.fromkeys(list(self.flows)[-5_000:])
            self.history.record(src.text, src.tree, mentioned, ns, count, cell_id)
        return CellContext(cell=int(count), source=src, ns=view, error=error, runtime=runtime,
                           memory=self.memory, user_ns=ns, flows=self.flows,
                           history=self.history if track else None)

    def identity(self, cls: type[Rule], ev: Any, f: Finding, ctx: CellContext) -> tuple:
        if cls.evidence != "namespace":
            return (cls.id, "cell", ctx.cell, f.line, f.subject, f.message)
        obj_id = id(ctx.user_ns.get(f.subject)) if f.subject in ctx.user_ns else None
        key = ev.key if ev.key is not None else f.message
        return (cls.id, f.subject, obj_id, repr(key))

    def publish(self, outcome: Outcome, ctx: CellContext, run: CellRun) -> Report:
        cell_id = run.cell_id
        # a re-run cell replaces its earlier report: its findings may be reported again
        if cell_id and cell_id in self.by_cell_id:
            old = self.reports.pop(self.by_cell_id[cell_id], None)
            if old is not None:
                for ident in old.identities:
                    self.reported.pop(ident, None)
                if old.widget is not None:
                    try:
                        old.widget.close()
                    except Exception:  # noqa: BLE001 - the front end may be gone already
                        pass
        findings: list[Finding] = []
        identities: list[tuple] = []
        kept: list[tuple] = []
        seen: set[tuple] = set()
        for cls, ev, f in outcome.pairs:
            ident = self.identity(cls, ev, f, ctx)
            if ident in seen or (cls.evidence == "namespace" and ident in self.reported):
                continue
            seen.add(ident)
            identities.append(ident)
            kept.append((cls, ev, f))
            findings.append(f)
        for ident, (cls, _ev, _f) in zip(identities, kept, strict=True):
            if cls.evidence == "namespace":  # only these are de-duplicated across cells
                self.reported[ident] = ctx.cell
        findings = self._drop_echoes_of_explained_error(kept, findings)
        findings = merge_related(kept, findings)   # one cause, one finding (causes.py)
        # `# dlfault: ignore[...]` in the cell, or the cell's metadata (suppress.py); the
        # suppressed stay marked as reported, like the echoes
        findings = filter_cell(findings, ctx.source.text, request_metadata(self.shell))
        findings.sort(key=sort_key)
        rep = Report(ctx.cell, cell_id, findings, outcome.notes, outcome.tracebacks,
                     identities, charts=run.charts, level=run.level)
        if findings or outcome.notes:
            self.reports[ctx.cell] = rep
            if cell_id:
                self.by_cell_id[cell_id] = ctx.cell
            self._trim()
        elif cell_id and cell_id in self.by_cell_id:
            del self.by_cell_id[cell_id]
        if findings or outcome.notes or rep.charts is not None:
            self.show(rep)
        return rep

    def _trim(self) -> None:
        """Keep memory bounded in long sessions: forget the oldest reports (their widgets
        stay displayed, no longer refreshed) and the oldest reported identities."""
        while len(self.reports) > self.MAX_REPORTS:
            n = min(self.reports)
            old = self.reports.pop(n)
            old.widget = None
            if old.cell_id and self.by_cell_id.get(old.cell_id) == n:
                del self.by_cell_id[old.cell_id]
        if len(self.reported) > self.MAX_REPORTED:
            for ident in list(self.reported)[:len(self.reported) - self.MAX_REPORTED]:
                del self.reported[ident]

    @staticmethod
    def _drop_echoes_of_explained_error(kept: list[tuple], findings: list[Finding]
                                        ) -> list[Finding]:
        """When the cell raised and an explainer explains it, a predictive rule of the same
        category says the same thing a second time (labels out of range before
        ``Target 5 is out of bounds``): show the explanation only. The echo stays marked as
        reported, so it does not come back after the next cell either."""
        explained = {cls.taxonomy for cls, _e, _f in kept if cls.evidence == "exception"}
        if not explained:
            return findings
        echoes = {id(f) for cls, _e, f in kept
                  if cls.evidence != "exception" and cls.taxonomy in explained}
        return [f for f in findings if id(f) not in echoes]

    # -- display -----------------------------------------------------------------------
    def mode(self) -> str:
        m = self.config.display_mode
        if m != "auto":
            return m
        if getattr(self.shell, "kernel", None) is None:
            return "text"  # terminal IPython: only text/plain is shown there
        # no live widget: the labextension draws the report from the stored findings JSON
        # (interactive, and the same after save and reopen); elsewhere the escaped HTML
        return "static"

    def show(self, rep: Report) -> None:
        from .render import display_report

        display_report(self, rep, self.mode())

    def show_internal(self, e: BaseException) -> None:
        """Show an error of the extension itself as a one-line note (never raises)."""
        try:
            tb = traceback.format_exc()
            rep = Report(len(self.reports) + 1, None, [],
                         [f"internal error: {type(e).__name__}: {e}"[:300]], [tb])
            self.show(rep)
        except BaseException:  # noqa: BLE001 - never raises into the user's cell
            pass
