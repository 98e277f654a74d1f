"""The live view of a ``%%dlcheck`` cell while it runs: the loss curve, the step rate, the
time left when the loop's length is known, and the findings so far (a NaN loss at step
120 is shown at step 120, as soon as the loss is read).

One output, updated in place through a display handle (``display(..., display_id=True)``
then ``handle.update``): plain ``display_data`` / ``update_display_data`` messages, which
JupyterLab, Notebook 7 and VS Code all render, no widget needed. Updates are throttled
(at most one every ``MIN_GAP`` seconds, the first one after ``MIN_GAP``: a short cell shows
no live output at all); a step costs one float comparison (``tick``). When the cell ends
(or is interrupted) the output becomes a one-line summary and the report follows it.
In a terminal or the headless check there is no live view: only the final report.

Everything shown is read from the :class:`Trace` (numbers the probes already read): the
live view never reads a tensor itself, so it adds no device synchronisation.
"""

from __future__ import annotations

import ast
import math
import time
from typing import Any

from .trace import Trace

MIN_GAP = 0.5    # seconds between two updates (at most 2 per second)


class LiveOutput:
    """The live output: HTML, and a text line for front-ends without HTML."""

    def __init__(self, html: str, text: str) -> None:
        self.html, self.text = html, text

    def _repr_mimebundle_(self, include: Any = None, exclude: Any = None) -> dict:
        return {"text/html": self.html, "text/plain": self.text}


class Live:
    def __init__(self, trace: Trace, total: int | None = None,
                 display: Any = None) -> None:
        self.trace = trace
        self.total = total
        self.t0 = time.perf_counter()
        self.next = self.t0 + MIN_GAP
        self.handle: Any = None
        self.updates = 0
        self.failed = False
        self._display = display     # for tests: a callable like IPython's display

    # -- called by the probes ----------------------------------------------------------
    def tick(self, now: float) -> None:
        if now < self.next:
            return
        self.next = now + MIN_GAP
        self.update(now)

    def set_total(self, n: int | None) -> None:
        if n and n > 0:
            self.total = int(n)

    # -- display -----------------------------------------------------------------------
    def update(self, now: float | None = None, final: str | None = None) -> None:
        if self.failed:
            return
        try:
            now = time.perf_counter() if now is None else now
            out = self.render(now, final)
            if self.handle is None:
                if final is not None:
                    return           # nothing was shown live: the report alone
                disp = self._display
                if disp is None:
                    from IPython.display import display as disp
                self.handle = disp(out, display_id=True)
            else:
                self.handle.update(out)
            self.updates += 1
            self.trace.live_updates = self.updates
        except Exception:  # noqa: BLE001 - the live view must never break the cell
            self.failed = True

    def close(self, error: BaseException | None = None) -> None:
        """The cell ended: the live output becomes a summary line (if one was shown)."""
        tr = self.trace
        if isinstance(error, KeyboardInterrupt):
            how = f"interrupted after {tr.steps:,} step(s): the diagnosis of these steps follows"
        elif error is not None:
            how = (f"stopped by {type(error).__name__} after {tr.steps:,} step(s): the "
                   "diagnosis of these steps follows")
        else:
            how = f"{tr.steps:,} step(s) done: the diagnosis follows"
        self.update(final=how)

    def findings(self) -> list[str]:
        """What the numbers read so far already show (the full diagnosis comes at the end)."""
        tr = self.trace
        out: list[str] = []
        bad = tr.losses.first_bad
        if bad is not None:
            out.append(f"loss is {bad[1]} from step {bad[0]}")
        if tr.input_nonfinite_step is not None:
            out.append(f"the input batch of step {tr.input_nonfinite_step} contains NaN/Inf")
        o = tr.nan_origin
        if o and o.get("layer"):
            out.append(f"NaN/Inf first produced by `{o['layer']}` ({o.get('kind')}) at step "
                       f"{o.get('step')}")
        first, last = tr.losses.first, tr.losses.last
        if bad is None and first and last and math.isfinite(first[1]) and \
                math.isfinite(last[1]) and first[1] > 0 and last[1] > 100 * first[1] and \
                len(tr.losses) >= 10:
            out.append(f"loss grows: {_fmt(first[1])} at step {first[0]} → {_fmt(last[1])} at "
                       f"step {last[0]}")
        return out

    def status(self, now: float) -> str:
        tr = self.trace
        el = max(now - self.t0, 1e-9)
        n = tr.steps
        bits = [f"step {n:,}" + (f" / {self.total:,}" if self.total and n <= self.total
                                 else "")]
        if n:
            rate = n / el
            bits.append(f"{rate:,.1f} steps/s" if rate < 100 else f"{rate:,.0f} steps/s")
            if self.total and n <= self.total:
                bits.append(f"about {_dur((self.total - n) / rate)} left")
        bits.append(f"{_dur(el)} elapsed")
        if tr.losses.last is not None:
            bits.append(f"loss {_fmt(tr.losses.last[1])}")
        return " · ".join(bits)

    def render(self, now: float, final: str | None = None) -> LiveOutput:
        from .charts import esc, loss_svg

        st = self.status(now)
        fs = self.findings()
        if final is not None:
            text = f"dlcheck: {final} ({st})"
            return LiveOutput(f'<div class="dlfault-live dlfault-live-done" style="font-family:'
                              f'sans-serif;font-size:12px;color:#555">{esc(text)}</div>', text)
        svg = ""
        try:
            svg = loss_svg(self.trace)
        except Exception:  # noqa: BLE001
            svg = ""
        items = "".join(f'<li style="color:#c62828">{esc(f)}</li>' for f in fs)
        html = (f'<div class="dlfault-live" style="font-family:sans-serif;font-size:12px">'
                f'<div class="dlfault-live-status"><b>dlcheck (live)</b> · {esc(st)}</div>'
                + (f'<ul class="dlfault-live-findings" style="margin:2px 0">{items}</ul>'
                   if items else "")
                + svg + "</div>")
        text = "dlcheck (live): " + st + "".join(f"\n  ! {f}" for f in fs)
        return LiveOutput(html, text)


