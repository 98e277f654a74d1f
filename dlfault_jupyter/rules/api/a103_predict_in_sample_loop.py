from __future__ import annotations

import ast
from collections.abc import Iterator

from ...analysis.training import _is_data
from ...context import CellContext
from ...registry import Evidence, Rule, register


def _single_sample(node: ast.AST) -> bool:
    """Does the expression build a batch of one sample (``x[None]``, ``X[i:i+1]``,
    ``np.expand_dims(x, 0)``, ``x.reshape(1, -1)``, ``np.array([x])``)?"""
    for n in ast.walk(node):
        if isinstance(n, ast.Call):
            f = n.func
            a = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", None)
            if a == "expand_dims":
                return True
            if a == "reshape" and n.args and isinstance(n.args[0], ast.Constant) and \
                    n.args[0].value == 1:
                return True
            if a == "reshape" and n.args and isinstance(n.args[0], ast.Tuple) and \
                    n.args[0].elts and isinstance(n.args[0].elts[0], ast.Constant) and \
                    n.args[0].elts[0].value == 1:
                return True
            if a in ("array", "asarray", "stack", "convert_to_tensor") and n.args and \
                    isinstance(n.args[0], ast.List) and len(n.args[0].elts) == 1:
                return True
        if isinstance(n, ast.Subscript):
            sl = n.slice
            parts = sl.elts if isinstance(sl, ast.Tuple) else [sl]
            if any(isinstance(p, ast.Constant) and p.value is None for p in parts):
                return True
            if isinstance(sl, ast.Slice) and isinstance(sl.upper, ast.BinOp) and \
                    isinstance(sl.upper.op, ast.Add) and \
                    isinstance(sl.upper.right, ast.Constant) and sl.upper.right.value == 1:
                return True
    return False


@register
class PredictInSampleLoop(Rule):
    id = "DLF-A103"
    name = "predict-in-sample-loop"
    title = "model.predict called once per sample inside a Python loop"
    taxonomy = "api"
    severity = "info"
    silent = False
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{call}` runs once per item of the loop at line {loop_line}: each call sets "
               "up a whole prediction run for a tiny batch.")
    beginner = """`{model}.predict` is made for many samples at once. Called in a loop on
one sample at a time, it repeats its set-up work every time and can be 100x slower than one
call on all samples. Predict everything in one call, then loop over the results; for one
small input use `{model}(x, training=False)`."""
    expert = """Each `predict()` builds a data adapter/iterator, may retrace or dispatch the
`predict_function`, and synchronises per call: O(ms) overhead per sample. Batch the inputs
(`predict(X)`), or call the model directly (`model(x, training=False)`), which is the
recommended path for small inputs in loops."""
    fix = """preds = {model}.predict({data}, verbose=0)   # all samples at once
for p in preds:
    ..."""
    references = ("https://keras.io/api/models/model_training_apis/#predict-method",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from ...source.facts import iter_names
        src = ctx.source
        for c in src.calls_to("predict"):
            if not c.loops or not c.args:
                continue
            var = ctx.ns.get(c.receiver)
            if var is None or var.kind != "model" or var.framework != "keras":
                continue
            lf = c.loops[-1]
            if not lf.targets or not set(iter_names(c.args[0])) & set(lf.targets):
                continue
            if not _single_sample(c.args[0]):
                continue
            data = next((n for n in iter_names(c.args[0]) if n not in lf.targets and
                         _is_data(ctx, ctx.user_ns.get(n))), None) or (
                lf.iter_name if lf.iter_name and lf.iter_name not in ("range", "len")
                else "X")
            yield Evidence(line=c.line, subject=var.name, model=var.name,
                           call=src.segment(c.node) or f"{var.name}.predict(...)",
                           loop_line=lf.line, data=data)
