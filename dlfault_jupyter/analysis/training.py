"""Shared by several rules (moved from rules/keras_training.py, rules/torch_model.py, rules/torch_training.py)."""

from __future__ import annotations

import ast
import types
from collections.abc import Iterator
from typing import Any

from .. import frameworks
from ..context import CellContext
from ..frameworks import type_name
from ..source.facts import SourceFacts, dotted
from .model_facts import keras_head, unwrap
from .provenance import Provenance

# -- shared helpers (also used by keras_model / keras_data) ----------------------------------


def keras_models(ctx: CellContext) -> list[Any]:
    """Keras models of the namespace (Var objects)."""
    if frameworks.get("keras") is None:
        return []
    return ctx.ns.models("keras")


def compiled_head(ctx: CellContext) -> Iterator[tuple[Any, Any, Any, str, bool]]:
    """(var, head, loss object, loss name, from_logits) of compiled single-output Keras
    models whose output layer is a Dense: Sequential, functional, or subclassed with a
    ``call`` whose returns come from one Dense layer (``model_facts.keras_head``)."""
    k = frameworks.get("keras")
    if k is None:
        return
    for v in keras_models(ctx):
        cfg = k.compile_config(v.obj)
        if not cfg:
            continue
        loss = cfg.get("loss")
        name = k.loss_name(loss)
        if not name:
            continue
        head = keras_head(v.obj)
        if head is None:
            continue
        yield v, head, loss, name, k.loss_from_logits(loss)


def loss_repr(loss: Any, name: str) -> str:
    if isinstance(loss, str):
        return repr(loss)
    cls = type_name(loss)
    if cls == "LossFunctionWrapper" or not frameworks.get("keras").is_loss(loss):
        return name
    fl = getattr(loss, "from_logits", None)
    return f"{cls}(from_logits={fl})" if isinstance(fl, bool) else f"{cls}()"


def _name_value(ctx: CellContext, node: ast.expr | None) -> tuple[str | None, Any]:
    if isinstance(node, ast.Name) and node.id in ctx.user_ns:
        return node.id, ctx.user_ns[node.id]
    return None, None


class FitCall:
    __slots__ = ("call", "model", "x_name", "x", "y_name", "y")

    def __init__(self, call, model, x_name, x, y_name, y):
        self.call, self.model, self.x_name, self.x, self.y_name, self.y = (
            call, model, x_name, x, y_name, y)


def fit_calls(ctx: CellContext, attrs: tuple[str, ...] = ("fit",)) -> list[FitCall]:
    """``model.fit(X, y, ...)`` calls of this cell on a Keras model of the namespace, with
    X and y resolved when they are plain variable names bound to arrays/tensors."""
    out: list[FitCall] = []
    if frameworks.get("keras") is None:
        return out
    for c in ctx.source.calls_to(*attrs):
        var = ctx.ns.get(c.receiver)
        if var is None or var.kind != "model" or var.framework != "keras":
            continue
        xn, x = _name_value(ctx, c.kwarg("x", 0))
        yn, y = _name_value(ctx, c.kwarg("y", 1))
        if not _is_data(ctx, x):
            xn, x = None, None
        if not _is_data(ctx, y):
            yn, y = None, None
        out.append(FitCall(c, var, xn, x, yn, y))
    return out


def _is_data(ctx: CellContext, obj: Any) -> bool:
    if obj is None:
        return False
    n = frameworks.get("numpy")
    if n is not None and n.is_array(obj):
        return True
    k = frameworks.get("keras")
    return k is not None and k.is_tensor(obj)


def raised(ctx: CellContext) -> bool:
    """The cell raised: the exception explainers (errors_keras) own crashes that already
    happened; source checks that predict the same crash stay quiet then."""
    return ctx.error is not None


def data_summary(obj: Any) -> Any:
    n = frameworks.get("numpy")
    if n is not None and n.is_array(obj):
        return n.summary(obj)
    return frameworks.get("keras").summary(obj)


# -- labels seen through model.fit(X, y) calls -------------------------------------------------


