from __future__ import annotations

from collections.abc import Iterator

from ...analysis.errors import KerasCall, _msg, error_line, last_units, lc
from ...context import CellContext
from ...registry import Evidence, Rule, register


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
    message = "Labels and outputs differ in size inside the loss: {summary}"
    beginner = """The loss `{loss}` compares each output unit with one label column, so the last
layer needs as many units as the labels have columns. {advice}"""
    expert = """The loss graph node `{node}` computes an element-wise difference of labels
{yshape} and predictions {pshape}; their last dimensions ({a} vs {b}) are neither equal nor 1,
so broadcasting fails at graph construction."""
    fix = """{fix_code}"""
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
        summary = (f"the labels {('`' + kc.y + '` ') if kc.y else ''}have {a} columns but "
                   f"`{mdl}` outputs {b}" + (f" (last layer `{lname}` has {units} units)"
                                             if lname and units == b else "") + ".")
        advice = (f"If each sample has {a} target values, give the last layer {a} units; if "
                  f"the labels are class numbers, use a classification loss "
                  f"(`sparse_categorical_crossentropy`) instead of `{loss}`.")
        fix_code = (f"layers.Dense({a})   # last layer: one unit per target column\n"
                    f"print({y}.shape)     # (N, {a})")
        yield Evidence(line=error_line(ctx), subject=kc.model, summary=lc(summary),
                       advice=advice, fix_code=fix_code, loss=loss, node=f"compile_loss/{loss}",
                       yshape=f"[{m.group(4)}]", pshape=f"[{m.group(5)}]", a=a, b=b)
