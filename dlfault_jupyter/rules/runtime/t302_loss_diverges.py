from __future__ import annotations

from collections.abc import Iterator

from ...analysis.runtime import (
    RuntimeRule,
    _fmt,
    _lr_line,
    _model,
    _opt,
    diverges,
    interleaved_objectives,
)
from ...context import CellContext
from ...registry import Evidence, Texts, register
from ...wording import times


@register
class DivergingLoss(RuntimeRule):
    id = "DLF-T302"
    name = "loss-diverges"
    title = "The loss grows during training instead of falling"
    taxonomy = "training.hyperparameters"
    severity = "error"
    message = ("The loss grew from {first} at the first step to {last} later in the run, "
               "{factor} its minimum {lo}: training diverges.")
    beginner = """Training should make the loss go down. Here it went up, by a large
factor: each update overshoots and lands somewhere worse. Almost always the learning rate
is too high (or the loss is maximised by mistake). Divide the learning rate by 10 and run
again; if it still grows, check the sign of the loss."""
    expert = """A loss that grows geometrically means the update is unstable: for
gradient descent on a locally quadratic loss, `lr > 2/λ_max` (the sharpest curvature)
makes the iterates oscillate with growing amplitude. Lower `lr` (a factor of 10 at a
time), add warm-up or gradient clipping ({clip}), and normalise the inputs (large input
scales raise λ_max)."""
    cause = "learning-rate"
    fix = """{lr_line}
# optionally, between backward() and step():
torch.nn.utils.clip_grad_norm_({model}.parameters(), max_norm=1.0)"""
    texts = {
        "torch": Texts(clip="`clip_grad_norm_`"),
        "keras": Texts(
            clip="`clipnorm=` of the optimizer",
            fix="""{lr_line}
# optionally, clip the gradients: keras.optimizers.<the same optimizer>(..., clipnorm=1.0)""",
        ),
    }
    known_false_alarms = ("A run that starts at an unusually good point (a pretrained model "
                          "whose loss first rises while adapting) can look like this.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        tr = ctx.runtime
        if tr is None:
            return
        d = diverges(tr) if not interleaved_objectives(tr) else None
        if d:
            yield Evidence(subject=_opt(tr), key="diverge", first=_fmt(d["first"]),
                           last=_fmt(d["last"]), lo=_fmt(d["lo"]),
                           factor=times(d["last"] / max(d["lo"], 1e-12)), opt=_opt(tr),
                           model=_model(tr), lr_line=_lr_line(ctx, tr, "high"))
