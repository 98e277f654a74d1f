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
*last* {pct}% of the arrays, before any shuffling. Because `{y}` is sorted by class, that part
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
            yield Evidence(line=c.line, subject=var.name, model=var.name,
                           call=src.segment(c.node) or f"{var.name}(..., training=True)",
                           layers=", ".join(f"`{n}`" for n in layers))


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


def _is_keras_name(ctx: CellContext, dotted: str | None) -> bool:
    q = ctx.source.qualname(dotted)
    return bool(q) and q.split(".")[0] in ("keras", "tensorflow", "tf_keras")


@register
class DeprecatedOptimizerArgument(Rule):
    id = "DLF-A101"
    name = "deprecated-optimizer-argument"
    title = "Keras 2 optimizer argument (lr=, decay=) that Keras 3 no longer accepts"
    taxonomy = "api"
    severity = "error"
    silent = False
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = "`{call}` uses `{arg}=`, which Keras 3 no longer accepts: {instead}."
    beginner = """Older Keras tutorials write `{opt}({arg}=...)`. Since Keras 3 (TensorFlow
2.16+) the argument is gone and Keras stops with "Argument(s) not recognized". Use
{instead}."""
    expert = """Keras 3 optimizers accept only `learning_rate` (a float or a
`LearningRateSchedule`); the legacy `lr` alias and the per-step `decay` were removed
together with `keras.optimizers.legacy`."""
    fix = """{fixed}"""
    references = ("https://keras.io/api/optimizers/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for c in ctx.source.calls:
            if c.attr not in _OPTIMIZERS or not _is_keras_name(ctx, c.name):
                continue
            for arg in c.kwargs:
                if arg in _RENAMED_ARGS:
                    instead = f"`{_RENAMED_ARGS[arg]}=`"
                    val = ctx.source.segment(c.kwargs[arg]) or "1e-3"
                    fixed = f"{c.name}(learning_rate={val})"
                elif arg in _REMOVED_ARGS:
                    instead = _REMOVED_ARGS[arg]
                    fixed = (f"schedule = keras.optimizers.schedules.InverseTimeDecay(\n"
                             f"    initial_learning_rate=1e-3, decay_steps=1, decay_rate="
                             f"{ctx.source.segment(c.kwargs[arg]) or '1e-6'})\n"
                             f"{c.name}(learning_rate=schedule)")
                else:
                    continue
                yield Evidence(line=c.line, call=ctx.source.segment(c.node) or c.name,
                               arg=arg, instead=instead, opt=c.name, fixed=fixed)
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
installed version, so Python stops with an AttributeError. Use {new} instead."""
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
                               since="Keras 2.6 / Keras 3", new=new, fixed=fixed)
                continue
            q = src.qualname(c.name)
            if q in _REMOVED_FUNCS:
                new = _REMOVED_FUNCS[q]
                yield Evidence(line=c.line, old=c.name, since="TensorFlow 2 / Keras 3",
                               new=new, fixed=f"# instead of {c.name}(...): {new}")


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
