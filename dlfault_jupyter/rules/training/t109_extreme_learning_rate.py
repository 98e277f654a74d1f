from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...analysis.training import keras_models
from ...context import CellContext
from ...frameworks import type_name
from ...frameworks.base import LayerKind
from ...registry import Evidence, Rule, Texts, register


def _weighted_depth(model: Any) -> int:
    """Number of layers with a kernel (Dense, Conv...) in the model, nested models included."""
    try:
        layers = list(model._flatten_layers(include_self=False))
    except Exception:  # noqa: BLE001
        return 99
    k = frameworks.get("keras")
    n = 0
    for la in layers:
        if getattr(la, "layers", None):
            continue
        try:
            if getattr(la, "kernel", None) is not None or \
                    k.layer_kind(la) in (LayerKind.RNN, LayerKind.EMBEDDING):
                n += 1
        except Exception:  # noqa: BLE001
            n += 1
    return n


@register
class ExtremeLearningRate(Rule):
    id = "DLF-T109"
    name = "extreme-learning-rate"
    title = "Learning rate far outside the usual range for this optimiser"
    taxonomy = "training.hyperparameters"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("keras", "tensorflow")
    message = "`{opt}` ({cls}) has learning_rate={lr:g}, {what}."
    beginner = """The learning rate sets how big each training step is. {advice} Typical
values: {typical}. Nothing raises an error: the loss just {symptom}."""
    expert = """{cls} with lr={lr:g}: {mechanism} Tune on a log scale around {typical}, or
use a learning-rate finder / schedule."""
    fix = """{fix_line}"""
    texts = {
        "adaptive": Texts(typical="1e-4 to 1e-2 (default 0.001)"),
        "plain": Texts(typical="1e-3 to 1e-1"),
        "too_high": Texts(
            what="at least {high:g}: training will likely diverge",
            advice="This one is so large that the weights jump past every minimum.",
            symptom="jumps around, grows, or becomes NaN",
            mechanism="""steps of this size overshoot the curvature of the loss (lr·λ_max > 2
diverges for gradient descent); adaptive optimisers normalise the gradient, so their step
is ~lr per weight regardless of the gradient scale."""),
        "too_low": Texts(
            what="so small that training barely moves the weights",
            advice="This one is so small that the weights hardly change.",
            symptom="stays flat for ever",
            mechanism="""updates of order lr·g are below float32 resolution for most weights
(relative eps 1.2e-7), so training stalls."""),
    }
    cause = "learning-rate-low"   # too low; a finding of too high says "learning-rate"
    known_false_alarms = ("Deliberate extremes: a learning-rate range test, or an optimiser "
                          "used with a large scaling of the loss.")
    references = ("https://keras.io/api/optimizers/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        k = frameworks.get("keras")
        if k is None:
            return
        seen: set[int] = set()
        cands = [(v.name, v.obj) for v in ctx.ns.of_kind("optimizer", framework="keras")]
        owners: dict[int, list[Any]] = {}
        for v in keras_models(ctx):
            opt = getattr(v.obj, "optimizer", None) if getattr(v.obj, "compiled", False) \
                else None
            if opt is not None and k.is_optimizer(opt):
                cands.append((f"{v.name}.optimizer", opt))
                owners.setdefault(id(opt), []).append(v.obj)
        for name, opt in cands:
            if id(opt) in seen:
                continue
            seen.add(id(opt))
            lr = k.learning_rate(opt)
            if lr is None:
                continue
            inner = k.unwrap_optimizer(opt)   # LossScaleOptimizer → Adam
            cls, own = type_name(inner), k.framework_name(inner)
            adaptive = own in k.vocab.ADAPTIVE_OPTIMIZERS
            high = 0.1 if adaptive else (1.0 if own in k.vocab.PLAIN_SGD else None)
            scale = "adaptive" if adaptive else "plain"
            sev = None
            if adaptive and high is not None and high <= lr < 0.3:
                # Adam(0.1) is what the TF regression tutorial uses for a one-layer linear
                # model, where it converges fine; it is too large for a deep network.
                depth = max((_weighted_depth(m) for m in owners.get(id(opt), [])),
                            default=None)
                if depth is not None and depth <= 1:
                    continue
                sev = "info" if depth is None else None
            if high is not None and lr >= high:
                yield Evidence(
                    severity=sev, variant=(scale, "too_high"),
                    subject=name.split(".")[0], key=(name, lr), opt=name, cls=cls, lr=lr,
                    high=high, fix_line=f"keras.optimizers.{cls}(learning_rate=1e-3)",
                    same_cause="learning-rate")
            elif 0 <= lr < 1e-7:
                yield Evidence(
                    variant=(scale, "too_low"),
                    subject=name.split(".")[0], key=(name, lr), opt=name, cls=cls, lr=lr,
                    fix_line=f"keras.optimizers.{cls}(learning_rate=1e-3)")