def fit_with_head(ctx: CellContext, attrs: tuple[str, ...] = ("fit",)
                  ) -> Iterator[tuple[FitCall, Any, Any, str]]:
    """(fit call, head, loss object, loss name) for fit calls (or ``attrs`` calls taking
    ``x, y`` the same way) of compiled Keras models."""
    k = frameworks.get("keras")
    if k is None:
        return
    for fc in fit_calls(ctx, attrs):
        cfg = k.compile_config(fc.model.obj)
        if not cfg:
            continue
        loss = cfg.get("loss")
        name = k.loss_name(loss)
        head = keras_head(fc.model.obj)
        if name and head is not None:
            yield fc, head, loss, name


def fit_labels(ctx: CellContext, fc: FitCall) -> tuple[str | None, Any]:
    """(source text, array) of the labels of ``fc``: its resolved ``y``, else the array
    behind ``name[a:b]`` / ``name[idx]`` when y is a first-axis selection of a stored
    array. The values are the stored array's (a superset of the selection's; the
    trailing shape is the same): for questions about what the labels *can* be, not how
    many there are."""
    if fc.y is not None:
        return fc.y_name, fc.y
    node = fc.call.kwarg("y", 1)
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) \
            and not isinstance(node.slice, ast.Tuple):
        _, base = _name_value(ctx, node.value)
        if _is_data(ctx, base):
            return ast.unparse(node), base
    return None, None


_BINARY_LOSSES = ("binary_crossentropy", "binary_focal_crossentropy")


def wide_binary_heads(ctx: CellContext) -> Iterator[tuple[FitCall, Any, str, str | None, Any]]:
    """(call, head, loss name, labels text, labels summary) for each ``fit``/``evaluate`` of this cell
    whose compiled model has a binary loss on an output of more than one unit while the
    labels are one 0/1 column: shape (N,) or (N, 1), sampled values within {0, 1}."""
    for fc, head, _loss, name in fit_with_head(ctx, ("fit", "evaluate")):
        if name not in _BINARY_LOSSES or not head.units or head.units < 2:
            continue
        y_text, y = fit_labels(ctx, fc)
        if y is None:
            continue
        s = data_summary(y)
        if not s.has_values or not s.integral or s.uniques is None:
            continue
        if not (len(s.shape) == 1 or (len(s.shape) == 2 and s.shape[1] == 1)):
            continue
        if not set(s.uniques) <= {0.0, 1.0}:
            continue
        yield fc, head, name, y_text, s


def _sorted_labels(fc: FitCall, head: Any, name: str) -> Any:
    """Sampled labels of y in order when y is sorted by class (≥ 2 classes) and the model
    is a classifier; else None."""
    k = frameworks.get("keras")
    if fc.y is None:
        return None
    if name not in k.PROBABILITY_LOSSES and head.activation not in ("softmax", "sigmoid"):
        return None
    lab = k.first_axis_labels(fc.y)
    if lab is None or len(lab) < 8:
        return None
    import numpy as np
    d = np.diff(lab)
    if len(np.unique(lab)) < 2 or not (np.all(d >= 0) or np.all(d <= 0)):
        return None
    return lab


_OPTIMIZERS = ("SGD", "Adam", "AdamW", "Adamax", "Nadam", "RMSprop", "Adagrad", "Adadelta",
               "Ftrl", "Lion", "Adafactor", "Lamb")


def _is_keras_name(ctx: CellContext, dotted: str | None) -> bool:
    q = ctx.source.qualname(dotted)
    return bool(q) and q.split(".")[0] in ("keras", "tensorflow", "tf_keras")


# -- shared helpers --------------------------------------------------------------------

_MEM = "torch-usage"


def torch_models(ctx: CellContext) -> dict[str, Any]:
    """name -> Var of the PyTorch models (not losses) in the namespace."""
    return {v.name: v for v in ctx.ns.models("torch")}


def trace(src: SourceFacts, e: ast.expr | None, line: int, models: set[str],
          depth: int = 0) -> tuple[str, str, tuple[str, ...]] | None:
    """Where the value of ``e`` comes from: ``("call", model, wrappers)`` for the output
    of a model call, ``("name", var, wrappers)`` for a variable; ``wrappers`` are the
    calls/subscripts applied on the way, outermost first (``torch.sigmoid(model(x))`` →
    ``("call", "model", ("sigmoid",))``). Follows assignments of this cell made before
    ``line``. The one provenance walk (``analysis.provenance``), in this tuple form."""
    o = Provenance(src, is_module=lambda d: isinstance(src.resolve(d), types.ModuleType)
                   ).origin(e, line, models=models, max_steps=10 - depth)
    return (o.kind, o.root, o.wrappers) if o is not None else None


