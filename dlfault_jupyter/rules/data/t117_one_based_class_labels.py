from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.pipelines import one_based_labels
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


@register
class OneBasedClassLabels(Rule):
    id = "DLF-T117"
    name = "one-based-class-labels"
    title = "Class labels counted from 1 for a model whose classes are 0..C-1"
    taxonomy = "training.data_quality"
    severity = "error"
    silent = False
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{y}` holds class labels 1..{units} (no 0), but `{model}` has {units} output "
               "units for classes 0..{last}: label {units} has no unit{crash}.")
    beginner = """Keras numbers classes from 0: with {units} output units the valid labels
are 0 to {last}. `{y}` counts from 1 to {units} (ratings, grades, ids that start at 1), so
every label is shifted by one: class 1 is learned as the model's second class and label
{units} points past the last unit. On a CPU `fit` stops with "Received a label value of
{units} which is outside the valid range"; on a GPU the loss silently becomes NaN or
garbage. Shift the labels once: `{y} = {y} - 1` (and add 1 back to predictions)."""
    expert = """sparse_categorical_crossentropy gathers −log p[y] from a (N, {units})
output; y ∈ [1, {units}] leaves unit 0 never targeted (its logit is pushed down for every
sample) and y = {units} indexes out of range: InvalidArgumentError on CPU, undefined values
(NaN loss) from the CUDA kernel, which does not check bounds. Sampled labels:
min {lo}, max {units}."""
    fix = """{y} = {y} - 1            # classes 0..{last}
{model}.fit({x}, {y}, ...)
# predictions: pred_class = {model}.predict(X).argmax(axis=1) + 1"""
    texts = {
        "raised": Texts(crash=" (this is why the cell raised)"),
        "no_error": Texts(crash=""),
    }
    known_false_alarms = ("Labels whose class 0 is genuinely absent from the data AND whose "
                          "output layer is one unit too small (then add a unit instead).")
    references = ("https://keras.io/api/losses/probabilistic_losses/#sparsecategoricalcrossentropy-class",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from ...analysis.training import fit_calls
        k = frameworks.get("keras")
        if k is None:
            return
        for fc in fit_calls(ctx, ("fit", "train_on_batch", "evaluate")):
            if fc.y is None:
                continue
            res = one_based_labels(k, fc.model.obj, fc.y)
            if res is None:
                continue
            lo, units = res
            yield Evidence(line=fc.call.line, subject=fc.y_name,
                           variant="raised" if ctx.error else "no_error", model=fc.model.name,
                           y=fc.y_name, x=fc.x_name or "X", units=units, last=units - 1, lo=lo)
            return
