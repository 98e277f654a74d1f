from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...analysis.provenance import sliced_rows
from ...analysis.roles import Data, Use, sample_rows
from ...analysis.training import compiled_head, fit_with_head, loss_repr
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


def _keras_major() -> int:
    import sys
    ver = str(getattr(sys.modules.get("keras"), "__version__", "3"))
    return int(ver.split(".")[0]) if ver[:1].isdigit() else 3


def one_hot_rows(obj: Any, width: int) -> int | None:
    """The number of rows checked when ``obj`` (numpy array or tensor, shape (N,
    ``width``)) holds one-hot rows: only 0 and 1, exactly one 1 in every sampled row
    (up to 1024 evenly spaced rows); None otherwise."""
    import numpy as np

    fw = "numpy" if _np_array(obj) else ("tensorflow" if _tf_tensor(obj) else None)
    if fw is None:
        return None
    try:
        shape = tuple(int(s) for s in obj.shape)
    except Exception:  # noqa: BLE001
        return None
    if len(shape) != 2 or shape[1] != width:
        return None
    m = sample_rows(Data("", None, obj, fw, Use("", "y", "fit", None, True, True)),
                    k=1024, width=width)
    if m is None or m.shape[1] != width or not np.all((m == 0) | (m == 1)) or \
            not np.all(m.sum(axis=1) == 1):
        return None
    return int(m.shape[0])


def _np_array(obj: Any) -> bool:
    n = frameworks.get("numpy")
    return n is not None and n.is_array(obj)


def _tf_tensor(obj: Any) -> bool:
    k = frameworks.get("keras")
    return k is not None and "tensorflow" in sys.modules and k.is_tensor(obj)


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
    texts = {
        "binary_accuracy": Texts(
            metric_note=", and `accuracy` will be reported as binary accuracy per output"),
        "accuracy_fine": Texts(metric_note=""),
        "sigmoid_one_hot": Texts(
            message=("`{model}` has a {units}-unit sigmoid output (`{layer}`) and is "
                     "compiled with `{loss}`, but `{y}` is one-hot: each of the {rows} "
                     "rows checked has exactly one class set."),
            beginner="""Sigmoid outputs with `{loss}` treat the {units} outputs as
{units} separate yes/no questions (a multi-label problem, where a sample may have several
classes or none). `{y}` says every sample has exactly one class, so the outputs should
share one probability over the classes. Training runs, but the loss pushes each output on
its own, the {units} "probabilities" do not add up to 1, and the argmax you predict with
is trained only indirectly. Use a softmax output with `categorical_crossentropy`.""",
            expert="""With exclusive one-hot targets the model is a categorical
distribution; {units} independent Bernoulli likelihoods (sigmoid + binary cross-entropy)
do not couple the logits, so the per-class probabilities are not normalised and the
decision rule argmax is not what is being fitted (each negative class contributes its own
log(1-p) term). softmax + categorical cross-entropy is the multinomial likelihood.""",
            fix="""keras.layers.Dense({units}, activation="softmax")   # the output layer `{layer}`
{model}.compile(optimizer=..., loss="categorical_crossentropy", metrics=["accuracy"])"""),
    }
    known_false_alarms = "Soft multi-label targets deliberately used with a softmax."
    references = ("https://keras.io/api/losses/probabilistic_losses/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        yield from self._sigmoid_on_one_hot(ctx)
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
            yield Evidence(subject=v.name,
                           variant="binary_accuracy" if acc and _keras_major() < 3
                           else "accuracy_fine",
                           model=v.name, layer=head.name, units=head.units,
                           loss=loss_repr(loss, name))

    def _sigmoid_on_one_hot(self, ctx: CellContext) -> Iterator[Evidence]:
        """A ≥3-unit sigmoid head with binary cross-entropy trained (``fit``) on labels
        that are one-hot rows (exactly one 1 per row): a single-label problem set up as
        a multi-label one. The labels are read through a row slice (``y[:800]``)."""
        for fc, head, loss, name in fit_with_head(ctx):
            if name not in ("binary_crossentropy", "binary_focal_crossentropy") or \
                    head.activation != "sigmoid" or head.units < 3:
                continue
            yname, _ = sliced_rows(fc.call.kwarg("y", 1))
            y = ctx.user_ns.get(yname) if yname else None
            rows = one_hot_rows(y, head.units)
            if rows is None or rows < 20:
                continue
            yield Evidence(line=fc.call.line, subject=fc.model.name, variant="sigmoid_one_hot",
                           model=fc.model.name, layer=head.name, units=head.units,
                           loss=loss_repr(loss, name), y=yname, rows=rows)
