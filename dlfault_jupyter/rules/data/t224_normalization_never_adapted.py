from __future__ import annotations

import importlib
from collections.abc import Iterator

from ... import frameworks
from ...analysis.training import fit_calls
from ...context import CellContext
from ...registry import Evidence, Rule, register


@register
class NormalizationNeverAdapted(Rule):
    id = "DLF-T224"
    name = "normalization-never-adapted"
    title = "A Keras Normalization layer trained with that was never adapted (an identity)"
    taxonomy = "training.preprocessing"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("keras", "tensorflow")
    message = ("`{layer}` (Normalization in `{model}`) was never adapted and got no "
               "`mean`/`variance`: it still holds mean 0 and variance 1, so `{model}.fit` "
               "trains on `{x}` unscaled.")
    beginner = """A `Normalization` layer does not learn its statistics during training: it
takes them from `adapt(data)`, or from `mean=`/`variance=` given when it is created. `{layer}`
got neither, so it subtracts 0 and divides by 1 — the inputs pass through unchanged, and
features of very different scales reach the next layers as they are. Call
`{layer}.adapt(...)` on the training features before `fit`."""
    expert = """Keras 3 builds `Normalization` with `mean=0`, `variance=1` when no statistics
are given; only `adapt()` (or `mean=`/`variance=` at construction) sets them, and
`fit` never does (they are non-trainable state). `{layer}` is therefore an identity map in
`{model}`. Adapt it on the training split before training."""
    fix = """{layer}.adapt({x})     # the training features, before fit"""
    known_false_alarms = ("Inputs already standardised to mean 0 / variance 1, with the "
                          "layer kept as a placeholder (then it is not needed).")
    references = ("https://keras.io/api/layers/preprocessing_layers/numerical/normalization/",
                  "https://github.com/ageron/handson-ml3/pull/198")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        if frameworks.get("keras") is None:
            return
        kf = importlib.import_module(f"{frameworks.__name__}.keras_fit")
        for fc in fit_calls(ctx):
            for layer in kf.unadapted_normalizations(fc.model.obj):
                name = next((n for n, v in list(ctx.user_ns.items())[-2048:]
                             if v is layer and not n.startswith("_")), None)
                label = name or f"{fc.call.receiver}.get_layer({layer.name!r})"
                yield Evidence(line=fc.call.line, subject=name or fc.call.receiver,
                               key=(fc.call.receiver, layer.name), layer=label,
                               model=fc.call.receiver, x=fc.x_name or "x_train")
