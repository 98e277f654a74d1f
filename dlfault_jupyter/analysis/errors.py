"""Shared by several rules (moved from rules/errors_keras.py, rules/errors_torch.py)."""

from __future__ import annotations

import ast
import re
from typing import Any

from .. import frameworks
from ..context import CellContext
from ..frameworks import type_name
from ..wording import describe

FIT_METHODS = ("fit", "evaluate", "predict", "train_on_batch", "test_on_batch",
               "predict_on_batch", "__call__")


def _dims(s: str) -> tuple[Any, ...]:
    out: list[Any] = []
    for p in s.split(","):
        p = p.strip()
        if not p:
            continue
        out.append(None if p in ("None", "?", "-1") else int(p) if p.lstrip("-").isdigit()
                   else p)
    return tuple(out)


class KerasCall:
    """The model call of the error line: ``model.fit(X, y)``, ``model.predict(X)``, ``model(X)``."""

    def __init__(self, ctx: CellContext) -> None:
        self.call = None
        self.model: str | None = None
        self.x: str | None = None
        self.y: str | None = None
        self.method: str | None = None
        for c in error_calls(ctx):
            name = c.receiver if c.attr in FIT_METHODS and c.receiver else (
                c.name if c.receiver is None else None)
            v = ctx.ns.get(name)
            if v is None or v.kind != "model" or v.framework != "keras":
                continue
            self.call, self.model = c, name
            self.method = c.attr if c.receiver else "__call__"
            self.x = code_of(ctx, c.kwarg("x", 0))
            if self.method in ("fit", "evaluate", "train_on_batch", "test_on_batch"):
                self.y = code_of(ctx, c.kwarg("y", 1))
            break

    def obj(self, ctx: CellContext) -> Any:
        v = ctx.ns.get(self.model)
        return v.obj if v is not None else None


def array_summary(ctx: CellContext, name: str | None) -> Any:
    """Sampled summary of a numpy array / TF tensor variable, or None."""
    v = ctx.ns.get(name) if name and name.isidentifier() else None
    if v is None:
        return None
    try:
        if v.kind == "array":
            return frameworks.get("numpy").summary(v.obj)
        if v.kind == "tensor" and v.framework == "tensorflow":
            return frameworks.get("keras").summary(v.obj)
    except Exception:  # noqa: BLE001
        return None
    return None


def last_units(model: Any) -> tuple[str | None, int | None, str | None]:
    """(layer name, units, activation) of the model's last Dense layer."""
    try:
        layers = list(getattr(model, "layers", None) or [])
    except Exception:  # noqa: BLE001
        return None, None, None
    for layer in reversed(layers):
        units = getattr(layer, "units", None)
        if isinstance(units, int):
            act = getattr(getattr(layer, "activation", None), "__name__", None)
            return getattr(layer, "name", None), units, act
    return None, None, None


# --------------------------------------------------------------------------------------
SHAPE_RE = (r"Input \d+(?: with name '[^']*')? of layer ['\"](?P<layer>[\w./-]+)['\"] is "
            r"incompatible with the layer: expected shape=\((?P<exp>[^)]*)\), found "
            r"shape=\((?P<shape>[^)]*)\)",
            # Keras 3 Sequential/functional input check: "Invalid input shape for input
            # <tensor>. Expected shape (None, 784), but input has incompatible shape (32, 28, 28)"
            r"Expected shape \((?P<exp>[^)]*)\), but input has incompatible shape "
            r"\((?P<shape>[^)]*)\)")


# --------------------------------------------------------------------------------------
# helpers shared by the explainers (also used by errors_keras)


