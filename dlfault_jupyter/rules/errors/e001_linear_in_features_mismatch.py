from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...analysis.errors import (
    _line,
    _local,
    _msg,
    arg,
    code_of,
    error_lines,
    locate,
    model_calls,
    module_repr,
    ns_obj,
    tb_modules,
    tensor_info,
)
from ...context import CellContext
from ...frameworks import type_name
from ...frameworks.base import LayerKind
from ...frameworks.summary import shape_str
from ...registry import Evidence, Rule, Texts, register


def _prod(dims: Any) -> int:
    p = 1
    for d in dims:
        p *= int(d)
    return p


def _is_linear(torch: Any, mod: Any, c: int, d: int) -> bool:
    return torch.layer_kind(mod) is LayerKind.LINEAR \
        and getattr(mod, "in_features", None) == c \
        and getattr(mod, "out_features", None) == d


def _matmul_operands(ctx: CellContext) -> tuple[str, str] | None:
    """Source of the two operands of ``a @ b`` / ``torch.matmul(a, b)`` / ``a.mm(b)`` on the
    error line, when there is exactly one such product."""
    lines = set(error_lines(ctx)[:1])
    found = []
    if ctx.source.tree is None:
        return None
    for n in ast.walk(ctx.source.tree):
        if getattr(n, "lineno", None) not in lines:
            continue
        if isinstance(n, ast.BinOp) and isinstance(n.op, ast.MatMult):
            found.append((n.left, n.right))
        elif isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and \
                n.func.attr in ("matmul", "mm"):
            if len(n.args) == 2:
                found.append((n.args[0], n.args[1]))
            elif len(n.args) == 1:
                found.append((n.func.value, n.args[0]))
    if len(found) != 1:
        return None
    a, b = (code_of(ctx, x) for x in found[0])
    return (a, b) if a and b else None


