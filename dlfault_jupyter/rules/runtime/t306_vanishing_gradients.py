from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...analysis.runtime import RuntimeRule, _fmt, _lname, _mean
from ...context import CellContext
from ...registry import Evidence, Texts, register
from ...wording import times


# -- gradients -----------------------------------------------------------------------
def _grad_means(tr: Any) -> list[tuple[Any, float]]:
    out = []
    for ls in tr.param_layers():
        vals = ls.grad_norms.finite_values()
        if vals:
            out.append((ls, _mean(vals)))
    return out


@register
class VanishingGradients(RuntimeRule):
    id = "DLF-T306"
    name = "vanishing-gradients"
    title = "Gradients vanish before they reach the first layers"
    taxonomy = "training.process"
    severity = "warning"
    message = ("The gradient norm of {layer} is {g_first}, {ratio} smaller than that of "
               "the last layer {last} ({g_last}): the first {n} layer(s) hardly learn.")
    beginner = """The error signal shrinks as it travels back through the network: by the
time it reaches {layer} it is {ratio} smaller than at the output. Those first
layers barely change, so the network cannot learn good features. Typical causes: many
sigmoid or tanh layers in a row, or a poor initialisation. Use ReLU-family activations,
add normalisation layers, or use residual connections."""
    expert = """Backpropagation multiplies the gradient by each layer's Jacobian; with
sigmoid (σ' ≤ 0.25) or saturated tanh the product decays geometrically with depth. Mean
per-layer gradient norm over the probed steps: {layer} {g_first} vs {last} {g_last}.
Fix the signal path: ReLU/GELU activations with He (Kaiming) initialisation, BatchNorm/LayerNorm between
layers, residual connections, or a shallower network."""
    torch_fix = """{model} = nn.Sequential(
    nn.Linear(n_in, 64), nn.ReLU(),      # ReLU instead of Sigmoid in hidden layers
    nn.Linear(64, 64, bias=False), nn.BatchNorm1d(64), nn.ReLU(),
    nn.Linear(64, n_out),
)"""
    keras_fix = """{model} = keras.Sequential([
    keras.Input((n_in,)),
    keras.layers.Dense(64, activation="relu"),    # ReLU instead of sigmoid in hidden layers
    keras.layers.Dense(64), keras.layers.BatchNormalization(), keras.layers.ReLU(),
    keras.layers.Dense(n_out),
])"""
    fix = torch_fix
    texts = {
        "keras": Texts(
            fix=keras_fix,
        ),
    }
    known_false_alarms = ("Layers that are meant to learn slowly (a pretrained backbone with "
                          "a tiny learning rate) are not the issue here: this compares "
                          "gradients, not learning rates.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        tr = ctx.runtime
        if tr is None:
            return
        gm = _grad_means(tr)
        if len(gm) < 3:
            return
        last_ls, g_last = gm[-1]
        if not g_last > 1e-6:
            return
        small = []
        for ls, g in gm[:-1]:
            if g < 1e-3 * g_last:
                small.append((ls, g))
            else:
                break
        if not small:
            return
        ls, g = small[0]
        model = ls.name.split(".")[0]
        yield Evidence(subject=model, key=ls.name, layer=_lname(ctx, ls), g_first=_fmt(g),
                       last=_lname(ctx, last_ls), g_last=_fmt(g_last), n=len(small),
                       ratio=times(g_last / g) if g > 0 else "infinitely", model=model)
