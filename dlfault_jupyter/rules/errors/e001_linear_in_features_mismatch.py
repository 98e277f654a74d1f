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
    lc,
    locate,
    model_calls,
    module_repr,
    ns_obj,
    tb_modules,
    tensor_info,
)
from ...context import CellContext
from ...frameworks.summary import shape_str
from ...registry import Evidence, Rule, register


def _prod(dims: Any) -> int:
    p = 1
    for d in dims:
        p *= int(d)
    return p


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
mat1 is {mat1} and mat2 is {mat2}: the inner sizes {inner} differ. `nn.Linear` computes
`input @ weight.T + bias`, viewing the input as (rows, last dim) and mat2 = `weight.T` as
(in_features, out_features). {mechanism}"""
    fix = """{fix_code}"""
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.Linear.html",
                  "https://pytorch.org/docs/stable/generated/torch.nn.Flatten.html")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:  # noqa: C901 - the rule's chain of evidence, one guard per fact; to shrink as the facts move to analysis/ (issue 12)
        m = _msg(ctx, r"mat1 and mat2 shapes cannot be multiplied \((\d+)x(\d+) and (\d+)x(\d+)\)")
        if not m:
            return
        t = frameworks.get("torch")
        a, b, c, d = (int(g) for g in m.groups())
        layer = layer_in = None
        for mod, fr in reversed(tb_modules(ctx.error.exc)):
            if type(mod).__name__ == "Linear" and getattr(mod, "in_features", None) == c \
                    and getattr(mod, "out_features", None) == d:
                layer = mod
                layer_in = tensor_info(_local(fr, "input"))
                break
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
        first = False
        if layer is not None and model_name and ctx.ns.get(model_name) is not None:
            mo = ctx.ns.get(model_name).obj
            try:
                lins = [x for x in mo.modules() if type(x).__name__ == "Linear"]
                first = bool(lins) and lins[0] is layer
            except Exception:  # noqa: BLE001
                first = False
            chain = t.sequential_chain(mo)
            if chain and chain[0][1] is layer and in_info is not None and layer_in is None:
                layer_in = in_info
        where = f"`{path}` ({module_repr(layer)})" if path else (
            f"a `Linear({c}, {d})` layer" if layer is not None else "a matrix multiplication")
        lay = "the first nn.Linear" if first else "the nn.Linear"
        of_model = f" of `{model_name}`" if model_name and path else ""
        direct = (in_name is not None and in_info is not None and layer_in is not None
                  and in_info[0] == layer_in[0])
        in_desc = f"`{in_name}` has shape {shape_str(in_info[0])}" if direct else None
        summary = advice = mechanism = fix_code = None
        if layer is not None and layer_in is not None:
            shp = layer_in[0]
            flat = _prod(shp[1:]) if len(shp) >= 2 else None
            got = in_desc or f"its input has shape {shape_str(shp)}"
            if len(shp) >= 3 and flat == c:
                summary = (f"{lay}{of_model}, {where}, expects {c} features, but "
                           f"{got}: add nn.Flatten() before it.")
                advice = (f"Its input still has the image shape {shape_str(shp)}: the layer "
                          f"only sees the last dimension ({shp[-1]} values). Flatten each sample "
                          f"into {c} = {' x '.join(str(x) for x in shp[1:])} numbers first, with "
                          f"`nn.Flatten()` as the layer before it (or `x.flatten(1)`).")
                mechanism = (f"The {len(shp)}-D input {shape_str(shp)} is treated as a batch of "
                             f"{a} rows of {b} features; flattening dims 1.. gives ({shp[0]}, {c}).")
                fix_code = self._flatten_fix(ctx, model_name, path, in_name, direct)
            elif len(shp) >= 3:
                summary = (f"{lay}{of_model}, {where}, expects {c} features, but "
                           f"{got}; flattened it would have {flat} features, not {c}.")
                advice = (f"The input still has {len(shp)} dimensions {shape_str(shp)}, so the "
                          f"layer only sees its last dimension ({shp[-1]}). Flatten it "
                          f"(`nn.Flatten()`), and make `in_features` match the flattened size "
                          f"{flat}, or check that the data has the shape you expect.")
                mechanism = (f"Flattening dims 1.. of {shape_str(shp)} gives {flat} features; the "
                             f"layer was built for {c}.")
                fix_code = f"nn.Flatten(),\nnn.Linear({flat}, {d}),   # was nn.Linear({c}, {d})"
            else:
                feat = shp[-1]
                src = (f"`{in_name}` has {feat} features (shape {shape_str(in_info[0])})"
                       if in_desc else f"it receives {feat} features (input shape "
                       f"{shape_str(shp)})")
                summary = f"{where}{of_model} expects {c} input features, but {src}."
                if direct:
                    advice = (f"The data has {feat} columns but the layer was built for {c}. "
                              f"Either the data is not what you think (wrong columns, labels "
                              f"left in the features, transposed matrix) or `in_features` should "
                              f"be {feat}.")
                else:
                    advice = (f"The layer before it produces {feat} values per sample, but this "
                              f"layer was built for {c}. This usually happens after a change of "
                              f"image size or of the conv/pool layers: set its `in_features` to "
                              f"{feat}.")
                mechanism = (f"The layer's input has last dimension {feat} ≠ in_features {c}. "
                             "`nn.LazyLinear(out_features)` infers in_features on the first call.")
                fix_code = f"nn.Linear({feat}, {d}),   # was nn.Linear({c}, {d}) at {path or 'this layer'}"
        if summary is None and layer is not None:
            summary = (f"{where}{of_model} expects {c} input features, but its input has {b} "
                       f"in its last dimension.")
            advice = (f"If the input is an image batch (N, C, H, W), add `nn.Flatten()` before "
                      f"the first Linear; otherwise set `in_features` to the real number of "
                      f"features ({b}), or fix the data's shape.")
            mechanism = ""
            fix_code = (f"print(x.shape)          # the input's shape right before the layer\n"
                        f"nn.Flatten()            # when the input is (N, C, H, W)\n"
                        f"nn.Linear({b}, {d})      # when {b} really is the number of features")
        elif summary is None:
            # no Linear layer found: a plain matrix product (x @ w, torch.mm, F.linear)
            summary = (f"the product of a ({a}x{b}) and a ({c}x{d}) matrix is undefined: the "
                       f"first has {b} columns, the second {c} rows.")
            advice = (f"For `A @ B`, the last dimension of A ({b}) must equal the first "
                      f"dimension of B ({c}). Check which operand is transposed: "
                      + (f"`B.T` ({d}x{c}) would fit." if d == b else
                         f"`A.T` ({b}x{a}) would fit." if a == c else
                         "print both shapes and reshape/transpose one of them."))
            mechanism = ""
            ops = _matmul_operands(ctx)
            A, B = ops if ops else ("A", "B")
            if ops:
                summary = f"`{A} @ {B}`: " + summary
            fix_code = (f"print({A}.shape, {B}.shape)   # (n, k) @ (k, m) -> (n, m)\n"
                        + (f"{A} @ {B}.T" if d == b else f"{A}.T @ {B}" if a == c else
                           f"{A} @ {B}   # after fixing the shapes"))
            advice = advice.replace("`B.T`", f"`{B}.T`").replace("`A.T`", f"`{A}.T`").replace(
                "`A @ B`", f"`{A} @ {B}`").replace("of A (", f"of `{A}` (").replace(
                "of B (", f"of `{B}` (")
        intro = ("A linear layer (`nn.Linear(in_features, out_features)`) needs inputs whose "
                 "last dimension is exactly `in_features`." if layer is not None else
                 "In a matrix product, the number of columns of the first matrix must equal "
                 "the number of rows of the second.")
        yield Evidence(line=_line(ctx), subject=model_name or in_name, summary=lc(summary),
                       intro=intro, advice=advice, mechanism=mechanism, fix_code=fix_code,
                       mat1=f"({a}x{b})", mat2=f"({c}x{d})", inner=f"{b} and {c}")

    @staticmethod
    def _flatten_fix(ctx: CellContext, model: str | None, path: str | None, x: str | None,
                     direct: bool) -> str:
        xs = x or "x"
        ms = model or "model"
        v = ctx.ns.get(ms)
        seq = v is not None and type(v.obj).__name__ == "Sequential"
        if direct and seq and path == f"{ms}[0]":
            return (f"# put nn.Flatten() first in {ms}:\n"
                    f"{ms} = nn.Sequential(nn.Flatten(), *{ms})   # or add it where you build "
                    f"{ms}\nout = {ms}({xs})\n# or flatten the batch: out = {ms}({xs}.flatten(1))")
        if direct:
            return (f"out = {ms}({xs}.flatten(1))   # (N, C, H, W) -> (N, C*H*W)\n"
                    f"# or add nn.Flatten() / torch.flatten(x, 1) in {ms} before {path or 'the Linear'}")
        if seq:
            return (f"# rebuild {ms} with nn.Flatten() right before {path or 'the Linear'}:\n"
                    f"{ms} = nn.Sequential(..., nn.Flatten(), nn.Linear(...), ...)")
        if not path or path.count(".") != 1 or "[" in path or v is None:
            return (f"# flatten before {path or 'the Linear layer'}: nn.Flatten() in a "
                    f"Sequential, or x = torch.flatten(x, 1) in forward()")
        attr = path.rsplit(".", 1)[-1]
        cls = type(v.obj).__name__
        return (f"# in {cls}.forward(), flatten before the Linear layer:\n"
                f"x = torch.flatten(x, 1)\nreturn self.{attr}(x)")
