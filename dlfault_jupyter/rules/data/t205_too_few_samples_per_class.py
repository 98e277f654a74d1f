from __future__ import annotations

from collections.abc import Iterator

from ...analysis.roles import _counts_text, _few_per_class, _fmt, _line, _np_expr, _train_labels
from ...context import CellContext
from ...registry import Evidence, Rule, register


@register
class TooFewSamplesPerClass(Rule):
    id = "DLF-T205"
    name = "too-few-samples-per-class"
    title = "Too few training samples per class"
    taxonomy = "training.data_quality"
    severity = "info"
    silent = True
    evidence = "namespace"
    frameworks = ("torch", "keras", "tensorflow")
    message = ("`{labels}` has {n} samples for {k} classes: half of the classes have fewer "
               "than {median_ceil} samples ({counts}).")
    beginner = """There are only about {per_class} examples per class in `{labels}`. That is
too few for a neural network to learn what each class looks like: it will memorise the
training examples and do poorly on new data. Collect more data, merge rare classes,
use data augmentation, or start from a pretrained model (transfer learning)."""
    expert = """With a median of {median} samples per class ({n} samples, {k} classes), a
network with many parameters per class interpolates the training set; validation
estimates per class are also meaningless (a stratified split cannot keep even one
sample per class in each part). Prefer transfer learning / few-shot methods, strong
augmentation and regularisation, or fewer classes."""
    fix = """import numpy as np
classes, counts = np.unique({labels_np}, return_counts=True)
print(dict(zip(classes, counts)))   # merge or drop classes with very few samples"""
    known_false_alarms = ("Few-shot learning set-ups on purpose.",)[0]
    references = ()

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for d, s, counts in _train_labels(ctx, hows=("fit", "dataset", "split", "loader",
                                                     "loss", "nsdata")):
            n = sum(counts.values())
            if not s.exact or not _few_per_class(counts, n):
                continue
            c = sorted(counts.values())
            median = c[len(c) // 2] if len(c) % 2 else (c[len(c) // 2 - 1] + c[len(c) // 2]) / 2
            labels_np = _np_expr(d)
            yield Evidence(line=_line(d), subject=d.subject, key="few",
                           labels=d.label, n=n, k=len(counts), median=_fmt(median),
                           median_ceil=5, per_class=f"{n / len(counts):.1f}",
                           counts=_counts_text(counts), labels_np=labels_np)
