from __future__ import annotations

from collections.abc import Iterator

from ...analysis.training import compiled_head, loss_repr
from ...context import CellContext
from ...registry import Evidence, Rule, register


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
