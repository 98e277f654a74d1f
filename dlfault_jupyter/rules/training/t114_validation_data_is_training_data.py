from __future__ import annotations

import ast
from collections.abc import Iterator

from ... import frameworks
from ...analysis.training import _is_data
from ...context import CellContext
from ...registry import Evidence, Rule, register

# -- validation data ----------------------------------------------------------------------------


def _same_data(ctx: CellContext, a: ast.AST | None, b: ast.AST | None) -> str | None:
    """How validation expression ``a`` repeats training expression ``b``: "same" (the same
    variable, object or expression), "subset" (``X_train[:200]`` of the training ``X_train``),
    or None."""
    if a is None or b is None:
        return None
    sa, sb = ctx.source.segment(a), ctx.source.segment(b)
    if sa and sa == sb:
        return "same"
    if isinstance(a, ast.Name) and isinstance(b, ast.Name):
        oa, ob = ctx.user_ns.get(a.id), ctx.user_ns.get(b.id)
        if oa is not None and oa is ob and _is_data(ctx, oa):
            return "same"
        return None
    if isinstance(a, ast.Subscript) and isinstance(b, ast.Name) and \
            isinstance(a.value, ast.Name) and a.value.id == b.id:
        return "subset"
    return None


@register
class ValidationDataIsTrainingData(Rule):
    id = "DLF-T114"
    name = "validation-data-is-training-data"
    title = "fit() validates on the training data itself"
    taxonomy = "training.validation"
    severity = "error"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}.fit` validates on `{val}`, which {how} the training data `{train}`: "
               "the validation scores measure memorisation, not generalisation.")
    beginner = """Validation data must be data the model does not train on: that is how you
see whether it works on new examples (and when it starts to overfit). Here the validation
data {how} the training data, so `val_loss`/`val_accuracy` just repeat the training scores,
look far too good, and early stopping or model selection based on them is meaningless. No
error is raised. Keep a separate part of the data for validation."""
    expert = """`validation_data` = `{val}` {how} `{train}` (the `x` of `fit`), so the
validation metrics are in-sample estimates: they are biased upwards and track the training
loss, hiding overfitting; callbacks that monitor `val_*` (EarlyStopping, ModelCheckpoint,
ReduceLROnPlateau) then act on training performance."""
    fix = """from sklearn.model_selection import train_test_split
{train}_tr, {train}_val, {y}_tr, {y}_val = train_test_split({train}, {y}, test_size=0.2,
                                                      random_state=0)
{model}.fit({train}_tr, {y}_tr, validation_data=({train}_val, {y}_val), ...)
# or simply: {model}.fit({train}, {y}, validation_split=0.2, ...) on shuffled data"""
    known_false_alarms = "None known: a sanity check on training data belongs in evaluate()."
    references = ("https://keras.io/api/models/model_training_apis/#fit-method",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        if frameworks.get("keras") is None:
            return
        for c in ctx.source.calls_to("fit"):
            var = ctx.ns.get(c.receiver)
            if var is None or var.kind != "model" or var.framework != "keras":
                continue
            vd = c.kwarg("validation_data")
            x, y = c.kwarg("x", 0), c.kwarg("y", 1)
            if vd is None or x is None:
                continue
            if isinstance(vd, (ast.Tuple, ast.List)) and vd.elts:
                vx = vd.elts[0]
                vy = vd.elts[1] if len(vd.elts) > 1 else None
            else:
                vx, vy = vd, None
            how = _same_data(ctx, vx, x)
            if how is None:
                continue
            if vy is not None and y is not None and _same_data(ctx, vy, y) is None:
                continue
            yield Evidence(line=c.line, subject=var.name, model=var.name,
                           val=ctx.source.segment(vd) or "validation_data",
                           train=ctx.source.segment(x) or "X",
                           y=ctx.source.segment(y) if isinstance(y, ast.Name) else "y",
                           how="is" if how == "same" else "is a part of",
                           severity=None if how == "same" else "warning")
