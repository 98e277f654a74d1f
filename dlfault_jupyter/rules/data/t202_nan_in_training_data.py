from __future__ import annotations

from collections.abc import Iterator

from ...analysis.roles import _TRAINING_HOWS, _line, _partner, _shape, data_of, summary
from ...context import CellContext
from ...registry import Evidence, Rule, register


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
                bound = "" if s.exact else "at least "
                parts = []
                if s.n_nan:
                    parts.append(f"{bound}{s.n_nan} NaN")
                if s.n_inf:
                    parts.append(f"{bound}{s.n_inf} infinite")
                counts = " and ".join(parts) + " value" + (
                    "s" if s.n_nan + s.n_inf > 1 else "")
                where = (f"all {s.size} values read" if s.exact else
                         f"found in a sample of {s.sampled} of its {s.size} values")
                other = _partner(ctx, d)
                data_np = f"{d.label}.numpy()" if d.framework in ("torch", "tensorflow") \
                    else f"{d.label}.to_numpy(dtype='float64')" if d.framework == "pandas" \
                    else d.label
                if not d.label.isidentifier():   # a tensor inside a dataset
                    data_np = "X.numpy()"
                    fixl = "X, y = X[mask], y[mask]   # before building the TensorDataset"
                elif other:
                    fixl = f"{d.label}, {other} = {d.label}[mask], {other}[mask]"
                elif role == "x":   # filter the labels with the same mask, or they no longer match
                    fixl = f"{d.label}, y = {d.label}[mask], y[mask]   # y: the labels of {d.label}"
                else:
                    fixl = f"X, {d.label} = X[mask], {d.label}[mask]   # X: the features of {d.label}"
                yield Evidence(line=_line(d), subject=d.subject, key="nan",
                               data=d.label, shape=_shape(s),
                               role="training features" if role == "x" else "training labels",
                               counts=counts, where=where, sampled=s.sampled, size=s.size,
                               data_np=data_np, data_fix=fixl,
                               sample_note="All values were read." if s.exact else
                               f"The counts come from a bounded sample of {s.sampled} of "
                               f"{s.size} values, so they are lower bounds.")
