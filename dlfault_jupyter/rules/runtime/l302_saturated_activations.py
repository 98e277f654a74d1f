from __future__ import annotations

from collections.abc import Iterator

from ...analysis.runtime import RuntimeRule, _lname
from ...context import CellContext
from ...registry import Evidence, Texts, register


@register
class SaturatedActivation(RuntimeRule):
    id = "DLF-L302"
    name = "saturated-activations"
    title = "A sigmoid/tanh layer is saturated"
    taxonomy = "model.layers.activation"
    severity = "warning"
    message = ("{frac} of the outputs of {layer} are saturated (within 0.01 of "
               "their limits) over {probes} probed steps.")
    beginner = """A {kind} squashes its input into a fixed range. When its inputs are
large, the output sticks at the ends of that range, where the curve is flat: the gradient
through it is almost zero and the layers before it stop learning. Normalise the inputs,
use smaller initial weights, or use ReLU-family activations in hidden layers."""
    expert = """At saturation σ'(x) = σ(x)(1−σ(x)) ≈ 0 (tanh' = 1−tanh² ≈ 0): {frac} of
{layer}'s outputs are within 0.01 of the asymptotes, so backpropagated gradients are
multiplied by ~0 there. Causes: pre-activations with large variance (unnormalised inputs,
large init, missing normalisation). Fix the scale (BatchNorm/LayerNorm before the
activation, Xavier init) or switch to ReLU/GELU for hidden layers."""
    torch_fix = """nn.Linear(n_in, 64, bias=False), nn.BatchNorm1d(64), nn.Tanh(),   # normalise before the squashing
# or
nn.Linear(n_in, 64), nn.ReLU(),"""
    keras_fix = """keras.layers.Dense(64), keras.layers.BatchNormalization(),
keras.layers.Activation("tanh"),            # normalise before the squashing
# or
keras.layers.Dense(64, activation="relu"),"""
    fix = torch_fix
    texts = {
        "keras": Texts(
            fix=keras_fix,
        ),
    }
    known_false_alarms = ("The output layer of a confident classifier saturates by design; "
                          "the last layer of the model is never reported.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        tr = ctx.runtime
        if tr is None:
            return
        for ls in tr.ordered_layers():
            if ls.saturated is None or ls.is_output or ls.act_probes < 3:
                continue
            if ls.saturated >= 0.5:
                yield Evidence(subject=ls.name.split(".")[0], key=ls.name, layer=_lname(ctx, ls),
                               kind=ls.kind, frac=f"{ls.saturated:.0%}", probes=ls.act_probes)
