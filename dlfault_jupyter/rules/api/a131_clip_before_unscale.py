from __future__ import annotations

from collections.abc import Iterator

from ...analysis.loops import _facts_of
from ...analysis.step_order import order
from ...context import CellContext
from ...registry import Evidence, Rule, register


def _init_scale(obj: object) -> float | None:
    """The GradScaler's initial scale (a plain float attribute: no device read)."""
    v = getattr(obj, "_init_scale", None)
    return float(v) if isinstance(v, (int, float)) else None


@register
class ClipBeforeUnscale(Rule):
    id = "DLF-A131"
    name = "clip-before-unscale"
    title = "Gradients clipped while still multiplied by the GradScaler's scale"
    taxonomy = "api"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{clip}` clips the gradients of `{backward}` before `{scaler}.unscale_({opt})`: "
               "they are still multiplied by the loss scale{scale_text}, so the threshold is "
               "applied to scaled gradients.")
    beginner = """`{scaler}.scale(loss)` multiplies the loss, and so every gradient, by a large
factor{scale_text} to protect float16 gradients from underflow. `{scaler}.step` divides it out
later. Clipping in between compares the scaled gradients with your threshold: the clip
cuts almost every update down to the threshold divided by the scale, so the model barely
learns. Call `{scaler}.unscale_({opt})` right before clipping."""
    expert = """`GradScaler.scale` multiplies the loss by S (initially 2^16); `p.grad` holds
S·g until `unscale_` (called implicitly by `step` otherwise). `clip_grad_norm_(…, c)` on
S·g caps ‖S·g‖ at c, i.e. ‖g‖ at c/S after unscaling. `unscale_(optimizer)` before the clip
makes the threshold apply to the true gradients; `step` then does not unscale twice."""
    fix = """{backward}
{scaler}.unscale_({opt})
{clip}
{update}"""
    known_false_alarms = ""
    references = ("https://pytorch.org/docs/stable/notes/amp_examples.html#gradient-clipping",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        program = ctx.analysis.program
        for sb in ctx.analysis.step_bodies:
            up, scaler = sb.update, sb.scaler
            if up is None or not scaler or not sb.clips:
                continue
            obj = ctx.user_ns.get(scaler)
            enabled = getattr(obj, "is_enabled", None)
            if obj is None or not callable(enabled) or not enabled():
                continue            # a disabled scaler leaves the gradients as they are
            b, u = order(sb.backward), order(up)
            for c in sb.clips:
                if not b < order(c) < u:
                    continue
                if any(b < order(x) < order(c) for x in sb.unscales):
                    continue
                f = _facts_of(c, program)
                bf, uf = _facts_of(sb.backward, program), _facts_of(up, program)
                s = _init_scale(obj)
                yield Evidence(line=c.line, subject=scaler, scaler=scaler,
                               opt=sb.optimizer or "optimizer",
                               clip=(f.segment(c.call.node) if f else "") or "clip_grad_norm_(...)",
                               backward=(bf.segment(sb.backward.call.node) if bf else "")
                               or f"{scaler}.scale(loss).backward()",
                               update=(uf.segment(up.call.node) if uf else "")
                               or f"{scaler}.step(optimizer)",
                               scale_text=f" ({s:g} at the start)" if s else "")
                break
