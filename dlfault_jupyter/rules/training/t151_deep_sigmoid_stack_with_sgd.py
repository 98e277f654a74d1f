from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...analysis.training import keras_models
from ...context import CellContext
from ...frameworks import type_name
from ...frameworks.base import LayerKind
from ...registry import Evidence, Rule, register
from ...wording import num

_SATURATING = ("sigmoid", "hard_sigmoid")
_MIN_RUN = 5


def _sigmoid_run(k: Any, model: Any) -> list[Any]:
    """The longest chain of consecutive hidden Dense layers with a sigmoid activation
    (the output layer excluded; Dropout does not break the chain, a normalisation does)."""
    layers = k.layers_of(model)
    dense = [la for la in layers if k.layer_kind(la) is LayerKind.LINEAR]
    if len(dense) < 2:
        return []
    out_layer = dense[-1]
    best: list[Any] = []
    run: list[Any] = []
    for la in layers:
        if la is out_layer:
            break
        kind = k.layer_kind(la)
        if kind is LayerKind.DROPOUT:     # Dropout and the noise layers
            continue
        if kind is LayerKind.LINEAR and k.activation_name(getattr(la, "activation", None)) in _SATURATING:
            run.append(la)
            best = run if len(run) > len(best) else best
        else:
            run = []
    return list(best)


@register
class DeepSigmoidStackWithSgd(Rule):
    id = "DLF-T151"
    name = "deep-sigmoid-stack-with-sgd"
    title = "Many stacked sigmoid layers trained with plain SGD: the gradients vanish"
    taxonomy = "training.process"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}` stacks {n} hidden Dense layers with sigmoid activations (`{first}` "
               "... `{last}`) and trains with `{opt}`: the gradient reaching `{first}` is "
               "scaled by at most 0.25^{n} ≈ {factor}.")
    beginner = """The slope of a sigmoid is at most 0.25. On the way back from the loss,
the gradient is multiplied by that slope once per sigmoid layer, so after {n} layers it is
at most {factor} of its size: the first layers of `{model}` barely learn, and the loss
hardly moves. `{opt}` uses the gradient as it is, so it cannot make up for it. Use ReLU
(or GELU) in the hidden layers, or fewer layers, or an adaptive optimizer such as Adam
(and BatchNormalization between the layers)."""
    expert = """Back-propagation through a Dense+sigmoid layer multiplies by Wᵀ·diag(σ'(z))
with σ' ≤ 1/4; with Glorot-initialised W the per-layer gain is ≲ 1/4, so the first layer's
gradient is attenuated by ~4^-{n} relative to the last (Glorot & Bengio 2010). Plain SGD
(with or without momentum) has one step size for all layers, so the early layers stall;
adaptive methods rescale per parameter and ReLU-family activations keep a unit slope."""
    fix = """keras.layers.Dense({units}, activation="relu")   # for the hidden layers `{first}` ... `{last}`
# and/or: {model}.compile(optimizer=keras.optimizers.Adam(1e-3), loss=...)"""
    known_false_alarms = ("A deliberately small learning problem where the sigmoid stack "
                          "is the object of study.")
    references = ("https://proceedings.mlr.press/v9/glorot10a.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        k = frameworks.get("keras")
        if k is None:
            return
        compiled_here = {c.receiver for c in ctx.source.calls_to("compile", "fit")}
        for v in keras_models(ctx):
            if v.name not in compiled_here:
                continue
            cfg = k.compile_config(v.obj)
            opt = getattr(v.obj, "optimizer", None) if cfg else None
            if opt is None or k.framework_name(opt) not in k.vocab.PLAIN_SGD:
                continue
            run = _sigmoid_run(k, v.obj)
            if len(run) < _MIN_RUN:
                continue
            n = len(run)
            yield Evidence(subject=v.name, model=v.name, n=n, first=run[0].name,
                           last=run[-1].name, opt=type_name(opt), factor=num(0.25 ** n, 2),
                           units=getattr(run[0], "units", "..."))
