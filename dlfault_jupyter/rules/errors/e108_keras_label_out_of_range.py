from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.errors import KerasCall, _msg, array_summary, error_line, last_units, lc
from ...context import CellContext
from ...registry import Evidence, Rule, register


@register
class KerasLabelOutOfRange(Rule):
    id = "DLF-E108"
    name = "keras-label-out-of-range"
    title = "Received a label value which is outside the valid range (labels vs output units)"
    taxonomy = "model.layers.properties"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("keras", "tensorflow")
    message = "Class label out of range: {summary}"
    beginner = """The last layer has {n} units, so the model can predict classes 0 to {last}
only; a label of {label} has no unit. {advice}"""
    expert = """SparseSoftmaxCrossEntropyWithLogits indexes the logits with the label: valid
ids are [0, {n}). On GPU this check is skipped and the loss silently becomes NaN/garbage for
out-of-range ids. {mechanism}"""
    fix = """{fix_code}"""
    references = ("https://keras.io/api/losses/probabilistic_losses/#sparsecategoricalcrossentropy-class",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, r"Received a label value of (-?\d+) which is outside the valid range of "
                      r"\[0, (\d+)\)")
        if not m:
            return
        label, n = int(m.group(1)), int(m.group(2))
        kc = KerasCall(ctx)
        model = kc.obj(ctx)
        lname, units, _act = last_units(model) if model is not None else (None, None, None)
        y = kc.y or "y"
        ys = array_summary(ctx, kc.y)
        ydesc = (f"`{y}` has labels {ys.min:g}..{ys.max:g}" if ys is not None and ys.has_values
                 and ys.min is not None else f"a label is {label}")
        layer = (f", its last layer `{lname}` has {units} units" if lname and units == n else "")
        summary = f"`{kc.model or 'the model'}` predicts {n} classes{layer}, but {ydesc}."
        mech = ""
        if model is not None and kc.y and kc.y.isidentifier() and kc.method in (
                "fit", "train_on_batch", "evaluate") and kc.y in ctx.user_ns:
            from ...analysis.pipelines import one_based_labels
            if one_based_labels(frameworks.get("keras"), model, ctx.user_ns[kc.y]):
                return   # DLF-T117 names the cause: labels counted from 1
        if ys is not None and ys.has_values and ys.min is not None and ys.min >= 1 and ys.max == n:
            advice = f"The labels run 1..{n}: they look 1-based; use `{y} - 1`."
            fix_code = f"{y} = {y} - 1   # classes 0..{n - 1}"
        elif label < 0:
            advice = "Negative labels are not class ids: map them to 0..C-1."
            fix_code = f"{y} = {y} - {y}.min()   # or map each label to its index"
        else:
            k = int(ys.max) + 1 if ys is not None and ys.has_values and ys.max is not None \
                else label + 1
            advice = (f"The labels need at least {k} classes: give the last layer {k} units "
                      f"(or remap the labels to 0..{n - 1}).")
            fix_code = f"layers.Dense({k}, activation=\"softmax\")   # last layer: one unit per class"
        yield Evidence(line=error_line(ctx), subject=kc.y if ys is not None else kc.model,
                       summary=lc(summary), n=n, last=n - 1, label=label, advice=advice,
                       mechanism=mech, fix_code=fix_code)
