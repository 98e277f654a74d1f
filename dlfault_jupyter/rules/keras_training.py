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


def raised(ctx: CellContext) -> bool:
    """The cell raised: the exception explainers (errors_keras) own crashes that already
    happened; source checks that predict the same crash stay quiet then."""
    return ctx.error is not None


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
Training still runs, but the loss is the wrong one: it pushes each output towards 0 or 1 on
its own instead of sharing one probability over the classes. Use `categorical_crossentropy`
(one-hot labels) or `sparse_categorical_crossentropy` (integer labels)."""
    expert = """binary_crossentropy averages {units} independent Bernoulli
log-likelihoods over the softmax outputs, which is not the multinomial log-likelihood: its
gradients weight the negative classes differently and it is not a proper scoring rule for the
softmax distribution. (Keras 2 also resolved `metrics=["accuracy"]` from this loss to a
per-output `binary_accuracy`, which inflated it; Keras 3 resolves it from the shapes of labels
and outputs, so the accuracy it reports here is the categorical one.)"""
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
            # with 2 softmax units, BCE over both outputs equals the categorical
            # cross-entropy and binary accuracy equals the accuracy: nothing is wrong
            if head.activation != "softmax" or head.units < 3:
                continue
            # Keras 3 picks "accuracy" from the shapes (categorical here), not from the
            # loss: only Keras 2 reported a per-output binary accuracy
            # (tests/test_framework_claims.py)
            mets = (k.compile_config(v.obj) or {}).get("metrics") or []
            acc = any(m in ("accuracy", "acc") for m in mets if isinstance(m, str))
            note = (", and `accuracy` will be reported as binary accuracy per output"
                    if acc and _keras_major() < 3 else "")
            yield Evidence(subject=v.name, model=v.name, layer=head.name, units=head.units,
                           loss=loss_repr(loss, name), metric_note=note)


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
               "is compiled with `metrics=[{metric!r}]`: Keras turns it into a "
               "classification accuracy, which says nothing about a regression fit.")
    beginner = """Accuracy counts how often the predicted class is right, which only makes
sense for classes. `{model}` predicts continuous numbers with `{loss}`, but Keras turns
"accuracy" into a classification accuracy (with one output: is the target 1 when the
prediction is above 0.5, and 0 otherwise?), so for continuous targets it is meaningless (near
0), even while the model improves. Use a regression metric such as `"mae"` or
`keras.metrics.RootMeanSquaredError()`."""
    expert = """Keras 3 resolves "accuracy" from the shapes of targets and predictions, not
from the loss: `BinaryAccuracy` for a one-unit output, which compares y_true with
`y_pred > 0.5` cast to 0/1 (almost surely 0 for continuous targets), `CategoricalAccuracy`
(argmax agreement) for several units. Neither is informative about the fit. Track MAE/RMSE/R²
instead."""
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


def _keras_major() -> int:
    import sys
    ver = str(getattr(sys.modules.get("keras"), "__version__", "3"))
    return int(ver.split(".")[0]) if ver[:1].isdigit() else 3


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
            cls = type(opt).__name__
            adaptive = cls in _ADAPTIVE
            high = 0.1 if adaptive else (1.0 if cls == "SGD" else None)
            typical = "1e-4 to 1e-2 (default 0.001)" if adaptive else "1e-3 to 1e-1"
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
                    severity=sev,
                    subject=name.split(".")[0], key=(name, lr), opt=name, cls=cls, lr=lr,
                    what=f"at least {high:g}: training will likely diverge",
                    advice="This one is so large that the weights jump past every minimum.",
                    typical=typical, symptom="jumps around, grows, or becomes NaN",
                    mechanism=("steps of this size overshoot the curvature of the loss "
                               "(lr·λ_max > 2 diverges for gradient descent); adaptive "
                               "optimisers normalise the gradient, so their step is ~lr "
                               "per weight regardless of the gradient scale."),
                    fix_line=f"keras.optimizers.{cls}(learning_rate=1e-3)", same_cause="learning-rate")
            elif 0 <= lr < 1e-7:
                yield Evidence(
                    subject=name.split(".")[0], key=(name, lr), opt=name, cls=cls, lr=lr,
                    what="so small that training barely moves the weights",
                    advice="This one is so small that the weights hardly change.",
                    typical=typical, symptom="stays flat for ever",
                    mechanism=("updates of order lr·g are below float32 resolution for "
                               "most weights (relative eps 1.2e-7), so training stalls."),
                    fix_line=f"keras.optimizers.{cls}(learning_rate=1e-3)")


def _weighted_depth(model: Any) -> int:
    """Number of layers with a kernel (Dense, Conv...) in the model, nested models included."""
    try:
        layers = list(model._flatten_layers(include_self=False))
    except Exception:  # noqa: BLE001
        return 99
    n = 0
    for la in layers:
        if getattr(la, "layers", None):
            continue
        try:
            if getattr(la, "kernel", None) is not None or \
                    type(la).__name__ in ("LSTM", "GRU", "SimpleRNN", "Embedding"):
                n += 1
        except Exception:  # noqa: BLE001
            n += 1
    return n


# -- labels seen through model.fit(X, y) calls -------------------------------------------------


def fit_with_head(ctx: CellContext) -> Iterator[tuple[FitCall, Any, Any, str]]:
    """(fit call, head, loss object, loss name) for fit calls of compiled Keras models."""
    k = frameworks.get("keras")
    if k is None:
        return
    for fc in fit_calls(ctx):
        cfg = k.compile_config(fc.model.obj)
        if not cfg:
            continue
        loss = cfg.get("loss")
        name = k.loss_name(loss)
        head = k.output_head(fc.model.obj)
        if name and head is not None:
            yield fc, head, loss, name


@register
class LabelEncodingMismatch(Rule):
    id = "DLF-T103"
    name = "label-encoding-mismatch"
    title = "Labels encoded for the other cross-entropy (integer vs one-hot)"
    taxonomy = "training.preprocessing"
    severity = "error"
    silent = False
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}.fit` gets `{y}` with shape {shape} ({encoding}), but the loss "
               "`{loss}` expects {expects}.")
    beginner = """There are two ways to write class labels: as class numbers (`2`) or as
one-hot rows (`[0, 0, 1, 0]`). Each cross-entropy loss in Keras accepts only one of them:
`sparse_categorical_crossentropy` takes class numbers, `categorical_crossentropy` takes
one-hot rows. `{y}` is written as {encoding} but `{model}` is compiled with `{loss}`, so
Keras stops with a shape error. {todo}"""
    expert = """`categorical_crossentropy` computes −Σ_c y_c log p_c and needs y with the
