from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.training import keras_models
from ...context import CellContext
from ...frameworks import type_name
from ...registry import Evidence, Rule, register


@register
class KerasAdamEpsilonTooLow(Rule):
    id = "DLF-T112"
    name = "keras-adam-epsilon-too-low"
    title = "Keras Adam/RMSprop epsilon far too small"
    taxonomy = "training.optimizer"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("keras", "tensorflow")
    message = ("`{opt}` ({cls}) has epsilon={eps:g}; below 1e-10 the update of a weight with "
               "tiny gradients can blow up (Keras' default is 1e-07).")
    beginner = """{cls} divides each step by the recent size of the gradients plus a small
safety number, `epsilon`. With epsilon={eps:g}, a weight whose gradients have been close to
zero (a rarely active unit, the first steps) gets a huge step: the loss jumps or becomes NaN,
and no error is raised. Keep the default (`epsilon=1e-07`) or use a larger value such as
1e-4 for noisy problems."""
    expert = """The update is `lr · m̂ / (√v̂ + ε)`. When √v̂ → 0 (sparse or vanishing
gradients) the step tends to `lr · m̂ / ε`, bounded only by ε. With ε={eps:g} steps of
size ~lr·|g|/ε are possible; in float32 ε below ~1e-38 is even denormal or zero. The
taxonomy lists "epsilon for Adam too low" as a known optimiser fault."""
    fix = """keras.optimizers.{cls}(learning_rate={lr}, epsilon=1e-07)   # the default"""
    known_false_alarms = "None known for values below 1e-10."
    references = ("https://keras.io/api/optimizers/adam/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        k = frameworks.get("keras")
        if k is None:
            return
        seen: set[int] = set()
        cands = [(v.name, v.obj) for v in ctx.ns.of_kind("optimizer", framework="keras")]
        for v in keras_models(ctx):
            opt = getattr(v.obj, "optimizer", None) if getattr(v.obj, "compiled", False) \
                else None
            if opt is not None and k.is_optimizer(opt):
                cands.append((f"{v.name}.optimizer", opt))
        for name, opt in cands:
            opt = k.unwrap_optimizer(opt)   # LossScaleOptimizer (mixed precision) → inner
            if id(opt) in seen or k.framework_name(opt) not in k.vocab.EPSILON_OPTIMIZERS:
                continue
            seen.add(id(opt))
            eps = getattr(opt, "epsilon", None)
            if isinstance(eps, (list, tuple)):   # Adafactor: (eps1, eps2)
                continue
            try:
                eps = float(eps)
            except (TypeError, ValueError):
                continue
            if not 0 <= eps < 1e-10:
                continue
            lr = k.learning_rate(opt)
            yield Evidence(subject=name.split(".")[0], key=(name, eps), opt=name,
                           cls=type_name(opt), eps=eps,
                           lr=f"{lr:g}" if lr is not None else "1e-3")
