from __future__ import annotations

from collections.abc import Iterator

from ...analysis.runtime import RuntimeRule, _lname
from ...context import CellContext
from ...registry import Evidence, Texts, register


# -- activations ---------------------------------------------------------------------
@register
class DeadReLU(RuntimeRule):
    id = "DLF-L301"
    name = "dead-relu-units"
    title = "Most units of a ReLU layer are dead"
    taxonomy = "model.layers.activation"
    severity = "warning"
    message = ("{dead} of {units} units ({frac}) after {layer} were never active (output "
               "always 0) in {probes} probed steps.")
    beginner = """A ReLU outputs 0 for every negative input. Units of {layer} that
never produce anything but 0 are "dead": they pass no signal forward and no gradient
back, so they can never recover. {frac} of this layer is dead. Causes: a large negative
bias, a too high learning rate that pushed the weights there, or unnormalised inputs.
Lower the learning rate, normalise inputs, or use LeakyReLU/GELU."""
    expert = """Units with `max(out) ≤ 0` over every sample of {probes} probed batches:
{dead}/{units} in {layer}. The gradient of ReLU is 0 for negative pre-activations, so a
unit whose pre-activation is negative for all inputs gets no update (dying ReLU). Typical
triggers: bias initialised very negative, a large update after a gradient spike, or large
input offsets. Use LeakyReLU/GELU, a smaller `lr`, BatchNorm before the ReLU, or re-init."""
    torch_fix = """# keep a small gradient for negative inputs
nn.LeakyReLU(0.01)      # instead of nn.ReLU()
# and/or reset a bias that was set very negative
nn.init.zeros_(layer.bias)"""
    keras_fix = """# keep a small gradient for negative inputs, start from a zero bias
keras.layers.Dense(64, activation="leaky_relu", bias_initializer="zeros")"""
    fix = torch_fix
    texts = {
        "keras": Texts(
            fix=keras_fix,
        ),
    }
    known_false_alarms = ("Sparse representations where most units are off by design "
                          "still have each unit active for some inputs; a short run with "
                          "very few probed batches may miss rare activations.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        tr = ctx.runtime
        if tr is None:
            return
        for ls in tr.ordered_layers():
            if ls.dead_units is None or ls.units < 4 or ls.act_probes < 3:
                continue
            fr = ls.dead_units / ls.units
            if fr >= 0.5:
                yield Evidence(subject=ls.name.split(".")[0], key=ls.name, layer=_lname(ctx, ls),
                               dead=ls.dead_units, units=ls.units, frac=f"{fr:.0%}",
                               probes=ls.act_probes)
