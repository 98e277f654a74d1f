from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.training import compiled_head, loss_repr
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


def _keras_major() -> int:
    import sys
    ver = str(getattr(sys.modules.get("keras"), "__version__", "3"))
    return int(ver.split(".")[0]) if ver[:1].isdigit() else 3


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
    }
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
            yield Evidence(subject=v.name,
                           variant="binary_accuracy" if acc and _keras_major() < 3
                           else "accuracy_fine",
                           model=v.name, layer=head.name, units=head.units,
                           loss=loss_repr(loss, name))
