from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.training import compiled_head, loss_repr
from ...context import CellContext
from ...frameworks import type_name
from ...registry import Evidence, Rule, _name_kw, register

# -- group 1: logits / probabilities confusion ------------------------------------------------


@register
class ProbabilitiesWithFromLogits(Rule):
    id = "DLF-T101"
    name = "probabilities-with-from-logits"
    title = "Softmax/sigmoid output compiled with a loss that expects logits (from_logits=True)"
    taxonomy = "training.loss"
    severity = "error"
    silent = True
    evidence = "namespace"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}` ends with `{layer}` (activation `{act}`), but it is compiled with "
               "`{loss}`: the loss treats the probabilities as logits and applies `{act}` "
               "a second time.")
    beginner = """`from_logits=True` tells the loss that the model outputs raw scores
(logits) and that the loss should turn them into probabilities itself. But `{model}`
already turns its output into probabilities with `{act}` in `{layer}`. The probabilities
get squashed twice: training still runs, but it learns slowly or gets stuck, and no error
tells you why. Either remove the activation from the last layer (keep `from_logits=True`),
or keep the activation and use `from_logits=False` (the default)."""
    expert = """With `from_logits=True` the loss computes `{act}` (log-softmax or
log-sigmoid) of its input. Feeding it `{act}` outputs p ∈ [0, 1] computes e.g.
`log_softmax(softmax(z))`: the effective logits span at most 1, so the predicted
distribution is nearly uniform, the loss is bounded far from 0 and the gradient w.r.t. z is
damped by the {act} Jacobian. Accuracy can look fine while calibration and convergence are
poor."""
    fix = """# either: last layer without activation, the loss applies {act} itself
keras.layers.Dense({units}{name_kw})             # raw logits
{model}.compile(optimizer=..., loss=keras.losses.{loss_cls}(from_logits=True))
# or: keep activation="{act}" and let the loss take probabilities
{model}.compile(optimizer=..., loss=keras.losses.{loss_cls}(from_logits=False))"""
    known_false_alarms = "A model whose output is re-scaled into logits by a custom layer."
    references = ("https://keras.io/api/losses/probabilistic_losses/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        k = frameworks.get("keras")
        for v, head, loss, name, logits in compiled_head(ctx):
            if not logits or name not in k.PROBABILITY_LOSSES:
                continue
            if head.activation not in ("softmax", "sigmoid"):
                continue
            yield Evidence(subject=v.name, model=v.name, layer=head.name, act=head.activation,
                           loss=loss_repr(loss, name), units=head.units,
                           loss_cls=type_name(loss),
                           name_kw=_name_kw(getattr(head.layer, "name", None)))
