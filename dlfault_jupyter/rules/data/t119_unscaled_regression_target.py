from __future__ import annotations

from collections.abc import Iterator

from ...context import CellContext
from ...frameworks import adapter
from ...registry import Evidence, Rule, register
from ...wording import num

_TARGET_LOSSES = ("mean_squared_error", "mean_absolute_error", "huber", "log_cosh")


def _bias_set(layer) -> bool:
    """Was the output bias initialised to something else than zeros?"""
    init = getattr(layer, "bias_initializer", None)
    k = adapter("keras")
    return init is not None and k is not None \
        and k.framework_name(init) not in k.vocab.ZERO_INITIALIZERS


@register
class UnscaledRegressionTarget(Rule):
    id = "DLF-T119"
    name = "unscaled-regression-target"
    title = "Regression target in the tens of thousands or more, not scaled"
    taxonomy = "training.preprocessing"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{y}` (the regression target of `{model}`) is of the order of {rms} "
               "(sampled), while the linear output `{layer}` starts near 0: `{loss}` starts "
               "around {start} and training needs very many steps just to reach the scale.")
    beginner = """`{model}` starts by predicting numbers close to 0, but the values in `{y}`
are around {rms}. The network has to grow its output by that much in small steps of the
learning rate, so the first many epochs only chase the scale, the loss stays enormous and
the fit looks like it does not learn, without any error. Scale the target (divide by its
standard deviation, or predict `log({y})`), and undo the scaling on the predictions."""
    expert = """With a linear head initialised near 0, the initial `{loss}` is ≈ E[y²]
({start}); adaptive optimisers move each weight by ~lr per step, so reaching outputs of
~{rms} takes O({rms}/lr) steps through the last layer alone, and large-magnitude gradients
dominate the early updates of every layer. Standardising y (or a log transform for
positive, skewed targets) makes the loss O(1)."""
    fix = """y_mean, y_std = {y}.mean(), {y}.std()
{model}.fit({x}, ({y} - y_mean) / y_std, ...)
pred = {model}.predict(X_new) * y_std + y_mean      # back to the original units"""
    known_false_alarms = ("A model whose last layer rescales its output (a custom layer or a "
                          "bias initialised at the target mean).")
    references = ("https://www.tensorflow.org/tutorials/keras/regression",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from ...analysis.training import data_summary, fit_with_head, loss_repr
        for fc, head, loss, name in fit_with_head(ctx):
            if fc.y is None or name not in _TARGET_LOSSES or head.activation != "linear":
                continue
            if head.trailing or _bias_set(head.layer):
                continue
            s = data_summary(fc.y)
            if not s.has_values or s.n_nan or s.n_inf or not s.is_float or \
                    s.mean is None or s.std is None:
                continue
            rms = (s.mean ** 2 + s.std ** 2) ** 0.5
            if rms < 1e4:
                continue
            start = rms ** 2 if name == "mean_squared_error" else rms
            yield Evidence(line=fc.call.line, subject=fc.y_name, y=fc.y_name,
                           x=fc.x_name or "X", model=fc.model.name, layer=head.name,
                           rms=num(rms, 3), start=num(start, 3),
                           loss=loss_repr(loss, name))
            return
