"""PyTorch exception explainers (DLF-E001..E099).

When a cell raised, these explain the error with the notebook's own objects: which model,
which layer (found in the traceback: the innermost frame whose ``self`` is an ``nn.Module``,
named by its qualified name inside a model of the namespace), which variable has which shape,
dtype or device. The failing code is never re-run; user objects are only read (attribute
access on known torch types, ``named_modules``/``parameters`` of modules).

When the objects cannot be identified, the explanation falls back to a correct generic one.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from typing import Any

from .. import frameworks
from ..context import CellContext
from ..frameworks.summary import shape_str
from ..wording import describe
from . import Evidence, Rule, register

# --------------------------------------------------------------------------------------
# helpers shared by the explainers (also used by errors_keras)


def lc(text: str) -> str:
    """Lower-case the first letter of a sentence that follows a colon ("The x" -> "the x"),
    keeping acronyms ("GPU", "CUDA") and code."""
    first = text.split(" ", 1)[0]
    if len(text) > 1 and text[0].isupper() and first[1:].islower():
        return text[0].lower() + text[1:]
    return text


def _prod(dims: Any) -> int:
    p = 1
    for d in dims:
        p *= int(d)
    return p


def code_of(ctx: CellContext, node: ast.AST | None) -> str | None:
    """Short source text of an argument (``x``, ``batch[0]``), or None when long/unknown."""
    if node is None:
        return None
    s = ctx.source.segment(node).strip()
    if not s or len(s) > 40 or "\n" in s:
        return None
    return s


def error_calls(ctx: CellContext) -> list[Any]:
    """Calls on the lines the error came from, innermost line first (all calls of the cell
    when no line is known)."""
    lines = error_lines(ctx)
    if not lines:
        return list(ctx.source.calls) if ctx.error is not None and ctx.error.line is None \
            else []
    out = []
    for ln in lines:
        out += [c for c in ctx.source.calls if c.line == ln and c not in out]
    return out


def ns_obj(ctx: CellContext, node: ast.AST | None) -> tuple[str | None, Any]:
    """(name, object) of a plain variable argument; (code, None) otherwise."""
    if isinstance(node, ast.Name):
        v = ctx.ns.get(node.id)
        if v is not None:
            return node.id, v.obj
        return node.id, None
    return code_of(ctx, node), None


def tb_frames(exc: BaseException) -> list[Any]:
    frames = []
    tb = exc.__traceback__
    n = 0
    while tb is not None and n < 500:
        frames.append(tb.tb_frame)
        tb = tb.tb_next
        n += 1
    return frames


def _local(frame: Any, name: str) -> Any:
    try:
        return frame.f_locals.get(name)
    except Exception:  # noqa: BLE001
        return None


def tb_modules(exc: BaseException) -> list[tuple[Any, Any]]:
    """(module, frame) for frames whose ``self`` is an ``nn.Module``, innermost last."""
    t = frameworks.get("torch")
    if t is None:
        return []
    out: list[tuple[Any, Any]] = []
    for fr in tb_frames(exc):
        s = _local(fr, "self")
        if s is not None and t.is_module(s):
            if out and out[-1][0] is s:
                out[-1] = (s, fr)
            else:
                out.append((s, fr))
    return out


def _path(var: str, qual: str) -> str:
    out = var
    for p in qual.split("."):
        if not p:
            continue
        out += f"[{p}]" if p.isdigit() else f".{p}"
    return out


def locate(ctx: CellContext, mod: Any) -> tuple[str | None, str | None]:
    """(model variable, path inside it like ``model[0]``/``model.fc``) of a module."""
    models = [v for v in ctx.ns.of_kind("model", "loss", framework="torch")]
    for v in models:
        if v.obj is mod:
            return v.name, v.name
    for v in models:
        try:
            for q, m in v.obj.named_modules():
                if m is mod:
                    return v.name, _path(v.name, q)
        except Exception:  # noqa: BLE001
            continue
    return None, None


def module_repr(mod: Any) -> str:
    """``Linear 10→64``, ``Conv2d 3→16, 3×3`` (wording.describe)."""
    return describe(mod)


def tensor_info(obj: Any) -> tuple[tuple[int, ...], str, str] | None:
    t = frameworks.get("torch")
    if t is None or not t.is_tensor(obj):
        return None
    try:
        return tuple(int(d) for d in obj.shape), t.dtype_name(obj), str(obj.device)
    except Exception:  # noqa: BLE001
        return None


def model_calls(ctx: CellContext) -> list[tuple[Any, str]]:
    """(call, model name) on the error line whose callee is a torch model variable
    (``model(x)``, ``model.forward(x)``)."""
    out = []
    for c in error_calls(ctx):
        name = None
        if c.receiver is None and c.name:
            name = c.name
        elif c.attr == "forward" and c.receiver:
            name = c.receiver
        v = ctx.ns.get(name)
        if v is not None and v.kind == "model" and v.framework == "torch":
            out.append((c, name))
    return out


LOSS_FUNCS = {"cross_entropy": "CrossEntropyLoss", "nll_loss": "NLLLoss",
              "binary_cross_entropy": "BCELoss",
              "binary_cross_entropy_with_logits": "BCEWithLogitsLoss",
              "mse_loss": "MSELoss", "l1_loss": "L1Loss", "smooth_l1_loss": "SmoothL1Loss",
              "huber_loss": "HuberLoss", "kl_div": "KLDivLoss"}


def loss_call(ctx: CellContext) -> tuple[Any, str | None, str | None]:
    """(call, loss variable or None, loss class name) of the loss called on the error line."""
    loss_mods = [m for m, _ in tb_modules(ctx.error.exc) if frameworks.get("torch").is_loss(m)]
    for c in error_calls(ctx):
        v = ctx.ns.get(c.name) if c.receiver is None else None
        if v is not None and v.kind == "loss" and v.framework == "torch":
            return c, v.name, type(v.obj).__name__
        if c.attr in LOSS_FUNCS and c.receiver is not None:
            return c, None, LOSS_FUNCS[c.attr]
        if isinstance(c.node.func, ast.Call) and loss_mods:
            return c, None, type(loss_mods[-1]).__name__
    if loss_mods:
        m = loss_mods[-1]
        return None, locate_loss(ctx, m), type(m).__name__
    return None, None, None


def locate_loss(ctx: CellContext, m: Any) -> str | None:
    for v in ctx.ns.of_kind("loss", framework="torch"):
        if v.obj is m:
            return v.name
    return None


def arg(call: Any, i: int, kw: str | None = None) -> ast.AST | None:
    if call is None:
        return None
    return call.kwarg(kw or f"__pos{i}", i) if kw else (
        call.node.args[i] if len(call.node.args) > i
        and not isinstance(call.node.args[i], ast.Starred) else None)


def _is_cell_file(fn: str) -> bool:
    return fn.startswith(("<ipython-input", "<cell")) or "/ipykernel_" in fn


def error_lines(ctx: CellContext) -> list[int]:
    """Lines of the executed cell involved in the error, innermost first: the cell's own
    statement and lines of functions defined in this same cell that it called. (Frames of
    code defined in earlier cells have another file name and are left out.)"""
    if ctx.error is None:
        return []
    out: list[int] = []
    fname = None
    tb = ctx.error.exc.__traceback__
    n = 0
    while tb is not None and n < 500:
        try:
            fn = tb.tb_frame.f_code.co_filename
        except Exception:  # noqa: BLE001
            break
        if fname is None and _is_cell_file(fn):
            fname = fn
        if fname is not None and fn == fname:
            out.append(tb.tb_lineno)
        tb = tb.tb_next
        n += 1
    return list(reversed(out))


def error_line(ctx: CellContext) -> int | None:
    """The line of the executed cell where the error arose (innermost line of this cell;
    ``ErrorInfo.line`` may point into a function defined in an earlier cell)."""
    lines = error_lines(ctx)
    if lines:
        return lines[0]
    return ctx.error.line if ctx.error else None


_line = error_line


def _msg(ctx: CellContext, *patterns: str) -> re.Match | None:
    return ctx.error.match(*patterns) if ctx.error is not None else None


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


CLASS_INDEX_LOSSES = ("CrossEntropyLoss", "NLLLoss", "MultiMarginLoss")
FLOAT_TARGET_LOSSES = ("BCELoss", "BCEWithLogitsLoss", "MSELoss", "L1Loss", "SmoothL1Loss",
                       "HuberLoss", "KLDivLoss")


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

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
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


# --------------------------------------------------------------------------------------
@register
class LossTargetDtype(Rule):
    id = "DLF-E002"
    name = "loss-target-wrong-dtype"
    title = "Loss targets of the wrong dtype (class indices must be Long, BCE/MSE targets float)"
    taxonomy = "tensors.input"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = "Wrong dtype of the loss target: {summary}"
    beginner = """Each loss expects its targets in a specific dtype. {advice}"""
    expert = """Loss kernels do not promote the target's dtype. {mechanism}"""
    fix = """{fix_code}"""
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html",
                  "https://pytorch.org/docs/stable/generated/torch.nn.BCEWithLogitsLoss.html")

    LONG_RE = (r"expected target dtype to be Long or Byte, but got (\w+)",
               r"expected scalar type Long but found (\w+)")
    FLOAT_RE = (r"Found dtype (Long|Int|Short|Byte|Bool|Char) but expected Float",
                r"result type Float can't be cast to the desired output type (Long|Int|Short|Byte|Bool|Char)")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        ml = _msg(ctx, *self.LONG_RE)
        mf = None if ml else _msg(ctx, *self.FLOAT_RE)
        if not ml and not mf:
            return
        call, loss_var, loss_cls = loss_call(ctx)
        if mf and loss_cls is None:
            return  # "can't be cast" also comes from in-place ops on integer tensors
        if ml and loss_cls is not None and loss_cls not in CLASS_INDEX_LOSSES:
            return
        got = (ml or mf).group(1)
        tname, tobj = ns_obj(ctx, arg(call, 1, "target") if call else None)
        if tname is None and call is not None and len(call.node.args) > 1:
            tname = code_of(ctx, call.node.args[1])
        conv = None
        if tname and tobj is None:
            mm = re.match(r"^([\w.\[\]]+)\.(float|double|half|long|int|to)\(.*\)$", tname)
            if mm:
                conv, tname = tname, mm.group(1)
                v = ctx.ns.get(tname)
                tobj = v.obj if v is not None else None
        tinfo = tensor_info(tobj)
        tn = tname or "y"
        lossd = f"`{loss_var}` ({loss_cls})" if loss_var else (f"{loss_cls}" if loss_cls
                                                             else "the loss")
        out_code = code_of(ctx, arg(call, 0, "input")) if call else None
        lcall = f"{loss_var or 'loss_fn'}({out_code or 'output'}, {tn}"
        if ml:
            uniq = None
            t = frameworks.get("torch")
            if tinfo is not None:
                s = t.summary(tobj)
                if s.has_values and s.integral and s.min is not None and s.min >= 0:
                    uniq = f"whole numbers {s.min:g}..{s.max:g}"
            shown = conv or tname
            summary = (f"{lossd} needs class-index targets of dtype torch.long (int64), but "
                       f"{'`' + shown + '`' if shown else 'the target'} is {got.lower()}"
                       + (f" ({uniq} stored as {got.lower()})" if uniq else "")
                       + (f": pass `{tn}` itself, it is already int64." if conv and tinfo
                          is not None and tinfo[1] == "int64" else f": use `{tn}.long()`."))
            advice = (f"{loss_cls or 'CrossEntropyLoss / NLLLoss'} wants, for every sample, the "
                      f"number of its class (0, 1, 2, …) as an integer tensor of type long. "
                      f"`{shown or tn}` is {got.lower()}. "
                      + (f"`{tn}` itself is already int64: pass it without `{conv[len(tn):]}`. "
                         if conv and tinfo is not None and tinfo[1] == "int64" else "")
                      + f"Convert it with `{tn}.long()` (or create the "
                      f"labels with `dtype=torch.long`; labels built from a float numpy array "
                      f"come out as float).")
            mechanism = ("nll_loss gathers `-log p[target]` per sample: the target is an index, "
                         "so its kernel only accepts int64 (or uint8) class indices. A floating "
                         "target is accepted by CrossEntropyLoss only as class probabilities with "
                         "the same shape as the input (N, C).")
            fix_code = f"loss = {lcall}.long())\n# or once: {tn} = {tn}.long()"
            if conv and tinfo is not None and tinfo[1] == "int64":
                fix_code = f"loss = {lcall})   # `{tn}` is already int64: drop the conversion"
        else:
            shown = conv or tname
            summary = (f"{lossd} needs floating-point targets, but "
                       f"{'`' + shown + '`' if shown else 'the target'} is {got.lower()}: use "
                       f"`{tn}.float()`.")
            advice = (f"{loss_cls} compares the model's output, a float, with the target "
                      f"value, so the target must be a float tensor too (0.0 / 1.0 for binary "
                      f"labels). Convert it with `{tn}.float()`.")
            mechanism = (f"{loss_cls} computes an element-wise formula of input and target; "
                         f"the result is float and the kernel needs the target in the input's "
                         f"dtype (integer {got.lower()} labels are not promoted here).")
            fix_code = f"loss = {lcall}.float())\n# or once: {tn} = {tn}.float()"
        yield Evidence(line=_line(ctx), subject=tname, summary=lc(summary), advice=advice,
                       mechanism=mechanism, fix_code=fix_code)


