from __future__ import annotations

import ast
from collections.abc import Iterator

from ...analysis.user_classes import Method, UserClass, keras_classes
from ...context import CellContext
from ...registry import Evidence, Rule, register
from ...source.facts import dotted

_SOFTMAX = ("softmax", "log_softmax")
_ELEMENTWISE = ("tanh", "sigmoid", "relu", "gelu", "exp", "abs", "square", "negative",
                "silu", "elu", "leaky_relu", "softplus", "dropout", "cast")


def _int(node: ast.AST | None) -> int | None:
    return node.value if isinstance(node, ast.Constant) and isinstance(node.value, int) \
        and not isinstance(node.value, bool) else None


def _units(call: ast.Call) -> int | None:
    """``units`` of a ``Dense(n, ...)`` constructor call."""
    if (dotted(call.func) or "").rsplit(".", 1)[-1] not in ("Dense", "EinsumDense"):
        return None
    kw = next((k.value for k in call.keywords if k.arg == "units"), None)
    return _int(kw if kw is not None else (call.args[0] if call.args else None))


def _attr_dims(kc: UserClass) -> tuple[dict[str, int], dict[str, int]]:
    """(weights: attr -> last dim of its shape, layers: attr -> Dense units)."""
    weights: dict[str, int] = {}
    layers: dict[str, int] = {}
    for attr, st, _ in kc.assigned_attributes("__init__", "build"):
        c = st.value
        if not isinstance(c, ast.Call):
            continue
        if (dotted(c.func) or "").endswith("add_weight"):
            shp = next((k.value for k in c.keywords if k.arg == "shape"),
                       c.args[0] if c.args else None)
            if isinstance(shp, (ast.Tuple, ast.List)) and shp.elts and \
                    _int(shp.elts[-1]) is not None:
                weights[attr] = _int(shp.elts[-1]) or 0
        elif _units(c) is not None:
            layers[attr] = _units(c) or 0
    return weights, layers


class _Dims:
    def __init__(self, kc: UserClass, fn: Method) -> None:
        self.weights, self.layers = _attr_dims(kc)
        self.assigns = fn.assigns

    def last(self, node: ast.AST, line: int, depth: int = 0) -> tuple[int, str] | None:
        """(size of the last axis, how it was read) of an expression, when the source
        shows it: a Dense(n) output, a product with a weight of shape (..., n)."""
        if depth > 8:
            return None
        if isinstance(node, ast.Name):
            prev = [a for a in self.assigns.get(node.id, []) if a.lineno < line]
            return self.last(prev[-1].value, prev[-1].lineno, depth + 1) if prev else None
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and \
                node.value.id == "self" and node.attr in self.weights:
            return self.weights[node.attr], f"`self.{node.attr}` has shape (..., " \
                f"{self.weights[node.attr]})"
        if isinstance(node, ast.BinOp) and isinstance(node.op, ast.MatMult):
            return self.last(node.right, line, depth + 1)
        if not isinstance(node, ast.Call):
            return None
        f = node.func
        if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and \
                f.value.id == "self" and f.attr in self.layers:
            return self.layers[f.attr], f"`self.{f.attr}` is a Dense({self.layers[f.attr]})"
        if isinstance(f, ast.Call) and _units(f) is not None:
            return _units(f) or 0, f"`{ast.unparse(f)}` outputs {_units(f)} unit(s)"
        name = (dotted(f) or "").rsplit(".", 1)[-1]
        if name in ("matmul", "dot") and len(node.args) >= 2:
            return self.last(node.args[1], line, depth + 1)
        if name in _ELEMENTWISE and node.args:
            return self.last(node.args[0], line, depth + 1)
        return None


@register
class SoftmaxOverSingletonAxis(Rule):
    id = "DLF-S165"
    name = "softmax-over-singleton-axis"
    title = "Softmax over an axis of size 1: every weight is 1.0"
    taxonomy = "tensors.shape"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{cls}.call` applies `{func}` to `{arg}` (line {aline}) over its last axis, "
               "which has size 1 ({why}): the result is 1.0 everywhere, so the weights do "
               "not weigh anything.")
    beginner = """A softmax turns scores into weights that sum to 1 along one axis. Here
the scores have one number per position in a size-1 last axis, and the softmax runs over
that axis: a single number always becomes 1.0. Every position gets weight 1 and the
"attention" is a plain sum. Apply the softmax over the axis of the positions (usually
axis=1 for (batch, time, 1) scores)."""
    expert = """softmax(z)_i = exp(z_i)/Σ_j exp(z_j) over an axis of length 1 is identically
1 (and its gradient is 0): `{arg}` has last dimension 1 ({why}), and `{func}` defaults to
axis=-1. The scores never influence the output; normalise over the sequence axis instead."""
    fix = """{target} = {func}({arg}, axis=1)   # over the time steps, not the size-1 axis"""
    known_false_alarms = "None known: a softmax over one element is constant."
    references = ("https://keras.io/api/ops/nn/#softmax-function",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for kc in keras_classes(ctx):
            fn = kc.body("call")
            if fn is None:
                continue
            dims: _Dims | None = None
            for site in fn.calls:
                c = site.node
                func = site.name or ""
                if func.rsplit(".", 1)[-1] not in _SOFTMAX or not c.args or \
                        func.split(".")[0] == "self":
                    continue
                axis = next((k.value for k in c.keywords if k.arg in ("axis", "dim")),
                            c.args[1] if len(c.args) > 1 else None)
                if axis is not None and not (isinstance(axis, ast.UnaryOp) and
                                             _int(axis.operand) == 1):
                    continue
                dims = dims or _Dims(kc, fn)
                got = dims.last(c.args[0], c.lineno)
                if got is None or got[0] != 1:
                    continue
                parent = fn.assignment_of(c)
                target = ast.unparse(parent.targets[0]) if parent is not None else "weights"
                yield Evidence(line=c.lineno, aline=c.lineno, subject=kc.name,
                               key=(kc.name, c.lineno), cls=kc.name, func=func,
                               arg=ast.unparse(c.args[0]), why=got[1], target=target)
                break