def usage(ctx: CellContext) -> dict[str, Any]:
    """Facts of how losses and models were called, in this and earlier cells (names only):

    ``loss_inputs[loss][model]`` → set of wrapper tuples between the model's output and
    the loss (``()`` = the raw output); ``loss_args[loss]`` → list of (pred, target)
    traces of the current cell; ``model_inputs[model]`` → names of the variables fed to
    the model.
    """
    mem = ctx.remember(_MEM)
    if mem.get("cell") == ctx.cell and mem.get("sid") == id(ctx.source):
        return mem
    mem["cell"] = ctx.cell
    mem["sid"] = id(ctx.source)
    li: dict[str, dict[str, set]] = mem.setdefault("loss_inputs", {})
    mi: dict[str, set[str]] = mem.setdefault("model_inputs", {})
    cur: dict[str, list] = {}
    mem["loss_args"] = cur
    src = ctx.source
    models = set(torch_models(ctx))
    losses = {v.name for v in ctx.ns.of_kind("loss", framework="torch")}
    for c in src.calls:
        if c.name in losses:
            pred = c.kwarg("input", 0)
            tgt = c.kwarg("target", 1)
            tp = trace(src, pred, c.line, models) if pred is not None else None
            tt = trace(src, tgt, c.line, models) if tgt is not None else None
            cur.setdefault(c.name, []).append((tp, tt, c))
            if tp and tp[0] == "call":
                li.setdefault(c.name, {}).setdefault(tp[1], set()).add(tp[2])
        target = c.name if c.name in models else (
            c.receiver if c.attr == "forward" and c.receiver in models else None)
        if target and c.args:
            t = trace(src, c.args[0], c.line, models)
            if t and t[0] == "name":
                mi.setdefault(target, set()).add(t[1])
    if len(li) > 200:
        li.clear()
    return mem


def loss_users(ctx: CellContext, loss: str, models: dict[str, Any]) -> dict[str, set]:
    """The models whose output was seen flowing into ``loss`` → wrapper tuples."""
    li = usage(ctx).get("loss_inputs", {}).get(loss, {})
    return {m: w for m, w in li.items() if m in models}


def paired_models(ctx: CellContext, loss_name: str, models: dict[str, Any],
                  all_losses: list[str]) -> list[str]:
    """Models trained with ``loss_name``: known from usage in any cell; without usage
    only when the pairing is unambiguous (one model, and no such loss used elsewhere)."""
    used = [m for m in models if m in ctx.used_with(loss_name)]
    if used:
        return used
    if len(models) == 1 and not any(ctx.used_with(n) for n in all_losses):
        return list(models)
    return []


_ACT = ("ReLU", "LeakyReLU", "PReLU", "RReLU", "ELU", "SELU", "CELU", "GELU", "SiLU", "Mish",
        "Tanh", "Sigmoid", "Softmax", "LogSoftmax", "Softplus", "Hardtanh", "Hardswish",
        "Hardsigmoid", "ReLU6", "Tanhshrink", "Softsign", "LogSigmoid", "GLU", "Threshold")


def module_path(model: str, qualname: str) -> str:
    """``model`` + ``features.0`` → ``model.features[0]`` (valid Python)."""
    out = model
    for part in qualname.split("."):
        out += f"[{part}]" if part.isdigit() else f".{part}"
    return out


# -- tensors fed to models and losses ---------------------------------------------------

