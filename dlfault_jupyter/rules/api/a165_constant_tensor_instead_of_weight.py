from __future__ import annotations

import ast
from collections.abc import Iterator

from ... import frameworks
from ...analysis.user_classes import Method, UserClass, keras_classes
from ...context import CellContext
from ...registry import Evidence, Rule, register
from ...source.facts import dotted

_ROOTS = ("numpy", "keras", "tensorflow", "jax")
_PRODUCTS = ("matmul", "dot", "einsum", "tensordot", "multiply", "conv", "conv1d", "conv2d")


def _self_attr(node: ast.AST) -> str | None:
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and \
            node.value.id == "self":
        return node.attr
    return None


@register
class ConstantTensorInsteadOfWeight(Rule):
    id = "DLF-A165"
    name = "constant-tensor-instead-of-weight"
    title = "Custom layer keeps its parameters as constant tensors, not weights (never trained)"
    taxonomy = "api"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{cls}.{method}` sets `self.{attr} = {ctor}(...)` (line {aline}), a constant "
               "tensor, and `call()` uses it in `{use}`: it is not a weight, so it is not in "
               "`trainable_weights` and never learns.")
    beginner = """Keras trains only the variables a layer registers as weights with
`self.add_weight(...)`. `{cls}` stores `{attr}` as an ordinary tensor made with `{ctor}`:
the optimizer never sees it, so `{attr}` stays at its initial random values for the whole
training and the layer does not learn. Create it with `self.add_weight(...)` in `build()`."""
    expert = """Only `keras.Variable`s created through `add_weight` (or assigned as
`Variable` attributes) are tracked in `{cls}.trainable_weights`; `model.fit` computes
gradients w.r.t. `model.trainable_variables` only. A tensor from `{ctor}` is a constant
captured by the traced `call()`: gradients never reach it and it is not saved by
`save_weights`."""
    fix = """self.{attr} = self.add_weight(shape=..., initializer="glorot_uniform", trainable=True)"""
    known_false_alarms = ("A fixed, deliberately untrained matrix (a random projection, a "
                          "DCT basis) multiplied in call(): make it a non-trainable weight "
                          "(add_weight(trainable=False)) to keep it saved with the layer.")
    references = ("https://keras.io/guides/making_new_layers_and_models_via_subclassing/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        k = frameworks.get("keras")
        if k is None:
            return
        for kc in keras_classes(ctx):
            call = kc.body("call")
            used = _products(call) if call is not None else {}
            if not used:
                continue
            hit = _constant_attr(ctx, kc, used)
            if hit is None:
                continue
            st, attr, ctor, mname = hit
            yield Evidence(line=st.lineno, aline=st.lineno, subject=kc.name,
                           key=(kc.name, attr), cls=kc.name,
                           method=mname, attr=attr, ctor=ctor, use=used[attr])


def _products(call: Method) -> dict[str, str]:
    """self attributes used as an operand of a product in call(): attr -> the product."""
    used: dict[str, str] = {}
    for c in call.calls:
        fname = (c.name or "").rsplit(".", 1)[-1]
        if fname in _PRODUCTS:
            for a in c.node.args:
                attr = _self_attr(a)
                if attr:
                    used.setdefault(attr, c.name or fname)
    for n in call.nodes:
        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.MatMult):
            for a in (n.left, n.right):
                attr = _self_attr(a)
                if attr:
                    used.setdefault(attr, "@")
    return used


def _constant_attr(ctx: CellContext, kc: UserClass, used: dict[str, str]
                   ) -> tuple[ast.Assign, str, str, str] | None:
    """The first ``self.<attr> = <array/tensor factory>(...)`` of a used attribute, in
    ``build`` then ``__init__``."""
    for attr, st, mname in kc.assigned_attributes("build", "__init__"):
        if attr not in used or not isinstance(st.value, ast.Call):
            continue
        names = [dotted(n.func) or "" for n in ast.walk(st.value) if isinstance(n, ast.Call)]
        if any(x.rsplit(".", 1)[-1] in ("add_weight", "Variable", "add_variable")
               for x in names):
            continue
        fn_obj = ctx.source.resolve(names[0])
        mod = getattr(fn_obj, "__module__", None) or ""
        if not callable(fn_obj) or isinstance(fn_obj, type) or \
                mod.split(".", 1)[0] not in _ROOTS:
            continue
        return st, attr, names[0], mname
    return None
