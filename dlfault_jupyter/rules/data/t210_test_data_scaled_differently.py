from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...analysis.roles import (
    Data,
    _fmt,
    _line,
    _pandas,
    _sampled_column_labels,
    data_of,
    sample_rows,
    summary,
)
from ...context import CellContext
from ...registry import Evidence, Rule, register


# --------------------------------------------------------------------------------------
# scaling: test data scaled differently from the training data; scalers that saw the test
# --------------------------------------------------------------------------------------
def _train_eval_pairs(ctx: CellContext) -> Iterator[tuple[Data, Data]]:
    """(training features, evaluation features) of the same model, where the evaluation
    use is in this cell."""
    train = data_of(ctx, "x", train=True, hows=("fit", "call", "loader", "dataset", "nsdata"))
    evals = [d for d in data_of(ctx, "x", train=False,
                                hows=("evaluate", "predict", "call", "loader"))
             if d.use.line is not None and d.use.model]
    for e in evals:
        for t in train:
            if t.use.model == e.use.model and t.obj is not e.obj:
                yield t, e


def _scale_off(ma: Any, mb: Any) -> tuple[int, int, int, float, float, float, float] | None:
    """(columns far off, columns compared, worst column, train mean, train std, test mean,
    test std) when the training columns look scaled (small values) and the test columns
    are on another scale; ``None`` otherwise."""
    import numpy as np

    if ma.shape[1] != mb.shape[1] or ma.shape[0] < 8 or mb.shape[0] < 8 or \
            not np.isfinite(ma).all() or not np.isfinite(mb).all():
        return None
    mu_a, sd_a = ma.mean(axis=0), ma.std(axis=0)
    mu_b, sd_b = mb.mean(axis=0), mb.std(axis=0)
    ok = (sd_a > 0) & (sd_b > 0)
    if ok.sum() < 1:
        return None
    if np.max(np.abs(mu_a[ok]) + sd_a[ok]) > 10:
        return None   # the training data is not scaled: nothing to compare against
    z = np.abs(mu_b - mu_a) / np.where(sd_a > 0, sd_a, 1)
    r = np.where(ok, sd_b / np.where(sd_a > 0, sd_a, 1), 1)
    off = ok & ((z > 20) | (r > 20) | (r < 1 / 20))
    n_off, n_ok = int(off.sum()), int(ok.sum())
    if n_off * 2 < n_ok or n_off < 1:
        return None
    w = int(np.argmax(np.where(off, z + r, -1)))
    return n_off, n_ok, w, float(mu_a[w]), float(sd_a[w]), float(mu_b[w]), float(sd_b[w])


def _column_name(d: Data, j: int) -> str:
    if d.framework == "pandas" and _pandas().is_frame(d.obj):
        return f"column {_sampled_column_labels(d.obj, [j])[0]}"
    return f"column {j}" if len(d.obj.shape) == 2 else f"value {j} of each (flattened) sample"


@register
class TestDataScaledDifferently(Rule):
    id = "DLF-T210"
    name = "test-data-scaled-differently"
    title = "Evaluation data on a different scale than the training data"
    taxonomy = "training.preprocessing"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("torch", "keras", "tensorflow")
    message = ("`{test}` goes into `{model}` on another scale than its training data "
               "`{train}`: in {n_off} of {n_cols} compared columns the values are far off "
               "({col}: training mean {mu_a}, std {sd_a}; `{test}` mean {mu_b}, std {sd_b}; "
               "sampled).")
    beginner = """`{model}` learned on `{train}`, whose values were scaled (small numbers
around 0). `{test}` was not scaled the same way: its values are on a completely different
scale, so the model's predictions on it are meaningless — and the score you get looks
like the model is bad, without any error message. Apply the very same transformation to
the test data that you applied to the training data, with the statistics of the training
data (for a scikit-learn scaler: `scaler.transform({test})`, never a new `fit`)."""
    expert = """A model is a function of its input distribution: the training inputs
have per-column mean/std of roughly {mu_a}/{sd_a} ({col}), the evaluation inputs
{mu_b}/{sd_b}, more than 20 training standard deviations (or a 20x spread ratio) apart in
{n_off} of {n_cols} sampled columns — not a split of one distribution. The usual cause is
a preprocessing step (StandardScaler/MinMaxScaler, / 255, normalisation) applied to the
training set only. Compared on ≤ 256 sampled rows × ≤ 256 strided columns of each."""
    fix = """{test} = scaler.transform({test})   # the scaler fitted on the training data
# or: {test} = {test} / 255.0   # the same expression as for the training data"""
    known_false_alarms = ("Evaluating on data from another domain on purpose (a shift of "
                          "more than 20 standard deviations in most columns).")
    references = ("https://scikit-learn.org/stable/common_pitfalls.html"
                  "#inconsistent-preprocessing",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        done: set[int] = set()
        for t, e in _train_eval_pairs(ctx):
            if id(e.obj) in done:
                continue
            sa, sb = summary(t), summary(e)
            if not (sa and sb and sa.has_values and sb.has_values) or \
                    len(sa.shape) < 2 or tuple(sa.shape[1:]) != tuple(sb.shape[1:]):
                continue
            if sa.n_nan or sb.n_nan or sa.n_inf or sb.n_inf:
                continue
            ma, mb = sample_rows(t), sample_rows(e)
            if ma is None or mb is None:
                continue
            off = _scale_off(ma, mb)
            if off is None:
                continue
            done.add(id(e.obj))
            n_off, n_cols, w, mu_a, sd_a, mu_b, sd_b = off
            yield Evidence(line=_line(e), subject=e.subject, key=("scale", t.label),
                           test=e.label, train=t.label, model=e.use.model, n_off=n_off,
                           n_cols=n_cols, col=_column_name(e, w), mu_a=_fmt(mu_a),
                           sd_a=_fmt(sd_a), mu_b=_fmt(mu_b), sd_b=_fmt(sd_b))
