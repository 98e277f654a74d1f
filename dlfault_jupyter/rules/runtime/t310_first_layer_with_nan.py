from __future__ import annotations

from collections.abc import Iterator

from ...analysis.runtime import RuntimeRule, _fmt, _lname
from ...context import CellContext
from ...registry import Evidence, Texts, register


@register
class NanOrigin(RuntimeRule):
    id = "DLF-T310"
    name = "first-layer-with-nan"
    title = "A layer produced NaN/Inf during training"
    taxonomy = "training.process"
    severity = "error"
    message = ("{layer} is the first layer whose output contained NaN/Inf, at step "
               "{step}; {cause}")
    beginner = """NaN (not a number) or infinity appeared first in the output of
{layer}, and from there it spreads to the loss, the gradients and all the weights.
{cause_long}"""
    expert = """Forward-hook order at the first probed step with a non-finite activation
(step {step}): {layer} had inputs in [{in_min}, {in_max}] and a non-finite output. {cause_long} Guard
the operation (`clamp(min=eps)` before `log`/division, `logsumexp`, `torch.where`), or, if
the weights were already non-finite, find the update that blew up (exploding gradients,
learning rate) with `torch.autograd.set_detect_anomaly(True)` on a short run."""
    torch_fix = """# guard the operation that can divide by zero / take log of zero, e.g.
out = x / x.norm(dim=1, keepdim=True).clamp(min=1e-8)
out = torch.log(p.clamp(min=1e-8))"""
    keras_fix = """# guard the operation in the layer that can divide by zero / take log of zero, e.g.
keras.layers.Lambda(
    lambda t: t / keras.ops.maximum(keras.ops.norm(t, axis=1, keepdims=True), 1e-8))
keras.layers.Lambda(lambda p: keras.ops.log(keras.ops.maximum(p, 1e-8)))"""
    fix = torch_fix
    texts = {
        "keras": Texts(
            expert="""Layer order of the model on a probed sample batch, at the first probe with a
non-finite output (step {step}): {layer} had inputs in [{in_min}, {in_max}] and a non-finite output.
{cause_long} Guard the operation (`keras.ops.maximum(x, eps)` before `log`/division,
`keras.ops.logsumexp`, `keras.ops.where`), or, if the weights were already non-finite,
find the update that blew up (exploding gradients, learning rate);
`tf.debugging.enable_check_numerics()` names the operation on a short run.""",
            fix=keras_fix,
        ),
        # -- where the non-finite value came from
        "finite_inputs": Texts(
            cause="""its inputs in [{in_min}, {in_max}] were finite, so the operation of this
layer produced it (division by zero, log of 0, overflow).""",
            cause_long="""Its inputs in [{in_min}, {in_max}] were finite, so this layer's own
computation produced the bad value: a division by zero, a log or sqrt of 0 or a negative
number, or an overflow (exp of a large value).""",
        ),
        "nonfinite_inputs": Texts(cause="its inputs were already non-finite.",
                                  cause_long="Its inputs were already non-finite."),
    }
    known_false_alarms = ("Models that use Inf on purpose (attention masks filled with -inf) "
                          "are excluded only if the mask is applied outside a module.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        tr = ctx.runtime
        o = tr.nan_origin if tr is not None else None
        if not o or not o.get("layer") or not o.get("params_finite", True):
            return  # weights written by an update: DLF-T301 tells the story
        bad = tr.losses.first_bad
        if bad is not None and bad[0] < o.get("step", 0):
            return  # the loss went bad first: DLF-T301
        inputs = "finite_inputs" if o.get("input_finite", True) else "nonfinite_inputs"
        yield Evidence(subject=o["layer"].split(".")[0], key=o["layer"], variant=inputs,
                       layer=_lname(ctx, o["layer"], o.get("kind")),
                       kind=o.get("kind") or "layer", step=o["step"],
                       in_min=_fmt(o.get("in_min")), in_max=_fmt(o.get("in_max")))
