from __future__ import annotations

from collections.abc import Iterator

from ...analysis.training import _sorted_labels, fit_with_head
from ...context import CellContext
from ...registry import Evidence, Rule, register


@register
class NoShuffleOnSortedLabels(Rule):
    id = "DLF-A110"
    name = "no-shuffle-on-sorted-labels"
    title = "fit(shuffle=False) on labels sorted by class"
    taxonomy = "api"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}.fit(..., shuffle=False)` on `{y}`, which is sorted by class: every "
               "epoch shows the classes one block after another.")
    beginner = """With `shuffle=False`, Keras feeds the samples in their stored order.
`{y}` is sorted by class, so each epoch first trains only on one class, then only on the
next: the model keeps forgetting the earlier classes and ends up biased towards the last
one. Nothing warns you. Remove `shuffle=False` (Keras shuffles by default)."""
    expert = """Mini-batch SGD assumes batches are (approximately) i.i.d. samples of the
training distribution. Class-sorted, unshuffled batches give long runs of single-class
gradients: the optimiser tracks the current class (catastrophic interference), the batch
statistics of BatchNormalization are class-specific, and the final weights are biased to
the last block."""
    fix = """{model}.fit({x}, {y}, shuffle=True, ...)   # the default"""
    known_false_alarms = "Deliberate curriculum learning ordered by class."
    references = ("https://keras.io/api/models/model_training_apis/#fit-method",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for fc, head, _loss, name in fit_with_head(ctx):
            if fc.call.const("shuffle", default=True) is not False:
                continue
            if _sorted_labels(fc, head, name) is None:
                continue
            yield Evidence(line=fc.call.line, subject=fc.model.name, model=fc.model.name,
                           y=fc.y_name, x=fc.x_name or "X")
