from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.errors import KerasCall, _msg, array_summary, error_line, last_units
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


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
    message = "Class label out of range: `{model}` predicts {n} classes{layer}, but {labels}."
    beginner = """The last layer has {n} units, so the model can predict classes 0 to {last}
only; a label of {label} has no unit. {advice}"""
    expert = """SparseSoftmaxCrossEntropyWithLogits indexes the logits with the label: valid
ids are [0, {n}). On GPU this check is skipped and the loss silently becomes NaN/garbage for
out-of-range ids."""
    fix = """{fix_code}"""
    texts = {
        "last_layer": Texts(layer=", its last layer `{lname}` has {units} units"),
        "no_last_layer": Texts(layer=""),
        "labels_seen": Texts(labels="`{y}` has labels {ymin:g}..{ymax:g}"),
        "label_seen": Texts(labels="a label is {label}"),
        "one_based": Texts(advice="The labels run 1..{n}: they look 1-based; use `{y} - 1`.",
                           fix_code="{y} = {y} - 1   # classes 0..{last}"),
        "negative": Texts(advice="Negative labels are not class ids: map them to 0..C-1.",
                          fix_code="{y} = {y} - {y}.min()   # or map each label to its index"),
        "too_few_units": Texts(
            advice="""The labels need at least {k} classes: give the last layer {k} units (or
remap the labels to 0..{last}).""",
            fix_code='layers.Dense({k}, activation="softmax")   # last layer: one unit per class'),
    }
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
        if model is not None and kc.y and kc.y.isidentifier() and kc.method in (
                "fit", "train_on_batch", "evaluate") and kc.y in ctx.user_ns:
            from ...analysis.pipelines import one_based_labels
            if one_based_labels(frameworks.get("keras"), model, ctx.user_ns[kc.y]):
                return   # DLF-T117 names the cause: labels counted from 1
        seen = ys is not None and ys.has_values and ys.min is not None
        k = None
        if seen and ys.min >= 1 and ys.max == n:
            case = "one_based"
        elif label < 0:
            case = "negative"
        else:
            case = "too_few_units"
            k = int(ys.max) + 1 if ys is not None and ys.has_values and ys.max is not None \
                else label + 1
        yield Evidence(line=error_line(ctx), subject=kc.y if ys is not None else kc.model,
                       variant=("last_layer" if lname and units == n else "no_last_layer",
                                "labels_seen" if seen else "label_seen", case),
                       model=kc.model or "the model", n=n, last=n - 1, label=label, y=y,
                       lname=lname, units=units, k=k,
                       ymin=ys.min if seen else None, ymax=ys.max if seen else None)
