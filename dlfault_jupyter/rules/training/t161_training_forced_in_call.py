from __future__ import annotations

import ast
from collections.abc import Iterator

from ...analysis.user_classes import keras_classes
from ...context import CellContext
from ...registry import Evidence, Rule, register


@register
class TrainingForcedInCall(Rule):
    id = "DLF-T161"
    name = "training-forced-in-call"
    title = "call() passes training=True to a sub-layer: dropout/BN stay in training mode"
    taxonomy = "training.process"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{cls}.call` calls `{callee}(..., training=True)` (line {aline}): `{callee}` "
               "runs in training mode in `evaluate()` and `predict()` too.")
    beginner = """Layers such as Dropout and BatchNormalization behave differently while
training and while predicting. Keras tells them which one through the `training` argument
of `call()`. `{cls}` hard-codes `training=True`, so `{callee}` keeps dropping units (or
updating its statistics) when you evaluate or predict: scores are worse than the model
really is and two predictions of the same input differ. Take `training` as an argument of
`call()` and pass it on."""
    expert = """`training=True` overrides Keras' propagation of the call context: in
`evaluate()`/`predict()`/`model(x)` the sub-layer `{callee}` still applies its training
behaviour (Dropout masks and rescales; BatchNormalization normalises with batch statistics
and updates its moving averages). Validation metrics are biased and inference is
non-deterministic. For deliberate Monte-Carlo dropout, keep it out of the model used for
ordinary evaluation."""
    fix = """def call(self, inputs, training=None):
    ...
    ... = {callee}(..., training=training)"""
    known_false_alarms = ("Monte-Carlo dropout written into the model on purpose (the "
                          "finding says what the model does in evaluate/predict).")
    references = ("https://keras.io/guides/making_new_layers_and_models_via_subclassing/"
                  "#privileged-training-argument-in-the-call-method",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for kc in keras_classes(ctx):
            fn = kc.body("call")
            if fn is None:
                continue
            for c in fn.calls:
                kw = c.keyword("training")
                if kw is None or not (isinstance(kw, ast.Constant) and kw.value is True):
                    continue
                callee = c.name or "layer"
                yield Evidence(line=c.line, aline=c.line, subject=kc.name,
                               key=(kc.name, callee), cls=kc.name, callee=callee)
                break
