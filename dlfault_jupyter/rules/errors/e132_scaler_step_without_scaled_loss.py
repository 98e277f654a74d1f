from __future__ import annotations

from collections.abc import Iterator

from ...analysis.errors import _line, _msg, error_calls
from ...context import CellContext
from ...registry import Evidence, Rule, register


@register
class ScalerStepWithoutScaledLoss(Rule):
    id = "DLF-E132"
    name = "scaler-step-without-scaled-loss"
    title = "GradScaler.step() without scaler.scale(loss).backward() in the iteration"
    taxonomy = "api"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = ("`{call}` ran, but the loss was back-propagated with `{backward}` instead of "
               "`{scaler}.scale({loss}).backward()`: the scaler has no scale for this "
               "iteration.")
    beginner = """A GradScaler works in three calls that belong together: `{scaler}.scale(loss)`
multiplies the loss before `backward()`, `{scaler}.step(optimizer)` divides the gradients by
the same factor before updating, and `{scaler}.update()` adjusts the factor. Here `backward()`
was called on the unscaled loss, so `step` has nothing to divide by. Back-propagate the scaled
loss."""
    expert = """`GradScaler.step` asserts that `scale()` recorded `_scale` (and that
`unscale_` found per-device inf checks) in this iteration. Either use all three calls, or
none (plain `loss.backward(); optimizer.step()` — bfloat16 autocast needs no scaling)."""
    fix = """{scaler}.scale({loss}).backward()
{call}"""
    known_false_alarms = ""
    references = ("https://pytorch.org/docs/stable/notes/amp_examples.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        if not _msg(ctx, r"Attempted step but _scale is None",
                    r"No inf checks were recorded for this optimizer"):
            return
        step = next((c for c in error_calls(ctx) if c.attr == "step" and c.receiver), None)
        scaler = step.receiver if step is not None else None
        backs = [c for c in ctx.source.calls_to("backward")
                 if step is None or c.line <= step.line]
        back = backs[-1] if backs else None
        loss = back.receiver if back is not None and back.receiver else "loss"
        if scaler is None or step is None:
            return
        yield Evidence(line=_line(ctx), subject=scaler, scaler=scaler, loss=loss,
                       call=ctx.source.segment(step.node) or f"{scaler}.step(optimizer)",
                       backward=(ctx.source.segment(back.node) if back is not None else "")
                       or f"{loss}.backward()")
