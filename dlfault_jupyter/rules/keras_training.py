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


# -- group 2: loss / metric / optimiser choice ------------------------------------------------


@register
class BinaryCrossentropyOnMulticlass(Rule):
    id = "DLF-T104"
    name = "binary-crossentropy-on-multiclass"
    title = "binary_crossentropy on a softmax multi-class output"
    taxonomy = "training.loss"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}` has a {units}-unit softmax output (`{layer}`) but is compiled with "
               "`{loss}`, a loss for yes/no outputs{metric_note}.")
    beginner = """Softmax over {units} units means "exactly one of {units} classes". Binary
cross-entropy instead treats each of the {units} outputs as a separate yes/no question.
Training still runs, but the loss is the wrong one, and the reported "accuracy" becomes a
per-output binary accuracy that looks much better than the real classification accuracy
(with {units} classes, predicting "no" everywhere already scores {fake_acc}%). Use
`categorical_crossentropy` (one-hot labels) or `sparse_categorical_crossentropy` (integer
labels)."""
    expert = """binary_crossentropy averages {units} independent Bernoulli
log-likelihoods over the softmax outputs, which is not the multinomial log-likelihood: its
gradients weight the negative classes differently and it is not a proper scoring rule for the
softmax distribution. With `metrics=["accuracy"]`, Keras resolves the metric from the loss
to `binary_accuracy` (thresholded at 0.5, per output), inflating the reported accuracy."""
    fix = """{model}.compile(optimizer=..., loss="categorical_crossentropy",   # one-hot y
              metrics=["accuracy"])
# integer labels: loss="sparse_categorical_crossentropy\""""
    known_false_alarms = "Soft multi-label targets deliberately used with a softmax."
    references = ("https://keras.io/api/losses/probabilistic_losses/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        k = frameworks.get("keras")
        for v, head, loss, name, _ in compiled_head(ctx):
            if name not in ("binary_crossentropy", "binary_focal_crossentropy"):
                continue
            if head.activation != "softmax" or head.units < 2:
                continue
            mets = (k.compile_config(v.obj) or {}).get("metrics") or []
            acc = any(m in ("accuracy", "acc") for m in mets if isinstance(m, str))
            note = (", and `accuracy` will be reported as binary accuracy per output"
                    if acc else "")
            yield Evidence(subject=v.name, model=v.name, layer=head.name, units=head.units,
                           loss=loss_repr(loss, name), metric_note=note,
                           fake_acc=round(100 * (head.units - 1) / head.units))


@register
class RegressionLossForClassification(Rule):
    id = "DLF-T105"
    name = "regression-loss-for-classification"
    title = "Mean squared/absolute error on a softmax classifier"
    taxonomy = "training.loss"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}` outputs class probabilities ({units}-unit softmax `{layer}`) but "
               "is trained with `{loss}`, a regression loss.")
    beginner = """`{loss}` measures distances between numbers, which suits predicting
quantities (prices, temperatures). `{model}` predicts which of {units} classes a sample
belongs to. With this loss it learns much more slowly, because the gradient nearly vanishes
when the model is confidently wrong. Use `categorical_crossentropy` for one-hot labels or
`sparse_categorical_crossentropy` for integer labels."""
    expert = """For softmax outputs, d(MSE)/dz carries the softmax Jacobian
p_i(δ_ij − p_j), which goes to 0 as p saturates, also when p saturates on the wrong class;
cross-entropy cancels it (dL/dz = p − y). MSE on probabilities is also not the
maximum-likelihood objective of a categorical model, so calibration is worse."""
    fix = """{model}.compile(optimizer=..., loss="categorical_crossentropy",  # one-hot y
              metrics=["accuracy"])"""
    known_false_alarms = "Distillation or soft-target regression onto probabilities."
    references = ("https://keras.io/api/losses/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        k = frameworks.get("keras")
        for v, head, loss, name, _ in compiled_head(ctx):
            if name in k.REGRESSION_LOSSES and head.activation == "softmax" and head.units > 1:
                yield Evidence(subject=v.name, model=v.name, layer=head.name,
                               units=head.units, loss=loss_repr(loss, name))


@register
class AccuracyMetricOnRegression(Rule):
    id = "DLF-T106"
    name = "accuracy-metric-on-regression"
    title = "'accuracy' metric on a regression model"
    taxonomy = "training.validation"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}` is a regression model (linear output `{layer}`, loss `{loss}`) but "
               "is compiled with `metrics=[{metric!r}]`: it counts exactly equal floats, so "
               "it stays near 0.")
    beginner = """Accuracy counts how often the prediction is *exactly* right, which only
makes sense for classes. `{model}` predicts continuous numbers with `{loss}`, so the
prediction is almost never exactly equal to the target and the accuracy is meaningless
(near 0), even while the model improves. Use a regression metric such as
`"mae"` or `keras.metrics.RootMeanSquaredError()`."""
    expert = """With a regression loss Keras resolves "accuracy" to `keras.metrics.Accuracy`,
which computes mean(y_true == y_pred) on float predictions: almost surely 0 for continuous
outputs, uninformative about the fit. Track MAE/RMSE/R² instead."""
    fix = """{model}.compile(optimizer=..., loss={loss}, metrics=["mae"])"""
    known_false_alarms = "Integer-valued regression targets with rounded predictions."
    references = ("https://keras.io/api/metrics/regression_metrics/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        k = frameworks.get("keras")
        for v, head, loss, name, _ in compiled_head(ctx):
            if name not in k.REGRESSION_LOSSES or head.activation != "linear":
                continue
            mets = (k.compile_config(v.obj) or {}).get("metrics") or []
            if not isinstance(mets, (list, tuple)):
                continue
            for m in mets:
                if isinstance(m, str) and m in ("accuracy", "acc"):
                    yield Evidence(subject=v.name, model=v.name, layer=head.name,
                                   loss=loss_repr(loss, name), metric=m)
                    break


_ADAPTIVE = ("Adam", "AdamW", "Adamax", "Nadam", "RMSprop", "Lion", "Lamb")


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
    known_false_alarms = ("Deliberate extremes: a learning-rate range test, or an optimiser "
                          "used with a large scaling of the loss.")
    references = ("https://keras.io/api/optimizers/",)

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
            if id(opt) in seen:
                continue
            seen.add(id(opt))
            lr = k.learning_rate(opt)
            if lr is None:
                continue
            cls = type(opt).__name__
            adaptive = cls in _ADAPTIVE
            high = 0.1 if adaptive else (1.0 if cls == "SGD" else None)
            typical = "1e-4 to 1e-2 (default 0.001)" if adaptive else "1e-3 to 1e-1"
            if high is not None and lr >= high:
                yield Evidence(
                    subject=name.split(".")[0], key=(name, lr), opt=name, cls=cls, lr=lr,
                    what=f"at least {high:g}: training will likely diverge",
                    advice="This one is so large that the weights jump past every minimum.",
                    typical=typical, symptom="jumps around, grows, or becomes NaN",
                    mechanism=("steps of this size overshoot the curvature of the loss "
                               "(lr·λ_max > 2 diverges for gradient descent); adaptive "
                               "optimisers normalise the gradient, so their step is ~lr "
                               "per weight regardless of the gradient scale."),
                    fix_line=f"{cls}(learning_rate=1e-3)")
            elif 0 <= lr < 1e-7:
                yield Evidence(
                    subject=name.split(".")[0], key=(name, lr), opt=name, cls=cls, lr=lr,
                    what="so small that training barely moves the weights",
                    advice="This one is so small that the weights hardly change.",
                    typical=typical, symptom="stays flat for ever",
                    mechanism=("updates of order lr·g are below float32 resolution for "
                               "most weights (relative eps 1.2e-7), so training stalls."),
                    fix_line=f"{cls}(learning_rate=1e-3)")