def _fmt(v: float) -> str:
    from .charts import _fmt as f

    return f(v)


def _dur(s: float) -> str:
    if not math.isfinite(s):
        return "?"
    s = max(0.0, s)
    if s < 60:
        return f"{s:.0f} s" if s >= 10 else f"{s:.1f} s"
    if s < 3600:
        return f"{int(s // 60)} min {int(s % 60):02d} s"
    return f"{int(s // 3600)} h {int(s % 3600 // 60):02d} min"


# -- the loop's length, from the cell's code -------------------------------------------
_STEP_CALLS = ("backward", "step")
_LEN_TYPES = ("list", "tuple", "range", "dict", "ndarray", "Tensor", "DataLoader",
              "DataFrame", "Series")


def loop_length(code: str, ns: dict[str, Any]) -> int | None:
    """Number of training steps of the cell's top-level training loop when it can be told
    without running anything of the user's: ``for _ in range(N)`` (N a literal or an int
    of the namespace), ``len(loader)`` of a DataLoader/list/array of the namespace, and a
    loop nested in it (``epochs × len(loader)``). ``None`` when unknown."""
    try:
        tree = ast.parse(code)
    except SyntaxError:
        return None
    for node in tree.body:
        if isinstance(node, ast.For) and _steps_in(node):
            n = _count(node.iter, ns)
            if n is None:
                return None
            inner = [b for b in node.body if isinstance(b, ast.For) and _steps_in(b)]
            if inner:
                m = _count(inner[0].iter, ns)
                return n * m if m is not None else None
            return n
    return None


def _steps_in(node: ast.AST) -> bool:
    for n in ast.walk(node):
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and \
                n.func.attr in _STEP_CALLS:
            return True
    return False


def _count(it: ast.expr, ns: dict[str, Any]) -> int | None:
    if isinstance(it, ast.Call):
        f = it.func
        fname = f.id if isinstance(f, ast.Name) else f.attr if isinstance(f, ast.Attribute) \
            else None
        if fname == "range" and 1 <= len(it.args) <= 3 and not it.keywords:
            vals = [_int(a, ns) for a in it.args]
            if any(v is None for v in vals):
                return None
            try:
                return len(range(*vals))  # type: ignore[arg-type]
            except (ValueError, TypeError, OverflowError):
                return None
        if fname in ("enumerate", "tqdm", "trange", "iter") and it.args:
            if fname == "trange":
                return _count(ast.Call(ast.Name("range"), it.args, []), ns)
            return _count(it.args[0], ns)
        return None
    if isinstance(it, ast.Name):
        return _len(ns.get(it.id))
    return None


def _int(e: ast.expr, ns: dict[str, Any]) -> int | None:
    if isinstance(e, ast.Constant) and type(e.value) is int:
        return e.value
    if isinstance(e, ast.Name):
        v = ns.get(e.id)
        return v if type(v) is int else None
    if isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.USub):
        v = _int(e.operand, ns)
        return -v if v is not None else None
    if isinstance(e, ast.Call) and isinstance(e.func, ast.Name) and e.func.id == "len" and \
            len(e.args) == 1 and isinstance(e.args[0], ast.Name):
        return _len(ns.get(e.args[0].id))
    if isinstance(e, ast.BinOp):
        a, b = _int(e.left, ns), _int(e.right, ns)
        if a is None or b is None:
            return None
        if isinstance(e.op, ast.Add):
            return a + b
        if isinstance(e.op, ast.Sub):
            return a - b
        if isinstance(e.op, ast.Mult):
            return a * b
        if isinstance(e.op, ast.FloorDiv) and b:
            return a // b
    return None


def _len(obj: Any) -> int | None:
    """``len`` of a known container only (a user class's ``__len__`` is not run)."""
    if obj is None or type(obj).__name__ not in _LEN_TYPES:
        return None
    try:
        n = len(obj)
    except Exception:  # noqa: BLE001 - an IterableDataset's loader has no length
        return None
    return n if isinstance(n, int) and n >= 0 else None
