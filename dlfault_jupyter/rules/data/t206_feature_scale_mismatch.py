from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.roles import (
    _line,
    _model_scales_input,
    _sampled_column_labels,
    _shape,
    data_of,
    sample_rows,
    summary,
)
from ...context import CellContext
from ...frameworks.base import LayerKind
from ...registry import Evidence, Rule, register
from ...wording import num

# --------------------------------------------------------------------------------------
# feature scales
# --------------------------------------------------------------------------------------
#: a first layer of these kinds normalises the features itself (and the vocabulary's
#: FEATURE_STANDARDISERS: Keras's adapted Normalization)
_FIRST_NORM = frozenset({LayerKind.BATCH_NORM, LayerKind.NORM})


def _first_layer_normalises(ctx: CellContext, model: str | None) -> bool:
    mv = ctx.ns.get(model)
    if mv is None:
        return False
    if mv.framework == "keras":
        layers = getattr(mv.obj, "layers", None) or []
        k = frameworks.get("keras")
        return any(k.layer_kind(lay) in _FIRST_NORM
                   or k.framework_name(lay) in k.vocab.FEATURE_STANDARDISERS
                   for lay in layers[:2])
    if mv.framework == "torch":
        t = frameworks.get("torch")
        leaves = t.leaf_modules(mv.obj)
        if leaves and t.layer_kind(leaves[0][1]) in _FIRST_NORM:
            return True
        return _model_scales_input(ctx, model)
    return False


@register
class FeatureScaleMismatch(Rule):
    id = "DLF-T206"
    name = "feature-scale-mismatch"
    title = "Input features on wildly different scales"
    taxonomy = "training.preprocessing"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("torch", "keras", "tensorflow")
    message = ("The columns of `{data}` {shape} have very different scales: column {big} "
               "varies by about {big_std}, column {small} by about {small_std} "
               "({ratio} times less; sampled).")
    beginner = """The input columns of `{data}` are measured on very different scales (for
example euros next to percentages). The network then mostly listens to the large
columns, learning is slow and unstable, and the small columns are practically ignored.
Standardise every column (subtract its mean, divide by its standard deviation) using
statistics of the training data only, and apply the same transform to the test data."""
    expert = """Column standard deviations range over a factor of {ratio} ({big_std} vs
{small_std}). The Hessian of the first layer scales with the input covariance, so its
condition number grows with the square of that ratio: a single learning rate is too large
for the big columns and too small for the small ones, and L2 regularisation penalises the
columns unequally. Standardise (z-score) with training-set statistics, or add a
normalisation layer at the input."""
    fix = """mean, std = {data}.mean(axis=0), {data}.std(axis=0) + 1e-8   # training statistics
{data} = ({data} - mean) / std
# apply the same mean/std to the validation and test features"""
    known_false_alarms = ("Features that the model normalises itself in a way the check "
                          "cannot see (a first BatchNorm/LayerNorm/Normalization layer is "
                          "recognised).")
    references = ("https://keras.io/api/layers/preprocessing_layers/numerical/normalization/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        import numpy as np

        for d in data_of(ctx, "x", train=True, hows=("fit", "call", "loader")):
            s = summary(d)
            if s is None or not s.has_values or not s.is_float or len(s.shape) != 2 \
                    or s.n_nan or s.n_inf or s.shape[1] < 2:
                continue
            if d.use.model and _first_layer_normalises(ctx, d.use.model):
                continue
            if s.shape[1] > 256:
                continue  # wide inputs (pixels, embeddings): not a table of features
            m = sample_rows(d, k=256, width=256)
            if m is None or m.shape[0] < 8:
                continue
            std = m.std(axis=0)
            ok = std > 0
            if ok.sum() < 2:
                continue
            idx = np.nonzero(ok)[0]
            big = int(idx[np.argmax(std[ok])])
            small = int(idx[np.argmin(std[ok])])
            ratio = float(std[big] / std[small])
            if ratio <= 1e3:
                continue
            big_c, small_c = str(big), str(small)
            if d.framework == "pandas":   # name the columns: 'income', 'rate'
                big_c, small_c = _sampled_column_labels(d.obj, [big, small])
            yield Evidence(line=_line(d), subject=d.subject, key="scales",
                           data=d.label, shape=_shape(s), big=big_c, small=small_c,
                           big_std=num(std[big], 3), small_std=num(std[small], 3),
                           ratio=num(ratio, 2))
