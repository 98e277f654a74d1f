from __future__ import annotations

import ast
import functools
import types
from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...analysis.models import _shape_of
from ...context import CellContext
from ...frameworks.summary import shape_str
from ...registry import Evidence, Rule, Texts, register

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

# -- a metric by hand on predictions, any framework -------------------------------------------

#: methods that keep an array's shape (elementwise casts, rounding, moves)
_SAME_SHAPE_METHODS = ("astype", "float", "double", "int", "long", "bool", "round", "numpy",
                       "cpu", "detach", "clone", "copy", "to", "type", "abs", "sigmoid")
#: module functions that keep their first argument's shape
_SAME_SHAPE_FUNCS = ("round", "rint", "around", "abs", "absolute", "sigmoid", "exp",
                     "asarray", "array", "as_tensor", "from_numpy", "tensor")
#: module functions whose result has the shape of their first argument's, or is chosen by
#: it (``np.where(p > 0.5, 1, 0)``): followed to find where a prediction comes from
_FOLLOWED_FUNCS = _SAME_SHAPE_FUNCS + ("where", "clip", "convert_to_tensor")
#: steps that change the shape but keep the values a prediction (``.ravel()``,
#: ``np.argmax(p, axis=1)``, ``p[:, 1]``): followed only to find where a value comes from
_RESHAPING = ("ravel", "flatten", "squeeze", "reshape", "view", "argmax")
_PREDICT = ("predict", "predict_on_batch", "forward", "__call__")
_COMPARE_OPS = (ast.Eq, ast.NotEq, ast.Lt, ast.LtE, ast.Gt, ast.GtE)
_ARITH_OPS = (ast.Sub, ast.Add, ast.Mult, ast.Div)
_METRIC_REDUCERS = _REDUCERS + ("count_nonzero", "nanmean", "average", "nansum")


def _is_module(ctx: CellContext, node: ast.AST) -> bool:
    return isinstance(node, ast.Name) and (
        isinstance(ctx.user_ns.get(node.id), types.ModuleType) or
        (node.id in ("np", "numpy", "torch", "tf", "ops") and node.id not in ctx.user_ns))


def _is_const(node: ast.AST) -> bool:
    return isinstance(node, ast.Constant) or (
        isinstance(node, ast.UnaryOp) and isinstance(node.operand, ast.Constant))


def _strip(ctx: CellContext, e: ast.AST, methods: tuple[str, ...],
           funcs: tuple[str, ...]) -> ast.AST:
    """``e`` without the steps that keep its shape (a cast, a rounding, a comparison with
    or arithmetic with a constant): ``(p > 0.5).astype(int)`` → ``p``."""
    for _ in range(8):
        if isinstance(e, ast.Compare) and len(e.ops) == 1 and _is_const(e.comparators[0]):
            e = e.left
        elif isinstance(e, ast.BinOp) and _is_const(e.right):
            e = e.left
        elif isinstance(e, ast.BinOp) and _is_const(e.left):
            e = e.right
        elif isinstance(e, ast.UnaryOp):
            e = e.operand
        elif isinstance(e, ast.Call) and isinstance(f := e.func, ast.Attribute):
            if _is_module(ctx, f.value):
                if f.attr not in funcs or not e.args:
                    return e
                e = e.args[0]
            elif f.attr in methods:
                e = f.value
            else:
                return e
        else:
            return e
    return e


def _model(ctx: CellContext, name: str) -> bool:
    var = ctx.ns.get(name)
    return var is not None and var.kind == "model"