def data_of(ctx: CellContext, name: str, line: int,
            prefer_loop: bool = False) -> tuple[Any, bool] | None:
    """The array/tensor a name stands for: a namespace tensor/array, or — for a loop
    target of ``for xb, yb in loader`` over a TensorDataset — the dataset's tensor
    (whose first axis is the sample axis). (object, is_dataset_tensor).
    ``prefer_loop``: a loop target gives the dataset's tensor even when the last batch is
    still bound in the namespace."""
    v = ctx.ns.get(name)
    if v is not None and v.kind in ("tensor", "array") and not (
            prefer_loop and any(name in lf.targets and lf.line <= line
                                for lf in ctx.source.loops)):
        return v.obj, False
    for lf in ctx.source.loops:
        if name not in lf.targets or not (lf.line <= line):
            continue
        tgt = lf.node.target if not isinstance(lf.node, ast.While) else None
        it = lf.iter_node
        if isinstance(it, ast.Call) and dotted(it.func) == "enumerate" and \
                isinstance(tgt, ast.Tuple) and len(tgt.elts) == 2:
            tgt = tgt.elts[1]
        if not isinstance(tgt, ast.Tuple):
            return None
        idx = next((i for i, e in enumerate(tgt.elts)
                    if isinstance(e, ast.Name) and e.id == name), None)
        loader = ctx.ns.get(lf.iter_name)
        if idx is None or loader is None or loader.kind != "loader":
            return None
        ds = getattr(loader.obj, "dataset", None)
        tensors = getattr(ds, "tensors", None)
        if frameworks.type_name(ds) != "TensorDataset" or not isinstance(tensors, tuple) or \
                idx >= len(tensors):
            return None
        t = frameworks.get("torch")
        if t is None or not t.default_collate_of(loader.obj):
            return None
        return tensors[idx], True
    return None


def _shape_dtype(obj: Any) -> tuple[tuple[int, ...], str] | None:
    try:
        shape = tuple(int(d) for d in obj.shape)
        dt = str(obj.dtype).replace("torch.", "")
    except Exception:  # noqa: BLE001
        return None
    return shape, dt


def _model_call_inputs(ctx: CellContext) -> Iterator[tuple[str, Any, str, tuple, Any, bool]]:
    """(model, call, input name, wrappers, data object, from_dataset) for every model call
    of this cell whose first argument is a known tensor/array."""
    src = ctx.source
    models = torch_models(ctx)
    for c in src.calls:
        m = c.name if c.name in models else (
            c.receiver if c.attr == "forward" and c.receiver in models else None)
        if m is None or not c.args:
            continue
        tr = trace(src, c.args[0], c.line, set(models))
        if not tr or tr[0] != "name":
            continue
        d = data_of(ctx, tr[1], c.line)
        if d is None:
            continue
        yield m, c, tr[1], tr[2], d[0], d[1]


def _model_out_width(model: Any) -> int | None:
    """out_features of the layer that produces the output of a Sequential chain, when
    only activations / dropout follow it."""
    t = frameworks.get("torch")
    chain = t.sequential_chain(unwrap(model)[0])   # behind torch.compile / DataParallel
    if not chain:
        return None
    for _n, m in reversed(chain):
        k = type_name(m)
        if k in _ACT or k.startswith("Dropout") or k == "Identity":
            continue
        return int(m.out_features) if k == "Linear" else None
    return None


def loop_with_zero_grad(src: Any, node: ast.AST, opt: str, max_lines: int = 16) -> str:
    """The user's own loop (dedented) with ``{opt}.zero_grad()`` as the first statement of
    its body; a long loop is shortened after the inserted line."""
    body = node.body[0]
    return loop_with_line(src, node, body.lineno, body.lineno,
                          f"{opt}.zero_grad()   # reset last step's gradients", max_lines)


def loop_with_line(src: Any, node: ast.AST, at: int, like: int, text: str,
                   max_lines: int = 16) -> str:
    """The user's own loop ``node`` (dedented) with ``text`` as a new line before cell line
    ``at`` (``node.end_lineno + 1``: at its end), indented like line ``like``. A loop
    longer than ``max_lines`` is cut after the inserted line (``...``)."""
    lines = src.lines[node.lineno - 1:node.end_lineno]
    pad = lambda t: t[:len(t) - len(t.lstrip())]  # noqa: E731
    ins = at - node.lineno
    if ins < 1 or not lines or not (1 <= like <= len(src.lines)):  # a one-line loop
        return f"for ...:\n    ...\n    {text}"
    base = len(pad(lines[0]))
    new = lines[:ins] + [pad(src.lines[like - 1]) + text] + lines[ins:]
    if len(new) > max_lines:
        new = new[:ins + 1] + [pad(src.lines[like - 1]) + "..."]
    return "\n".join(ln[base:] if len(pad(ln)) >= base else ln.lstrip() for ln in new)


