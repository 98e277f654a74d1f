from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.training import keras_models
from ...context import CellContext
from ...registry import Evidence, Rule, register


@register
class SoftmaxOnSingleUnit(Rule):
    id = "DLF-L102"
    name = "softmax-on-single-unit"
    title = "Softmax over a single output unit always gives 1.0"
    taxonomy = "model.layers.activation"
    severity = "error"
    # not silent: Keras 3 warns "The softmax operation will always return the value 1" at
    # the first call (fit/predict), though not when the model is built
    # (tests/test_framework_claims.py)
    silent = False
    evidence = "namespace"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}`'s output layer `{layer}` has 1 unit with `softmax`: the output is "
               "always exactly 1.0, whatever the input.")
    beginner = """Softmax turns several scores into probabilities that add up to 1. With a
single output there is nothing to share: the result is always 1.0, so the model predicts
the same thing for every input and cannot learn. For a yes/no (binary) problem use one
unit with `activation="sigmoid"` and `binary_crossentropy`; for several classes use as many
units as classes with softmax."""
    expert = """softmax(z)_0 = exp(z_0) / exp(z_0) = 1 for a 1-D output: the output is
constant, its Jacobian is zero, so no gradient reaches any weight through this head. The
loss (e.g. binary cross-entropy on a constant 1.0) stays fixed and the model never
changes."""
    fix = """keras.layers.Dense(1, activation="sigmoid"{name_kw})
{model}.compile(optimizer=..., loss="binary_crossentropy", metrics=["accuracy"])"""
    references = ("https://keras.io/api/layers/activations/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        k = frameworks.get("keras")
        for v in keras_models(ctx):
            head = k.output_head(v.obj)
            if head is not None and head.units == 1 and head.activation == "softmax":
                yield Evidence(subject=v.name, model=v.name, layer=head.name)