output's shape (N, {units}); `sparse_categorical_crossentropy` gathers −log p_y and needs
integer y of shape (N,) or (N, 1). Here y is {shape} {encoding} against an output of
{units} units. Either convert the labels or switch the loss; the two are mathematically the
same objective."""
    fix = """{fix_code}"""
    references = ("https://keras.io/api/losses/probabilistic_losses/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        if raised(ctx):
            return
        for fc, head, loss, name in fit_with_head(ctx):
            if fc.y is None or head.units < 2:
                continue
            s = data_summary(fc.y)
            if not s.has_values:
                continue
            m = fc.model.name
            if name == "categorical_crossentropy" and (
                    len(s.shape) == 1 or (len(s.shape) == 2 and s.shape[1] == 1)) \
                    and s.integral and s.min is not None and s.min >= 0:
                yield Evidence(
                    line=fc.call.line, subject=m, model=m, y=fc.y_name, shape=s.shape,
                    encoding="integer class numbers", loss=loss_repr(loss, name),
                    expects=f"one-hot rows of {head.units} values", units=head.units,
                    todo=(f"Convert the labels with `keras.utils.to_categorical({fc.y_name}, "
                          f"{head.units})`, or compile with "
                          "`loss=\"sparse_categorical_crossentropy\"`."),
                    fix_code=(f"{m}.compile(optimizer=..., loss=\"sparse_categorical_"
                              f"crossentropy\", metrics=[\"accuracy\"])\n# or: "
                              f"{fc.y_name} = keras.utils.to_categorical({fc.y_name}, "
                              f"{head.units})"))
            elif name == "sparse_categorical_crossentropy" and len(s.shape) == 2 and \
                    s.shape[1] > 1 and s.uniques is not None and \
                    set(s.uniques) <= {0.0, 1.0}:
                yield Evidence(
                    line=fc.call.line, subject=m, model=m, y=fc.y_name, shape=s.shape,
                    encoding="one-hot rows", loss=loss_repr(loss, name),
                    expects="integer class numbers of shape (N,)", units=head.units,
                    todo=("Compile with `loss=\"categorical_crossentropy\"`, or turn the rows "
                          f"into class numbers with `{fc.y_name}.argmax(axis=1)`."),
                    fix_code=(f"{m}.compile(optimizer=..., loss=\"categorical_crossentropy\", "
                              f"metrics=[\"accuracy\"])\n# or: {m}.fit(X, "
                              f"{fc.y_name}.argmax(axis=1), ...)"))


def _sorted_labels(fc: FitCall, head: Any, name: str) -> Any:
    """Sampled labels of y in order when y is sorted by class (≥ 2 classes) and the model
    is a classifier; else None."""
    k = frameworks.get("keras")
    if fc.y is None:
        return None
    if name not in k.PROBABILITY_LOSSES and head.activation not in ("softmax", "sigmoid"):
        return None
    lab = k.first_axis_labels(fc.y)
    if lab is None or len(lab) < 8:
        return None
    import numpy as np
    d = np.diff(lab)
    if len(np.unique(lab)) < 2 or not (np.all(d >= 0) or np.all(d <= 0)):
        return None
    return lab


@register
class ValidationSplitOnSortedLabels(Rule):
    id = "DLF-T107"
    name = "validation-split-on-sorted-labels"
    title = "validation_split on labels sorted by class"
    taxonomy = "training.validation"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{y}` is sorted by class and `validation_split={split}` holds out its last "
               "{pct}%: validation sees only class(es) {val}{missing}.")
    beginner = """Keras' `validation_split` does not pick random samples: it takes the
last {pct}% of the arrays, before any shuffling. Because `{y}` is sorted by class, that part
contains only class(es) {val}. The validation score then measures the wrong thing (and
training never sees some classes), without any warning. Shuffle the data once before
`fit`, or split it yourself with a random, stratified split."""
    expert = """`fit(validation_split=v)` slices `x[-int(N·v):]` as validation data before
the per-epoch shuffle (keras `train_validation_split`). With class-sorted arrays the split
is a class-disjoint split: validation loss/accuracy are estimated on a different label
distribution than training, and held-out classes are never learned."""
    fix = """import numpy as np
perm = np.random.default_rng(0).permutation(len({y}))
{x}, {y} = {x}[perm], {y}[perm]
{model}.fit({x}, {y}, validation_split={split}, ...)"""
    references = ("https://keras.io/api/models/model_training_apis/#fit-method",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for fc, head, _loss, name in fit_with_head(ctx):
            split = fc.call.const("validation_split")
            if not isinstance(split, float) or not 0 < split < 1:
                continue
            lab = _sorted_labels(fc, head, name)
            if lab is None:
                continue
            cut = int(round(len(lab) * (1 - split)))
            val = sorted({int(v) for v in lab[cut:]})
            train = {int(v) for v in lab[:cut]}
            miss = [c for c in val if c not in train]
            yield Evidence(line=fc.call.line, subject=fc.model.name, model=fc.model.name,
                           y=fc.y_name, x=fc.x_name or "X", split=split,
                           pct=round(100 * split), val=", ".join(map(str, val)),
                           missing=(f" (class {', '.join(map(str, miss))} never in training)"
                                    if miss else ""))


@register
class NoShuffleOnSortedLabels(Rule):
    id = "DLF-A110"
    name = "no-shuffle-on-sorted-labels"
    title = "fit(shuffle=False) on labels sorted by class"
    taxonomy = "api"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}.fit(..., shuffle=False)` on `{y}`, which is sorted by class: every "
               "epoch shows the classes one block after another.")
    beginner = """With `shuffle=False`, Keras feeds the samples in their stored order.
`{y}` is sorted by class, so each epoch first trains only on one class, then only on the
next: the model keeps forgetting the earlier classes and ends up biased towards the last
one. Nothing warns you. Remove `shuffle=False` (Keras shuffles by default)."""
    expert = """Mini-batch SGD assumes batches are (approximately) i.i.d. samples of the
