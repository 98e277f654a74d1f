from __future__ import annotations

from collections.abc import Iterator

from ...analysis.runtime import (
    RuntimeRule,
    _fmt,
    _lr_line,
    _model,
    _opt,
    loss_shape,
)
from ...context import CellContext
from ...registry import Evidence, Texts, register


@register
class OscillatingLoss(RuntimeRule):
    id = "DLF-T304"
    name = "loss-oscillates"
    title = "The loss jumps up and down without improving"
    taxonomy = "training.hyperparameters"
    severity = "warning"
    message = ("The loss changes direction at {flip} of the steps, by {amp} per step (median) "
               "on a level of {level}: heavy oscillation.")
    beginner = """The loss goes up, then down, then up again by large amounts from one step
to the next: the model never settles. The steps are too big: each update
jumps over the valley it should go down into. Lower the learning rate, or use a bigger
batch so that each step is less noisy."""
    expert = """Sign changes of consecutive loss differences in {flip} of steps with a
median step-to-step change of {amp} against a median loss of {level}: the effective step size exceeds the stable range along the sharpest directions
(`lr·λ_max > 2`) or the gradient noise dominates (batch too small). Lower the learning
rate, add a schedule ({schedule}) or momentum damping, or increase the batch size."""
    cause = "learning-rate"
    fix = """{lr_line}
scheduler = torch.optim.lr_scheduler.CosineAnnealingLR({opt}, T_max=100)"""
    texts = {
        "torch": Texts(schedule="`OneCycleLR`, cosine"),
        "keras": Texts(
            schedule="`keras.optimizers.schedules.CosineDecay`",
            fix="""{lr_line}
# and/or let it decay over the run:
# keras.optimizers.schedules.CosineDecay(<that learning rate>, decay_steps=1000)""",
        ),
    }
    known_false_alarms = ("Very small batches (1–4 samples) give noisy losses; the rule asks "
                          "for changes of at least half the loss and a fifth of the initial "
                          "loss per step.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        tr = ctx.runtime
        shape, d = loss_shape(tr)
        if shape != "oscillate":
            return
        yield Evidence(subject=_opt(tr), key="oscillate", flip=f"{d['flip']:.0%}",
                       amp=_fmt(d["amp"]), level=_fmt(d["level"]), opt=_opt(tr),
                       model=_model(tr), lr_line=_lr_line(ctx, tr, "high"))
