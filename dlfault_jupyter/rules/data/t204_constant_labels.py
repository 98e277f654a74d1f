from __future__ import annotations

from collections.abc import Iterator

from ...analysis.roles import (
    _fmt,
    _is_int_dtype,
    _line,
    _np_expr,
    _shape,
    data_of,
    label_counts,
    summary,
)
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


@register
class ConstantLabels(Rule):
    id = "DLF-T204"
    name = "constant-labels"
    title = "All training labels are the same"
    taxonomy = "training.data_quality"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("torch", "keras", "tensorflow")
    message = ("Every label in `{labels}` {shape} is {value}{sampled}: there is nothing to "
               "learn.")
    beginner = """The model is trained on `{labels}`, but all its labels are the same
({value}). The model will simply learn to always answer {value}; the loss goes down and
accuracy looks perfect, but the model has learned nothing. Check how the labels were
built (a wrong column, an overwritten variable, a filter that kept one class, data
sorted by class and cut before shuffling)."""
    expert = """A constant target has zero variance: the optimum is the constant predictor
(bias-only), reached in a few steps, with zero gradient signal for the features. Typical
causes: labels taken from a sorted dataset before shuffling, an off-by-one column,
`np.zeros_like` placeholders never filled, or a filter that removed the other classes.
{exactness}"""
    fix = """import numpy as np
print(np.unique({labels_np}, return_counts=True))   # expect several classes
# labels cut from data sorted by class? shuffle the rows before taking a part:
# perm = np.random.default_rng(0).permutation(len(y)); X, y = X[perm], y[perm]"""
    texts = {
        "class_ids": Texts(value="{label}"),
        "one_hot": Texts(value="class {label} (one-hot)"),
        "exact": Texts(sampled="", exactness="All labels were read."),
        "sampled": Texts(sampled=" in a sample of {sampled_n} values",
                         exactness="(Sampled {sampled_n} of {size} values evenly over the "
                                   "array.)"),
    }
    known_false_alarms = ("Deliberately constant targets (e.g. GAN real/fake labels) are "
                          "not flagged when built inline for a loss call.")
    references = ()

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for d in data_of(ctx, "y", train=True,
                         hows=("fit", "dataset", "split", "loader", "nsdata", "loss")):
            s = summary(d)
            if s is None or not s.has_values or s.n_nan or s.n_inf or s.size < 16:
                continue
            if d.use.how == "loss" and not (_is_int_dtype(s) and d.use.exact):
                # a named integer label tensor given to the loss in a training loop;
                # float targets built for a loss (GAN real/fake ones) are not judged
                continue
            label: object = None
            kind: str | None = None
            if s.uniques is not None and len(s.uniques) == 1 and (
                    len(s.shape) == 1 or (len(s.shape) == 2 and s.shape[1] == 1)):
                label, kind = _fmt(s.uniques[0]), "class_ids"
            elif len(s.shape) == 2 and s.shape[1] >= 2:
                counts = label_counts(d, s)
                if counts is not None and len(counts) == 1:
                    label, kind = next(iter(counts)), "one_hot"
            if kind is None:
                continue
            yield Evidence(line=_line(d), subject=d.subject, key="constant",
                           variant=(kind, "exact" if s.exact else "sampled"),
                           labels=d.label, shape=_shape(s), label=label,
                           sampled_n=s.sampled, size=s.size, labels_np=_np_expr(d))
