from __future__ import annotations

from collections.abc import Iterator

from ...context import CellContext
from ...registry import Evidence, Rule, register


@register
class SigmoidWithCategoricalCrossentropy(Rule):
    id = "DLF-L101"
    name = "sigmoid-output-with-categorical-crossentropy"
    title = "Sigmoid output on a multi-class model trained with categorical cross-entropy"
    taxonomy = "model.layers.activation"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}`'s output layer `{layer}` has {units} units with `sigmoid`, but the "
               "loss `{loss}` is for one class out of {units}: that needs `softmax`.")
    beginner = """`{loss}` treats the {units} outputs as one probability distribution over
{units} classes (they should add up to 1). `sigmoid` gives each output its own independent
value between 0 and 1, so they do not add up to 1. Keras quietly rescales them, the model
trains worse than it could, and no error appears. For "exactly one class per sample" use
`activation="softmax"`; for "several labels per sample can be true" keep sigmoid and use
`binary_crossentropy`."""
    expert = """Keras' categorical cross-entropy with `from_logits=False` normalises the
prediction by its sum before the log. Independent sigmoids normalised this way are not the
softmax of the pre-activations: the gradient through saturated sigmoids vanishes
(σ'(z) → 0) and the classes are not coupled as in softmax, so optimisation is slower and the
outputs are not calibrated class probabilities."""
    fix = """keras.layers.Dense({units}, activation="softmax"{name_kw})   # one class per sample
# multi-label instead: keep sigmoid and
{model}.compile(optimizer=..., loss="binary_crossentropy")"""
    references = ("https://keras.io/api/losses/probabilistic_losses/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from ...analysis.training import compiled_head, loss_repr
        for v, head, loss, name, logits in compiled_head(ctx):
            if logits or head.activation != "sigmoid" or head.units < 2:
                continue
            if name not in ("categorical_crossentropy", "sparse_categorical_crossentropy",
                            "categorical_focal_crossentropy"):
                continue
            yield Evidence(subject=v.name, model=v.name, layer=head.name, units=head.units,
                           loss=loss_repr(loss, name))
