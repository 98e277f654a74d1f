from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.training import keras_models
from ...context import CellContext
from ...frameworks import type_name
from ...registry import Evidence, Rule, register


@register
class CustomLoopWithoutLossScaling(Rule):
    id = "DLF-A163"
    name = "custom-loop-without-loss-scaling"
    title = "Own training loop under mixed_float16 with an optimizer that does not scale the loss"
    taxonomy = "api"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("keras", "tensorflow")
    message = ("`{opt}` ({cls}) has applied {steps} updates under the global policy "
               "`{policy}`, but it is not a `LossScaleOptimizer` and no compiled model "
               "wraps it: the float16 gradients are never loss-scaled.")
    beginner = """With the `{policy}` policy the layers compute in float16, which cannot
represent very small numbers: many gradients round to exactly 0 and those weights stop
learning. `model.compile()` protects against this by wrapping its optimizer in a
`LossScaleOptimizer` automatically; a training loop you write yourself does not get that.
Wrap `{opt}` in `keras.optimizers.LossScaleOptimizer` and scale the loss before taking
gradients."""
    expert = """float16 has a smallest subnormal of ~6e-8; backpropagated gradients of
typical magnitude 1e-8..1e-6 underflow to 0 in the float16 parts of the graph. Loss scaling
multiplies the loss by S (dynamic, starting at 2^15) before differentiation and divides the
gradients by S before the update (skipping steps with inf/NaN). `{cls}` applied
{steps} updates without it."""
    fix = """{opt} = keras.optimizers.LossScaleOptimizer({inner})
with tf.GradientTape() as tape:
    loss = loss_fn(y_batch, model(x_batch, training=True))
    scaled_loss = {opt}.scale_loss(loss)
grads = tape.gradient(scaled_loss, model.trainable_variables)
{opt}.apply_gradients(zip(grads, model.trainable_variables))   # unscales the gradients"""
    known_false_alarms = ("A loop that scales the loss by hand (multiplies and divides by a "
                          "constant itself).")
    references = ("https://keras.io/api/mixed_precision/loss_scale_optimizer/",
                  "https://www.tensorflow.org/guide/mixed_precision")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        k = frameworks.get("keras")
        if k is None:
            return
        policy = k.global_policy_name()
        if policy != "mixed_float16":
            return
        wrapped: set[int] = set()
        half: set[int] = set()
        for v in keras_models(ctx):
            half |= k.float16_weights(v.obj)
            opt = getattr(v.obj, "optimizer", None) if getattr(v.obj, "compiled", False) \
                else None
            if opt is not None and k.is_loss_scale_optimizer(opt):
                wrapped.add(id(k.unwrap_optimizer(opt)))
        for v in ctx.ns.of_kind("optimizer", framework="keras"):
            opt = v.obj
            if k.is_loss_scale_optimizer(opt) or id(opt) in wrapped:
                continue
            steps = k.iterations(opt)
            if not steps or not any(id(w) in half for w in k.optimizer_variables(opt)):
                continue   # unused, or it updates no float16-computing layer
            lr = k.learning_rate(opt)
            cls = type_name(opt)
            inner = f"keras.optimizers.{cls}({lr:g})" if lr is not None else \
                f"keras.optimizers.{cls}(...)"
            yield Evidence(subject=v.name, key=(v.name, policy), opt=v.name, cls=cls,
                           steps=steps, policy=policy, inner=inner)