def _is_optimizer_ref(ctx: CellContext, name: str | None) -> bool:
    """Is ``name`` (a dotted receiver) an optimizer? Known from the namespace when it is a
    variable there; otherwise judged by its name (not a learning-rate scheduler)."""
    if not name:
        return False
    var = ctx.ns.get(name)
    if var is not None:
        return var.kind == "optimizer"
    return "sched" not in name.lower()


def scope_loops(src, loop) -> list:
    """``loop`` and the loops of the same function that enclose it."""
    return [lf for lf in src.loops if lf.function == loop.function
            and (lf is loop or loop.node in ast.walk(lf.node))]


class UserFunction:
    """A function the user defined in an earlier (or this) cell, with the facts of its
    source: ``params`` (positional parameter names, ``self`` dropped for methods)."""

    def __init__(self, name: str, node: ast.FunctionDef, facts, params: list[str]) -> None:
        self.name, self.node, self.facts, self.params = name, node, facts, params

    def bound(self, call, name: str) -> str | None:
        """The parameter that receives the variable ``name`` in ``call``, if any."""
        for i, a in enumerate(call.args):
            if isinstance(a, ast.Name) and a.id == name and i < len(self.params):
                return self.params[i]
        for k in call.node.keywords:
            if k.arg and isinstance(k.value, ast.Name) and k.value.id == name:
                return k.arg
        return None

    def mode_calls(self, var: str, *attrs: str) -> list:
        return [c for c in self.facts.calls if c.receiver == var and c.attr in attrs]

    def passes_on(self, var: str) -> bool:
        """Is ``var`` handed to another call inside the function (whose mode handling is
        unknown)? ``var(x)`` and ``var.method()`` are not."""
        for c in self.facts.calls:
            if any(isinstance(a, ast.Name) and a.id == var for a in c.args) or any(
                    isinstance(k.value, ast.Name) and k.value.id == var
                    for k in c.node.keywords):
                return True
        return False


def user_function(ctx: CellContext, name: str | None) -> UserFunction | None:
    """The user-defined (``__main__``) plain function called ``name``, parsed from its
    source; ``None`` for anything else (builtins, library functions, no source). Parsed
    once per code object by ``analysis.loops`` (the interprocedural view uses the same)."""
    from .loops import function_of

    if not name or "." in name:
        return None
    f = function_of(ctx.user_ns.get(name), ctx.user_ns)
    if f is None:
        return None
    params = [a.arg for a in f.node.args.posonlyargs + f.node.args.args]
    return UserFunction(name, f.node, f.facts, params)


def _model_calls(src, models: dict) -> list:
    out = []
    for c in src.calls:
        if c.name in models:
            out.append((c.name, c))
        elif c.attr == "forward" and c.receiver in models:
            out.append((c.receiver, c))
    return out


def _mode_calls(src, name: str, *attrs: str) -> list:
    return [c for c in src.calls if c.receiver == name and c.attr in attrs]


def _helper_mode(ctx: CellContext, call, model: str) -> str | None:
    """What a call of a user-defined helper does to the mode of ``model`` (passed to it, or
    used as a global inside): ``"train"`` (calls ``.train()`` on it), ``"eval"`` (calls
    ``.eval()`` and never ``.train()``), ``"trains"`` (trains it — backward and step —
    without touching its mode), else ``None``."""
    uf = user_function(ctx, call.name)
    if uf is None:
        return None
    var = uf.bound(call, model)
    if var is None:
        if model in uf.params or not any(x.name == model or x.receiver == model
                                         for x in uf.facts.calls):
            return None
        var = model
    if uf.mode_calls(var, "train"):
        return "train"
    if uf.mode_calls(var, "eval"):
        return "eval"
    if uf.passes_on(var):
        return None
    f = uf.facts
    if f.calls_to("backward") and f.calls_to("step") and any(
            x.name == var or (x.attr == "forward" and x.receiver == var) for x in f.calls):
        return "trains"
    return None