# --------------------------------------------------------------------------------------
@register
class TensorsOnDifferentDevices(Rule):
    id = "DLF-E003"
    name = "tensors-on-different-devices"
    title = "Expected all tensors to be on the same device"
    taxonomy = "gpu"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = "Device mismatch (CPU/GPU): {summary}"
    beginner = """An operation mixed tensors on {devices}: PyTorch never moves data between the
CPU and the GPU by itself. Move the model once (`model.to(device)`) and every batch you give it
(inputs and labels) to the same device.{listing}"""
    expert = """Dispatch needs all operands of a kernel on one device ({devices}); there is no
implicit host↔device copy. `module.to(device)` moves parameters and buffers in place; tensors
need `t = t.to(device)` (not in place). Tensors created inside `forward` (e.g. `torch.zeros(n)`)
need `device=x.device`.{listing}"""
    fix = """{fix_code}"""
    references = ("https://pytorch.org/docs/stable/notes/cuda.html",)

    PATTERNS = (
        r"Expected all tensors to be on the same device, but found at least two devices, "
        r"(?P<a>[\w:]+) and (?P<b>[\w:]+)",
        r"Expected all tensors to be on the same device, but got (?P<arg>\w+) is on "
        r"(?P<a>[\w:]+), different from other tensors on (?P<b>[\w:]+)",
        r"Tensor on device (?P<a>[\w:]+) is not on the expected device (?P<b>[\w:]+)",
        r"Expected all tensors to be on the same device\. \w+:? expected '(?P<arg>\w+)' to be "
        r"a? ?(?P<b>CPU|CUDA) tensor, but got tensor on (?P<a>[\w:]+)",
        r"Input type \((?P<a>torch\.cuda\.\w+|CUDA\w+)\) and weight type \((?P<b>torch\.\w+|CPU\w+)\)",
        r"Input type \((?P<a>torch\.\w+|CPU\w+)\) and weight type \((?P<b>torch\.cuda\.\w+|CUDA\w+)\)",
    )

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, *self.PATTERNS)
        if not m:
            return
        a, b = m.group("a"), m.group("b")
        dev = {x: (x if ":" in x or x in ("cpu", "cuda", "mps", "meta") else
                   "cuda" if "cuda" in x.lower() else "cpu") for x in (a, b)}
        devices = f"{dev[a]} and {dev[b]}"
        t = frameworks.get("torch")
        # objects of the error line and the module that raised
        seen: dict[str, str] = {}
        for mod, _fr in tb_modules(ctx.error.exc):
            name, _ = locate(ctx, mod)
            if name and name not in seen and t.is_model(ctx.ns.get(name).obj):
                d = t.parameters_device(ctx.ns.get(name).obj)
                if d:
                    seen[name] = f"`{name}` (parameters) is on {d}"
        names: list[str] = []
        for c in error_calls(ctx):
            cands = [c.name if c.receiver is None else c.receiver_root]
            cands += [x.id for x in [*c.node.args, *(k.value for k in c.node.keywords)]
                      if isinstance(x, ast.Name)]
            for n in cands:
                if n and n not in names:
                    names.append(n)
        tensors_named: list[str] = []
        models_named: list[str] = []
        for n in names:
            v = ctx.ns.get(n)
            if v is None or v.framework != "torch" or n in seen:
                continue
            if v.kind == "model":
                d = t.parameters_device(v.obj)
                if d:
                    seen[n] = f"`{n}` (parameters) is on {d}"
                    models_named.append(n)
            elif v.kind == "tensor":
                seen[n] = f"`{n}` is on {v.obj.device}"
                tensors_named.append(n)
        models_named = [n for n in seen if ctx.ns.get(n) is not None
                        and ctx.ns.get(n).kind == "model"]
        listing = (" In your notebook now: " + "; ".join(seen.values()) + ".") if seen else ""
        summary = f"Tensors on different devices ({devices}) met in one operation."
        if seen:
            summary += " " + "; ".join(seen.values()) + "."
        mdl = models_named[0] if models_named else "model"
        fix_lines = ['device = torch.device("cuda" if torch.cuda.is_available() else "cpu")',
                     f"{mdl} = {mdl}.to(device)          # once, before creating the optimizer"]
        tl = tensors_named or ["x", "y"]
        fix_lines.append(", ".join(tl) + " = " + ", ".join(f"{x}.to(device)" for x in tl)
                         + "   # every batch, inside the loop")
        yield Evidence(line=_line(ctx), subject=(models_named or tensors_named or [None])[0],
                       summary=lc(summary), devices=devices, listing=listing,
                       fix_code="\n".join(fix_lines))


# --------------------------------------------------------------------------------------
_CONV_RE = (r"Given groups=(?P<g>\d+), weight of size \[(?P<w>[\d, ]+)\], expected "
            r"input\[(?P<i>[\d, ]+)\] to have (?P<exp>\d+) channels, but got (?P<got>\d+) "
            r"channels instead")


def _ints(s: str) -> tuple[int, ...]:
    return tuple(int(x) for x in re.findall(r"\d+", s))


def _conv_context(ctx: CellContext, m: re.Match) -> dict[str, Any]:
    """The conv layer (by its weight shape), its path and the user's input variable."""
    w = _ints(m.group("w"))
    out: dict[str, Any] = {"path": None, "model": None, "layer": None, "x": None,
                           "x_info": None}
    for mod, _fr in reversed(tb_modules(ctx.error.exc)):
        ws = getattr(getattr(mod, "weight", None), "shape", None)
        if type(mod).__name__.startswith("Conv") and ws is not None and tuple(ws) == w:
            out["layer"] = mod
            out["model"], out["path"] = locate(ctx, mod)
            break
    calls = model_calls(ctx)
    if out["model"]:
        calls = [c for c in calls if c[1] == out["model"]] or calls
    if calls:
        out["model"] = out["model"] or calls[0][1]
        out["x"], obj = ns_obj(ctx, arg(calls[0][0], 0))
        out["x_info"] = tensor_info(obj)
    return out


@register
class ChannelsLastImageInput(Rule):
    id = "DLF-E004"
    name = "channels-last-image-to-conv"
    title = "Image batch in NHWC (channels last) given to a Conv layer that expects NCHW"
    taxonomy = "tensors.input"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = ("{where} expects {exp} input channels in dimension 1, but the input {inp} has "
               "them last: it is NHWC (channels last); PyTorch wants NCHW: use "
               "`{x}.permute(0, 3, 1, 2)`.")
    beginner = """PyTorch convolution layers expect image batches ordered as (batch, channels,
height, width). Your images are ordered (batch, height, width, channels), the usual order of
numpy / PIL / matplotlib / Keras, so PyTorch reads the height ({h}) as the number of
channels. Reorder the axes with `{x}.permute(0, 3, 1, 2)` (or use
`torchvision.transforms.ToTensor()`, which does it for single images)."""
    expert = """Conv{nd}d weights are (out_channels, in_channels/groups, *kernel) = {w}; the
input's dim 1 must equal in_channels. The input {inp} has {exp} in its last dim: it is
channels-last. `permute(0, 3, 1, 2)` gives a non-contiguous NCHW view; call `.contiguous()`
if you later `.view` it (or keep channels_last memory format deliberately with
`x.to(memory_format=torch.channels_last)` on an NCHW-shaped tensor)."""
    fix = """{x} = {x}.permute(0, 3, 1, 2)   # (N, H, W, C) -> (N, C, H, W)
out = {model}({x})"""
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.Conv2d.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, _CONV_RE)
        if not m:
            return
        inp = _ints(m.group("i"))
        exp = int(m.group("exp"))
        if len(inp) != 4 or inp[-1] != exp or inp[1] == exp:
            return
        c = _conv_context(ctx, m)
        where = (f"`{c['path']}` ({module_repr(c['layer'])})" if c["path"]
                 else f"A Conv2d layer with weight {list(_ints(m.group('w')))}")
        x = c["x"] if c["x_info"] is not None and c["x_info"][0] == inp else "x"
        yield Evidence(line=_line(ctx), subject=c["x"] if x != "x" else c["model"],
                       where=where, exp=exp, inp=shape_str(inp), x=x, h=inp[1],
                       model=c["model"] or "model", w=shape_str(_ints(m.group("w"))),
                       nd=len(inp) - 2)


