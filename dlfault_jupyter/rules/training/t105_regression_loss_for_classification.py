from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.training import compiled_head, loss_repr
from ...context import CellContext
from ...registry import Evidence, Rule, register


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