training distribution. Class-sorted, unshuffled batches give long runs of single-class
gradients: the optimiser tracks the current class (catastrophic interference), the batch
statistics of BatchNormalization are class-specific, and the final weights are biased to
the last block."""
    fix = """{model}.fit({x}, {y}, shuffle=True, ...)   # the default"""
    known_false_alarms = "Deliberate curriculum learning ordered by class."
    references = ("https://keras.io/api/models/model_training_apis/#fit-method",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for fc, head, _loss, name in fit_with_head(ctx):
            if fc.call.const("shuffle", default=True) is not False:
                continue
            if _sorted_labels(fc, head, name) is None:
                continue
            yield Evidence(line=fc.call.line, subject=fc.model.name, model=fc.model.name,
                           y=fc.y_name, x=fc.x_name or "X")


# -- calls and assignments seen in the source ---------------------------------------------------

_MODE_LAYERS = ("Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D",
                "GaussianDropout", "AlphaDropout", "GaussianNoise", "BatchNormalization")


def _mode_layers(model: Any) -> list[str]:
    try:
        it = model._flatten_layers(include_self=False)
        return [la.name for la in it if type(la).__name__ in _MODE_LAYERS][:4]
    except Exception:  # noqa: BLE001
        return []


@register
class TrainingModeAtInference(Rule):
    id = "DLF-T110"
    name = "training-mode-at-inference"
    title = "Model called with training=True outside a training step"
    taxonomy = "training.validation"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{call}` runs `{model}` in training mode outside a training step: {layers} "
               "behave as during training.")
    beginner = """`training=True` switches on training behaviour: Dropout randomly drops
units, and BatchNormalization uses the current batch's statistics (and updates its stored
averages). Here `{model}` is called like that outside any training step (no
`tf.GradientTape`), so predictions are noisy or wrong, and no error appears. For
predictions use `{model}(x, training=False)` or `{model}.predict(x)`."""
    expert = """With training=True, Dropout samples masks (RNG draws, non-deterministic
output) and BatchNormalization normalises with batch moments and updates its moving
mean/variance — a side effect on the model's state. Outside a `GradientTape` no gradient is
taken, so this is inference in training mode: outputs depend on the batch composition.
(MC-dropout is the deliberate exception.) Layers affected: {layers}."""
    fix = """preds = {model}(x, training=False)    # or {model}.predict(x)"""
    known_false_alarms = "Monte-Carlo dropout (repeated stochastic forward passes on purpose)."
    references = ("https://keras.io/getting_started/faq/#whats-the-difference-between-the-training-argument-in-call-and-the-trainable-attribute",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        for c in src.calls:
            if c.function is not None or c.receiver is not None:
                continue
            var = ctx.ns.get(c.name)
            if var is None or var.kind != "model" or var.framework != "keras":
                continue
            if c.const("training") is not True:
                continue
            if src.inside_with(c.node, "GradientTape"):
                continue
            if any(lf.has_call("gradient", "apply_gradients", "minimize") for lf in c.loops):
                continue
            layers = _mode_layers(var.obj)
            if not layers:
                continue
            if _mc_dropout(src, c.node, var.obj):
                continue
            yield Evidence(line=c.line, subject=var.name, model=var.name,
                           call=src.segment(c.node) or f"{var.name}(..., training=True)",
                           layers=", ".join(f"`{n}`" for n in layers))


def _mc_dropout(src: Any, node: ast.AST, model: Any) -> bool:
    """Monte-Carlo dropout: the training=True call repeats inside a loop or comprehension
    whose variable it does not use (``[model(x, training=True) for _ in range(50)]``), on a
    model with Dropout."""
    from ..source.facts import iter_names
    try:
        if not any("Dropout" in type(la).__name__
                   for la in model._flatten_layers(include_self=False)):
            return False
    except Exception:  # noqa: BLE001
        return False
    used = set(iter_names(node))
    p = src.parent(node)
    while p is not None:
        if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return False
        gens = []
        if isinstance(p, (ast.ListComp, ast.GeneratorExp, ast.SetComp, ast.DictComp)):
            gens = [g.target for g in p.generators]
        elif isinstance(p, (ast.For, ast.AsyncFor)):
            gens = [p.target]
        for t in gens:
            if not set(iter_names(t)) & used:
                return True
        p = src.parent(p)
    return False


def _trainable_assigns(src) -> list[tuple[int, ast.AST, ast.Assign]]:
    out = []
    if src.tree is None:
        return out
    for n in ast.walk(src.tree):
        if isinstance(n, ast.Assign):
            for t in n.targets:
                if isinstance(t, ast.Attribute) and t.attr == "trainable":
                    out.append((n.lineno, t.value, n))
    return out


def _root_object(ctx: CellContext, node: ast.AST, stmt: ast.AST) -> tuple[str | None, Any]:
    """The namespace object a ``<expr>.trainable = ...`` target is rooted at; loop targets
    (``for layer in model.layers: layer.trainable = False``) resolve to the loop's iterable."""
    from ..source.facts import root_name
    name = root_name(node)
    p = ctx.source.parent(stmt)
    while p is not None and name is not None:
        if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            return None, None
        if isinstance(p, ast.For) and isinstance(p.target, ast.Name) and p.target.id == name:
            name = root_name(p.iter)
        p = ctx.source.parent(p)
    if name is None or name not in ctx.user_ns:
        return None, None
    return name, ctx.user_ns[name]


@register
class TrainableChangedAfterCompile(Rule):
    id = "DLF-T111"
    name = "trainable-changed-after-compile"
    title = "trainable changed after the model was compiled and trained, without re-compiling"
    taxonomy = "training.process"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{target} = {value}` ({where}) came after `{model}` was compiled and "
               "trained, and this `{model}.fit` runs without a new `{model}.compile(...)`: "
               "the change is ignored.")
    beginner = """Keras prepares its training step when the model is compiled and first
trained. Changing `trainable` afterwards (to freeze or unfreeze layers, e.g. for
fine-tuning) has no effect on that prepared step: the layers you froze keep training (or
the unfrozen ones stay frozen), silently. Call `{model}.compile(...)` again after changing
`trainable`, before the next `fit`."""
    expert = """`fit` traces and caches `train_function` over the trainable variables
that exist at trace time; compile() resets it. Setting `trainable` after the function was
traced leaves the cached graph (and the optimizer's variable list) unchanged, so the
frozen/unfrozen state is not applied until the next `compile()`."""
    fix = """{target} = {value}
{model}.compile(optimizer=keras.optimizers.Adam(1e-5), loss=..., metrics=[...])  # re-compile
{model}.fit(...)"""
    references = ("https://keras.io/guides/transfer_learning/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        k = frameworks.get("keras")
        src = ctx.source
        if k is None or not src.ok:
            return
        mem = ctx.remember(self.id)
        fitted: set[int] = mem.setdefault("fitted", set())
        # id(model) -> (target text, value text, cell, line) of a trainable change made
        # after the model was compiled and trained, not yet followed by compile()
        pending: dict[int, tuple[str, str, int, int]] = mem.setdefault("pending", {})
        models = {v.name: v for v in keras_models(ctx)}
        events: list[tuple[int, str, Any]] = []
        for c in src.calls:
            if c.function is None and c.receiver in models and c.attr in ("compile", "fit"):
                events.append((c.line, c.attr, c))
        for line, node, stmt in _trainable_assigns(src):
            events.append((line, "trainable", (node, stmt)))
        events.sort(key=lambda e: e[0])
        for line, kind, what in events:
            if kind == "compile":
                oid = id(models[what.receiver].obj)
                fitted.discard(oid)
                pending.pop(oid, None)
                continue
            if kind == "fit":
                m = models[what.receiver]
                oid = id(m.obj)
                if oid in pending:
                    target, value, cell, tline = pending.pop(oid)
                    where = f"line {tline}" if cell == ctx.cell else f"cell {cell}, line {tline}"
                    yield Evidence(line=line, subject=m.name, model=m.name, target=target,
                                   value=value, where=where)
                fitted.add(oid)
                continue
            node, stmt = what
            rname, obj = _root_object(ctx, node, stmt)
            if obj is None or not (k.is_model(obj) or k.is_layer(obj)):
                continue
            for m in models.values():
                if id(m.obj) not in fitted:
                    continue
                if obj is not m.obj:
                    try:
                        inside = any(la is obj for la in m.obj._flatten_layers(
                            include_self=False))
                    except Exception:  # noqa: BLE001
                        inside = False
                    if not inside:
                        continue
                pending.setdefault(id(m.obj), (
                    src.segment(stmt.targets[0]) or f"{rname}.trainable",
                    src.segment(stmt.value) or "False", ctx.cell, line))


_OPTIMIZERS = ("SGD", "Adam", "AdamW", "Adamax", "Nadam", "RMSprop", "Adagrad", "Adadelta",
               "Ftrl", "Lion", "Adafactor", "Lamb")
_RENAMED_ARGS = {"lr": "learning_rate"}
_REMOVED_ARGS = {"decay": "a learning-rate schedule, e.g. "
                          "`keras.optimizers.schedules.InverseTimeDecay`"}
#: what Keras 3 does with each argument (tests/test_framework_claims.py checks both):
#: `lr=` raises, `decay=` is accepted with a UserWarning and ignored
_FATE = {"lr": "rejects it (\"Argument(s) not recognized\")",
         "decay": "ignores it (it only warns \"Argument `decay` is no longer supported and "
                  "will be ignored\"), so the learning rate never decays"}


def _is_keras_name(ctx: CellContext, dotted: str | None) -> bool:
    q = ctx.source.qualname(dotted)
    return bool(q) and q.split(".")[0] in ("keras", "tensorflow", "tf_keras")


def _default_lr(cls: Any) -> str | None:
    """The default ``learning_rate`` of a Keras optimizer class, as source text."""
    import inspect
    try:
        d = inspect.signature(cls).parameters["learning_rate"].default
    except (TypeError, ValueError, KeyError):
        return None
    return repr(d) if isinstance(d, float) else None


@register
class DeprecatedOptimizerArgument(Rule):
    id = "DLF-A101"
    name = "deprecated-optimizer-argument"
    title = "Keras 2 optimizer argument (lr=, decay=) that Keras 3 rejects or ignores"
    taxonomy = "api"
    severity = "error"
    silent = False
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = "`{call}` uses `{arg}=`, a Keras 2 argument: Keras 3 {fate}. Use {instead}."
    beginner = """Older Keras tutorials write `{opt}({arg}=...)`. Keras 3 (TensorFlow 2.16+)
{fate}. Use {instead}."""
    expert = """Keras 3 optimizers take the learning rate only as `learning_rate` (a float
or a `LearningRateSchedule`): the legacy `lr` alias raises "Argument(s) not recognized", and
`decay` is accepted only to warn that it is ignored, so the per-step decay of Keras 2 no
longer happens. Both went with `keras.optimizers.legacy`."""
    fix = """{fixed}"""
    references = ("https://keras.io/api/optimizers/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for c in ctx.source.calls:
            if c.attr not in _OPTIMIZERS or not _is_keras_name(ctx, c.name):
                continue
            for arg in c.kwargs:
                seg = ctx.source.segment
                if arg in _RENAMED_ARGS:
                    instead = f"`{_RENAMED_ARGS[arg]}=`"
                    val = seg(c.kwargs[arg]) or "1e-3"
                    fixed = f"{c.name}(learning_rate={val})"
                    sev = None
                elif arg in _REMOVED_ARGS:
                    instead = _REMOVED_ARGS[arg]
                    # the user's own learning rate and other arguments; none given: the
                    # optimizer's own default, the rate the call runs with today
                    lr = next((seg(c.kwargs[k]) for k in ("learning_rate", "lr")
                               if k in c.kwargs), None) or (seg(c.args[0]) if c.args else None)
                    if lr is None:
                        lr = _default_lr(ctx.source.resolve(c.name))
                    rest = "".join(f", {k}={seg(v)}" for k, v in c.kwargs.items()
                                   if k not in ("learning_rate", "lr", "decay"))
                    fixed = (f"schedule = keras.optimizers.schedules.InverseTimeDecay(\n"
                             f"    initial_learning_rate={lr or '...'}, decay_steps=1, "
                             f"decay_rate={seg(c.kwargs[arg]) or '1e-6'})\n"
                             f"{c.name}(learning_rate=schedule{rest})")
                    sev = "warning"   # Keras warns and goes on with a constant rate
                else:
                    continue
                yield Evidence(line=c.line, severity=sev,
                               call=ctx.source.segment(c.node) or c.name, arg=arg,
                               fate=_FATE[arg], instead=instead, opt=c.name, fixed=fixed)
                break


_REMOVED_METHODS = {
    "fit_generator": ("fit", "`{r}.fit(generator_or_dataset, ...)`: fit accepts generators, "
                             "tf.data datasets and PyDataset"),
    "evaluate_generator": ("evaluate", "`{r}.evaluate(generator_or_dataset)`"),
    "predict_generator": ("predict", "`{r}.predict(generator_or_dataset)`"),
    "predict_classes": ("predict", "`{r}.predict(x).argmax(axis=-1)` (softmax) or "
                                   "`({r}.predict(x) > 0.5).astype(\"int32\")` (sigmoid)"),
    "predict_proba": ("predict", "`{r}.predict(x)` (it returns the probabilities)"),
}
_REMOVED_FUNCS = {
    "tensorflow.Session": "eager execution (just run the ops) or `tf.function`",
    "tensorflow.placeholder": "function arguments of a `tf.function` / `keras.Input`",
    "tensorflow.global_variables_initializer": "nothing: variables are initialised when "
                                               "created in TF2",
    "tensorflow.set_random_seed": "`tf.random.set_seed(...)` (or `keras.utils.set_random_seed`)",
    "tensorflow.train.AdamOptimizer": "`keras.optimizers.Adam(learning_rate=...)`",
    "tensorflow.train.GradientDescentOptimizer": "`keras.optimizers.SGD(learning_rate=...)`",
    "tensorflow.keras.backend.get_session": "eager execution (no sessions in TF2)",
    "tensorflow.keras.backend.set_session": "eager execution (no sessions in TF2)",
    "keras.backend.get_session": "eager execution (no sessions in TF2)",
    "tensorflow.keras.layers.CuDNNLSTM": "`keras.layers.LSTM` (uses cuDNN automatically)",
    "keras.layers.CuDNNLSTM": "`keras.layers.LSTM` (uses cuDNN automatically)",
    "tensorflow.keras.layers.CuDNNGRU": "`keras.layers.GRU` (uses cuDNN automatically)",
    "keras.layers.CuDNNGRU": "`keras.layers.GRU` (uses cuDNN automatically)",
    "keras.utils.np_utils.to_categorical": "`keras.utils.to_categorical`",
    "tensorflow.keras.utils.np_utils.to_categorical": "`keras.utils.to_categorical`",
}


@register
class RemovedKerasApi(Rule):
    id = "DLF-A102"
    name = "removed-keras-api"
    title = "Call to a Keras/TensorFlow API that no longer exists (Keras 3 / TF2)"
    taxonomy = "api"
    severity = "error"
    silent = False
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = "`{old}` was removed ({since}); use {new}."
    beginner = """This code follows an older tutorial: `{old}` does not exist in the
installed version, so Python stops with {error}. Use {new} instead."""
    expert = """{since}: `{old}` has no equivalent name any more. The replacement is {new}.
(`tf.compat.v1` keeps most TF1 graph-mode APIs, but mixing them with Keras 3 models is not
supported.)"""
    fix = """{fixed}"""
    references = ("https://keras.io/guides/migrating_to_keras_3/",
                  "https://www.tensorflow.org/guide/migrate")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        for c in src.calls:
            if c.attr in _REMOVED_METHODS and c.receiver:
                var = ctx.ns.get(c.receiver.split(".")[0])
                if var is None or var.kind != "model" or var.framework != "keras":
                    continue
                modern, new = _REMOVED_METHODS[c.attr]
                new = new.format(r=c.receiver)
                seg = src.segment(c.node)
                fixed = seg.replace(f".{c.attr}(", f".{modern}(", 1) if seg else new
                if c.attr == "predict_classes" and seg:
                    fixed = fixed + ".argmax(axis=-1)"
                yield Evidence(line=c.line, subject=var.name, old=f"{c.receiver}.{c.attr}",
                               since="Keras 2.6 / Keras 3", new=new, fixed=fixed,
                               error="an AttributeError")
                continue
            q = src.qualname(c.name)
            if q in _REMOVED_FUNCS:
                new = _REMOVED_FUNCS[q]
                yield Evidence(line=c.line, old=c.name, since="TensorFlow 2 / Keras 3",
                               new=new, fixed=f"# instead of {c.name}(...): {new}",
                               error="an AttributeError")
        yield from _removed_imports(ctx)
        yield from _keras1_arguments(ctx)


# Keras 2 module paths that Keras 3 (and tf.keras in TF >= 2.16) no longer has
_MOVED_MODULES = {
    "keras.layers.core": "`from keras.layers import Dense, Dropout, Flatten, Activation`",
    "keras.layers.convolutional": "`from keras.layers import Conv2D, MaxPooling2D, ...`",
    "keras.layers.pooling": "`from keras.layers import MaxPooling2D, GlobalAveragePooling2D`",
    "keras.layers.recurrent": "`from keras.layers import LSTM, GRU, SimpleRNN`",
    "keras.layers.normalization": "`from keras.layers import BatchNormalization`",
    "keras.layers.embeddings": "`from keras.layers import Embedding`",
    "keras.layers.merge": "`from keras.layers import concatenate, add` (or `Concatenate`)",
    "keras.layers.advanced_activations": "`from keras.layers import LeakyReLU, PReLU, ELU`",
    "keras.layers.wrappers": "`from keras.layers import TimeDistributed, Bidirectional`",
    "keras.layers.experimental": "`keras.layers` (e.g. `keras.layers.Normalization`, "
                                 "`keras.layers.Rescaling`, `keras.layers.RandomFlip`)",
    "keras.engine": "`from keras.layers import Layer, InputSpec` / `from keras import Model`",
    "keras.utils.np_utils": "`from keras.utils import to_categorical`",
    "keras.utils.vis_utils": "`from keras.utils import plot_model`",
    # keras.wrappers itself exists again (SKLearnClassifier/Regressor); its Keras 2
    # submodule does not
    "keras.wrappers.scikit_learn": "`from keras.wrappers import SKLearnClassifier` (or "
                                   "`SKLearnRegressor`), or the `scikeras` package",
    "keras.preprocessing.text": "`keras.layers.TextVectorization`",
}
_MOVED_NAMES = {
    ("keras.utils", "np_utils"): "`from keras.utils import to_categorical`",
    ("keras.layers", "merge"): "`from keras.layers import concatenate, add` (or `Concatenate`)",
    ("keras.layers", "CuDNNLSTM"): "`keras.layers.LSTM` (uses cuDNN automatically)",
    ("keras.wrappers", "KerasClassifier"): "`from keras.wrappers import SKLearnClassifier`",
    ("keras.wrappers", "KerasRegressor"): "`from keras.wrappers import SKLearnRegressor`",
    ("keras.layers", "CuDNNGRU"): "`keras.layers.GRU` (uses cuDNN automatically)",
    ("keras.preprocessing.image", "ImageDataGenerator"):
        "`keras.utils.image_dataset_from_directory` with augmentation layers "
        "(`keras.layers.RandomFlip`, `RandomRotation`...)",
}
_OPT_CLASSES = {o.lower(): o for o in ("SGD", "Adam", "AdamW", "Adamax", "Nadam", "RMSprop",
                                        "Adagrad", "Adadelta", "Ftrl")}


def _keras_mod(mod: str) -> str:
    for p in ("tensorflow.keras.", "tensorflow.python.keras.", "tf_keras."):
        if mod.startswith(p):
            return "keras." + mod[len(p):]
    return mod


def _removed_imports(ctx: CellContext) -> Iterator[Evidence]:
    """A Keras 2 import path that failed in this cell (the ImportError confirms it)."""
    err = ctx.error
    if err is None or not isinstance(err.exc, ImportError) or ctx.source.tree is None:
        return
    missing = getattr(err.exc, "name", None) or ""
    for node in ast.walk(ctx.source.tree):
        if isinstance(node, ast.ImportFrom) and node.module:
            mods = [(node.module, [a.name for a in node.names])]
        elif isinstance(node, ast.Import):
            mods = [(a.name, []) for a in node.names]
        else:
            continue
        for mod, names in mods:
            km = _keras_mod(mod)
            if not km.startswith("keras."):
                continue
            new = None
            old = mod
            hit = next((m for m in _MOVED_MODULES if km == m or km.startswith(m + ".")), None)
            if hit is not None and (missing == mod or mod.startswith(missing + ".")
                                    or missing.startswith(mod)) and missing:
                new = _MOVED_MODULES[hit]
            else:
                for n in names:
                    if f"cannot import name '{n}'" not in err.message:
                        continue
                    new = _MOVED_NAMES.get((km, n))
                    if new is None and km == "keras.optimizers" and n in _OPT_CLASSES:
                        new = f"`from {mod} import {_OPT_CLASSES[n]}` (capitalised)"
                    if new is not None:
                        old = f"{mod}.{n}"
                        break
            if new is None:
                continue
            yield Evidence(line=node.lineno, old=old, since="Keras 3", new=new,
                           fixed=f"# instead of: {ctx.source.segment(node)}\n# use {new}",
                           error=_a(err.type_name))
            return


def _a(word: str) -> str:
    return ("an " if word[:1] in "AEIOU" else "a ") + word


_KERAS1_ARGS = {"init": "kernel_initializer", "border_mode": "padding",
                "W_regularizer": "kernel_regularizer", "b_regularizer": "bias_regularizer",
                "W_constraint": "kernel_constraint", "b_constraint": "bias_constraint",
                "subsample": "strides", "nb_epoch": "epochs", "output_dim": "units",
                "nb_filter": "filters", "dim_ordering": "data_format",
                "samples_per_epoch": "steps_per_epoch", "nb_val_samples": "validation_steps"}


#: how Keras 3 rejects a keyword it does not know: a layer's ValueError, fit's TypeError
#: (tests/test_framework_claims.py checks it against the installed Keras)
_KERAS1_ERROR = (r"Unrecognized keyword arguments?[^{]*\{'(\w+)'|"
                 r"unexpected keyword argument '(\w+)'")


def _keras1_arguments(ctx: CellContext) -> Iterator[Evidence]:
    """A Keras 1 keyword argument rejected in this cell (the error names it)."""
    import re
    err = ctx.error
    if err is None or err.type_name not in ("ValueError", "TypeError"):
        return
    m = re.search(_KERAS1_ERROR, err.message)
    if not m:
        return
    arg = m.group(1) or m.group(2)
    if arg not in _KERAS1_ARGS:
        return
    for c in ctx.source.calls:
        if arg in c.kwargs:
            seg = ctx.source.segment(c.node) or f"{c.name}(...)"
            yield Evidence(line=c.line, old=f"{c.attr}({arg}=...)",
                           since="Keras 2 renamed the Keras 1 arguments; Keras 3 rejects them",
                           new=f"`{_KERAS1_ARGS[arg]}=`",
                           fixed=seg.replace(f"{arg}=", f"{_KERAS1_ARGS[arg]}=", 1),
                           error=_a(err.type_name))
            return


@register
class PredictInSampleLoop(Rule):
    id = "DLF-A103"
    name = "predict-in-sample-loop"
    title = "model.predict called once per sample inside a Python loop"
    taxonomy = "api"
    severity = "info"
    silent = False
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{call}` runs once per item of the loop at line {loop_line}: each call sets "
               "up a whole prediction run for a tiny batch.")
    beginner = """`{model}.predict` is made for many samples at once. Called in a loop on
one sample at a time, it repeats its set-up work every time and can be 100x slower than one
call on all samples. Predict everything in one call, then loop over the results; for one
small input use `{model}(x, training=False)`."""
    expert = """Each `predict()` builds a data adapter/iterator, may retrace or dispatch the
`predict_function`, and synchronises per call: O(ms) overhead per sample. Batch the inputs
(`predict(X)`), or call the model directly (`model(x, training=False)`), which is the
recommended path for small inputs in loops."""
    fix = """preds = {model}.predict({data}, verbose=0)   # all samples at once
for p in preds:
    ..."""
    references = ("https://keras.io/api/models/model_training_apis/#predict-method",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from ..source.facts import iter_names
        src = ctx.source
        for c in src.calls_to("predict"):
            if not c.loops or not c.args:
                continue
            var = ctx.ns.get(c.receiver)
            if var is None or var.kind != "model" or var.framework != "keras":
                continue
            lf = c.loops[-1]
            if not lf.targets or not set(iter_names(c.args[0])) & set(lf.targets):
                continue
            if not _single_sample(c.args[0]):
                continue
            data = next((n for n in iter_names(c.args[0]) if n not in lf.targets and
                         _is_data(ctx, ctx.user_ns.get(n))), None) or (
                lf.iter_name if lf.iter_name and lf.iter_name not in ("range", "len")
                else "X")
            yield Evidence(line=c.line, subject=var.name, model=var.name,
                           call=src.segment(c.node) or f"{var.name}.predict(...)",
                           loop_line=lf.line, data=data)


def _single_sample(node: ast.AST) -> bool:
    """Does the expression build a batch of one sample (``x[None]``, ``X[i:i+1]``,
    ``np.expand_dims(x, 0)``, ``x.reshape(1, -1)``, ``np.array([x])``)?"""
    for n in ast.walk(node):
        if isinstance(n, ast.Call):
            f = n.func
            a = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", None)
            if a == "expand_dims":
                return True
            if a == "reshape" and n.args and isinstance(n.args[0], ast.Constant) and \
                    n.args[0].value == 1:
                return True
            if a == "reshape" and n.args and isinstance(n.args[0], ast.Tuple) and \
                    n.args[0].elts and isinstance(n.args[0].elts[0], ast.Constant) and \
                    n.args[0].elts[0].value == 1:
                return True
            if a in ("array", "asarray", "stack", "convert_to_tensor") and n.args and \
                    isinstance(n.args[0], ast.List) and len(n.args[0].elts) == 1:
                return True
        if isinstance(n, ast.Subscript):
            sl = n.slice
            parts = sl.elts if isinstance(sl, ast.Tuple) else [sl]
            if any(isinstance(p, ast.Constant) and p.value is None for p in parts):
                return True
            if isinstance(sl, ast.Slice) and isinstance(sl.upper, ast.BinOp) and \
                    isinstance(sl.upper.op, ast.Add) and \
                    isinstance(sl.upper.right, ast.Constant) and sl.upper.right.value == 1:
                return True
    return False


# -- optimiser state ------------------------------------------------------------------------------

_EPS_OPTIMIZERS = ("Adam", "AdamW", "Adamax", "Nadam", "RMSprop", "Adagrad", "Adadelta",
                   "Lamb", "Adafactor")


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
            if id(opt) in seen or type(opt).__name__ not in _EPS_OPTIMIZERS:
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
                           cls=type(opt).__name__, eps=eps,
                           lr=f"{lr:g}" if lr is not None else "1e-3")


def _is_optimizer_ctor(ctx: CellContext, call_node: ast.AST) -> str | None:
    """The class name when ``call_node`` constructs a Keras optimizer."""
    from ..source.facts import dotted
    if not isinstance(call_node, ast.Call):
        return None
    name = dotted(call_node.func)
    obj = ctx.source.resolve(name)
    k = frameworks.get("keras")
    km = k._keras() if k is not None else None
    if km is not None and isinstance(obj, type):
        try:
            if issubclass(obj, km.optimizers.Optimizer):
                return obj.__name__
        except Exception:  # noqa: BLE001
            return None
    if name and name.split(".")[-1] in _OPTIMIZERS and _is_keras_name(ctx, name):
        return name.split(".")[-1]
    return None


@register
class OptimizerCreatedInTrainingLoop(Rule):
    id = "DLF-T113"
    name = "optimizer-created-in-training-loop"
    title = "Optimizer re-created inside the training loop (its state is reset every step)"
    taxonomy = "training.optimizer"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{opt} = {ctor}(...)` (line {aline}) is inside the loop at line {loop_line} "
               "that calls `{opt}.{apply}`: every {unit} starts with a fresh optimizer.")
    beginner = """An optimizer such as {ctor} remembers things between steps: the running
averages of the gradients (momentum) and how many steps it has taken. Creating it again
inside the loop throws that memory away every {unit}, so {ctor} never works as designed
(Adam's first steps are large, normalised jumps) and training is noisy or stalls, without
any error. Create the optimizer once, before the loop, and reuse it."""
    expert = """`{ctor}` keeps per-variable slots (m, v) and an iteration counter used for
bias correction. A new instance per {unit} re-initialises them: with Adam every update is
the bias-corrected first step, ≈ lr·sign(g) (m̂/√v̂ = g/|g|), i.e. sign-SGD with no
momentum; SGD with momentum loses its velocity. In Keras 3 each new instance also builds new
slot variables (memory churn and retracing of `tf.function`s)."""
    fix = """{opt} = keras.optimizers.{ctor}(learning_rate=1e-3)   # once, before the loop
for ...:
    with tf.GradientTape() as tape:
        ...
    grads = tape.gradient(loss, model.trainable_variables)
    {opt}.{apply}(zip(grads, model.trainable_variables))"""
    known_false_alarms = ("A loop whose every iteration trains a new model (hyper-parameter "
                          "search, cross-validation) is recognised when the model or the "
                          "loop variable is part of it.")
    references = ("https://keras.io/guides/writing_a_custom_training_loop_in_tensorflow/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from ..source.facts import iter_names
        src = ctx.source
        if not src.ok:
            return
        done: set[str] = set()
        for c in src.calls_to("apply_gradients", "minimize", "apply"):
            if not c.loops or not c.receiver or c.receiver in done:
                continue
            used = set(iter_names(c.node))       # model names in zip(grads, model.vars)
            for a in src.assignments_to(c.receiver):
                loop = next((lf for lf in a.loops if lf in c.loops), None)
                if loop is None:
                    continue
                ctor = _is_optimizer_ctor(ctx, a.value)
                if ctor is None:
                    continue
                # a new model (or a hyper-parameter from the loop) each iteration: intended
                rebuilt = (used - {c.receiver}) & loop.assigned - {"grads", "gradients"}
                models = {n for n in rebuilt if ctx.ns.get(n) is not None and
                          ctx.ns.get(n).kind == "model"}
                if models or set(iter_names(a.value)) & set(loop.targets):
                    continue
                inner = c.loops[-1] is loop
                done.add(c.receiver)
                yield Evidence(line=a.line, subject=c.receiver, opt=c.receiver, ctor=ctor,
                               aline=a.line, loop_line=loop.line, apply=c.attr,
                               unit="step" if inner else "pass of this loop")
                break


# -- validation data ----------------------------------------------------------------------------


def _same_data(ctx: CellContext, a: ast.AST | None, b: ast.AST | None) -> str | None:
    """How validation expression ``a`` repeats training expression ``b``: "same" (the same
    variable, object or expression), "subset" (``X_train[:200]`` of the training ``X_train``),
    or None."""
    if a is None or b is None:
        return None
    sa, sb = ctx.source.segment(a), ctx.source.segment(b)
    if sa and sa == sb:
        return "same"
    if isinstance(a, ast.Name) and isinstance(b, ast.Name):
        oa, ob = ctx.user_ns.get(a.id), ctx.user_ns.get(b.id)
        if oa is not None and oa is ob and _is_data(ctx, oa):
            return "same"
        return None
    if isinstance(a, ast.Subscript) and isinstance(b, ast.Name) and \
            isinstance(a.value, ast.Name) and a.value.id == b.id:
        return "subset"
    return None


@register
class ValidationDataIsTrainingData(Rule):
    id = "DLF-T114"
    name = "validation-data-is-training-data"
    title = "fit() validates on the training data itself"
    taxonomy = "training.validation"
    severity = "error"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}.fit` validates on `{val}`, which {how} the training data `{train}`: "
               "the validation scores measure memorisation, not generalisation.")
    beginner = """Validation data must be data the model does not train on: that is how you
see whether it works on new examples (and when it starts to overfit). Here the validation
data {how} the training data, so `val_loss`/`val_accuracy` just repeat the training scores,
look far too good, and early stopping or model selection based on them is meaningless. No
error is raised. Keep a separate part of the data for validation."""
    expert = """`validation_data` = `{val}` {how} `{train}` (the `x` of `fit`), so the
validation metrics are in-sample estimates: they are biased upwards and track the training
loss, hiding overfitting; callbacks that monitor `val_*` (EarlyStopping, ModelCheckpoint,
ReduceLROnPlateau) then act on training performance."""
    fix = """from sklearn.model_selection import train_test_split
{train}_tr, {train}_val, {y}_tr, {y}_val = train_test_split({train}, {y}, test_size=0.2,
                                                      random_state=0)
{model}.fit({train}_tr, {y}_tr, validation_data=({train}_val, {y}_val), ...)
# or simply: {model}.fit({train}, {y}, validation_split=0.2, ...) on shuffled data"""
    known_false_alarms = "None known: a sanity check on training data belongs in evaluate()."
    references = ("https://keras.io/api/models/model_training_apis/#fit-method",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        if frameworks.get("keras") is None:
            return
        for c in ctx.source.calls_to("fit"):
            var = ctx.ns.get(c.receiver)
            if var is None or var.kind != "model" or var.framework != "keras":
                continue
            vd = c.kwarg("validation_data")
            x, y = c.kwarg("x", 0), c.kwarg("y", 1)
            if vd is None or x is None:
                continue
            if isinstance(vd, (ast.Tuple, ast.List)) and vd.elts:
                vx = vd.elts[0]
                vy = vd.elts[1] if len(vd.elts) > 1 else None
            else:
                vx, vy = vd, None
            how = _same_data(ctx, vx, x)
            if how is None:
                continue
            if vy is not None and y is not None and _same_data(ctx, vy, y) is None:
                continue
            yield Evidence(line=c.line, subject=var.name, model=var.name,
                           val=ctx.source.segment(vd) or "validation_data",
                           train=ctx.source.segment(x) or "X",
                           y=ctx.source.segment(y) if isinstance(y, ast.Name) else "y",
                           how="is" if how == "same" else "is a part of",
                           severity=None if how == "same" else "warning")


_TEST_TOKEN = r"(?:^|_)(?:test|tst|holdout)(?:_|\d|$)"
_CONCAT = ("concatenate", "concat", "vstack", "hstack", "append", "row_stack")


def _concat_parts(ctx: CellContext, node: ast.AST | None) -> list[str]:
    """Variable names joined by ``np.concatenate([a, b])`` / ``tf.concat`` /
    ``np.vstack`` / ``np.r_[a, b]`` in ``node``."""
    out: list[str] = []
    if node is None:
        return out
    if isinstance(node, ast.Call):
        f = node.func
        attr = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", None)
        if attr in _CONCAT:
            for a in node.args[:2]:
                elts = a.elts if isinstance(a, (ast.List, ast.Tuple)) else [a]
                out += [e.id for e in elts if isinstance(e, ast.Name)]
    elif isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and \
            node.value.attr == "r_":
        sl = node.slice
        elts = sl.elts if isinstance(sl, ast.Tuple) else [sl]
        out += [e.id for e in elts if isinstance(e, ast.Name)]
    return [n for n in out if _is_data(ctx, ctx.user_ns.get(n))]


@register
class TestDataMergedIntoTraining(Rule):
    id = "DLF-T115"
    name = "test-data-merged-into-training"
    title = "The test split is concatenated into the training data of fit()"
    taxonomy = "training.validation"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}.fit` trains on `{expr}`, which contains the test data `{test}`{used}.")
    beginner = """The test data exists to measure, at the end, how the model does on
examples it has never seen. Joining `{test}` to the training data means the model learns
those very examples, so any later score on `{test}` is far too optimistic: it measures
memory, not generalisation. No error is raised. Train on the training split only and keep
`{test}` for `evaluate`."""
    expert = """`{expr}` puts the held-out rows of `{test}` into the training set: later
metrics on `{test}` are in-sample (optimistically biased) and model selection on them
overfits. Retraining on all data is only legitimate after the model and its
hyper-parameters are final, and then no test score should be reported from those rows."""
    fix = """{model}.fit({train}, {train_y}, validation_split=0.2, ...)   # the training split only
{model}.evaluate({test}, ...)                                     # once, at the end"""
    known_false_alarms = ("A deliberate final refit on all data after model selection, with "
                          "no test score reported afterwards.")
    references = ("https://scikit-learn.org/stable/common_pitfalls.html#data-leakage",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        import re
        if frameworks.get("keras") is None:
            return
        mem = ctx.remember(self.id)
        evaluated: set[str] = mem.setdefault("evaluated", set())
        # name of an array concatenated into a fit -> (model, expression, other part, y part,
        # already reported)
        merged: dict[str, tuple[str, str, str, str, bool]] = mem.setdefault("merged", {})
        src = ctx.source
        events = [(c.line, c) for c in src.calls_to("evaluate", "predict", "fit")]
        for _, c in sorted(events, key=lambda e: e[0]):
            var = ctx.ns.get(c.receiver)
            if var is None or var.kind != "model" or var.framework != "keras":
                continue
            if c.attr != "fit":
                a = c.kwarg("x", 0)
                if not isinstance(a, ast.Name) or re.search(
                        r"(?:^|_)(?:train|trn|training)(?:_|\d|$)", a.id, re.I):
                    continue
                evaluated.add(a.id)
                hit = merged.get(a.id)
                if hit and hit[0] == var.name and not hit[4]:
                    merged[a.id] = (*hit[:4], True)
                    yield Evidence(line=c.line, subject=a.id, model=var.name, expr=hit[1],
                                   test=a.id, used=f", and `{a.id}` is now used to evaluate "
                                   "it", train=hit[2], train_y=hit[3], severity="error")
                continue
            x = c.kwarg("x", 0)
            parts = _concat_parts(ctx, x)
            if len(parts) < 2:
                continue
            yparts = _concat_parts(ctx, c.kwarg("y", 1))
            expr = src.segment(x) or "..."
            tests = [n for n in parts if re.search(_TEST_TOKEN, n, re.I)]
            for p in parts:
                other = next((n for n in parts if n != p), "X_train")
                ty = next((n for n in yparts if not re.search(_TEST_TOKEN, n, re.I)),
                          "y_train")
                merged[p] = (var.name, expr, other, ty, False)
            # only a split named as the test set: validation data evaluated before a final
            # refit on train + validation is the normal workflow
            test = next((n for n in tests), None)
            if test is None:
                continue
            train = next((n for n in parts if n != test), "X_train")
            ty = next((n for n in yparts if not re.search(_TEST_TOKEN, n, re.I)), "y_train")
            merged[test] = (var.name, expr, train, ty, True)
            yield Evidence(line=c.line, subject=test, model=var.name, expr=expr, test=test,
                           used=(f", which is also used to evaluate `{var.name}`"
                                 if test in evaluated else ""),
                           train=train, train_y=ty,
                           severity="error" if test in evaluated else None)


# -- training process ---------------------------------------------------------------------------


def _fit_epochs(c: Any) -> Any:
    v = c.const("epochs", 2, default=None)
    if c.kwarg("epochs", 2) is None:
        return 1                      # Keras' default
    return v


@register
class ModelRebuiltEveryEpoch(Rule):
    id = "DLF-T116"
    name = "model-rebuilt-every-epoch"
    title = "A loop over epochs builds a new model each time before fit(epochs=1)"
    taxonomy = "training.process"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("The loop at line {loop_line} builds a new `{model}` (line {build_line}) on "
               "every pass and then trains it for one epoch: no pass continues the training "
               "of the previous one.")
    beginner = """`{model} = {build}` creates a brand-new model with random weights. Because
it is inside the loop, every pass throws away what the previous pass learned and trains a
fresh model for a single epoch: after {n} passes you have a model trained for one epoch,
not {n}. No error is raised. Build (and compile) the model once before the loop, or simply
call `{model}.fit(..., epochs={n})`."""
    expert = """Each iteration rebinds `{model}` to a newly initialised model (and a new
optimizer via compile), so weights and optimizer state never carry over; the per-pass
metrics are all first-epoch metrics of independent runs. The loop variable is not used to
vary the model or the data, so these are not deliberate repeated runs (seeds,
hyper-parameters, folds)."""
    fix = """{model} = {build}                  # once
history = {model}.fit(..., epochs={n})          # Keras loops over the epochs itself
# per-epoch output: history.history["loss"], or a callback"""
    known_false_alarms = ("Repeated independent one-epoch runs on purpose (e.g. to measure "
                          "the variance of the first epoch).")
    references = ("https://keras.io/api/models/model_training_apis/#fit-method",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from ..source.facts import iter_names
        src = ctx.source
        if frameworks.get("keras") is None or not src.ok:
            return
        for c in src.calls_to("fit"):
            if not c.loops or not c.receiver:
                continue
            var = ctx.ns.get(c.receiver)
            if var is None or var.kind != "model" or var.framework != "keras":
                continue
            if _fit_epochs(c) != 1:
                continue
            for a in src.assignments_to(c.receiver):
                loop = next((lf for lf in a.loops if lf in c.loops), None)
                if loop is None or a.line > c.line or not isinstance(a.value, ast.Call):
                    continue
                fn = a.value.func
                fname = fn.attr if isinstance(fn, ast.Attribute) else getattr(fn, "id", "")
                if fname in ("load_model", "clone_and_load", "load_weights", "set_weights"):
                    continue
                targets = _varying(src, loop)
                # the loop varies something: a hyper-parameter, a fold, a seed
                used = set(iter_names(a.value)) | set(iter_names(c.node))
                if targets & used or not loop.targets and loop.iter_name is None:
                    continue
                if any(set(iter_names(cc.node)) & targets for cc in loop.calls
                       if cc.attr not in ("print", "format", "append", "info", "write",
                                          "set_description", "log")):
                    continue
                if any(cc.attr in ("load_weights", "set_weights") and
                       cc.receiver == c.receiver for cc in loop.calls):
                    continue
                n = _loop_count(loop) or 10
                yield Evidence(line=a.line, subject=c.receiver, model=c.receiver,
                               loop_line=loop.line, build_line=a.line,
                               build=src.segment(a.value) or "make_model()", n=n)
                return


def _varying(src: Any, loop: Any) -> set[str]:
    """The loop's targets and the names assigned inside it from them (``val = idx == fold``)."""
    from ..source.facts import iter_names
    out = set(loop.targets)
    inside = [a for a in src.assigns if loop in a.loops]
    for _ in range(3):
        more = {a.target for a in inside if set(iter_names(a.value)) & out} - out
        if not more:
            break
        out |= more
    return out


def _loop_count(loop: Any) -> int | None:
    it = loop.iter_node
    if isinstance(it, ast.Call) and getattr(it.func, "id", None) == "range" and \
            len(it.args) == 1 and isinstance(it.args[0], ast.Constant) and \
            isinstance(it.args[0].value, int):
        return it.args[0].value
    return None


# -- silent-bug safeguard: fit's validation metrics reproduced by evaluate ------------------------

_WEIGHT_CHANGERS = ("fit", "train_on_batch", "load_weights", "set_weights", "fit_generator")


def _assigned_to(src: Any, node: ast.AST) -> list[str]:
    return [a.target for a in src.assigns if a.value is node and not a.augmented]


def _float(v: Any) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if f == f else None


@register
class FitMetricNotReproduced(Rule):
    id = "DLF-T120"
    name = "fit-metric-not-reproduced-by-evaluate"
    title = "evaluate() on fit's validation data does not reproduce fit's validation metric"
    taxonomy = "training.validation"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}.evaluate({data})` gives {metric} = {got:.4g}, but `fit` reported "
               "`val_{metric}` {reported} on the same validation data: {cause}")
    beginner = """After training, evaluating the model on its validation data must give the
numbers `fit` printed for that data: both run the model in inference mode on the same
samples with the same weights. Here they differ ({got:.4g} vs {reported}), so something
changed between the two without you noticing: {cause} Find out what before trusting
either number."""
    expert = """`fit` computes `val_*` with `test_step` at the end of each epoch; `evaluate`
runs the same `test_step`. With unchanged weights, BatchNorm moving statistics and data,
they agree to float rounding (checked against every epoch, so EarlyStopping's
restore_best_weights is covered). A mismatch means the model state or the data differ:
moving statistics updated by a `model(x, training=True)` call, weights changed by another
training step, or the arrays re-bound/preprocessed after `fit`. This is one of the
safeguards recommended by studies of silent bugs in Keras/TensorFlow."""
    fix = """history = {model}.fit(X_train, y_train, validation_data=({data}), ...)
print(history.history["val_{metric}"][-1], {model}.evaluate({data}, verbose=0))
# they must agree; call the model with training=False for predictions, and preprocess the
# validation data once, before fit"""
    known_false_alarms = ("Weights changed on purpose between fit and evaluate in a way the "
                          "check cannot see (inside a helper function).")
    references = ("https://keras.io/api/models/model_training_apis/#evaluate-method",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        if frameworks.get("keras") is None or not src.ok:
            return
        # id(model) -> (history name, x name, y name, id(x), id(y), training-mode calls)
        runs: dict[int, list] = ctx.remember(self.id).setdefault("runs", {})
        for c in sorted(src.calls, key=lambda c: c.line):
            if c.function is not None:
                continue
            name = c.receiver if c.receiver else c.name
            var = ctx.ns.get(name)
            if var is None or var.kind != "model" or var.framework != "keras":
                if c.attr in ("apply_gradients", "minimize") and runs:
                    runs.clear()    # a custom training step: weights changed
                continue
            oid = id(var.obj)
            if c.receiver is None:        # model(x, training=True): BN statistics move
                if c.const("training") is True and oid in runs and \
                        not src.inside_with(c.node, "GradientTape"):
                    runs[oid][5] = True
                continue
            if c.attr in _WEIGHT_CHANGERS:
                runs.pop(oid, None)
                if c.attr != "fit":
                    continue
                vd = c.kwarg("validation_data")
                hist = _assigned_to(src, c.node)
                if not hist or not isinstance(vd, (ast.Tuple, ast.List)) or \
                        len(vd.elts) != 2 or not all(isinstance(e, ast.Name)
                                                     for e in vd.elts):
                    continue
                xn, yn = vd.elts[0].id, vd.elts[1].id
                runs[oid] = [hist[0], xn, yn, id(ctx.user_ns.get(xn)),
                             id(ctx.user_ns.get(yn)), False]
                continue
            if c.attr != "evaluate" or oid not in runs:
                continue
            hname, xn, yn, xid, yid, trained_mode = runs[oid]
            x, y = c.kwarg("x", 0), c.kwarg("y", 1)
            if not (isinstance(x, ast.Name) and isinstance(y, ast.Name) and x.id == xn
                    and y.id == yn) or c.kwarg("sample_weight") is not None:
                continue
            targets = _assigned_to(src, c.node)
            hist = ctx.user_ns.get(hname)
            h = getattr(hist, "history", None) if type(hist).__name__ == "History" else None
            if not targets or not isinstance(h, dict):
                continue
            got = self._results(ctx, targets)
            for metric, value in got:
                series = h.get(f"val_{metric}")
                if not isinstance(series, list) or not series:
                    continue
                vals = [f for f in map(_float, series) if f is not None]
                if not vals or any(abs(v - value) <= 1e-3 * max(abs(v), abs(value)) + 1e-5
                                   for v in vals):
                    continue
                rebound = [n for n, i in ((xn, xid), (yn, yid)) if id(ctx.user_ns.get(n)) != i]
                if rebound:
                    cause = (f"`{'` and `'.join(rebound)}` was assigned a new value after "
                             "`fit`, so the data evaluated is not the data fit validated on.")
                elif trained_mode:
                    cause = (f"`{var.name}` was called with `training=True` after `fit`, "
                             "which updates the BatchNormalization moving statistics (and "
                             "applies Dropout).")
                else:
                    cause = ("the model or the data changed between them (weights changed by "
                             "another training step, BatchNormalization statistics updated "
                             "by a `training=True` call, or the arrays modified in place).")
                reported = (f"{vals[-1]:.4g} (last epoch)" if len(vals) == 1 else
                            f"between {min(vals):.4g} and {max(vals):.4g} (last "
                            f"{vals[-1]:.4g})")
                runs.pop(oid, None)
                yield Evidence(line=c.line, subject=var.name, model=var.name,
                               data=f"{xn}, {yn}", metric=metric, got=value,
                               reported=reported, cause=cause)
                break

    @staticmethod
    def _results(ctx: CellContext, targets: list[str]) -> list[tuple[str, float]]:
        """(metric, value) pairs from evaluate's result: a dict (return_dict=True), a list
        [loss, ...] or a scalar loss, or ``loss, acc = ...`` (only the loss is named)."""
        if len(targets) > 1:
            v = _float(ctx.user_ns.get(targets[0]))
            return [("loss", v)] if v is not None else []
        res = ctx.user_ns.get(targets[0])
        if isinstance(res, dict):
            return [(str(k), f) for k, f in ((k, _float(v)) for k, v in res.items())
                    if f is not None]
        if isinstance(res, (list, tuple)) and res:
            v = _float(res[0])
        else:
            v = _float(res)
        return [("loss", v)] if v is not None else []