@register
class ConvInChannelsMismatch(Rule):
    id = "DLF-E005"
    name = "conv-in-channels-mismatch"
    title = "A Conv layer's in_channels differs from the channels of its input"
    taxonomy = "model.layers.properties"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = "{where} expects {exp} input channels, but its input {inp} has {got}.{extra}"
    beginner = """Each convolution layer is built for a fixed number of input channels
(`in_channels`): 1 for grayscale images, 3 for RGB, or the `out_channels` of the conv layer
before it. {advice}"""
    expert = """The weight {w} is (out_channels, in_channels/groups, *kernel); dim 1 of the
input {inp} must equal in_channels × groups = {exp}. {mechanism}"""
    fix = """{fix_code}"""
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.Conv2d.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, _CONV_RE)
        if not m:
            return
        inp = _ints(m.group("i"))
        exp, got = int(m.group("exp")), int(m.group("got"))
        if len(inp) == 4 and inp[-1] == exp and inp[1] != exp:
            return  # channels last: DLF-E004
        c = _conv_context(ctx, m)
        w = _ints(m.group("w"))
        path = c["path"]
        where = f"`{path}` ({module_repr(c['layer'])})" if path else \
            f"A convolution with weight {list(w)}"
        direct = c["x_info"] is not None and c["x_info"][0] == inp
        extra = ""
        if direct and exp == 3 and got == 1:
            extra = f" `{c['x']}` holds grayscale images."
            advice = (f"`{c['x']}` has 1 channel (grayscale) but the layer was built for 3 "
                      f"(RGB). Build the layer with `in_channels=1`, or, for a pretrained RGB "
                      f"model, repeat the channel: `{c['x']}.repeat(1, 3, 1, 1)`.")
            fix_code = (f"nn.Conv2d(1, {w[0]}, ...)   # in_channels = 1 for grayscale\n"
                        f"# or, for a pretrained RGB network:\n"
                        f"out = {c['model']}({c['x']}.repeat(1, 3, 1, 1))")
        elif direct:
            advice = (f"`{c['x']}` has {got} channels (shape {shape_str(inp)}); set "
                      f"`in_channels={got}` in {path or 'the first conv layer'}, or check "
                      f"the data's layout.")
            fix_code = f"nn.Conv2d({got}, {w[0]}, ...)   # was in_channels={exp}"
        else:
            advice = (f"The layer before {path or 'it'} produces {got} channels, so this layer "
                      f"must be built with `in_channels={got}` (it must equal the previous "
                      f"conv's `out_channels`).")
            fix_code = f"nn.Conv2d({got}, {w[0]}, ...)   # in_channels = previous out_channels"
        mechanism = ("In a chain of convolutions, each layer's in_channels must equal the "
                     "previous layer's out_channels; `nn.LazyConv2d` infers it on the first call.")
        yield Evidence(line=_line(ctx), subject=c["model"] or c["x"], where=where, exp=exp,
                       got=got, inp=shape_str(inp), extra=extra, advice=advice,
                       mechanism=mechanism, fix_code=fix_code, w=shape_str(w))


# --------------------------------------------------------------------------------------
@register
class MissingBatchDimension(Rule):
    id = "DLF-E006"
    name = "missing-batch-dimension"
    title = "Input with the wrong number of dimensions for the layer (missing batch or channel axis)"
    taxonomy = "tensors.input"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = "Input has the wrong number of dimensions: {summary}"
    beginner = """Layers work on batches: even a single image must be given as a batch of one.
{advice}"""
    expert = """Shape contract: (N, C, H, W) for 2-D layers, (N, C, L) for 1-D ones. {mechanism}"""
    fix = """{fix_code}"""
    references = ("https://pytorch.org/docs/stable/generated/torch.Tensor.unsqueeze.html",)

    PATTERNS = (
        r"Expected (?P<u>\d)D \(unbatched\) or (?P<b>\d)D \(batched\) input to (?P<op>\w+), but "
        r"got input of size: \[(?P<s>[\d, ]*)\]",
        r"expected (?P<b>\d)D input \(got (?P<n>\d)D input\)",
        r"non-empty (?P<u>\d)D or (?P<b>\d)D \(batch mode\) tensor expected for input",
        r"Expected (?P<b>\d)-dimensional input for (?P<u>\d)-dimensional weight",
    )

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, *self.PATTERNS)
        if not m:
            return
        gd = m.groupdict()
        need = int(gd["b"])
        mods = tb_modules(ctx.error.exc)
        layer = path = model = None
        t = frameworks.get("torch")
        if mods:
            layer = next((mm for mm, _ in reversed(mods) if not t.is_loss(mm)), None)
            layer_in = None
            for mm, fr in reversed(mods):
                if mm is layer:
                    layer_in = tensor_info(_local(fr, "input"))
                    break
            if layer is not None:
                model, path = locate(ctx, layer)
        else:
            layer_in = None
        shp = _ints(gd["s"]) if gd.get("s") is not None else (layer_in[0] if layer_in else None)
        calls = model_calls(ctx)
        if model:
            calls = [c for c in calls if c[1] == model] or calls
        x = xinfo = None
        if calls:
            model = model or calls[0][1]
            x, obj = ns_obj(ctx, arg(calls[0][0], 0))
            xinfo = tensor_info(obj)
        direct = xinfo is not None and shp is not None and xinfo[0] == tuple(shp)
        if not direct and xinfo is not None and len(xinfo[0]) < need and x:
            # the model's own input lacks the axis (e.g. (C, H, W) passes a conv unbatched
            # and fails at a later BatchNorm2d)
            direct, shp = True, xinfo[0]
        xs = x if direct else "x"
        where = f"`{path}` ({type(layer).__name__})" if path else (
            f"`{gd['op']}`" if gd.get("op") else "The layer")
        if shp is None:
            summary = f"{where} needs a {need}-D batched input but got fewer dimensions."
            missing = 1
        else:
            missing = need - len(shp)
            summary = (f"{where} needs a {need}-D batch, but "
                       + (f"`{x}` has shape {shape_str(shp)}" if direct else
                          f"its input has shape {shape_str(shp)}")
                       + f" ({len(shp)}-D).")
        if missing == 1:
            advice = (f"Add the batch dimension in front with `{xs}.unsqueeze(0)` (shape "
                      + (shape_str((1, *shp)) if shp is not None else "(1, ...)")
                      + "). For images: (N, C, H, W); a single image (C, H, W) becomes (1, C, H, W).")
            fix_code = f"out = {model or 'model'}({xs}.unsqueeze(0))   # add the batch axis"
        elif missing == 2 and shp is not None and len(shp) == 2:
            advice = (f"{shape_str(shp)} looks like one grayscale image without channel and "
                      f"batch axes: make it (1, 1, {shp[0]}, {shp[1]}) with `{xs}[None, None]` "
                      f"(or `{xs}.unsqueeze(0).unsqueeze(0)`); for a batch of such images "
                      f"(N, H, W) use `{xs}.unsqueeze(1)`.")
            fix_code = f"out = {model or 'model'}({xs}[None, None])   # (H, W) -> (1, 1, H, W)"
        elif missing < 0 and shp is not None:
            ones = [i for i, d in enumerate(shp) if d == 1]
            advice = (f"The input has {len(shp)} dimensions, {-missing} more than the layer takes"
                      + (f"; axis {ones[0]} has size 1 and can be removed with "
                         f"`{xs}.squeeze({ones[0]})`." if ones else
                         ": merge or drop the extra axis (e.g. `x.flatten(0, 1)` for a batch of "
                         "image sequences)."))
            fix_code = (f"out = {model or 'model'}({xs}.squeeze({ones[0]}))" if ones else
                        f"print({xs}.shape)   # the layer takes {need} dims, e.g. (N, C, H, W)")
        else:
            advice = (f"The layer needs {need} dimensions ((N, C, H, W) for 2-D images, (N, C, L) "
                      f"for sequences); reshape the input accordingly.")
            fix_code = f"print({xs}.shape)   # needs {need} dims, e.g. (N, C, H, W)"
        mechanism = ("Conv/pool layers accept an unbatched (C, H, W) or batched (N, C, H, W) "
                     "input; BatchNorm2d only the batched form. A missing leading axis is added "
                     "with `unsqueeze(0)` / `x[None]` (a view, no copy).")
        yield Evidence(line=_line(ctx), subject=x if direct else model, summary=lc(summary),
                       advice=advice, mechanism=mechanism, fix_code=fix_code)


# --------------------------------------------------------------------------------------
def _size_tuple(s: str) -> tuple[int, ...]:
    return _ints(s)


