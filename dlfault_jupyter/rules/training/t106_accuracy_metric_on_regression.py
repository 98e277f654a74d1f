from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.training import compiled_head, loss_repr
from ...context import CellContext
from ...registry import Evidence, Rule, register


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
