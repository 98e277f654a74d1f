from __future__ import annotations

from collections.abc import Iterator

from ...analysis.lr import torch_lr_fix
from ...context import CellContext
from ...frameworks import adapter
from ...registry import Evidence, Rule, Texts, register


@register
class LearningRateOutOfRange(Rule):
    id = "DLF-T005"
    name = "learning-rate-out-of-range"
    title = "Learning rate far too high or far too low"
    taxonomy = "training.hyperparameters"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("torch",)
    message = "`{opt}` ({kind}) has learning rate {lr}, {judgement}."
    beginner = """The learning rate sets how big each training step is. {advice} Typical
values are 0.1–0.001 for SGD and about 0.001 (1e-3) to 1e-5 for Adam-type optimizers. Start
from such a value: `{suggest}`."""
    expert = """For SGD the stable step size is bounded by 2/λ_max of the loss Hessian;
lr ≥ 1 exceeds it for virtually every network without normalisation, and for Adam-type
optimizers the per-coordinate step is ≈ lr itself (the update is normalised), so
lr ≥ 1 moves every weight by ~1 per step. Conversely lr ≤ 1e-7 gives updates below
float32 resolution relative to weights of order 1e-2 (ulp ≈ 1e-9…1e-10): training
appears frozen."""
    fix = """{fix_line}"""
    texts = {
        "too_high": Texts(
            judgement="so large that training will almost surely diverge",
            advice="""With lr={lr} each step overshoots: the loss jumps around, grows, or
becomes `nan`."""),
        "too_low": Texts(
            judgement="so small that the weights will barely change",
            advice="""With lr={lr} the steps are so tiny that the model seems not to learn at
all."""),
    }
    cause = "learning-rate"
    known_false_alarms = ("Large-batch SGD with a linearly scaled learning rate and warm-up; "
                          "a learning-rate finder sweep starting from a tiny value.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        t = adapter("torch")
        if t is None:
            return
        for v in ctx.ns.of_kind("optimizer", framework="torch"):
            kind = t.framework_name(v.obj)     # torch's class (a user subclass's base)
            if kind not in t.vocab.LR_RANGE_OPTIMIZERS or not v.obj.param_groups:
                continue
            g = v.obj.param_groups[0]
            lr = g.get("initial_lr", g.get("lr"))
            if not isinstance(lr, (int, float)):
                continue
            if not (lr >= 1 or lr <= 1e-7):
                continue
            fix_line = torch_lr_fix(ctx, v.name, direction="high" if lr >= 1 else "low")[0]
            yield Evidence(subject=v.name, key=lr, variant="too_high" if lr >= 1 else "too_low",
                           opt=v.name, kind=kind, lr=f"{lr:g}", fix_line=fix_line,
                           suggest=fix_line.split("   #")[0],
                           same_cause="learning-rate" if lr >= 1 else "learning-rate-low")