@register
class BinaryTargetSizeMismatch(Rule):
    id = "DLF-E007"
    name = "bce-target-size-mismatch"
    title = "Target size must be the same as input size (BCE / BCEWithLogits)"
    taxonomy = "tensors.shape"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = "Loss target shape mismatch: {summary}"
    beginner = """Binary cross-entropy compares each output number with one target number, so
output and target must have exactly the same shape. {advice}"""
    expert = """BCELoss/BCEWithLogitsLoss are element-wise and do not broadcast (by design: a
silent (N,1) vs (N,) broadcast would give an (N, N) loss). {mechanism}"""
    fix = """{fix_code}"""
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.BCEWithLogitsLoss.html",)

    PATTERNS = (r"Target size \(torch\.Size\(\[(?P<t>[\d, ]*)\]\)\) must be the same as input "
                r"size \(torch\.Size\(\[(?P<i>[\d, ]*)\]\)\)",
                r"Using a target size \(torch\.Size\(\[(?P<t>[\d, ]*)\]\)\) that is different to "
                r"the input size \(torch\.Size\(\[(?P<i>[\d, ]*)\]\)\)")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, *self.PATTERNS)
        if not m:
            return
        ts, ins = _size_tuple(m.group("t")), _size_tuple(m.group("i"))
        call, loss_var, loss_cls = loss_call(ctx)
        out_code = code_of(ctx, arg(call, 0, "input")) if call else None
        tname = code_of(ctx, arg(call, 1, "target")) if call else None
        o, y = out_code or "output", tname or "y"
        lv = loss_var or "loss_fn"
        lossd = f"`{loss_var}` ({loss_cls})" if loss_var else (loss_cls or "The loss")
        summary = (f"{lossd}: the target {'`' + y + '` ' if tname else ''}has shape "
                   f"{shape_str(ts)} but the output {'`' + o + '` ' if out_code else ''}has "
                   f"shape {shape_str(ins)}.")
        if len(ins) == len(ts) + 1 and ins[-1] == 1 and ins[:-1] == ts:
            advice = (f"The model gives one column per sample {shape_str(ins)}, the labels are a "
                      f"flat vector {shape_str(ts)}: add the column axis to the labels with "
                      f"`{y}.unsqueeze(1)` (and make them float), or squeeze the output.")
            mechanism = f"Fix the rank: `{y}.unsqueeze(1).float()` or `{o}.squeeze(1)`."
            fix_code = (f"loss = {lv}({o}, {y}.unsqueeze(1).float())\n"
                        f"# or: loss = {lv}({o}.squeeze(1), {y}.float())")
        elif len(ts) == len(ins) + 1 and ts[-1] == 1 and ts[:-1] == ins:
            advice = f"The labels have an extra column axis: use `{y}.squeeze(1)`."
            mechanism = f"Fix the rank: `{y}.squeeze(1)` or `{o}.unsqueeze(1)`."
            fix_code = f"loss = {lv}({o}, {y}.squeeze(1).float())"
        elif len(ins) == 2 and ins[1] > 1 and len(ts) == 1 and ins[0] == ts[0]:
            advice = (f"The model outputs {ins[1]} numbers per sample but each label is one "
                      f"class number. For {ins[1]} classes use `nn.CrossEntropyLoss()` with the "
                      f"labels as class indices (long); for a yes/no task give the model one "
                      f"output unit.")
            mechanism = ("(N, C) outputs with (N,) class indices is the CrossEntropyLoss "
                         "contract; BCE wants one probability/logit per target element.")
            fix_code = (f"{lv} = nn.CrossEntropyLoss()\nloss = {lv}({o}, {y}.long())\n"
                        f"# or, for a binary task: last layer nn.Linear(..., 1)")
        else:
            advice = "Make the output and the target the same shape (check the last layer's units and how the labels were built)."
            mechanism = "Print both shapes right before the loss and align them with reshape/unsqueeze."
            fix_code = f"print({o}.shape, {y}.shape)   # must be equal"
        yield Evidence(line=_line(ctx), subject=tname if tname and tname.isidentifier() else None,
                       summary=lc(summary), advice=advice, mechanism=mechanism, fix_code=fix_code)


# --------------------------------------------------------------------------------------
@register
class OneHotTargetsToClassIndexLoss(Rule):
    id = "DLF-E008"
    name = "one-hot-targets-to-cross-entropy"
    title = "One-hot (or 2-D) targets given to a loss that wants class indices"
    taxonomy = "training.preprocessing"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = "Targets are not class indices: {summary}"
    beginner = """{loss_cls} wants one class number per sample (a 1-D tensor like
`tensor([2, 0, 1])`), not a 2-D tensor such as `[[2], [0], [1]]` or one-hot rows like
`[[0, 0, 1], ...]`. {advice}"""
    expert = """`nll_loss` takes targets of shape (N,) with int64 class indices in [0, C).
CrossEntropyLoss also accepts (N, C) floating class probabilities, but not integer one-hot
rows; NLLLoss never does. An (N, 1) column of indices loses its extra axis with
`squeeze(1)`; only true one-hot rows (a single 1 per row) are turned into indices with
`argmax(1)` — on an (N, 1) column `argmax(1)` would make every label 0. For soft labels pass
float probabilities to CrossEntropyLoss; for several labels per sample use BCEWithLogitsLoss."""
    fix = """{fix_code}"""
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html",)

    PATTERNS = (r"0D or 1D target tensor expected, multi-target not supported",
                r"multi-target not supported",
                r"Expected floating point type for target with class probabilities, got (\w+)")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, *self.PATTERNS)
        if not m:
            return
        call, loss_var, loss_cls = loss_call(ctx)
        y, yobj = ns_obj(ctx, arg(call, 1, "target")) if call else (None, None)
        info = tensor_info(yobj)
        o = code_of(ctx, arg(call, 0, "input")) if call else None
        lv, yv, ov = loss_var or "loss_fn", y or "y", o or "output"
        who = (f"`{loss_var}` ({loss_cls})" if loss_var and loss_cls else
               f"`{loss_var}`" if loss_var else loss_cls or "the loss")
        kind = "unknown"
        if info is not None and len(info[0]) == 2:
            s = frameworks.get("torch").summary(yobj)
            cols = int(info[0][1])
            if cols == 1:
                kind = "column"
            elif s.uniques is not None and set(s.uniques) <= {0.0, 1.0} and \
                    s.mean is not None and abs(s.mean * cols - 1.0) < 0.05:
                kind = "onehot"   # 0/1 values, on average one 1 per row
            elif s.uniques is not None and set(s.uniques) <= {0.0, 1.0}:
                kind = "multihot"
        to_long = "" if info is None or "int64" in str(info[1]) or "long" in str(info[1]) \
            else ".long()"
        if kind == "column":
            shape = shape_str(info[0])
            summary = (f"`{yv}` has shape {shape}, one class index per row in an extra axis, "
                       f"but {who} wants shape ({info[0][0]},): use `{yv}.squeeze(1)`.")
            advice = f"Drop the extra axis of size 1 with `{yv}.squeeze(1)`."
            fix_code = f"loss = {lv}({ov}, {yv}.squeeze(1){to_long})   # ({info[0][0]}, 1) -> ({info[0][0]},)"
        elif kind == "onehot":
            summary = (f"`{yv}` has shape {shape_str(info[0])} (one-hot rows, {info[0][1]} "
                       f"classes), but {who} wants class indices of shape ({info[0][0]},): "
                       f"use `{yv}.argmax(dim=1)`.")
            advice = f"Turn the one-hot rows into class numbers with `{yv}.argmax(dim=1)`."
            fix_code = f"loss = {lv}({ov}, {yv}.argmax(dim=1))   # one-hot rows -> class indices"
        elif kind == "multihot":
            summary = (f"`{yv}` has shape {shape_str(info[0])} with several 1s in some rows "
                       f"(several labels per sample?), but {who} wants one class index per "
                       f"sample.")
            advice = ("With several labels per sample, use `nn.BCEWithLogitsLoss` with float "
                      "targets; with one label per sample, pass its class index.")
            fix_code = (f"{lv} = nn.BCEWithLogitsLoss()   # several labels per sample\n"
                        f"loss = {lv}({ov}, {yv}.float())")
        else:
            got = f"`{yv}` has shape {shape_str(info[0])}" if info else f"{who} got a 2-D target"
            summary = (f"{got}, but {who} wants one class index per sample.")
            advice = (f"If `{yv}` is an (N, 1) column of indices, use `{yv}.squeeze(1)`; only "
                      f"if its rows are one-hot, use `{yv}.argmax(dim=1)`.")
            fix_code = (f"loss = {lv}({ov}, {yv}.squeeze(1))       # (N, 1) class indices\n"
                        f"# or, only for one-hot rows: loss = {lv}({ov}, {yv}.argmax(dim=1))")
        yield Evidence(line=_line(ctx), subject=y if info else None, summary=lc(summary),
                       loss_cls=loss_cls or "CrossEntropyLoss / NLLLoss", y=yv, lv=lv, o=ov,
                       advice=advice, fix_code=fix_code)


def _undetached(code: str) -> str | None:
    """``torch.tensor(f(x).item())`` -> ``f(x)``; ``out.detach()`` -> ``out``; None when
    nothing is left to strip or the result would not be a plain expression."""
    c = code.strip()
    m = re.fullmatch(r"torch\.(?:tensor|as_tensor|Tensor)\((.*?)(?:,\s*requires_grad=\w+)?\)", c)
    if m:
        c = m.group(1)
    c = re.sub(r"\.(?:detach\(\)|item\(\)|data\b|numpy\(\))", "", c)
    if c == code.strip() or not c:
        return None
    try:
        ast.parse(c, mode="eval")
    except SyntaxError:
        return None
    return c


# --------------------------------------------------------------------------------------
def _backward_receiver(ctx: CellContext) -> tuple[Any, str | None]:
    for c in error_calls(ctx):
        if c.attr == "backward" and c.receiver:
            return c, c.receiver
    for c in ctx.source.calls_to("backward"):
        if c.receiver:
            return c, c.receiver
    return None, None


