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
from . import Evidence, Rule, register

# --------------------------------------------------------------------------------------
# helpers shared by the explainers (also used by errors_keras)


def shape_str(shape: Any) -> str:
    dims = tuple(shape)
    if len(dims) == 1:
        return f"({dims[0]},)"
    return "(" + ", ".join("None" if d is None or d == -1 else str(d) for d in dims) + ")"


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
    """Calls on the line the error came from (all calls of the cell when unknown)."""
    line = error_line(ctx)
    calls = [c for c in ctx.source.calls if line is not None and c.line == line]
    return calls or ([] if line is not None else list(ctx.source.calls))


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
    cls = type(mod).__name__
    if cls == "Linear":
        return f"Linear({mod.in_features}, {mod.out_features})"
    if cls.startswith("Conv"):
        try:
            return f"{cls}({mod.in_channels}, {mod.out_channels}, kernel_size={tuple(mod.kernel_size)})"
        except Exception:  # noqa: BLE001
            return cls
    return cls


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


def error_line(ctx: CellContext) -> int | None:
    """Line of the executed cell's own statement that raised: the outermost traceback frame
    in a cell file (``ErrorInfo.line`` is the innermost one, which may lie in a function
    defined in an earlier cell)."""
    if ctx.error is None:
        return None
    for fr in tb_frames(ctx.error.exc):
        try:
            if _is_cell_file(fr.f_code.co_filename):
                tb = ctx.error.exc.__traceback__
                while tb is not None and tb.tb_frame is not fr:
                    tb = tb.tb_next
                return tb.tb_lineno if tb is not None else ctx.error.line
        except Exception:  # noqa: BLE001
            break
    return ctx.error.line


_line = error_line


