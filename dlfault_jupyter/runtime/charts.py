"""Inline SVG charts of a ``%%dlcheck`` trace: the loss curve, the gradient norm per layer
and the fraction of dead units per activation layer. Hand-written SVG (no plotting
library in the hook path); every label is escaped here."""

from __future__ import annotations

import html
import math
from typing import Any

from .trace import Trace

W, H = 360, 170
PAD_L, PAD_R, PAD_T, PAD_B = 48, 10, 22, 28
# text in JupyterLab's font and colour (readable in the light and the dark theme); outside
# JupyterLab (nbconvert, GitHub) the fallbacks: the page's text colour and a sans-serif font
INK = "var(--jp-ui-font-color1, currentColor)"
FONT = (f"font-family:var(--jp-ui-font-family, system-ui, sans-serif);font-size:10px;"
        f"fill:{INK}")
# the frame: a mid grey that reads on white and on near-black
GREY = "var(--jp-border-color1, #9e9e9e)"
# the loss curve: JupyterLab's brand blue (lighter in the dark theme)
LINE = "var(--jp-brand-color1, #1565c0)"


def esc(s: object) -> str:
    return html.escape(str(s), quote=True)


def _fmt(v: float) -> str:
    if not math.isfinite(v):
        return str(v)
    a = abs(v)
    if a != 0 and (a < 1e-2 or a >= 1e4):
        return f"{v:.1e}"
    return f"{v:.3g}"


def loss_svg(trace: Trace) -> str:
    pts = trace.losses.points
    fin = [(s, v) for s, v in pts if math.isfinite(v)]
    if len(fin) < 2:
        return ""
    vals = [v for _, v in fin]
    lo, hi = min(vals), max(vals)
    logy = lo > 0 and hi / lo > 100
    f = (lambda v: math.log10(v)) if logy else (lambda v: v)
    ylo, yhi = f(lo), f(hi)
    if yhi - ylo < 1e-12:
        ylo, yhi = ylo - 1, yhi + 1
    s0, s1 = fin[0][0], max(pts[-1][0], fin[-1][0])
    if s1 == s0:
        s1 = s0 + 1

    def X(s: float) -> float:
        return PAD_L + (s - s0) / (s1 - s0) * (W - PAD_L - PAD_R)

    def Y(v: float) -> float:
        return PAD_T + (1 - (f(v) - ylo) / (yhi - ylo)) * (H - PAD_T - PAD_B)

    poly = " ".join(f"{X(s):.1f},{Y(v):.1f}" for s, v in fin)
    parts = [_frame("Loss per step" + (" (log scale)" if logy else ""))]
    parts.append(f'<polyline points="{poly}" fill="none" stroke="#1565c0" '
                 f'style="stroke:{LINE}" stroke-width="1.5"/>')
    bad = trace.losses.first_bad
    if bad is not None:
        x = X(min(max(bad[0], s0), s1))
        parts.append(f'<line x1="{x:.1f}" y1="{PAD_T}" x2="{x:.1f}" y2="{H - PAD_B}" '
                     f'stroke="#c62828" stroke-dasharray="3,2"/>'
                     f'<text x="{x + 2:.1f}" y="{PAD_T + 10}" style="{FONT};fill:#c62828">'
                     f'{esc(bad[1])} at step {esc(bad[0])}</text>')
    parts.append(_ylabels(_fmt(hi), _fmt(lo)))
    parts.append(f'<text x="{PAD_L}" y="{H - 8}" style="{FONT}">step {esc(s0)}</text>'
                 f'<text x="{W - PAD_R}" y="{H - 8}" text-anchor="end" style="{FONT}">'
                 f'{esc(s1)}</text>')
    return _svg("".join(parts), "loss curve")


def _frame(title: str) -> str:
    return (f'<text x="{PAD_L}" y="13" style="{FONT};font-weight:bold">{esc(title)}</text>'
            f'<rect x="{PAD_L}" y="{PAD_T}" width="{W - PAD_L - PAD_R}" '
            f'height="{H - PAD_T - PAD_B}" fill="none" stroke="#9e9e9e" '
            f'style="stroke:{GREY}" stroke-width="0.5"/>')


def _ylabels(top: str, bottom: str) -> str:
    return (f'<text x="{PAD_L - 3}" y="{PAD_T + 8}" text-anchor="end" style="{FONT}">'
            f'{esc(top)}</text><text x="{PAD_L - 3}" y="{H - PAD_B}" text-anchor="end" '
            f'style="{FONT}">{esc(bottom)}</text>')


def _svg(body: str, label: str) -> str:
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" '
            f'viewBox="0 0 {W} {H}" role="img" aria-label="{esc(label)}" '
            f'style="margin:2px 8px 2px 0;background:transparent">{body}</svg>')


