from __future__ import annotations

from collections.abc import Iterator

from ...analysis.training import _sorted_labels, fit_with_head
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


@register
class ValidationSplitOnSortedLabels(Rule):
    id = "DLF-T107"
    name = "validation-split-on-sorted-labels"
    title = "validation_split on labels sorted by class"
    taxonomy = "training.validation"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{y}` is sorted by class and `validation_split={split}` holds out its last "
               "{pct}%: validation sees only class(es) {val}{missing}.")
    beginner = """Keras' `validation_split` does not pick random samples: it takes the
last {pct}% of the arrays, before any shuffling. Because `{y}` is sorted by class, that part
contains only class(es) {val}. The validation score then measures the wrong thing (and
training never sees some classes), without any warning. Shuffle the data once before
`fit`, or split it yourself with a random, stratified split."""
    expert = """`fit(validation_split=v)` slices `x[-int(N·v):]` as validation data before
the per-epoch shuffle (keras `train_validation_split`). With class-sorted arrays the split
is a class-disjoint split: validation loss/accuracy are estimated on a different label
distribution than training, and held-out classes are never learned."""
    fix = """import numpy as np
perm = np.random.default_rng(0).permutation(len({y}))
{x}, {y} = {x}[perm], {y}[perm]
{model}.fit({x}, {y}, validation_split={split}, ...)"""
    texts = {
        "classes_missing": Texts(missing=" (class {miss} never in training)"),
        "all_classes_trained": Texts(missing=""),
    }
    references = ("https://keras.io/api/models/model_training_apis/#fit-method",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for fc, head, _loss, name in fit_with_head(ctx):
            split = fc.call.const("validation_split")
            if not isinstance(split, float) or not 0 < split < 1:
                continue
            lab = _sorted_labels(fc, head, name)
            if lab is None:
                continue
            cut = int(round(len(lab) * (1 - split)))
            val = sorted({int(v) for v in lab[cut:]})
            train = {int(v) for v in lab[:cut]}
            miss = [c for c in val if c not in train]
            yield Evidence(line=fc.call.line, subject=fc.model.name,
                           variant="classes_missing" if miss else "all_classes_trained",
                           model=fc.model.name, y=fc.y_name, x=fc.x_name or "X", split=split,
                           pct=round(100 * split), val=", ".join(map(str, val)),
                           miss=", ".join(map(str, miss)))