# --------------------------------------------------------------------------------------
@register
class LinearInFeaturesMismatch(Rule):
    id = "DLF-E001"
    name = "linear-in-features-mismatch"
    title = "mat1 and mat2 shapes cannot be multiplied: a Linear layer gets the wrong number of features"
    taxonomy = "model.layers.properties"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = "Shape mismatch in a matrix product: {summary}"
    beginner = """{intro} {advice} When in doubt, print the shape right before the layer
(`print(x.shape)`)."""
    expert = """A matrix product (mat1 @ mat2) needs mat1's columns to equal mat2's rows. Here
mat1 is ({a}x{b}) and mat2 is ({c}x{d}): the inner sizes {b} and {c} differ. `nn.Linear`
computes `input @ weight.T + bias`, viewing the input as (rows, last dim) and mat2 =
`weight.T` as (in_features, out_features). {mechanism}"""
    fix = """{fix_code}"""
    # A finding is written with one case (flatten, flatten_size, features, unknown_input,
    # matmul) and the variants of its details: the layer's place, the input's name, the fix.
    texts = {
        # -- a Linear layer was found in the traceback
        "layer": Texts(intro="""A linear layer (`nn.Linear(in_features, out_features)`) needs
inputs whose last dimension is exactly `in_features`."""),
        "at_path": Texts(where="`{path}` ({layer_repr})"),
        "no_path": Texts(where="a `Linear({c}, {d})` layer"),
        "of_model": Texts(of_model=" of `{model}`"),
        "no_model": Texts(of_model=""),
        "first": Texts(lay="the first nn.Linear"),
        "later": Texts(lay="the nn.Linear"),
        "input_named": Texts(got="`{in_name}` has shape {shape}",
                             src="`{in_name}` has {feat} features (shape {shape})"),
        "input_unnamed": Texts(got="its input has shape {shape}",
                               src="it receives {feat} features (input shape {shape})"),
        "flatten": Texts(
            summary="""{lay}{of_model}, {where}, expects {c} features, but {got}: add
nn.Flatten() before it.""",
            advice="""Its input still has the image shape {shape}: the layer only sees the
last dimension ({last} values). Flatten each sample into {c} = {dims} numbers first, with
`nn.Flatten()` as the layer before it (or `x.flatten(1)`).""",
            mechanism="""The {rank}-D input {shape} is treated as a batch of {a} rows of {b}
features; flattening dims 1.. gives ({n}, {c}).""",
        ),
        "fix_flatten_first": Texts(fix_code="""# put nn.Flatten() first in {ms}:
{ms} = nn.Sequential(nn.Flatten(), *{ms})   # or add it where you build {ms}
out = {ms}({xs})
# or flatten the batch: out = {ms}({xs}.flatten(1))"""),
        "fix_flatten_input": Texts(
            fix_code="""out = {ms}({xs}.flatten(1))   # (N, C, H, W) -> (N, C*H*W)
# or add nn.Flatten() / torch.flatten(x, 1) in {ms} before {target}"""),
        "fix_rebuild_sequential": Texts(fix_code="""# rebuild {ms} with nn.Flatten() right before {target}:
{ms} = nn.Sequential(..., nn.Flatten(), nn.Linear(...), ...)"""),
        "fix_flatten_somewhere": Texts(
            fix_code="# flatten before {target}: nn.Flatten() in a Sequential, or "
                     "x = torch.flatten(x, 1) in forward()"),
        "fix_forward": Texts(fix_code="""# in {cls}.forward(), flatten before the Linear layer:
x = torch.flatten(x, 1)
return self.{attr}(x)"""),
        "flatten_size": Texts(
            summary="""{lay}{of_model}, {where}, expects {c} features, but {got}; flattened
it would have {flat} features, not {c}.""",
            advice="""The input still has {rank} dimensions {shape}, so the layer only sees
its last dimension ({last}). Flatten it (`nn.Flatten()`), and make `in_features` match the
flattened size {flat}, or check that the data has the shape you expect.""",
            mechanism="""Flattening dims 1.. of {shape} gives {flat} features; the layer was
built for {c}.""",
            fix_code="""nn.Flatten(),
nn.Linear({flat}, {d}),   # was nn.Linear({c}, {d})""",
        ),
        "features": Texts(
            summary="{where}{of_model} expects {c} input features, but {src}.",
            mechanism="""The layer's input has last dimension {feat} ≠ in_features {c}.
`nn.LazyLinear(out_features)` infers in_features on the first call.""",
            fix_code="nn.Linear({feat}, {d}),   # was nn.Linear({c}, {d}) at {target}",
        ),
        "from_data": Texts(advice="""The data has {feat} columns but the layer was built for
{c}. Either the data is not what you think (wrong columns, labels left in the features,
transposed matrix) or `in_features` should be {feat}."""),
        "from_layer": Texts(advice="""The layer before it produces {feat} values per sample,
but this layer was built for {c}. This usually happens after a change of image size or of
the conv/pool layers: set its `in_features` to {feat}."""),
        "unknown_input": Texts(
            summary="""{where}{of_model} expects {c} input features, but its input has {b}
in its last dimension.""",
            advice="""If the input is an image batch (N, C, H, W), add `nn.Flatten()` before
the first Linear; otherwise set `in_features` to the real number of features ({b}), or fix
the data's shape.""",
            mechanism="",
            fix_code="""print(x.shape)          # the input's shape right before the layer
nn.Flatten()            # when the input is (N, C, H, W)
nn.Linear({b}, {d})      # when {b} really is the number of features""",
        ),
        # -- no Linear layer: a plain matrix product (x @ w, torch.mm, F.linear)
        "matmul": Texts(
            intro="""In a matrix product, the number of columns of the first matrix must
equal the number of rows of the second.""",
            summary="""the product of a ({a}x{b}) and a ({c}x{d}) matrix is undefined: the
first has {b} columns, the second {c} rows.""",
            advice="""For `{A} @ {B}`, the last dimension of `{A}` ({b}) must equal the first
dimension of `{B}` ({c}). Check which operand is transposed: {fits}""",
            mechanism="",
            fix_code="""print({A}.shape, {B}.shape)   # (n, k) @ (k, m) -> (n, m)
{fixed}""",
        ),
        "operands": Texts(summary="""`{A} @ {B}`: the product of a ({a}x{b}) and a ({c}x{d})
matrix is undefined: the first has {b} columns, the second {c} rows."""),
        "transpose_second": Texts(fits="`{B}.T` ({d}x{c}) would fit.", fixed="{A} @ {B}.T"),
        "transpose_first": Texts(fits="`{A}.T` ({b}x{a}) would fit.", fixed="{A}.T @ {B}"),
        "reshape": Texts(fits="print both shapes and reshape/transpose one of them.",
                         fixed="{A} @ {B}   # after fixing the shapes"),
    }
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.Linear.html",
                  "https://pytorch.org/docs/stable/generated/torch.nn.Flatten.html")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        # the second: the same check on fake tensors, as torch.compile traces the model
        m = _msg(ctx, r"mat1 and mat2 shapes cannot be multiplied \((\d+)x(\d+) and (\d+)x(\d+)\)",
                 r"a and b must have same reduction dim, but got \[(\d+), (\d+)\] X "
                 r"\[(\d+), (\d+)\]")
        if not m:
            return
        a, b, c, d = (int(g) for g in m.groups())
        layer, layer_in = self._layer(ctx, c, d)
        model_name = path = None
        if layer is not None:
            model_name, path = locate(ctx, layer)
        # the user's input variable: model(x) on the error line
        calls = model_calls(ctx)
        in_name = in_info = None
        if model_name:
            calls = [cm for cm in calls if cm[1] == model_name] or calls
        if calls:
            call, callee = calls[0]
            model_name = model_name or callee
            in_name, obj = ns_obj(ctx, arg(call, 0))
            in_info = tensor_info(obj)
        if layer is None:
            yield self._matmul(ctx, a, b, c, d, model_name or in_name)
            return
        first = False
        mv = ctx.ns.get(model_name) if model_name else None
        if mv is not None:
            mo = mv.obj
            try:
                t = frameworks.get("torch")
                lins = [x for x in mo.modules() if t.layer_kind(x) is LayerKind.LINEAR]
                first = bool(lins) and lins[0] is layer
            except Exception:  # noqa: BLE001
                first = False
            chain = frameworks.get("torch").sequential_chain(mo)
            if chain and chain[0][1] is layer and in_info is not None and layer_in is None:
                layer_in = in_info
        direct = (in_name is not None and in_info is not None and layer_in is not None
                  and in_info[0] == layer_in[0])
        variant = ["layer", "at_path" if path else "no_path",
                   "of_model" if model_name and path else "no_model",
                   "first" if first else "later"]
        fields: dict[str, Any] = dict(
            a=a, b=b, c=c, d=d, path=path, layer_repr=module_repr(layer), model=model_name,
            in_name=in_name, target=path or "this layer")
        if layer_in is None:        # (the input_* texts name its shape)
            variant.append("unknown_input")
        else:
            variant.append("input_named" if direct else "input_unnamed")
            shp = layer_in[0]
            flat = _prod(shp[1:]) if len(shp) >= 2 else None
            fields.update(shape=shape_str(shp), last=shp[-1], rank=len(shp), flat=flat,
                          feat=shp[-1], n=shp[0], dims=" x ".join(str(x) for x in shp[1:]))
            if len(shp) >= 3 and flat == c:
                fix, more = self._flatten_fix(ctx, model_name, path, in_name, direct)
                variant += ["flatten", fix]
                fields.update(more)
            elif len(shp) >= 3:
                variant.append("flatten_size")
            else:
                variant += ["features", "from_data" if direct else "from_layer"]
        yield Evidence(line=_line(ctx), subject=model_name or in_name, variant=tuple(variant),
                       **fields)

    @staticmethod
    def _layer(ctx: CellContext, c: int, d: int) -> tuple[Any, Any]:
        """The ``Linear(c, d)`` of the traceback and the shape of its input, if known."""
        torch = frameworks.get("torch")
        assert ctx.error is not None   # asked only about a cell that raised
        mods = tb_modules(ctx.error.exc)
        for mod, fr in reversed(mods):
            if _is_linear(torch, mod, c, d):
                return mod, tensor_info(_local(fr, "input"))
        if ctx.error.reported is not None:
            # raised while torch.compile traced the model (no frame of the layer): the one
            # Linear(c, d) of the compiled model, its input unknown
            found = {id(m): m for top, _ in mods for m in top.modules()
                     if _is_linear(torch, m, c, d)}
            if len(found) == 1:
                return next(iter(found.values())), None
        return None, None

    @staticmethod
    def _matmul(ctx: CellContext, a: int, b: int, c: int, d: int, subject: str | None
                ) -> Evidence:
        ops = _matmul_operands(ctx)
        A, B = ops if ops else ("A", "B")
        fit = "transpose_second" if d == b else "transpose_first" if a == c else "reshape"
        variant = ("matmul", fit, "operands") if ops else ("matmul", fit)
        return Evidence(line=_line(ctx), subject=subject, variant=variant, a=a, b=b, c=c, d=d,
                        A=A, B=B)

    @staticmethod
    def _flatten_fix(ctx: CellContext, model: str | None, path: str | None, x: str | None,
                     direct: bool) -> tuple[str, dict[str, Any]]:
        """The variant of the fix of an unflattened image batch, and its fields."""
        xs = x or "x"
        ms = model or "model"
        v = ctx.ns.get(ms)
        t = frameworks.get("torch")
        seq = v is not None and t.framework_name(v.obj) in t.vocab.SEQUENTIAL_CONTAINERS
        fields: dict[str, Any] = {"xs": xs, "ms": ms, "target": path or "the Linear"}
        if direct and seq and path == f"{ms}[0]":
            return "fix_flatten_first", fields
        if direct:
            return "fix_flatten_input", fields
        if seq:
            return "fix_rebuild_sequential", fields
        if not path or path.count(".") != 1 or "[" in path or v is None:
            fields["target"] = path or "the Linear layer"
            return "fix_flatten_somewhere", fields
        fields.update(cls=type_name(v.obj), attr=path.rsplit(".", 1)[-1])
        return "fix_forward", fields