@register
class BackwardWithoutGraph(Rule):
    id = "DLF-E009"
    name = "backward-on-tensor-without-grad"
    title = "element 0 of tensors does not require grad and does not have a grad_fn"
    taxonomy = "training.process"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = "backward() on a tensor without a graph: {summary}"
    beginner = """`.backward()` can only compute gradients of a value that was computed from
trainable parameters while PyTorch was recording. {advice}"""
    expert = """The tensor has `requires_grad=False` and `grad_fn=None`: autograd recorded no
graph for it. Causes: forward under `torch.no_grad()`/`inference_mode()` or with grad mode
disabled globally (`torch.set_grad_enabled(False)`), the value detached (`.detach()`, `.data`,
`.item()`/`.numpy()` and re-wrapped with `torch.tensor`), or every parameter frozen
(`requires_grad_(False)`). {mechanism}"""
    fix = """{fix_code}"""
    references = ("https://pytorch.org/docs/stable/notes/autograd.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        if not _msg(ctx, r"element 0 of tensors does not require grad and does not have a grad_fn"):
            return
        t = frameworks.get("torch")
        call, loss = _backward_receiver(ctx)
        reasons: list[str] = []
        fixes: list[str] = []
        src = ctx.source
        if call is not None and src.inside_with(call.node, "no_grad", "inference_mode"):
            reasons.append("the backward call is inside `with torch.no_grad()` / "
                           "`inference_mode()`")
            fixes.append("# compute the training forward pass and loss outside `with torch.no_grad():`")
        if loss:
            for a in src.assignments_to(loss):
                seg = src.segment(a.value) if hasattr(a, "value") else ""
                node = getattr(a, "node", None) or getattr(a, "value", None)
                if node is not None and src.inside_with(node, "no_grad", "inference_mode"):
                    reasons.append(f"`{loss}` is computed inside `with torch.no_grad()` (line {a.line})")
                    fixes.append(f"# move the line computing {loss} out of the no_grad block:\n"
                                 f"{loss} = {seg}" if seg else
                                 f"# move the line computing {loss} out of the no_grad block")
                    break
                if re.search(r"\.detach\(\)|\.data\b|\.item\(\)|\.numpy\(\)|torch\.tensor\(", seg):
                    reasons.append(f"`{loss}` is built from detached values (line {a.line}: "
                                   f"`{seg[:60]}`)")
                    fixes.append(f"# build {loss} from the model's output tensors directly, "
                                 "without .detach()/.data/.item()/torch.tensor(...)"
                                 + (f":\n{loss} = {_undetached(seg)}" if _undetached(seg)
                                    else ""))
                    break
        try:
            if not t.torch.is_grad_enabled():
                reasons.append("gradient recording is switched off globally "
                               "(`torch.set_grad_enabled(False)` is in effect)")
                fixes.append("torch.set_grad_enabled(True)")
        except Exception:  # noqa: BLE001
            pass
        frozen = []
        for v in ctx.ns.models("torch"):
            if v.name in ctx.used_with(loss or "") or (call is not None and v.name in
                                                      {c.name for c in src.calls}):
                try:
                    ps = list(v.obj.parameters())
                except Exception:  # noqa: BLE001
                    continue
                if ps and not any(p.requires_grad for p in ps):
                    frozen.append(v.name)
        for f in frozen:
            reasons.append(f"every parameter of `{f}` has `requires_grad=False` (frozen)")
            fixes.append(f"for p in {f}.parameters():   # or only the layers to fine-tune\n"
                         f"    p.requires_grad_(True)")
        lname = f"`{loss}`" if loss else "the loss"
        if reasons:
            summary = f"{lname} has no gradient graph: " + "; ".join(reasons) + "."
            advice = "Here: " + "; ".join(reasons) + "."
        else:
            summary = (f"{lname} has no gradient graph (requires_grad=False, no grad_fn): it "
                       f"was not computed from trainable parameters with gradients on.")
            advice = ("Check that the loss comes straight from the model's output (no "
                      "`.detach()`, `.item()`, `.numpy()`, `torch.tensor(...)` in between), that "
                      "it is not computed under `torch.no_grad()`, and that the model's "
                      "parameters are trainable.")
            fixes.append(f"loss = loss_fn(model(x), y)   # no no_grad / detach in between\n"
                         f"print({loss or 'loss'}.requires_grad, {loss or 'loss'}.grad_fn)")
        yield Evidence(line=_line(ctx), subject=loss, summary=lc(summary), advice=advice,
                       mechanism="", fix_code="\n".join(fixes))


@register
class BackwardTwice(Rule):
    id = "DLF-E010"
    name = "backward-through-graph-twice"
    title = "Trying to backward through the graph a second time"
    taxonomy = "training.process"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = "Second backward through a freed graph: {summary}"
    beginner = """After `.backward()`, PyTorch frees the intermediate values of the computation
to save memory, so the same computation cannot be back-propagated twice. {advice}"""
    expert = """Saved tensors of the graph are released by the first backward. A second
backward through any part of that graph fails: typically a hidden state / running value carried
across iterations (`h = rnn(x, h)` without `h.detach()`), a loss or feature computed once
outside the loop, or two losses sharing a trunk each calling backward. `retain_graph=True` keeps
the buffers but is rarely the right fix (memory grows, and stale graphs are back-propagated).
{mechanism}"""
    fix = """{fix_code}"""
    references = ("https://pytorch.org/docs/stable/autograd.html#torch.Tensor.backward",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        if not _msg(ctx, r"Trying to backward through the graph a second time"):
            return
        call, loss = _backward_receiver(ctx)
        src = ctx.source
        carried: list[str] = []
        outside: str | None = None
        if call is not None and call.loops:
            loop = call.loops[-1]
            inner = set(loop.assigned)
            # names assigned in the loop from an expression that reads themselves: h = m(x, h)
            for a in src.assigns:
                if loop not in a.loops:
                    continue
                # the target is passed to a call that computes its new value: h = rnn(x, h)
                passed = any(isinstance(n, ast.Call) and any(
                    isinstance(x, ast.Name) and x.id == a.target
                    for arg_ in [*n.args, *(k.value for k in n.keywords)]
                    for x in ast.walk(arg_))
                    for n in ast.walk(a.value))
                v = ctx.ns.get(a.target)
                has_graph = v is not None and v.kind == "tensor" and \
                    getattr(v.obj, "grad_fn", None) is not None
                if passed and has_graph and a.target not in carried:
                    carried.append(a.target)
            if loss and loss not in inner and src.assignments_to(loss):
                outside = loss
        if carried:
            h = ", ".join(f"`{n}`" for n in carried)
            verb = "is" if len(carried) == 1 else "are"
            summary = (f"{h} {verb} carried from one iteration to the next with the graph "
                       f"attached, so `{loss or 'loss'}.backward()` reaches into the graph of the "
                       f"previous iteration, already freed: detach {h} each iteration.")
            advice = (f"{h} {verb} computed from {'its' if len(carried) == 1 else 'their'} own "
                      f"previous value. Cut that link at each step with `.detach()` (truncated "
                      f"back-propagation through time).")
            fix_code = (", ".join(carried) + " = " + ", ".join(f"{n}.detach()" for n in carried)
                        + "   # at the start of each iteration, before using "
                        + ("it" if len(carried) == 1 else "them"))
        elif outside:
            summary = (f"`{outside}.backward()` is called in a loop, but `{outside}` is computed "
                       f"once outside it: the second iteration back-propagates the freed graph.")
            advice = (f"Compute the forward pass and `{outside}` inside the loop, so each "
                      f"iteration builds a new graph.")
            fix_code = (f"for ...:\n    optimizer.zero_grad()\n    {outside} = loss_fn(model(x), y)"
                        f"   # inside the loop\n    {outside}.backward()\n    optimizer.step()")
        else:
            summary = (f"{'`' + loss + '`' if loss else 'A tensor'} is back-propagated through "
                       f"a graph whose saved values were already freed by an earlier backward.")
            advice = ("Recompute the forward pass before each backward; detach values you keep "
                      "across iterations (`h = h.detach()`); or, when you really need two "
                      "backward passes over one graph, pass `retain_graph=True` to the first.")
            fix_code = ("h = h.detach()                 # state kept across iterations\n"
                        "loss1.backward(retain_graph=True)   # only if the graph is really reused\n"
                        "loss2.backward()")
        yield Evidence(line=_line(ctx), subject=(carried or [outside or loss])[0],
                       summary=lc(summary), advice=advice, mechanism="", fix_code=fix_code)


@register
class ViewOnNonContiguous(Rule):
    id = "DLF-E011"
    name = "view-on-non-contiguous-tensor"
    title = "view size is not compatible with input tensor's size and stride"
    taxonomy = "tensors.shape"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = "view() on a non-contiguous tensor: {summary}"
    beginner = """`.view()` only re-labels the dimensions of a tensor whose values are stored
in one block, in order. After `transpose`, `permute`, `.T` or some slicing, they are not.
Use `.reshape(...)` instead (it copies when needed), or call `.contiguous()` first."""
    expert = """`view` never copies: it requires strides compatible with the new shape. {src_stride}
`reshape` returns a view when possible and a copy otherwise; `.contiguous().view(...)` forces
the copy explicitly. `flatten(1)` also works on non-contiguous tensors."""
    fix = """{fix_code}"""
    references = ("https://pytorch.org/docs/stable/generated/torch.Tensor.view.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        if not _msg(ctx, r"view size is not compatible with input tensor's size and stride"):
            return
        vcall = next((c for c in error_calls(ctx) if c.attr == "view"), None)
        recv = code_of(ctx, vcall.node.func.value) if vcall is not None and isinstance(
            vcall.node.func, ast.Attribute) else None
        args = ", ".join(code_of(ctx, a) or "..." for a in vcall.node.args) if vcall else "..."
        src_stride = ""
        obj = ctx.ns.get(recv).obj if recv and ctx.ns.get(recv) is not None else None
        info = tensor_info(obj)
        if info is not None:
            try:
                src_stride = (f"`{recv}` has shape {shape_str(info[0])} and strides "
                              f"{tuple(obj.stride())}, is_contiguous() = {obj.is_contiguous()}.")
            except Exception:  # noqa: BLE001
                src_stride = ""
        if recv:
            summary = (f"`{recv}.view({args})` fails because `{recv}` is not contiguous in memory "
                       f"(e.g. after transpose/permute): use `{recv}.reshape({args})`.")
            fix_code = f"{recv}.reshape({args})\n# or: {recv}.contiguous().view({args})"
        else:
            summary = ("`.view()` was called on a tensor that is not contiguous in memory "
                       "(e.g. after transpose/permute): use `.reshape()` instead.")
            fix_code = "x.reshape(...)   # instead of x.view(...)\n# or: x.contiguous().view(...)"
        yield Evidence(line=_line(ctx), subject=recv if recv and recv.isidentifier() else None,
                       summary=lc(summary), src_stride=src_stride, fix_code=fix_code)


# --------------------------------------------------------------------------------------
@register
class CudaOutOfMemory(Rule):
    id = "DLF-E012"
    name = "cuda-out-of-memory"
    title = "CUDA out of memory (torch.OutOfMemoryError)"
    taxonomy = "training.process"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = "CUDA out of memory: {summary}"
    beginner = """The GPU ran out of memory{alloc}. Memory is used by the model, its gradients and
optimizer state, and by the activations of each batch (these grow with the batch size).
{advice}"""
    expert = """Peak memory ≈ parameters + gradients + optimizer state (Adam: 2× params) +
activations saved for backward (∝ batch size × depth × width). Activations are kept when the
forward runs with grad enabled (evaluation without `torch.no_grad()`), and whole graphs are
kept alive by accumulating a loss tensor (`total += loss` instead of `loss.item()`). In a
notebook, tensors referenced by variables (and by `Out[...]`, or by the traceback of the last
exception) stay allocated: `del` them and `torch.cuda.empty_cache()`. Also: mixed precision
(`torch.autocast`), gradient accumulation, gradient checkpointing. If reserved-but-unallocated
memory is large, `PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True` reduces fragmentation."""
    fix = """{fix_code}"""
    references = ("https://pytorch.org/docs/stable/notes/cuda.html#memory-management",
                  "https://pytorch.org/docs/stable/notes/faq.html#my-model-reports-cuda-runtime-error-2-out-of-memory")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        if ctx.error.type_name != "OutOfMemoryError" and not _msg(ctx, r"CUDA out of memory"):
            return
        m = _msg(ctx, r"Tried to allocate ([\d.]+ [KMGT]i?B)")
        alloc = f" (it tried to allocate {m.group(1)} more)" if m else ""
        hints: list[str] = []
        fixes: list[str] = []
        for v in ctx.ns.of_kind("loader", framework="torch"):
            bs = getattr(v.obj, "batch_size", None)
            if isinstance(bs, int) and bs > 8:
                hints.append(f"`{v.name}` uses batch_size={bs}: try {bs // 2}")
                fixes.append(f"{v.name} = DataLoader({v.name}.dataset, batch_size={bs // 2}, "
                             f"shuffle=...)")
                break
        src = ctx.source
        has_backward = bool(src.calls_to("backward"))
        mcalls = [c for c in src.calls if c.receiver is None and ctx.ns.get(c.name) is not None
                  and ctx.ns.get(c.name).kind == "model"]
        if mcalls and not has_backward and not any(
                src.inside_with(c.node, "no_grad", "inference_mode") for c in mcalls):
            nm = mcalls[0].name
            hints.append(f"`{nm}` is run here without `torch.no_grad()`, so every activation is "
                         f"kept for a backward pass that never comes")
            fixes.append(f"with torch.no_grad():\n    out = {nm}(x)")
        for a in src.assigns:
            if a.augmented and a.loops and isinstance(a.value, ast.Name):
                v = ctx.ns.get(a.value.id)
                if v is not None and v.kind == "tensor" and getattr(v.obj, "grad_fn", None) \
                        is not None:
                    hints.append(f"`{a.target} += {a.value.id}` (line {a.line}) keeps every "
                                 f"iteration's graph alive: use `{a.value.id}.item()`")
                    fixes.append(f"{a.target} += {a.value.id}.item()")
        advice = ("Here: " + "; ".join(hints) + ". " if hints else "") + (
            "Reduce the batch size, evaluate under `torch.no_grad()`, accumulate losses "
            "with `.item()`, `del` big tensors you no longer need and call "
            "`torch.cuda.empty_cache()`; restart the kernel if memory stays full.")
        summary = "The GPU ran out of memory" + alloc + "." + (
            " " + hints[0][0].upper() + hints[0][1:] + "." if hints else
            " Reduce the batch size or the memory kept alive between steps.")
        fixes.append("# del the big tensors you no longer need (e.g. `del out`), then\n"
                     "torch.cuda.empty_cache()")
        yield Evidence(line=_line(ctx), summary=lc(summary), alloc=alloc, advice=advice,
                       fix_code="\n".join(fixes))


def _label_candidates(ctx: CellContext, n_classes: int | None) -> list[tuple[str, Any]]:
    """Integer label tensors of the namespace with values out of [0, n_classes)."""
    t = frameworks.get("torch")
    out = []
    for v in ctx.ns.of_kind("tensor", framework="torch"):
        try:
            if v.obj.dim() != 1 or v.obj.dtype not in (t.torch.long, t.torch.int32,
                                                       t.torch.int64):
                continue
        except Exception:  # noqa: BLE001
            continue
        s = t.summary(v.obj)
        if not s.has_values or s.max is None:
            continue
        if n_classes is None or s.max >= n_classes or s.min < 0:
            out.append((v.name, s))
    return out


def _out_units(ctx: CellContext, model: str | None) -> tuple[str | None, int | None, str | None]:
    """(model, out_features of its last Linear, path) for a Sequential-like model."""
    t = frameworks.get("torch")
    cands = [ctx.ns.get(model)] if model and ctx.ns.get(model) else ctx.ns.models("torch")
    for v in cands:
        if v is None or v.kind != "model":
            continue
        try:
            lins = [(q, m) for q, m in v.obj.named_modules() if type(m).__name__ == "Linear"]
        except Exception:  # noqa: BLE001
            continue
        if lins and t.sequential_chain(v.obj):
            q, m = lins[-1]
            return v.name, int(m.out_features), _path(v.name, q)
    return None, None, None


@register
class TargetOutOfBounds(Rule):
    id = "DLF-E014"
    name = "class-label-out-of-range"
    title = "IndexError: Target N is out of bounds (labels ≥ number of output units)"
    taxonomy = "model.layers.properties"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = "Class label out of range: {summary}"
    beginner = """With {n} output units the model can only predict classes 0 to {last}. A label
of {label} has no output unit. {advice}"""
    expert = """`nll_loss` indexes the log-probabilities with the target: valid targets are
[0, C) with C = input.size(1) = {n} (`ignore_index`, default -100, excepted). Out-of-range
targets raise IndexError on the CPU and a device-side assert on CUDA. {mechanism}"""
    fix = """{fix_code}"""
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, r"Target (-?\d+) is out of bounds")
        if not m:
            return
        label = int(m.group(1))
        call, loss_var, loss_cls = loss_call(ctx)
        y, yobj = ns_obj(ctx, arg(call, 1, "target")) if call else (None, None)
        # number of classes = the input's dim 1, from the loss frame if possible
        n = None
        for mod, fr in reversed(tb_modules(ctx.error.exc)):
            inp = tensor_info(_local(fr, "input"))
            if frameworks.get("torch").is_loss(mod) and inp and len(inp[0]) >= 2:
                n = inp[0][1]
                break
        model = None
        if call is not None:
            for c in ctx.source.calls:
                if c.receiver is None and ctx.ns.get(c.name) is not None and \
                        ctx.ns.get(c.name).kind == "model" and c.line == call.line:
                    model = c.name
        if model is None and loss_var:
            used = [u for u in ctx.used_with(loss_var) if ctx.ns.get(u) is not None
                    and ctx.ns.get(u).kind == "model"]
            model = used[0] if len(used) == 1 else None
        mname, units, path = _out_units(ctx, model) if model else (None, None, None)
        if n is not None and units is not None and units != n:
            mname = units = path = None
        n = n or units
        s = frameworks.get("torch").summary(yobj) if tensor_info(yobj) else None
        lab = (f"`{y}` has labels {s.min:g}..{s.max:g}" + (" (sampled)" if not s.exact else "")
               if s is not None and s.has_values else None)
        if n is not None:
            summary = (f"Label {label} is out of range for {n} classes"
                       + (f": the last layer of `{mname}`, `{path}`, has out_features={n}" if path
                          else "") + (f", but {lab}." if lab else "."))
        else:
            summary = f"Label {label} is out of range for the number of outputs of the model."
        advice_bits = []
        mech = ""
        if s is not None and s.has_values and n is not None and s.max is not None:
            if s.min >= 1 and s.max == n:
                advice_bits.append(f"The labels run 1..{n:g}: they look 1-based; use `{y} - 1` "
                                   f"so they run 0..{n - 1}.")
                fix_code = f"{y} = {y} - 1   # classes 0..{n - 1}"
            else:
                k = int(s.max) + 1
                advice_bits.append(f"The labels need {k} classes: give the last layer "
                                   f"{k} output units (or remap the labels to 0..{n - 1}).")
                fix_code = (f"nn.Linear(..., {k})   # in {path or 'the last layer'}: one output "
                            f"per class 0..{k - 1}")
        elif label < 0:
            advice_bits.append("Negative labels are not class indices (only `ignore_index`, "
                               "default -100, may be negative): remap them to 0..C-1.")
            fix_code = "y = y - y.min()   # or map each label to its index"
        else:
            advice_bits.append("Either the last layer needs more output units (one per class), "
                               "or the labels must be remapped to 0..C-1 (labels counted from "
                               "1 are a common cause).")
            fix_code = (f"print({y or 'y'}.min(), {y or 'y'}.max())   # must be within 0..C-1\n"
                        f"nn.Linear(..., num_classes)   # last layer")
        yield Evidence(line=_line(ctx), subject=y if y and y.isidentifier() else mname,
                       summary=lc(summary), n=n if n is not None else "C",
                       last=(n - 1) if n is not None else "C-1", label=label,
                       advice=" ".join(advice_bits), mechanism=mech, fix_code=fix_code)


@register
class CudaDeviceSideAssert(Rule):
    id = "DLF-E013"
    name = "cuda-device-side-assert"
    title = "CUDA error: device-side assert triggered (usually a label or index out of range)"
    taxonomy = "model.layers.properties"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = "CUDA device-side assert: {summary}"
    beginner = """A GPU kernel found an invalid index. In classification this is nearly always a
label that is too large (≥ number of output units) or negative; with `nn.Embedding`, a token id
≥ `num_embeddings`. The GPU reports it late, so the line in the traceback may be wrong, and the
CUDA context is now broken: restart the kernel after fixing. {advice}"""
    expert = """CUDA kernels check indices with device-side asserts; the failure surfaces
asynchronously at a later synchronising call, and the context stays unusable (every later CUDA
call fails). To locate it: run the same code on the CPU (you get a readable IndexError) or set
`CUDA_LAUNCH_BLOCKING=1` before the process starts. Other causes: BCE inputs outside [0, 1],
`gather`/`index_select` indices out of range."""
    fix = """{fix_code}"""
    references = ("https://pytorch.org/docs/stable/notes/cuda.html#asynchronous-execution",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        if not _msg(ctx, r"device-side assert triggered"):
            return
        mname, units, path = _out_units(ctx, None)
        cands = _label_candidates(ctx, units) if units is not None else []
        if units is not None and len(cands) == 1:
            y, s = cands[0]
            summary = (f"A CUDA kernel hit an out-of-range index: `{y}` has labels "
                       f"{s.min:g}..{s.max:g} but `{mname}` has {units} output units "
                       f"(`{path}`): labels must be 0..{units - 1}.")
            advice = (f"`{y}` contains labels up to {s.max:g}, `{mname}` predicts {units} "
                      f"classes. Fix the labels or the number of output units, then restart "
                      f"the kernel.")
            fix_code = (f"print({y}.min(), {y}.max())   # must be within 0..{units - 1}\n"
                        f"# then restart the kernel (the CUDA context is broken)")
        else:
            summary = ("A CUDA kernel hit an invalid index (device-side assert): most often a "
                       "class label ≥ the number of output units, or negative.")
            advice = "Check `y.min()` and `y.max()` of your labels against the output units."
            fix_code = ("print(y.min(), y.max(), model_output.shape[1])   # labels in 0..C-1?\n"
                        "# run one batch on the CPU to get a readable error, then restart "
                        "the kernel")
        yield Evidence(line=_line(ctx), subject=cands[0][0] if len(cands) == 1 and units
                       else None, summary=lc(summary), advice=advice, fix_code=fix_code)


@register
class InputDtypeMismatch(Rule):
    id = "DLF-E015"
    name = "input-dtype-mismatch"
    title = "Input dtype differs from the model's weights (Double/Long input to a Float model)"
    taxonomy = "tensors.input"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = "Input dtype mismatch: {summary}"
    beginner = """{lead} PyTorch does not convert between these dtypes automatically.
{advice}"""
    expert = """Matmul/conv kernels need both operands in one dtype; there is no type promotion
for module parameters. numpy arrays default to float64, so `torch.from_numpy` / `torch.tensor`
of them give torch.float64 (Double) tensors, and integer data gives int64 (Long). Convert the
data (`.float()`, or `torch.tensor(a, dtype=torch.float32)`), not the model (`model.double()`
doubles memory and is slower)."""
    fix = """{fix_code}"""
    references = ("https://pytorch.org/docs/stable/tensor_attributes.html#torch-dtype",)

    PATTERNS = (
        r"mat1 and mat2 must have the same dtype, but got (?P<got>\w+) and (?P<want>\w+)",
        r"Input type \((?P<got>[\w ]+)\) and (?:bias|weight) type \((?P<want>[\w ]+)\) should be the same",
        r"Found dtype (?P<got>Double|Half|BFloat16) but expected (?P<want>Float)",
        r"expected scalar type (?P<want>Float|Double) but found (?P<got>\w+)",
        r"expected m1 and m2 to have the same dtype, but got: (?P<got>\w+) != (?P<want>\w+)",
        r"Expected object of scalar type (?P<want>\w+) but got scalar type (?P<got>\w+)",
    )
    NAMES = {"double": "torch.float64 (Double)", "float": "torch.float32 (Float)",
             "long": "torch.int64 (Long)", "long int": "torch.int64 (Long)",
             "int": "torch.int32 (Int)", "half": "torch.float16 (Half)",
             "bfloat16": "torch.bfloat16"}

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, *self.PATTERNS)
        if not m:
            return
        got_raw, want_raw = m.group("got").strip(), m.group("want").strip()
        if "cuda" in (got_raw + want_raw).lower() or got_raw.lower() == want_raw.lower():
            return
        mods = tb_modules(ctx.error.exc)
        in_loss = bool(mods) and frameworks.get("torch").is_loss(mods[-1][0])
        if "Found dtype" in m.group(0) or in_loss:
            call, loss_var, loss_cls = loss_call(ctx)
            y = code_of(ctx, arg(call, 1, "target")) if call else None
            summary = (f"{'`' + loss_var + '` (' + loss_cls + ')' if loss_var else (loss_cls or 'The loss')}"
                       f" got a {got_raw} target{' `' + y + '`' if y else ''} for a Float "
                       f"output: use `{y or 'y'}.float()`.")
            yield Evidence(line=_line(ctx), subject=y if y and y.isidentifier() else None,
                           summary=lc(summary),
                           lead=(f"The loss output is float32, but the target "
                                 f"{'`' + y + '` ' if y else ''}is {got_raw.lower()}."),
                           advice=f"Convert the target with `{y or 'y'}.float()`.",
                           fix_code=f"loss = {loss_var or 'loss_fn'}("
                                    f"{(code_of(ctx, arg(call, 0, 'input')) if call else None) or 'output'}"
                                    f", {y or 'y'}.float())")
            return
        got = self.NAMES.get(got_raw.lower(), got_raw)
        want = self.NAMES.get(want_raw.lower(), want_raw)
        layer = path = None
        for mod, _fr in reversed(tb_modules(ctx.error.exc)):
            if not frameworks.get("torch").is_loss(mod) and hasattr(mod, "weight"):
                layer = mod
                _, path = locate(ctx, mod)
                break
        calls = model_calls(ctx)
        x = model = None
        if calls:
            model = calls[0][1]
            x, obj = ns_obj(ctx, arg(calls[0][0], 0))
            info = tensor_info(obj)
            if info is None or info[1] not in (got_raw.lower(), "float64", "int64", "float16",
                                               "int32", "bfloat16"):
                x = x if info is not None else None
        where = f"`{path}` ({module_repr(layer)})" if path else (
            f"`{model}`" if model else "the layer")
        what = f"`{x}`" if x else "the input"
        integral = "Long" in got or "Int" in got
        summary = (f"{what[0].upper() + what[1:]} is {got} but {where} has {want} weights: "
                   f"convert it with `{x or 'x'}.float()`.")
        advice = (("Integer data (pixel values, counts) must be converted to float before a "
                   "layer: ") if integral else ("numpy arrays are float64 by default; convert "
                                                 "the data to float32: ")) + f"`{x or 'x'}.float()`."
        fix_code = (f"{x or 'x'} = {x or 'x'}.float()\n"
                    "# from numpy: torch.tensor(arr, dtype=torch.float32) or "
                    "torch.from_numpy(arr).float()")
        yield Evidence(line=_line(ctx), subject=x if x and x.isidentifier() else model,
                       summary=lc(summary), lead=f"The model's weights are {want}, but {what} is {got}.",
                       advice=advice,
                       fix_code=fix_code)


@register
class EmbeddingIndexOutOfRange(Rule):
    id = "DLF-E016"
    name = "embedding-index-out-of-range"
    title = "IndexError: index out of range in self (token id ≥ num_embeddings)"
    taxonomy = "model.layers.properties"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = "Index out of range in an embedding: {summary}"
    beginner = """An `nn.Embedding(num_embeddings, dim)` has one row per token id, for ids 0 to
num_embeddings - 1. {advice}"""
    expert = """`F.embedding` gathers rows of the weight matrix by index; ids outside
[0, num_embeddings) raise IndexError on the CPU and a device-side assert on CUDA. The
vocabulary size must count every id, plus padding / unknown tokens. {mechanism}"""
    fix = """{fix_code}"""
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.Embedding.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        if not _msg(ctx, r"index out of range in self"):
            return
        emb = ids = None
        for mod, fr in reversed(tb_modules(ctx.error.exc)):
            if type(mod).__name__ in ("Embedding", "EmbeddingBag"):
                emb, ids = mod, _local(fr, "input")
                break
        if emb is None:
            return  # index_select / gather elsewhere: not explained here
        t = frameworks.get("torch")
        n = int(emb.num_embeddings)
        _, path = locate(ctx, emb)
        where = f"`{path}` (Embedding({n}, {emb.embedding_dim}))" if path else \
            f"an Embedding({n}, {emb.embedding_dim})"
        s = t.summary(ids) if tensor_info(ids) is not None else None
        if s is not None and s.has_values and s.max is not None:
            summary = (f"{where} has ids 0..{n - 1}, but the token ids given to it run "
                       f"{s.min:g}..{s.max:g}" + ("" if s.exact else " (sampled)") + ".")
            k = int(s.max) + 1
            advice = (f"The ids go up to {s.max:g}: build the embedding with at least "
                      f"{max(k, n + 1)} rows (`num_embeddings` = vocabulary size), or map unknown "
                      f"ids to a reserved index.")
            fix_code = f"nn.Embedding({max(k, n + 1)}, {emb.embedding_dim})   # vocabulary size = max id + 1"
        else:
            summary = f"{where} got a token id ≥ {n} (or negative)."
            advice = "Make `num_embeddings` the vocabulary size (max id + 1)."
            fix_code = f"nn.Embedding(vocab_size, {emb.embedding_dim})   # vocab_size = max id + 1"
        yield Evidence(line=_line(ctx), subject=path.split("[")[0].split(".")[0] if path
                       else None, summary=lc(summary), advice=advice, mechanism="",
                       fix_code=fix_code)


@register
class RnnInputSizeMismatch(Rule):
    id = "DLF-E017"
    name = "rnn-input-size-mismatch"
    title = "input.size(-1) must be equal to input_size (RNN/LSTM/GRU)"
    taxonomy = "model.layers.properties"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = "Recurrent layer input size mismatch: {summary}"
    beginner = """A recurrent layer reads, at each time step, a vector of `input_size` features
from the last axis of its input. {advice}"""
    expert = """nn.RNN/LSTM/GRU take (L, N, H_in) by default, (N, L, H_in) with
`batch_first=True`, or unbatched (L, H_in); H_in must equal input_size. A mismatch is often a
missing `batch_first=True` plus wrong axis order, or a missing feature axis for univariate
series ((N, L) → (N, L, 1))."""
    fix = """{fix_code}"""
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.LSTM.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, r"input\.size\(-1\) must be equal to input_size\. Expected (\d+), got (\d+)")
        if not m:
            return
        want, got = int(m.group(1)), int(m.group(2))
        rnn = inp = None
        for mod, fr in reversed(tb_modules(ctx.error.exc)):
            if type(mod).__name__ in ("RNN", "LSTM", "GRU"):
                rnn, inp = mod, tensor_info(_local(fr, "input"))
                break
        path = locate(ctx, rnn)[1] if rnn is not None else None
        where = f"`{path}` ({type(rnn).__name__}, input_size={want}" + (
            ", batch_first=True)" if getattr(rnn, "batch_first", False) else ")") if path else \
            f"The recurrent layer (input_size={want})"
        shp = inp[0] if inp else None
        x = "x"
        for call, _name in model_calls(ctx):
            nm, obj = ns_obj(ctx, arg(call, 0))
            info = tensor_info(obj)
            if nm and info is not None and info[0] and info[0][-1] == got:
                x, shp = nm, info[0]   # the user's own tensor (an unbatched one has no N axis)
                break
        summary = f"{where} gets {got} features per step" + (
            f" (input shape {shape_str(shp)})" if shp else "") + "."
        if want == 1 and shp and len(shp) == 2:
            advice = (f"`{x}` {shape_str(shp)} looks like a batch of univariate series: add a "
                      f"feature axis of size 1 with `{x}.unsqueeze(-1)`.")
            fix_code = f"{x} = {x}.unsqueeze(-1)   # (N, L) -> (N, L, 1)"
        elif shp and len(shp) == 3 and shp[1] == want:
            advice = (f"The input has {want} on another axis: the axes are in the wrong order. "
                      f"Use (batch, steps, features) with `batch_first=True` (or (steps, batch, "
                      f"features) without it): reorder the axes of `{x}` so that {want} is last.")
            fix_code = (f"{x} = {x}.transpose(1, 2)   # (N, features, L) -> (N, L, features)"
                        + ("" if getattr(rnn, "batch_first", False) else
                           "\n# and build the layer with batch_first=True"))
        else:
            advice = f"Set `input_size={got}` or give it {want} features per step."
            fix_code = f"nn.{type(rnn).__name__ if rnn is not None else 'LSTM'}(input_size={got}, hidden_size=..., batch_first=True)"
        yield Evidence(line=_line(ctx), subject=path.split("[")[0].split(".")[0] if path
                       else None, summary=lc(summary), advice=advice, fix_code=fix_code)


@register
class BatchSizeMismatch(Rule):
    id = "DLF-E018"
    name = "output-and-target-batch-size-mismatch"
    title = "Expected input batch_size (N) to match target batch_size (M)"
    taxonomy = "tensors.shape"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = "Output and labels have different batch sizes: {summary}"
    beginner = """The loss gets one row of model output per sample and one label per sample, so
both must have the same number of rows. {advice}"""
    expert = """The loss compares input.size(0) = {n_out} with target.size(0) = {n_tgt}. When
the output has a multiple of the batch size, a `view(-1, k)` / `reshape(-1, k)` in `forward`
folded the feature axis into the batch axis (k smaller than the real number of features per
sample); `x.view(x.size(0), -1)` or `torch.flatten(x, 1)` keeps the batch axis by
construction. Otherwise the outputs and labels come from different batches or slices."""
    fix = """{fix_code}"""
    references = ("https://pytorch.org/docs/stable/generated/torch.flatten.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, r"Expected input batch_size \((\d+)\) to match target batch_size \((\d+)\)")
        if not m:
            return
        n_out, n_tgt = int(m.group(1)), int(m.group(2))
        call, loss_var, loss_cls = loss_call(ctx)
        o = code_of(ctx, arg(call, 0, "input")) if call else None
        y = code_of(ctx, arg(call, 1, "target")) if call else None
        models = [c[1] for c in model_calls(ctx)]
        mdl = models[0] if models else None
        custom = False
        v = ctx.ns.get(mdl)
        if v is not None:
            custom = frameworks.get("torch").sequential_chain(v.obj) is None
        if n_tgt and n_out % n_tgt == 0 and n_out > n_tgt:
            k = n_out // n_tgt
            summary = (f"{'`' + o + '`' if o else 'the output'} has {n_out} rows but "
                       f"{'`' + y + '`' if y else 'the target'} has {n_tgt}: each sample became "
                       f"{k} rows, typically a `view(-1, …)` with too few features in "
                       + (f"`{mdl}.forward`." if custom and mdl else "the model's forward."))
            advice = (f"Each sample was split into {k} rows. In `forward`, flatten with "
                      f"`x = torch.flatten(x, 1)` (or `x.view(x.size(0), -1)`) instead of "
                      f"`x.view(-1, number)`, and give the next Linear layer the real number of "
                      f"features.")
            fix_code = ("x = torch.flatten(x, 1)          # in forward(), instead of x.view(-1, ...)\n"
                        "# and nn.Linear(<features per sample>, ...) for the next layer")
        elif n_out and n_tgt % n_out == 0 and n_tgt > n_out:
            summary = (f"{'`' + o + '`' if o else 'the output'} has {n_out} rows but "
                       f"{'`' + y + '`' if y else 'the target'} has {n_tgt}: the labels may be "
                       f"one-hot/flattened, or from another batch.")
            advice = ("Check that the labels have one entry per sample (shape (N,)) and come "
                      "from the same batch as the inputs.")
            fix_code = f"print({o or 'output'}.shape, {y or 'y'}.shape)   # (N, C) and (N,)"
        else:
            summary = (f"{'`' + o + '`' if o else 'the output'} has {n_out} rows but "
                       f"{'`' + y + '`' if y else 'the target'} has {n_tgt}.")
            advice = ("Outputs and labels must come from the same batch: check slicing "
                      "(`X[i:i+bs]` vs `y[i:i+bs]`) and any reshape in the model.")
            fix_code = f"print({o or 'output'}.shape, {y or 'y'}.shape)   # same first dimension"
        yield Evidence(line=_line(ctx), subject=mdl, summary=lc(summary), advice=advice,
                       fix_code=fix_code, n_out=n_out, n_tgt=n_tgt)


def _numpy_receiver(ctx: CellContext, *attrs: str) -> str | None:
    for c in error_calls(ctx):
        if c.attr in attrs and isinstance(c.node.func, ast.Attribute):
            return code_of(ctx, c.node.func.value)
    return None


@register
class NumpyOfTensorThatRequiresGrad(Rule):
    id = "DLF-E019"
    name = "numpy-of-tensor-requiring-grad"
    title = "Can't call numpy() on Tensor that requires grad (or on a CUDA tensor)"
    taxonomy = "api"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = "A tensor cannot be turned into a numpy array here: {summary}"
    beginner = """A numpy array cannot carry PyTorch's gradient information and cannot live on the
GPU, so PyTorch asks you to say explicitly what you want. {advice} For plotting or metrics use
`t.detach().cpu().numpy()`; for one number use `t.item()`."""
    expert = """`Tensor.numpy()` shares memory with the tensor; PyTorch refuses when that would
silently drop autograd history (requires_grad=True) or when the storage is on a device (CUDA/MPS)
numpy cannot address. `detach()` gives a view without history, `cpu()` copies to host memory.
Under `torch.no_grad()` results have no history in the first place (evaluation)."""
    fix = """{fix_code}"""
    references = ("https://pytorch.org/docs/stable/generated/torch.Tensor.numpy.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        grad = _msg(ctx, r"Can't call numpy\(\) on Tensor that requires grad")
        dev = None if grad else _msg(ctx, r"can't convert (\w+(?::\d+)?) device type tensor to numpy")
        if not grad and not dev:
            return
        t = _numpy_receiver(ctx, "numpy") or "t"
        if grad:
            summary = (f"`{t}` is part of the autograd graph (requires grad): use "
                       f"`{t}.detach().numpy()` (`{t}.detach().cpu().numpy()` on a GPU).")
            advice = f"`{t}` still remembers how it was computed, for backpropagation."
            fix_code = (f"{t}.detach().cpu().numpy()\n"
                        f"# or compute it under: with torch.no_grad(): ...")
        else:
            summary = f"`{t}` is on {dev.group(1)}: copy it to the CPU first with `{t}.cpu().numpy()`."
            advice = f"`{t}` lives in GPU memory ({dev.group(1)}), which numpy cannot read."
            fix_code = f"{t}.detach().cpu().numpy()"
        yield Evidence(line=_line(ctx), subject=t if t.isidentifier() else None,
                       summary=lc(summary), advice=advice, fix_code=fix_code)


@register
class ItemOfManyElements(Rule):
    id = "DLF-E020"
    name = "item-of-multi-element-tensor"
    title = "only one element tensors can be converted to Python scalars"
    taxonomy = "api"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = "A tensor with several values was used as one number: {summary}"
    beginner = """`.item()`, `float(t)` and `int(t)` turn a tensor holding exactly one value into
a Python number. {advice}"""
    expert = """`item()` requires numel() == 1. A per-sample loss (`reduction="none"`), a
batch of predictions or a vector of metrics must be reduced first (`mean()`, `sum()`), or
converted with `tolist()` / `detach().cpu().numpy()`."""
    fix = """{fix_code}"""
    references = ("https://pytorch.org/docs/stable/generated/torch.Tensor.item.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, r"a Tensor with (\d+) elements cannot be converted to Scalar",
                 r"only one element tensors can be converted to Python scalars")
        if not m:
            return
        n = m.group(1) if m.groups() else None
        t = _numpy_receiver(ctx, "item")
        if t is None:
            for c in error_calls(ctx):
                if c.name in ("float", "int", "bool") and c.args:
                    t = code_of(ctx, c.args[0])
                    break
        info = None
        if t and t.isidentifier() and ctx.ns.get(t) is not None:
            info = tensor_info(ctx.ns.get(t).obj)
        what = f"`{t}`" if t else "the tensor"
        size = (f" has shape {shape_str(info[0])}" if info else
                f" has {n} elements" if n else " has more than one element")
        summary = f"{what}{size}: reduce it first (`{t or 't'}.mean().item()`) or use `.tolist()`."
        advice = (f"{what}{size}. If it is a loss per sample, average it: "
                  f"`{t or 't'}.mean().item()`; to get all values use `{t or 't'}.tolist()`.")
        fix_code = f"{t or 't'}.mean().item()   # one number\n{t or 't'}.tolist()          # all values"
        yield Evidence(line=_line(ctx), subject=t if t and t.isidentifier() else None,
                       summary=lc(summary), advice=advice, fix_code=fix_code)