def _predicted_by(ctx: CellContext, e: ast.AST, line: int, earlier: dict[str, str],
                  depth: int = 0) -> str | None:
    """The model whose output ``e`` (at ``line``) is, through shape-keeping steps and this
    cell's assignments (``p = model.predict(X); y_hat = (p > 0.5).astype(int)``), or
    through a name remembered from an earlier cell."""
    for _ in range(4):
        e = _strip(ctx, e, _SAME_SHAPE_METHODS + _RESHAPING, _FOLLOWED_FUNCS + _RESHAPING)
        if not isinstance(e, ast.Subscript):
            break
        e = e.value
    if isinstance(e, ast.Call):
        f = e.func
        if isinstance(f, ast.Name) and _model(ctx, f.id):
            return f.id                                         # model(x)
        if isinstance(f, ast.Attribute) and f.attr in _PREDICT and \
                isinstance(f.value, ast.Name) and _model(ctx, f.value.id):
            return f.value.id                                   # model.predict(x)
        return None
    if not isinstance(e, ast.Name) or depth > 4:
        return None
    scoped = _scoped(ctx.source.tree)
    prior = [a for a in ctx.source.assigns if a.target == e.id and a.line <= line and
             not a.augmented and id(a.value) not in scoped]
    if prior:
        a = prior[-1]
        if a.line == line or isinstance(a.value, (ast.Tuple, ast.List)):
            return None
        return _predicted_by(ctx, a.value, a.line, earlier, depth + 1)
    return earlier.get(e.id)


def _shape(obj: Any) -> tuple | None:
    """The shape of a NumPy array, a TensorFlow or a torch tensor (not of a pandas object:
    pandas aligns or refuses a column against a 2-D array instead of broadcasting)."""
    n, k, t = frameworks.get("numpy"), frameworks.get("keras"), frameworks.get("torch")
    try:
        if (n is not None and n.is_array(obj)) or (k is not None and k.is_tensor(obj)) or \
                (t is not None and t.is_tensor(obj)):
            shape = tuple(obj.shape)
            return tuple(int(d) for d in shape) if None not in shape else None
    except Exception:  # noqa: BLE001
        return None
    return None


@functools.lru_cache(maxsize=4)      # one walk per cell, however many names are looked up
def _scoped(tree: ast.AST | None) -> frozenset[int]:
    """ids of the nodes inside a def, a lambda, a class or a comprehension: their names are
    not the namespace's."""
    out: set[int] = set()
    for n in ast.walk(tree) if tree is not None else ():
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef,
                          ast.ListComp, ast.SetComp, ast.DictComp, ast.GeneratorExp)):
            out.update(id(m) for m in ast.walk(n) if m is not n)
    return frozenset(out)


def _reduced_or_stored(ctx: CellContext, node: ast.AST) -> bool:
    """The result of ``node`` is reduced (``.mean()``, ``np.sum(...)``) or assigned, through
    shape-keeping steps only."""
    src = ctx.source
    p: ast.AST | None = src.parent(node)
    child = node
    while p is not None and not isinstance(p, ast.stmt):
        if isinstance(p, ast.Call):
            f = p.func
            a = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", None)
            if a in _METRIC_REDUCERS:
                return True
            if a not in _SAME_SHAPE_METHODS + _SAME_SHAPE_FUNCS:
                return False
        elif isinstance(p, ast.Subscript) and child is p.value:
            return False                                        # x[pred == y]: an index
        child = p
        p = src.parent(p)
    return isinstance(p, (ast.Assign, ast.AugAssign, ast.AnnAssign))


def _call_shape(ctx: CellContext, call: ast.Call | None, model: str | None) -> tuple | None:
    """The shape of ``model.predict(X)`` / ``model(X)`` written inline: (len(X), width)
    when the model's output width is known (a built Keras model, a torch Sequential)."""
    if call is None or model is None or not call.args or not isinstance(call.args[0], ast.Name):
        return None
    f = call.func
    if not ((isinstance(f, ast.Name) and f.id == model) or (
            isinstance(f, ast.Attribute) and f.attr in _PREDICT and
            isinstance(f.value, ast.Name) and f.value.id == model)):
        return None     # not the model's own call (model(x).argmax(1), ...)
    xs = _shape(ctx.user_ns.get(call.args[0].id))
    var = ctx.ns.get(model)
    if not xs or var is None:
        return None
    width: int | None = None
    if var.framework == "keras" and (k := frameworks.get("keras")) is not None:
        out = k.output_shape(var.obj)
        width = out[-1] if out is not None and len(out) == 2 else None
    elif var.framework == "torch":
        from ...analysis.training import _model_out_width
        try:
            width = _model_out_width(var.obj)
        except Exception:  # noqa: BLE001
            width = None
    return (xs[0], width) if isinstance(width, int) else None


