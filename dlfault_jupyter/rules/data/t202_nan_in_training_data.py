from __future__ import annotations

from collections.abc import Iterator

from ...analysis.roles import _TRAINING_HOWS, _line, _partner, _shape, data_of, summary
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


@register
class NanInTrainingData(Rule):
    id = "DLF-T202"
    name = "nan-in-training-data"
    title = "NaN or infinite values in the training data"
    taxonomy = "training.data_quality"
    severity = "error"
    silent = True
    evidence = "namespace"
    frameworks = ("torch", "keras", "tensorflow")
    message = ("`{data}` {shape} ({role}) contains {counts}: {where}.")
    beginner = """Some values in `{data}` are not numbers (NaN) or are infinite. One such
value is enough to turn the loss into NaN, and from then on every weight of the model
becomes NaN too: the model silently stops learning. Find where they come from (missing
values in a file, a division by zero, a log of 0) and remove or replace them before
training."""
    expert = """NaN propagates through every arithmetic op: one NaN input yields a NaN
loss, NaN gradients and, after the optimizer step, NaN parameters (Inf does the same via
Inf − Inf and 0 · Inf). {sample_note} Clean with a mask (`~isnan(x).any(axis=1)`), impute,
or clip; check upstream divisions and logs."""
    fix = """import numpy as np
mask = np.isfinite({data_np}).reshape(len({data_np}), -1).all(axis=1)
{data_fix}"""
    texts = {
        "features": Texts(role="training features"),
        "labels": Texts(role="training labels"),
        # every value read, or a bounded sample (the counts are lower bounds)
        "exact": Texts(bound="", where="all {size} values read",
                       sample_note="All values were read."),
        "sampled": Texts(bound="at least ",
                         where="found in a sample of {sampled} of its {size} values",
                         sample_note="""The counts come from a bounded sample of {sampled} of
{size} values, so they are lower bounds."""),
        "nan": Texts(counts="{bound}{n_nan} NaN {values}"),
        "inf": Texts(counts="{bound}{n_inf} infinite {values}"),
        "nan_and_inf": Texts(counts="{bound}{n_nan} NaN and {bound}{n_inf} infinite {values}"),
        "one_value": Texts(values="value"),
        "several_values": Texts(values="values"),
        # the fix filters the other half of the pair with the same mask
        "fix_dataset_tensor": Texts(
            data_fix="X, y = X[mask], y[mask]   # before building the TensorDataset"),
        "fix_with_partner": Texts(data_fix="{data}, {other} = {data}[mask], {other}[mask]"),
        "fix_features": Texts(
            data_fix="{data}, y = {data}[mask], y[mask]   # y: the labels of {data}"),
        "fix_labels": Texts(
            data_fix="X, {data} = X[mask], {data}[mask]   # X: the features of {data}"),
    }
    known_false_alarms = ("Models that mask NaN inputs on purpose (rare; Keras Masking uses "
                          "a mask value, not NaN).")
    references = ("https://numpy.org/doc/stable/reference/generated/numpy.isfinite.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for role in ("x", "y"):
            # not at train_test_split: missing values are often imputed after the split
            # (an imputer fitted on the training part only, the leak-free way)
            for d in data_of(ctx, role, train=True, hows=_TRAINING_HOWS):
                s = summary(d)
                if s is None or not s.has_values or not (s.n_nan or s.n_inf):
                    continue
                counts = "nan_and_inf" if s.n_nan and s.n_inf else "nan" if s.n_nan else "inf"
                other = _partner(ctx, d)
                data_np = f"{d.label}.numpy()" if d.framework in ("torch", "tensorflow") \
                    else f"{d.label}.to_numpy(dtype='float64')" if d.framework == "pandas" \
                    else d.label
                if not d.label.isidentifier():   # a tensor inside a dataset
                    data_np = "X.numpy()"
                    fix = "fix_dataset_tensor"
                elif other:
                    fix = "fix_with_partner"
                elif role == "x":   # filter the labels with the same mask, or they no longer match
                    fix = "fix_features"
                else:
                    fix = "fix_labels"
                variant = ("features" if role == "x" else "labels",
                           "exact" if s.exact else "sampled", counts,
                           "several_values" if s.n_nan + s.n_inf > 1 else "one_value", fix)
                yield Evidence(line=_line(d), subject=d.subject, key="nan", variant=variant,
                               data=d.label, shape=_shape(s), n_nan=s.n_nan, n_inf=s.n_inf,
                               sampled=s.sampled, size=s.size, data_np=data_np, other=other)