def _bars(title: str, rows: list[tuple[str, float, str]], log: bool, label: str,
          vmax: float | None = None) -> str:
    """Horizontal bars: (label, value, colour). ``log``: log10 scale of positive values."""
    rows = rows[:16]
    if not rows:
        return ""
    h = PAD_T + 14 * len(rows) + 10
    vals = [v for _, v, _ in rows if math.isfinite(v) and (v > 0 or not log)]
    if log:
        lv = [math.log10(v) for v in vals] or [0.0]
        lo, hi = min(lv) - 0.5, max(lv)
        if hi - lo < 1:
            lo = hi - 1

        def frac(v: float) -> float:
            if not math.isfinite(v) or v <= 0:
                return 0.0
            return (math.log10(v) - lo) / (hi - lo)
    else:
        top = vmax or max(vals or [1.0]) or 1.0

        def frac(v: float) -> float:
            return max(0.0, min(1.0, v / top)) if math.isfinite(v) else 0.0
    x0, width = 120, W - 120 - 60
    out = [f'<text x="4" y="13" style="{FONT};font-weight:bold">{esc(title)}</text>']
    for i, (name, v, col) in enumerate(rows):
        y = PAD_T + 14 * i
        short = name if len(name) <= 22 else "…" + name[-21:]
        out.append(f'<text x="{x0 - 4}" y="{y + 10}" text-anchor="end" style="{FONT}">'
                   f'{esc(short)}</text>'
                   f'<rect x="{x0}" y="{y + 2}" width="{max(1.0, frac(v) * width):.1f}" '
                   f'height="10" fill="{col}"/>'
                   f'<text x="{x0 + frac(v) * width + 3:.1f}" y="{y + 10}" style="{FONT}">'
                   f'{esc(_fmt(v) if not label else f"{v:.0%}")}</text>')
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{h}" '
            f'viewBox="0 0 {W} {h}" role="img" aria-label="{esc(title)}" '
            f'style="margin:2px 8px 2px 0">{"".join(out)}</svg>')


def grad_svg(trace: Trace) -> str:
    rows = []
    for ls in trace.param_layers():
        vals = ls.grad_norms.finite_values()
        if not vals:
            bad = bool(ls.grad_norms.points)   # only NaN/Inf norms
            rows.append((ls.name, float("nan") if bad else 0.0,
                         "#c62828" if bad else "#9e9e9e"))
            continue
        m = sum(vals) / len(vals)
        rows.append((ls.name, m, "#c62828" if m > 1e3 else "#e65100" if m < 1e-6
                     else "#2e7d32"))
    if not rows:
        return ""
    return _bars("Mean gradient norm per layer (log scale)", rows, True, "")


def dead_svg(trace: Trace) -> str:
    rows = []
    for ls in trace.ordered_layers():
        if ls.dead_units is not None and ls.units:
            fr = ls.dead_units / ls.units
            rows.append((ls.name, fr, "#c62828" if fr >= 0.5 else "#1565c0"))
        elif ls.saturated is not None:
            rows.append((ls.name + " (saturated)", ls.saturated,
                         "#e65100" if ls.saturated >= 0.5 else "#1565c0"))
    if not rows:
        return ""
    return _bars("Dead / saturated units per activation", rows, False, "%", 1.0)


def svg_for(trace: Trace | None) -> str:
    """The charts of a trace as one HTML fragment ("" when there is nothing to draw)."""
    if trace is None:
        return ""
    parts = [p for p in (loss_svg(trace), grad_svg(trace), dead_svg(trace)) if p]
    if not parts:
        return ""
    return ('<div class="dlfault-charts" style="display:flex;flex-wrap:wrap;'
            'align-items:flex-start">' + "".join(parts) + "</div>")


def text_summary(trace: Trace) -> str:
    tr = trace
    bits = [f"dlcheck: {tr.steps} step(s) observed"]
    if tr.losses.first is not None and tr.losses.last is not None:
        bits.append(f"loss {_fmt(tr.losses.first[1])} → {_fmt(tr.losses.last[1])}"
                    + (f" (min {_fmt(tr.losses.min)})" if math.isfinite(tr.losses.min) else ""))
    if tr.losses.first_bad is not None:
        bits.append(f"first non-finite loss at step {tr.losses.first_bad[0]}")
    if tr.probes:
        bits.append(f"{tr.probes} probe(s) every {tr.every} steps")
    return ", ".join(bits)


def healthy_line(trace: Trace) -> str:
    """The one line above the charts of a run without any finding or exception."""
    n = int(trace.steps)
    return f"✔ dlcheck: {n} step{'s' if n != 1 else ''}, no fault found"


# -- chart data for the sidebar -------------------------------------------------------
LOSS_POINTS = 200
MAX_LAYERS = 32


def _num(v: float | None) -> float | None:
    """A JSON-safe number: finite floats only (NaN/Inf become null)."""
    if v is None:
        return None
    v = float(v)
    return v if math.isfinite(v) else None


def data_for(trace: Trace | None) -> dict[str, Any] | None:
    """The numbers behind the charts, for the findings payload (``charts`` key): the loss
    series sampled to at most 200 finite points, and per layer (forward order, at most
    32) the mean gradient norm and the fraction of dead / saturated units. Names are
    plain strings (the sidebar shows them as text), every number is finite or null."""
    if trace is None or not trace.observed:
        return None
    pts = [(s, v) for s, v in trace.losses.points if math.isfinite(v)]
    if len(pts) > LOSS_POINTS:
        k = len(pts) / LOSS_POINTS
        pts = [pts[int(i * k)] for i in range(LOSS_POINTS - 1)] + [pts[-1]]
    bad = trace.losses.first_bad
    layers = []
    for ls in trace.ordered_layers():
        vals = ls.grad_norms.finite_values()
        grad = sum(vals) / len(vals) if vals else None
        dead = ls.dead_units / ls.units if ls.dead_units is not None and ls.units else None
        if grad is None and dead is None and ls.saturated is None:
            continue
        layers.append({"name": str(ls.name)[:200], "kind": str(ls.kind)[:60],
                       "grad": _num(grad), "dead": _num(dead), "saturated": _num(ls.saturated)})
        if len(layers) >= MAX_LAYERS:
            break
    fw = "keras" if "keras" in trace.frameworks and not trace.step_calls and \
        not trace.backward_calls else "torch"
    return {"framework": fw, "steps": int(trace.steps),
            "loss": {"steps": [int(s) for s, _ in pts], "values": [float(v) for _, v in pts],
                     "bad_step": int(bad[0]) if bad is not None else None},
            "layers": layers}
