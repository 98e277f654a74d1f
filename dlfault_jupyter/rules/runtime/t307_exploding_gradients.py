from __future__ import annotations

import math
from collections.abc import Iterator

from ...analysis.runtime import RuntimeRule, _fmt, _lname, _opt
from ...context import CellContext
from ...registry import Evidence, Texts, register
from ...wording import times


@register
class ExplodingGradients(RuntimeRule):
    id = "DLF-T307"
    name = "exploding-gradients"
    title = "Gradients explode during training"
    taxonomy = "training.process"
    severity = "error"
    message = ("The gradient norm of {layer} reached {peak} (total {total} at step {step}); "
               "{growth}")
    beginner = """The gradients are huge: each update moves the weights by a very large
amount, so training jumps around wildly or overflows to NaN. Usual causes: a too high
learning rate, inputs that are not normalised, or a deep network with a bad
initialisation. Normalise the inputs, lower the learning rate, and clip the gradients."""
    expert = """Peak per-layer gradient norm {peak} in {layer}; {growth} Large gradients
come from large activations (unnormalised inputs, weights initialised too large, deep
products of Jacobians with spectral norm > 1) or from a loss on a large scale (sum
reduction, unnormalised regression targets). Clip ({clip}), fix the scales, and use
normalisation layers."""
    torch_fix = """{init_fix}loss.backward()
torch.nn.utils.clip_grad_norm_({model}.parameters(), max_norm=1.0)   # a guard
{opt}.step()"""
    keras_fix = """# clip the gradient norm in the optimizer, and normalise the inputs
{model}.compile(optimizer=keras.optimizers.Adam(1e-3, clipnorm=1.0), loss=...)"""
    fix = torch_fix
    texts = {
        "torch": Texts(clip="`clip_grad_norm_`"),
        "keras": Texts(
            clip="`clipnorm=` of the optimizer",
            fix=keras_fix,
        ),
        # -- how the gradient norm evolved over the run
        "grew": Texts(growth="it grew {factor} from step {first_step}.", init_fix=""),
        # large from the first step on: the weights start too large (clipping only caps the
        # symptom), not a learning rate that makes them grow
        "large_from_start": Texts(
            growth="from the first probed step on.",
            init_fix="""# the gradients are large from the first step: start from the default initialisation
for m in {model}.modules():
    if hasattr(m, "reset_parameters"):
        m.reset_parameters()
""",
        ),
    }
    cause = "learning-rate"
    known_false_alarms = ("Losses with `reduction='sum'` over large batches have large but "
                          "harmless gradient norms when the learning rate is scaled down "
                          "accordingly.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        tr = ctx.runtime
        if tr is None:
            return
        peak, where = 0.0, None
        for ls in tr.param_layers():
            for _s, v in ls.grad_norms.points:
                if math.isfinite(v) and v > peak:
                    peak, where = v, ls
        tot = [(s, v) for s, v in tr.total_grad_norm.points if math.isfinite(v)]
        if where is None or len(tot) < 2:
            return
        first = tot[0][1]
        smax, vmax = max(tot, key=lambda p: p[1])
        grew = first > 0 and vmax / first >= 100 and vmax >= 100
        if peak < 1e3 and not grew:
            return
        growing = first > 0 and vmax / first >= 10
        model = where.name.split(".")[0]
        # growing over the run: the learning rate (a cause of its own)
        yield Evidence(subject=model, key="explode",
                       variant="grew" if growing else "large_from_start",
                       same_cause="learning-rate" if growing else None,
                       factor=times(vmax / first) if growing else None, first_step=tot[0][0],
                       layer=_lname(ctx, where), peak=_fmt(peak), total=_fmt(vmax),
                       step=smax, model=model, opt=_opt(tr))
