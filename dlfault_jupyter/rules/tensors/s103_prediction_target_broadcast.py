from __future__ import annotations

import ast
import types
from collections.abc import Iterator
from typing import Any

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
    fix = """{pred} = tf.squeeze({pred}, axis=-1)             # ({n}, 1) -> ({n},); then `{expr}` as before
# or: make the target a column, {target}[:, None]"""
    known_false_alarms = ("Deliberate all-pairs computations (pairwise distances), which are "
                          "rarely written as a model output minus a target.")
    references = ("https://numpy.org/doc/stable/user/basics.broadcasting.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        if frameworks.get("keras") is None or not src.ok:
            return
        yield from _through_step_functions(ctx)
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


# -- the same in the user's step function, fed by a tf.data loop of this cell ----------------


def _user_function(obj: Any) -> Any:
    """The parsed user function behind ``obj``: a plain function, or the Python function
    of a ``@tf.function`` (its ``__wrapped__``)."""
    from ...analysis.loops import function_of
    fn = obj if isinstance(obj, types.FunctionType) else getattr(obj, "__wrapped__", None)
    return function_of(fn, {}) if isinstance(fn, types.FunctionType) else None


def _spec_shapes(k: Any, ds: Any) -> list[tuple[int | None, ...] | None] | None:
    """The shapes of a tf.data dataset's tuple elements (``element_spec``), or None."""
    if not k.is_dataset(ds):
        return None
    try:
        spec = ds.element_spec
        items = spec if isinstance(spec, tuple) else (spec,)
        out: list[tuple[int | None, ...] | None] = []
        for it in items:
            shp = getattr(it, "shape", None)
            out.append(tuple(shp.as_list()) if shp is not None and shp.rank is not None
                       else None)
        return out
    except Exception:  # noqa: BLE001
        return None


def _step_broadcasts(ctx: CellContext, k: Any, fn: Any) -> Iterator[tuple[Any, str, str, int]]:
    """(BinOp, prediction name, model name, index of the target parameter) for
    ``pred - target`` inside a reduction in the function ``fn``, where ``pred = model(...)``
    (a Keras model of the namespace) and ``target`` is a parameter."""
    if fn.facts.tree is None:
        return
    for node in ast.walk(fn.facts.tree):
        if not isinstance(node, ast.BinOp) or not isinstance(node.op, (ast.Sub, ast.Add)):
            continue
        preds: dict[str, str] = {}    # the value each name holds here: its last assignment
        for a in sorted(fn.facts.assigns, key=lambda a: a.line):
            if a.line >= node.lineno:
                break
            v = a.value
            var = ctx.ns.get(v.func.id) if isinstance(v, ast.Call) and \
                isinstance(v.func, ast.Name) else None
            if var is not None and var.kind == "model" and var.framework == "keras":
                preds[a.target] = v.func.id
            else:
                preds.pop(a.target, None)
        names = [s.id if isinstance(s, ast.Name) else None for s in (node.left, node.right)]
        pi = next((i for i, nm in enumerate(names) if nm is not None and nm in preds), None)
        if pi is None:
            continue
        pred, target = names[pi], names[1 - pi]
        if pred is None or target is None or target not in fn.params or \
                not _in_reduction(fn.facts, node):
            continue
        yield node, pred, preds[pred], fn.params.index(target)


def _through_step_functions(ctx: CellContext) -> Iterator[Evidence]:
    """``for xb, yb in ds: step(xb, yb)`` where ``step`` computes ``model(xb) - yb`` inside
    a reduction and the dataset gives ``yb`` as (N,) while the model outputs (N, 1)."""
    k = frameworks.get("keras")
    for lp in ctx.source.loops:
        tgt = lp.node.target if isinstance(lp.node, (ast.For, ast.AsyncFor)) else None
        if not isinstance(tgt, ast.Tuple) or not isinstance(lp.iter_node, ast.Name):
            continue
        loop_names = [e.id if isinstance(e, ast.Name) else None for e in tgt.elts]
        shapes = _spec_shapes(k, ctx.user_ns.get(lp.iter_node.id))
        if shapes is None or len(shapes) != len(loop_names):
            continue
        for c in lp.calls:
            if c.receiver is not None or not c.name or "." in c.name:
                continue
            fn = _user_function(ctx.user_ns.get(c.name))
            if fn is None:
                continue
            for node, pred, model, i in _step_broadcasts(ctx, k, fn):
                arg = c.node.args[i] if i < len(c.node.args) else None
                if not isinstance(arg, ast.Name) or arg.id not in loop_names:
                    continue
                tshape = shapes[loop_names.index(arg.id)]
                pshape = k.output_shape(ctx.user_ns.get(model))
                if tshape is None or pshape is None or len(tshape) != 1 or \
                        len(pshape) != 2 or pshape[1] != 1:
                    continue
                yield Evidence(line=c.line, subject=arg.id,
                               expr=fn.facts.segment(node) or f"{pred} - ...",
                               pred=pred, target=fn.params[i],
                               model=model, pshape="(N, 1)", tshape="(N,)",
                               bshape="(N, N)", n="N")
                return
