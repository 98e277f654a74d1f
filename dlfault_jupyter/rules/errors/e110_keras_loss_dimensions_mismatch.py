from __future__ import annotations

from collections.abc import Iterator

from ...analysis.errors import KerasCall, _msg, error_line, last_units
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


@register
class KerasLossDimensionMismatch(Rule):
    id = "DLF-E110"
    name = "keras-loss-dimensions-mismatch"
    title = "Dimensions must be equal in the compiled loss: labels and output units differ"
    taxonomy = "model.layers.properties"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("keras", "tensorflow")
    message = ("Labels and outputs differ in size inside the loss: {the_labels} have {a} "
               "columns but `{mdl}` outputs {b}{last_layer}.")
    beginner = """The loss `{loss}` compares each output unit with one label column, so the last
layer needs as many units as the labels have columns. If each sample has {a} target values,
give the last layer {a} units; if the labels are class numbers, use a classification loss
(`sparse_categorical_crossentropy`) instead of `{loss}`."""
    expert = """The loss graph node `{node}` computes an element-wise difference of labels
{yshape} and predictions {pshape}; their last dimensions ({a} vs {b}) are neither equal nor 1,
so broadcasting fails at graph construction."""
    fix = """layers.Dense({a})   # last layer: one unit per target column
print({y}.shape)     # (N, {a})"""
    texts = {
        "labels_named": Texts(the_labels="the labels `{labels}`"),
        "labels_unnamed": Texts(the_labels="the labels"),
        "last_layer": Texts(last_layer=" (last layer `{lname}` has {units} units)"),
        "no_last_layer": Texts(last_layer=""),
    }
    references = ("https://keras.io/api/losses/regression_losses/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, r"Dimensions must be equal, but are (\d+) and (\d+) for "
                      r"'\{\{node compile_loss/(\w+)/[^']*\}\}[^']*' with input shapes: "
                      r"\[([^\]]*)\], \[([^\]]*)\]")
        if not m:
            return
        a, b, loss = int(m.group(1)), int(m.group(2)), m.group(3)
        kc = KerasCall(ctx)
        model = kc.obj(ctx)
        lname, units, _act = last_units(model) if model is not None else (None, None, None)
        mdl = kc.model or "model"
        y = kc.y if kc.y and kc.y.isidentifier() else "y"
        yield Evidence(line=error_line(ctx), subject=kc.model,
                       variant=("labels_named" if kc.y else "labels_unnamed",
                                "last_layer" if lname and units == b else "no_last_layer"),
                       labels=kc.y, mdl=mdl, y=y, lname=lname, units=units, loss=loss,
                       node=f"compile_loss/{loss}", yshape=f"[{m.group(4)}]",
                       pshape=f"[{m.group(5)}]", a=a, b=b)