def lc(text: str) -> str:
    """Lower-case the first letter of a sentence that follows a colon ("The x" -> "the x"),
    keeping acronyms ("GPU", "CUDA") and code."""
    first = text.split(" ", 1)[0]
    if len(text) > 1 and text[0].isupper() and first[1:].islower():
        return text[0].lower() + text[1:]
    return text


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
    """(module, frame) for frames whose ``self`` is an ``nn.Module``, innermost last. Under
    ``torch.compile`` the layers' own ``forward`` frames are gone (the compiled graph calls
    ``torch.nn.functional`` with their parameters): a frame of the functional API whose
    weight belongs to a layer of a module already seen stands for that layer (its frame
    has the same ``input``)."""
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
        elif out:
            m = t.functional_layer(fr, [o for o, _ in out])
            if m is not None and not any(m is o for o, _ in out):
                out.append((m, fr))
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
        if name is not None and v is not None and v.kind == "model" and v.framework == "torch":
            out.append((c, name))
    return out


LOSS_FUNCS = {"cross_entropy": "CrossEntropyLoss", "nll_loss": "NLLLoss",
              "binary_cross_entropy": "BCELoss",
              "binary_cross_entropy_with_logits": "BCEWithLogitsLoss",
              "mse_loss": "MSELoss", "l1_loss": "L1Loss", "smooth_l1_loss": "SmoothL1Loss",
              "huber_loss": "HuberLoss", "kl_div": "KLDivLoss"}


def loss_call(ctx: CellContext) -> tuple[Any, str | None, str | None]:
    """(call, loss variable or None, loss class name) of the loss called on the error line."""
    assert ctx.error is not None  # asked only about a cell that raised
    loss_mods = [m for m, _ in tb_modules(ctx.error.exc) if frameworks.get("torch").is_loss(m)]
    for c in error_calls(ctx):
        v = ctx.ns.get(c.name) if c.receiver is None else None
        if v is not None and v.kind == "loss" and v.framework == "torch":
            return c, v.name, type_name(v.obj)
        if c.attr in LOSS_FUNCS and c.receiver is not None:
            return c, None, LOSS_FUNCS[c.attr]
        if isinstance(c.node.func, ast.Call) and loss_mods:
            return c, None, type_name(loss_mods[-1])
    if loss_mods:
        m = loss_mods[-1]
        return None, locate_loss(ctx, m), type_name(m)
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


FLOAT_TARGET_LOSSES = ("BCELoss", "BCEWithLogitsLoss", "MSELoss", "L1Loss", "SmoothL1Loss",
                       "HuberLoss", "KLDivLoss")


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
    assert ctx.error is not None  # asked only about a cell that raised
    for mod, _fr in reversed(tb_modules(ctx.error.exc)):
        ws = getattr(getattr(mod, "weight", None), "shape", None)
        if type_name(mod).startswith("Conv") and ws is not None and tuple(ws) == w:
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


# --------------------------------------------------------------------------------------
def _backward_receiver(ctx: CellContext) -> tuple[Any, str | None]:
    for c in error_calls(ctx):
        if c.attr == "backward" and c.receiver:
            return c, c.receiver
    for c in ctx.source.calls_to("backward"):
        if c.receiver:
            return c, c.receiver
    return None, None


def _out_units(ctx: CellContext, model: str | None) -> tuple[str | None, int | None, str | None]:
    """(model, out_features of its last Linear, path) for a Sequential-like model."""
    t = frameworks.get("torch")
    cands = [ctx.ns.get(model)] if model and ctx.ns.get(model) else ctx.ns.models("torch")
    for v in cands:
        if v is None or v.kind != "model":
            continue
        try:
            lins = [(q, m) for q, m in v.obj.named_modules() if type_name(m) == "Linear"]
        except Exception:  # noqa: BLE001
            continue
        if lins and t.sequential_chain(v.obj):
            q, m = lins[-1]
            return v.name, int(m.out_features), _path(v.name, q)
    return None, None, None


def _numpy_receiver(ctx: CellContext, *attrs: str) -> str | None:
    for c in error_calls(ctx):
        if c.attr in attrs and isinstance(c.node.func, ast.Attribute):
            return code_of(ctx, c.node.func.value)
    return None
