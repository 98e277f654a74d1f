from __future__ import annotations

import ast
from collections.abc import Iterator

from ... import frameworks
from ...analysis.models import _shape_of
from ...context import CellContext
from ...registry import Evidence, Rule, register

# -- tensor shapes in the user's own code -------------------------------------------------------

_REDUCERS = ("reduce_mean", "reduce_sum", "square", "abs", "mean", "sum", "sqrt",
             "reduce_max", "huber", "log_cosh")


def _model_output_names(ctx: CellContext) -> dict[str, str]:
    """Names assigned from a call of a Keras model in this cell (``pred = model(xb)``),
    mapped to the model's name."""
    out: dict[str, str] = {}
    for a in ctx.source.assigns:
        v = a.value
        if isinstance(v, ast.Call) and isinstance(v.func, ast.Name):
            var = ctx.ns.get(v.func.id)
            if var is not None and var.kind == "model" and var.framework == "keras":
                out[a.target] = v.func.id
        elif isinstance(v, ast.Call) and isinstance(v.func, ast.Attribute) and \
                v.func.attr in ("predict", "predict_on_batch") and \
                isinstance(v.func.value, ast.Name):   # pred = model.predict(X_test)
            var = ctx.ns.get(v.func.value.id)
            if var is not None and var.kind == "model" and var.framework == "keras":
                out[a.target] = v.func.value.id
    return out


def _in_reduction(src, node: ast.AST) -> bool:
    p = src.parent(node)
    while p is not None and not isinstance(p, ast.stmt):
        if isinstance(p, ast.Call):
            f = p.func
            a = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", None)
            if a in _REDUCERS:
                return True
        if isinstance(p, ast.BinOp) and isinstance(p.op, ast.Pow):
            return True
        p = src.parent(p)
    return False


@register
class PredictionTargetBroadcast(Rule):
    id = "DLF-S103"
    name = "prediction-target-broadcast"
    title = "Loss computed on predictions (N, 1) and targets (N,): broadcasts to (N, N)"
    taxonomy = "tensors.shape"
    severity = "error"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{expr}` combines `{pred}` {pshape} from `{model}` with `{target}` {tshape}: "
               "the difference broadcasts to {bshape}, comparing every prediction with every "
               "target.")
    beginner = """`{model}` returns one value per sample as a column, shape {pshape}, while
`{target}` is a flat list of values, shape {tshape}. Subtracting them does not pair sample
i with target i: the shapes are stretched against each other into a {bshape} table of all
pairs. The loss is then an average over mostly wrong pairs, the model learns to predict the
mean, and no error is raised. Make the shapes equal, e.g. `tf.squeeze({pred}, axis=-1)`
or `{target}[:, None]`, or use `keras.losses.MeanSquaredError()`, which aligns them."""
    expert = """NumPy/TF broadcasting aligns trailing axes: ({n}, 1) − ({n},) → ({n}, {n}).
The reduced loss becomes mean_ij (p_i − y_j)², whose minimiser is p_i = mean(y) for every
i: the gradient carries no per-sample signal. Keras' built-in losses squeeze or expand the
last axis to the same rank (`squeeze_or_expand_to_same_rank`), which is why the bug
appears in hand-written losses."""
    fix = """{pred} = tf.squeeze({pred}, axis=-1)             # ({n}, 1) -> ({n},)
loss = tf.reduce_mean(tf.square({pred} - {target}))
# or: loss = keras.losses.MeanSquaredError()({target}, {pred})"""
    known_false_alarms = ("Deliberate all-pairs computations (pairwise distances), which are "
                          "rarely written as a model output minus a target.")
    references = ("https://numpy.org/doc/stable/user/basics.broadcasting.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        if frameworks.get("keras") is None or not src.ok:
            return
        outs = _model_output_names(ctx)
        if not outs:
            return
        seen: set[int] = set()
        for node in ast.walk(src.tree):
            if not isinstance(node, ast.BinOp) or not isinstance(node.op, (ast.Sub, ast.Add)):
                continue
            sides = [node.left, node.right]
            names = [s.id if isinstance(s, ast.Name) else None for s in sides]
            if None in names:
                continue
            pi = next((i for i, nm in enumerate(names) if nm in outs), None)
            if pi is None or names[1 - pi] in outs:
                continue
            pred, target = names[pi], names[1 - pi]
            ps, ts = _shape_of(ctx, ctx.user_ns.get(pred)), _shape_of(ctx, ctx.user_ns.get(target))
            if ps is None or ts is None or len(ps) != 2 or ps[1] != 1 or len(ts) != 1:
                continue
            if ps[0] != ts[0] or ts[0] < 2 or not _in_reduction(src, node):
                continue
            if node.lineno in seen:
                continue
            seen.add(node.lineno)
            n = ts[0]
            yield Evidence(line=node.lineno, subject=target, expr=src.segment(node) or
                           f"{pred} - {target}", pred=pred, target=target, model=outs[pred],
                           pshape=f"({n}, 1)", tshape=f"({n},)", bshape=f"({n}, {n})", n=n)
