"""Keras / tf.keras loss, metric, optimiser and training-process rules (namespace and
source evidence). Nothing here builds, compiles, fits or calls a model."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from .. import frameworks
from ..context import CellContext
from . import Evidence, Rule, register

# -- shared helpers (also used by keras_model / keras_data) ----------------------------------


def keras_models(ctx: CellContext) -> list[Any]:
    """Keras models of the namespace (Var objects)."""
    if frameworks.get("keras") is None:
        return []
    return ctx.ns.models("keras")


def compiled_head(ctx: CellContext) -> Iterator[tuple[Any, Any, Any, str, bool]]:
    """(var, head, loss object, loss name, from_logits) of compiled single-output
    Sequential/functional Keras models whose output layer is a Dense."""
    k = frameworks.get("keras")
    if k is None:
        return
    for v in keras_models(ctx):
        cfg = k.compile_config(v.obj)
        if not cfg:
            continue
        loss = cfg.get("loss")
        name = k.loss_name(loss)
        if not name:
            continue
        head = k.output_head(v.obj)
        if head is None:
            continue
        yield v, head, loss, name, k.loss_from_logits(loss)


def loss_repr(loss: Any, name: str) -> str:
    if isinstance(loss, str):
        return repr(loss)
    cls = type(loss).__name__
    if cls == "LossFunctionWrapper" or not frameworks.get("keras").is_loss(loss):
        return name
    fl = getattr(loss, "from_logits", None)
    return f"{cls}(from_logits={fl})" if isinstance(fl, bool) else f"{cls}()"


def _name_value(ctx: CellContext, node: ast.expr | None) -> tuple[str | None, Any]:
    if isinstance(node, ast.Name) and node.id in ctx.user_ns:
        return node.id, ctx.user_ns[node.id]
    return None, None


class FitCall:
    __slots__ = ("call", "model", "x_name", "x", "y_name", "y")

    def __init__(self, call, model, x_name, x, y_name, y):
        self.call, self.model, self.x_name, self.x, self.y_name, self.y = (
            call, model, x_name, x, y_name, y)


def fit_calls(ctx: CellContext, attrs: tuple[str, ...] = ("fit",)) -> list[FitCall]:
    """``model.fit(X, y, ...)`` calls of this cell on a Keras model of the namespace, with
    X and y resolved when they are plain variable names bound to arrays/tensors."""
    out: list[FitCall] = []
    if frameworks.get("keras") is None:
        return out
    for c in ctx.source.calls_to(*attrs):
        var = ctx.ns.get(c.receiver)
        if var is None or var.kind != "model" or var.framework != "keras":
            continue
        xn, x = _name_value(ctx, c.kwarg("x", 0))
        yn, y = _name_value(ctx, c.kwarg("y", 1))
        if not _is_data(ctx, x):
            xn, x = None, None
        if not _is_data(ctx, y):
            yn, y = None, None
        out.append(FitCall(c, var, xn, x, yn, y))
    return out


def _is_data(ctx: CellContext, obj: Any) -> bool:
    if obj is None:
        return False
    n = frameworks.get("numpy")
    if n is not None and n.is_array(obj):
        return True
    k = frameworks.get("keras")
    return k is not None and k.is_tensor(obj)


def data_summary(obj: Any) -> Any:
    n = frameworks.get("numpy")
    if n is not None and n.is_array(obj):
        return n.summary(obj)
    return frameworks.get("keras").summary(obj)


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
keras.layers.Dense({units}, name="{layer}")             # raw logits
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
                           loss_cls=type(loss).__name__)


@register
class LogitsWithProbabilityLoss(Rule):
    id = "DLF-T102"
    name = "logits-with-probability-loss"
    title = "Linear output compiled with a loss that expects probabilities"
    taxonomy = "training.loss"
    severity = "error"
    silent = True
    evidence = "namespace"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}`'s output layer `{layer}` ({units} units) has no activation (raw "
               "logits), but the loss `{loss}` expects probabilities (`from_logits=False`).")
    beginner = """`{loss}` assumes the model's outputs are probabilities between 0 and 1.
The last layer `{layer}` of `{model}` has no activation, so it outputs any number, also
negative ones. Keras clips them into [0, 1] before taking the logarithm: most gradients
vanish, and the model trains badly without any error message. Tell the loss that it gets
raw scores: `{fix_loss}`, or add `activation="{want}"` to the last layer."""
    expert = """Keras' probabilistic losses with `from_logits=False` clip the prediction
to [ε, 1-ε] (and categorical cross-entropy renormalises by the sum) before `log`. On
unbounded logits, negative scores are clipped to ε and their gradient is zero, and the sum
normalisation of mixed-sign scores is meaningless. Pass `from_logits=True`, which uses the
numerically stable fused log-{want} + cross-entropy."""
    fix = """{model}.compile(optimizer=..., loss={fix_loss}, metrics=[...])
# and for predictions: probs = keras.activations.{want}({model}.predict(x))"""
    known_false_alarms = ("A last layer whose outputs are already in [0, 1] by construction "
                          "(e.g. a custom constraint) without an activation.")
    references = ("https://keras.io/api/losses/probabilistic_losses/",)

    _CLS = {"categorical_crossentropy": "CategoricalCrossentropy",
            "sparse_categorical_crossentropy": "SparseCategoricalCrossentropy",
            "binary_crossentropy": "BinaryCrossentropy",
            "binary_focal_crossentropy": "BinaryFocalCrossentropy",
            "categorical_focal_crossentropy": "CategoricalFocalCrossentropy"}

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for v, head, loss, name, logits in compiled_head(ctx):
            if logits or name not in self._CLS or head.activation != "linear":
                continue
            want = "sigmoid" if name.startswith("binary") else "softmax"
            yield Evidence(subject=v.name, model=v.name, layer=head.name, units=head.units,
                           loss=loss_repr(loss, name), want=want,
                           fix_loss=f"keras.losses.{self._CLS[name]}(from_logits=True)")