def _flattened(src: Any, node: ast.AST, call: ast.AST) -> str | None:
    """The one-line statement of ``node`` with the model call ``call`` flattened
    (``.ravel()``), as the user wrote it otherwise."""
    stmt: ast.AST | None = node
    while stmt is not None and not isinstance(stmt, ast.stmt):
        stmt = src.parent(stmt)
    if not isinstance(stmt, (ast.Assign, ast.AugAssign, ast.AnnAssign, ast.Expr)) or \
            stmt.lineno != getattr(stmt, "end_lineno", None):
        return None
    whole, part = src.segment(stmt), src.segment(call)
    if not whole or not part or whole.count(part) != 1:
        return None
    return whole.replace(part, f"{part}.ravel()")


@register
class PredictionTargetBroadcast(Rule):
    id = "DLF-S103"
    name = "prediction-target-broadcast"
    title = ("Predictions (N, 1) and targets (N,) combined elementwise in a loss or a metric: "
             "broadcasts to (N, N)")
    taxonomy = "tensors.shape"
    severity = "error"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow", "torch")
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
    texts = {
        # -- an accuracy or an error computed by hand on a model's predictions
        "metric": Texts(
            message=("`{expr}` combines `{pred}` {pshape}, predictions of `{model}`, with "
                     "`{target}` {tshape}: the result broadcasts to {bshape}, pairing every "
                     "prediction with every target, so any {what} computed from it is not "
                     "the model's."),
            beginner="""`{pred}` holds the predictions of `{model}` with shape {pshape} and
`{target}` has shape {tshape}. Comparing or subtracting them does not pair sample i with
target i: the two shapes are stretched against each other into a {bshape} table of all
pairs, and the mean or sum over that table is about how every prediction matches every
target: an accuracy near the chance of a random match, an error near the spread of the
targets, whatever the model learned. No error is raised. Give both the same shape first:
{same}.""",
            expert="""Broadcasting aligns trailing axes: {pshape} and {tshape} give {bshape}
(NumPy, PyTorch and TensorFlow alike). A reduction over the result averages over all {n}²
pairs (i, j) instead of the {n} pairs (i, i), so it does not depend on which prediction
belongs to which sample. Keras' metrics (`model.evaluate`, `keras.metrics.BinaryAccuracy`)
bring both to the same rank first; the bug appears in metrics written by hand.""",
            fix="""{col} = {flat}             # {cshape} -> ({n},); then `{expr}` as before""",
            same="`{col} = {flat}`"),
        # -- the model called inside the expression: flatten its output there
        "inline": Texts(
            fix="""{stmt}             # the predictions flattened to ({n},)""",
            same="`{pred}.ravel()` in place of `{pred}`"),
    }
    known_false_alarms = ("Deliberate all-pairs computations (pairwise distances), which are "
                          "rarely written as a model output minus a target.")
    references = ("https://numpy.org/doc/stable/user/basics.broadcasting.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        if not src.ok:
            return
        mem = ctx.remember(self.id)
        earlier: dict[str, str] = mem.setdefault("predictions", {})
        seen: set[int] = set()
        if frameworks.get("keras") is not None:
            for ev in self._losses(ctx):
                seen.add(ev.line or 0)
                yield ev
        yield from self._metrics(ctx, earlier, seen)
        scoped = _scoped(src.tree)
        for a in src.assigns:         # what later cells may compare: this cell's predictions
            if id(a.value) in scoped:
                continue
            m = None if a.augmented or isinstance(a.value, (ast.Tuple, ast.List)) else \
                _predicted_by(ctx, a.value, a.line, earlier)
            if m is not None:
                earlier[a.target] = m
            else:
                earlier.pop(a.target, None)
        while len(earlier) > 64:
            earlier.pop(next(iter(earlier)))

    def _metrics(self, ctx: CellContext, earlier: dict[str, str],
                 seen: set[int]) -> Iterator[Evidence]:
        """``np.mean(y_hat == y)``, ``((p - y) ** 2).mean()``, ``hits = pred != y``...
        where one side is a model's (N, 1) output and the other is (N,), or the other way
        round, at the top level of the cell (the namespace holds both values)."""
        src = ctx.source
        scoped = _scoped(src.tree)
        for node in ast.walk(src.tree) if src.tree is not None else ():
            if isinstance(node, ast.Compare):
                if len(node.ops) != 1 or not isinstance(node.ops[0], _COMPARE_OPS):
                    continue
                sides, what = [node.left, node.comparators[0]], "accuracy"
            elif isinstance(node, ast.BinOp) and isinstance(node.op, _ARITH_OPS):
                sides, what = [node.left, node.right], "error"
            else:
                continue
            if id(node) in scoped or node.lineno in seen:
                continue
            roots = [_strip(ctx, x, _SAME_SHAPE_METHODS, _SAME_SHAPE_FUNCS) for x in sides]
            names = [r.id if isinstance(r, ast.Name) else None for r in roots]
            calls = [r if isinstance(r, ast.Call) else None for r in roots]
            if not all(nm is not None or c is not None for nm, c in zip(names, calls, strict=True)) or \
                    (names[0] is not None and names[0] == names[1]):
                continue
            used = {n.id for r in roots for n in ast.walk(r) if isinstance(n, ast.Name)}
            if any(a.line >= node.lineno for nm in used for a in src.assignments_to(nm)):
                continue    # bound again at or after this line: the namespace value is not it
            models = [_predicted_by(ctx, r, node.lineno, earlier) for r in roots]
            pi = next((i for i, m in enumerate(models) if m is not None), None)
            if pi is None or models[1 - pi] is not None or names[1 - pi] is None:
                continue
            s0, s1 = (_shape(ctx.user_ns.get(nm)) if nm is not None else
                      _call_shape(ctx, c, models[i]) for i, (nm, c) in
                      enumerate(zip(names, calls, strict=True)))
            if s0 is None or s1 is None:
                continue
            shapes: list[tuple] = [s0, s1]
            ci = next((i for i, sh in enumerate(shapes) if len(sh) == 2 and sh[1] == 1), None)
            if ci is None:
                continue
            cs, fs = shapes[ci], shapes[1 - ci]
            if len(fs) != 1 or fs[0] != cs[0] or fs[0] < 2 or \
                    not _reduced_or_stored(ctx, node):
                continue
            seen.add(node.lineno)
            n, pred, target = fs[0], src.segment(roots[pi]), names[1 - pi]
            fields = dict(expr=src.segment(node) or pred, pred=pred, target=target,
                          model=models[pi], pshape=shape_str(shapes[pi]),
                          tshape=shape_str(shapes[1 - pi]), bshape=f"({n}, {n})", n=n,
                          what=what, cshape=shape_str(cs))
            col = names[ci]
            if col is not None:
                tf_tensor = type(ctx.user_ns.get(col)).__module__.startswith("tensorflow")
                yield Evidence(line=node.lineno, subject=target, variant="metric",
                               severity="warning", col=col, flat=f"tf.reshape({col}, [-1])"
                               if tf_tensor else f"{col}.ravel()", **fields)
                continue
            stmt = _flattened(src, node, roots[ci])     # model.predict(X) inline
            if stmt is not None:
                yield Evidence(line=node.lineno, subject=target, variant=("metric", "inline"),
                               severity="warning", stmt=stmt, **fields)

    def _losses(self, ctx: CellContext) -> Iterator[Evidence]:
        """A Keras model's (N, 1) output minus (N,) targets in a hand-written loss."""
        src = ctx.source
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