def _msg(ctx: CellContext, *patterns: str) -> re.Match | None:
    if ctx.error is None:
        return None
    for p in patterns:
        m = re.search(p, ctx.error.message)
        if m:
            return m
    return None


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
    message = "{summary}"
    beginner = """A linear layer (`nn.Linear(in_features, out_features)`) needs inputs whose
last dimension is exactly `in_features`. {advice}"""
    expert = """`nn.Linear` computes `input @ weight.T + bias` over the last dimension: PyTorch
views the input as a matrix mat1 of shape (rows, last dim) and multiplies it by mat2 =
`weight.T` of shape (in_features, out_features). Here mat1 is {mat1} and mat2 is {mat2}: the
inner sizes {inner} differ. {mechanism}"""
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
                summary = (f"{lay.capitalize()}{of_model}, {where}, expects {c} features, but "
                           f"{got}: add nn.Flatten() before it.")
                advice = (f"Its input still has the image shape {shape_str(shp)}: the layer "
                          f"only sees the last dimension ({shp[-1]} values). Flatten each sample "
                          f"into {c} = {' x '.join(str(x) for x in shp[1:])} numbers first, with "
                          f"`nn.Flatten()` as the layer before it (or `x.flatten(1)`).")
                mechanism = (f"The {len(shp)}-D input {shape_str(shp)} is treated as a batch of "
                             f"{a} rows of {b} features; flattening dims 1.. gives ({shp[0]}, {c}).")
                fix_code = self._flatten_fix(ctx, model_name, path, in_name, first)
            elif len(shp) >= 3:
                summary = (f"{lay.capitalize()}{of_model}, {where}, expects {c} features, but "
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
        if summary is None:
            # generic, still correct
            summary = (f"A matrix multiplication got shapes ({a}x{b}) and ({c}x{d}): the inner "
                       f"sizes {b} and {c} must be equal"
                       + (f" ({where}{of_model} expects {c} features, its input has {b} in its "
                          f"last dimension)." if layer is not None else "."))
            advice = (f"The layer expects {c} features per sample, but its input's last "
                      f"dimension is {b}. If the input is an image batch (N, C, H, W), add "
                      f"`nn.Flatten()` before the first Linear; otherwise set `in_features` to "
                      f"the real number of features ({b}), or fix the data's shape.")
            mechanism = ("For a Linear layer, mat1 is the input reshaped to (rows, last dim) and "
                         "mat2 is weight.T (in_features, out_features).")
            fix_code = (f"print(x.shape)          # the input's shape right before the layer\n"
                        f"nn.Flatten()            # when the input is (N, C, H, W)\n"
                        f"nn.Linear({b}, {d})      # when {b} really is the number of features")
        yield Evidence(line=_line(ctx), subject=model_name or in_name, summary=summary,
                       advice=advice, mechanism=mechanism, fix_code=fix_code,
                       mat1=f"({a}x{b})", mat2=f"({c}x{d})", inner=f"{b} and {c}")

    @staticmethod
    def _flatten_fix(ctx: CellContext, model: str | None, path: str | None, x: str | None,
                     first: bool) -> str:
        xs = x or "x"
        ms = model or "model"
        if first and path and path.startswith(f"{ms}["):
            return (f"# put nn.Flatten() right before {path}:\n"
                    f"{ms} = nn.Sequential(nn.Flatten(), *{ms})   # or add it where you build "
                    f"{ms}\nout = {ms}({xs})\n# or flatten the batch: out = {ms}({xs}.flatten(1))")
        return (f"# in __init__ / the Sequential: nn.Flatten() before {path or 'the Linear'}\n"
                f"# or in forward(): x = torch.flatten(x, 1)\nout = {ms}({xs}.flatten(1))")


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
    message = "{summary}"
    beginner = """{advice}"""
    expert = """{mechanism}"""
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
            summary = (f"{lossd} needs class-index targets of dtype torch.long (int64), but "
                       f"{'`' + tname + '`' if tname else 'the target'} is {got.lower()}"
                       + (f" ({uniq} stored as {got.lower()})" if uniq else "")
                       + f": use `{tn}.long()`.")
            advice = (f"{loss_cls or 'CrossEntropyLoss / NLLLoss'} wants, for every sample, the "
                      f"number of its class (0, 1, 2, …) as an integer tensor of type long. "
                      f"`{tn}` is {got.lower()}. Convert it with `{tn}.long()` (or create the "
                      f"labels with `dtype=torch.long`; labels built from a float numpy array "
                      f"come out as float).")
            mechanism = ("nll_loss gathers `-log p[target]` per sample: the target is an index, "
                         "so its kernel only accepts int64 (or uint8) class indices. A floating "
                         "target is accepted by CrossEntropyLoss only as class probabilities with "
                         "the same shape as the input (N, C).")
            fix_code = f"loss = {lcall}.long())\n# or once: {tn} = {tn}.long()"
        else:
            summary = (f"{lossd} needs floating-point targets, but "
                       f"{'`' + tname + '`' if tname else 'the target'} is {got.lower()}: use "
                       f"`{tn}.float()`.")
            advice = (f"{loss_cls} compares the model's output, a float, with the target "
                      f"value, so the target must be a float tensor too (0.0 / 1.0 for binary "
                      f"labels). Convert it with `{tn}.float()`.")
            mechanism = (f"{loss_cls} computes an element-wise formula of input and target; "
                         f"the result is float and the kernel needs the target in the input's "
                         f"dtype (integer {got.lower()} labels are not promoted here).")
            fix_code = f"loss = {lcall}.float())\n# or once: {tn} = {tn}.float()"
        yield Evidence(line=_line(ctx), subject=tname, summary=summary, advice=advice,
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
    message = "{summary}"
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
                         + ("," if len(tl) == 1 else "") + "   # every batch, inside the loop")
        yield Evidence(line=_line(ctx), subject=(models_named or tensors_named or [None])[0],
                       summary=summary, devices=devices, listing=listing,
                       fix_code="\n".join(fix_lines))
