"""Framework-neutral data rules: what goes into training (numpy arrays, torch tensors,
TF tensors), for PyTorch and Keras notebooks alike.

The rules know which array is what from how it is *used*, not from its name:

* features: ``model.fit(X, y)``, ``model(x)``, ``loss_fn(model(x), y)``, ``TensorDataset(X, y)``,
  ``train_test_split(X, y)``, and the batch a loop over a DataLoader feeds to the model;
* labels: the ``y`` of the same calls.

Uses are collected from each cell's source and remembered across cells by variable *name*
(never objects), in ``ctx.remember(ROLES)``. Values are read only through bounded samples
(``ArraySummary``, ≤ 256 sampled rows × ≤ 256 strided columns), so a check costs the same
whatever the data size. Nothing here iterates a loader, calls a model or imports a
framework the user has not imported.
"""

from __future__ import annotations

import ast
import inspect
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .. import frameworks
from ..context import CellContext
from . import Evidence, Rule, register

ROLES = "data.roles"          # ctx.remember key shared by the data rules
MAX_NAMES = 300

# calls that convert without changing values (dtype, device, layout)
_VALUE_KEEPING = {"float", "double", "long", "int", "half", "to", "cuda", "cpu", "numpy",
                  "astype", "type", "contiguous", "squeeze", "unsqueeze", "view", "reshape",
                  "flatten", "detach", "clone", "copy"}
_LENGTH_KEEPING = {"float", "double", "long", "int", "half", "to", "cuda", "cpu", "numpy",
                   "astype", "type", "contiguous", "detach", "clone", "copy"}
_WRAPPERS = {"tensor", "from_numpy", "as_tensor", "asarray", "array", "convert_to_tensor",
             "constant", "Tensor", "FloatTensor", "LongTensor", "ascontiguousarray"}
_FIT = {"fit", "train_on_batch"}
_EVAL = {"evaluate", "test_on_batch"}
_PREDICT = {"predict", "predict_on_batch"}
_CLASSIF_LOSSES = {"CrossEntropyLoss", "NLLLoss"}
_TEST_RE = re.compile(r"(^|_)(test|tst|val|valid|validation|dev|holdout|eval)(_|\d|$)", re.I)
_TRAIN_RE = re.compile(r"(^|_)(train|trn|training)(_|\d|$)", re.I)


# --------------------------------------------------------------------------------------
# roles: which variable is used as what
# --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Use:
    name: str            # variable (or loader/dataset) name
    role: str            # "x" features, "y" labels
    how: str             # fit | evaluate | predict | call | loss | dataset | split | loader
    model: str | None    # the model it goes into, when known
    train: bool          # used to train (fit, training loop, training dataset)
    exact: bool          # the argument is the variable itself (or a dtype/device copy)
    line: int | None = None   # line in the current cell (None: remembered from earlier)


def _arg(node: ast.expr | None) -> tuple[str | None, str]:
    """(variable name, how direct) of an argument: 'exact' for the variable or a
    length-keeping conversion, 'values' for reshapes and slices (values are a subset of
    the variable's), (None, '') for anything computed from it."""
    if node is None:
        return None, ""
    if isinstance(node, ast.Name):
        return node.id, "exact"
    if isinstance(node, ast.Subscript):
        n, _ = _arg(node.value)
        return n, "values" if n else ""
    if isinstance(node, ast.Call):
        f = node.func
        if isinstance(f, ast.Attribute) and f.attr in _VALUE_KEEPING:
            n, how = _arg(f.value)
            if n is None:
                return None, ""
            return n, how if f.attr in _LENGTH_KEEPING else "values"
        last = f.attr if isinstance(f, ast.Attribute) else (f.id if isinstance(f, ast.Name)
                                                            else None)
        if last in _WRAPPERS and node.args:
            return _arg(node.args[0])
    return None, ""


def _var_kind(ctx: CellContext, name: str | None) -> str | None:
    v = ctx.ns.get(name)
    return v.kind if v is not None else None


def _models_in(ctx: CellContext, node: ast.AST, depth: int = 0) -> list[tuple[str, ast.Call]]:
    """(model name, call node) for calls of a model variable inside ``node``, also through
    names assigned in this cell (``out = model(x); loss_fn(out, y)``)."""
    found: list[tuple[str, ast.Call]] = []
    for n in ast.walk(node):
        if isinstance(n, ast.Call):
            f = n.func
            name = f.id if isinstance(f, ast.Name) else None
            if isinstance(f, ast.Attribute) and f.attr in ("forward", "__call__", "predict"):
                name = f.value.id if isinstance(f.value, ast.Name) else None
            if name and _var_kind(ctx, name) == "model":
                found.append((name, n))
        elif isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and depth < 2:
            for a in ctx.source.assignments_to(n.id):
                found += _models_in(ctx, a.value, depth + 1)
    return found


def _loop_bindings(loop: Any) -> tuple[str | None, dict[str, int]]:
    """(iterated name, {target name: position}) for ``for xb, yb in loader`` and
    ``for i, (xb, yb) in enumerate(loader)``."""
    node = loop.node
    if isinstance(node, ast.While):
        return None, {}
    it, target = node.iter, node.target
    if isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id == "enumerate" \
            and it.args and isinstance(target, ast.Tuple) and len(target.elts) == 2:
        it, target = it.args[0], target.elts[1]
    if isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and it.func.id == "tqdm" \
            and it.args:
        it = it.args[0]
    if not isinstance(it, ast.Name):
        return None, {}
    if isinstance(target, (ast.Tuple, ast.List)):
        return it.id, {e.id: i for i, e in enumerate(target.elts) if isinstance(e, ast.Name)}
    return it.id, {}


def _in_training_loop(call: Any) -> bool:
    return any(lf.has_call("backward") for lf in call.loops)


def _assigned_name(ctx: CellContext, node: ast.AST) -> str | None:
    for a in ctx.source.assigns:
        if a.value is node:
            return a.target
    return None


def _cell_uses(ctx: CellContext) -> list[Use]:
    """Uses seen in this cell's source."""
    src = ctx.source
    if not src.ok:
        return []
    uses: list[Use] = []

    def add(node: ast.expr | None, role: str, how: str, model: str | None, train: bool,
            line: int) -> None:
        n, direct = _arg(node)
        if n and n in ctx.user_ns:
            uses.append(Use(n, role, how, model, train, direct == "exact", line))

    for c in src.calls:
        kind = _var_kind(ctx, c.receiver_root) if c.receiver else None
        if c.attr in _FIT and c.receiver and kind == "model":
            add(c.kwarg("x", 0), "x", "fit", c.receiver_root, True, c.line)
            add(c.kwarg("y", 1), "y", "fit", c.receiver_root, True, c.line)
            vd = c.kwarg("validation_data")
            if isinstance(vd, (ast.Tuple, ast.List)) and len(vd.elts) >= 2:
                add(vd.elts[0], "x", "evaluate", c.receiver_root, False, c.line)
                add(vd.elts[1], "y", "evaluate", c.receiver_root, False, c.line)
        elif c.attr in _EVAL and c.receiver and kind == "model":
            add(c.kwarg("x", 0), "x", "evaluate", c.receiver_root, False, c.line)
            add(c.kwarg("y", 1), "y", "evaluate", c.receiver_root, False, c.line)
        elif c.attr in _PREDICT and c.receiver and kind == "model":
            add(c.kwarg("x", 0), "x", "predict", c.receiver_root, False, c.line)
        elif c.receiver is None and c.name and _var_kind(ctx, c.name) == "model" and c.args:
            add(c.args[0], "x", "call", c.name, _in_training_loop(c), c.line)
        elif c.attr == "TensorDataset" and len(c.args) >= 2:
            target = _assigned_name(ctx, c.node) or ""
            train = not _TEST_RE.search(target)
            add(c.args[0], "x", "dataset", None, train, c.line)
            add(c.args[-1], "y", "dataset", None, train, c.line)
        elif c.attr == "train_test_split" and len(c.args) >= 2:
            add(c.args[0], "x", "split", None, True, c.line)
            add(c.args[1], "y", "split", None, True, c.line)
        # labels of a loss: loss_fn(model(x), y) / loss_fn(out, y)
        if c.receiver is None and c.name and len(c.args) >= 2 and \
                (_var_kind(ctx, c.name) == "loss" or c.attr in _CLASSIF_LOSSES
                 or c.attr in ("cross_entropy", "nll_loss")):
            models = _models_in(ctx, c.args[0])
            if models:
                add(c.args[1], "y", "loss", models[0][0], _in_training_loop(c), c.line)
                if c.attr in ("cross_entropy", "nll_loss"):
                    pass
    # batches of a loader fed to the model inside a loop: for xb, yb in loader: model(xb)
    for loop in src.loops:
        it, pos = _loop_bindings(loop)
        if not it or not pos or _var_kind(ctx, it) not in ("loader", "dataset"):
            continue
        train = loop.has_call("backward")
        for c in loop.calls:
            if c.receiver is None and c.name and _var_kind(ctx, c.name) == "model" and c.args:
                n, _ = _arg(c.args[0])
                if n in pos:
                    uses.append(Use(it, f"x{pos[n]}", "loader", c.name, train, True, c.line))
            if c.receiver is None and c.name and len(c.args) >= 2 and \
                    _var_kind(ctx, c.name) == "loss":
                n, _ = _arg(c.args[1])
                models = _models_in(ctx, c.args[0])
                if n in pos and models:
                    uses.append(Use(it, f"y{pos[n]}", "loader", models[0][0], train, True,
                                    c.line))
    return uses


_ROLE_CACHE: dict[str, Any] = {"key": None, "uses": []}


def uses(ctx: CellContext) -> list[Use]:
    """All uses: this cell's (with lines) and earlier cells' (line None). Computed once per
    cell and shared by all data rules."""
    key = (id(ctx), ctx.cell, id(ctx.source))
    if _ROLE_CACHE["key"] == key:
        return _ROLE_CACHE["uses"]
    mem = ctx.remember(ROLES)
    past: dict[tuple, None] = mem.setdefault("uses", {})
    now = _cell_uses(ctx)
    now_keys = {(u.name, u.role, u.how, u.model, u.train, u.exact) for u in now}
    out = list(now) + [Use(*k) for k in past if k not in now_keys]
    for k in now_keys:
        past[k] = None
    while len(past) > MAX_NAMES:
        del past[next(iter(past))]
    _ROLE_CACHE["key"], _ROLE_CACHE["uses"] = key, out
    return out


# --------------------------------------------------------------------------------------
# values: bounded reads through the adapters
# --------------------------------------------------------------------------------------
@dataclass
class Data:
    """One array-like value with its display name and how it was found."""

    label: str           # what messages call it: "X_train", "train_ds.tensors[0]"
    subject: str | None  # notebook variable
    obj: Any
    framework: str       # numpy | torch | tensorflow
    use: Use


def _framework_of(obj: Any) -> str | None:
    mod = type(obj).__module__.split(".", 1)[0]
    if mod == "numpy" and "numpy" in sys.modules:
        n = frameworks.get("numpy")
        return "numpy" if n is not None and n.is_array(obj) else None
    if mod == "torch" and "torch" in sys.modules:
        t = frameworks.get("torch")
        return "torch" if t is not None and t.is_tensor(obj) else None
    if mod in ("tensorflow", "keras") and ("tensorflow" in sys.modules):
        k = frameworks.get("keras")
        return "tensorflow" if k is not None and k.is_tensor(obj) else None
    return None


def _tensor_dataset_parts(obj: Any) -> tuple | None:
    """``.tensors`` of a TensorDataset, or of a DataLoader's dataset (never iterated)."""
    if "torch" not in sys.modules:
        return None
    t = frameworks.get("torch")
    ds = obj
    if t.is_loader(obj):
        ds = getattr(obj, "dataset", None)
    if type(ds).__name__ == "TensorDataset" and type(ds).__module__.startswith("torch"):
        parts = getattr(ds, "tensors", None)
        if isinstance(parts, tuple):
            return parts
    return None


def resolve(ctx: CellContext, u: Use) -> Data | None:
    """The value a use refers to (an array/tensor; for loaders, the dataset's tensor)."""
    obj = ctx.user_ns.get(u.name)
    if obj is None:
        return None
    if u.how == "loader":
        parts = _tensor_dataset_parts(obj)
        if not parts:
            return None
        i = int(u.role[1:])
        if i >= len(parts):
            return None
        t = parts[i]
        label = ctx.ns.name_of(t) or f"{u.name}.dataset.tensors[{i}]"
        role = "x" if u.role.startswith("x") else "y"
        return Data(label, u.name, t, "torch", Use(u.name, role, u.how, u.model, u.train,
                                                   u.exact, u.line))
    fw = _framework_of(obj)
    if fw is None:
        return None
    return Data(u.name, u.name, obj, fw, u)


def data_of(ctx: CellContext, role: str, train: bool | None = None,
            hows: tuple[str, ...] | None = None) -> list[Data]:
    """Distinct values used in ``role``; the current cell's uses come first."""
    out: list[Data] = []
    seen: set[int] = set()
    for u in uses(ctx):
        if train is not None and u.train != train:
            continue
        if hows is not None and u.how not in hows:
            continue
        if u.how == "loader":
            if not u.role.startswith(role):
                continue
        elif u.role != role:
            continue
        d = resolve(ctx, u)
        if d is None or id(d.obj) in seen:
            continue
        seen.add(id(d.obj))
        out.append(d)
    return out


def summary(d: Data) -> Any:
    ad = frameworks.get("keras" if d.framework == "tensorflow" else d.framework)
    return ad.summary(d.obj) if ad is not None else None


def sample_rows(d: Data, k: int = 256, width: int = 256) -> Any:
    """A float64 numpy matrix of at most ``k`` evenly spaced rows × ``width`` evenly spaced
    columns of the flattened rows. ``None`` when values cannot be read cheaply (GPU,
    exotic dtypes). Each read touches only the sampled elements (or one row at a time)."""
    import numpy as np

    from ..frameworks.summary import sample_indices

    obj = d.obj
    shape = tuple(int(s) for s in obj.shape)
    if not shape or shape[0] == 0:
        return None
    n = shape[0]
    w = 1
    for s in shape[1:]:
        w *= s
    if w == 0:
        return None
    ri = sample_indices(np, n, k)
    ci = sample_indices(np, w, width)
    if d.framework == "numpy":
        a = obj
        if a.dtype.kind not in "biuf":
            return None
        if a.flags.c_contiguous:
            m = a.reshape(n, w)[np.ix_(ri, ci)]
        else:
            m = np.stack([np.asarray(a[int(i)]).reshape(-1)[ci] for i in ri])
        return m.astype("float64")
    if d.framework == "torch":
        t = frameworks.get("torch")
        torch = t.torch
        if not t._plain(obj) or obj.is_complex() or obj.dtype == torch.bool:
            return None
        with torch.no_grad():
            x = obj.detach()
            rt, ct = torch.from_numpy(ri), torch.from_numpy(ci)
            if x.is_contiguous():
                m = x.reshape(n, w)[rt[:, None], ct[None, :]]
            else:
                m = torch.stack([x[int(i)].reshape(-1)[ct] for i in ri])
            if m.dtype in (torch.bfloat16, torch.float16):
                m = m.float()
            return m.numpy().astype("float64")
    if d.framework == "tensorflow":
        tf = sys.modules.get("tensorflow")
        if tf is None or "GPU" in (getattr(obj, "device", "") or "") or not (
                obj.dtype.is_floating or obj.dtype.is_integer):
            return None
        x = tf.reshape(obj, [n, w])
        idx = np.stack(np.meshgrid(ri, ci, indexing="ij"), axis=-1)
        return np.asarray(tf.gather_nd(x, idx).numpy(), dtype="float64")
    return None


def label_counts(d: Data, s: Any) -> dict[int, int] | None:
    """Counts per class from a bounded sample of a classification label array: integer
    class indices (N,) / (N, 1), or one-hot rows (N, C). ``None`` when it is not one."""
    import numpy as np

    if s is None or not s.has_values or s.n_nan or s.n_inf or not s.integral:
        return None
    shape = s.shape
    if len(shape) == 1 or (len(shape) == 2 and shape[1] == 1):
        if s.uniques is None or s.min < 0:
            return None
        m = sample_rows(d, k=4096, width=1)
        if m is None:
            return None
        vals, cnt = np.unique(m[:, 0].astype("int64"), return_counts=True)
        return {int(v): int(c) for v, c in zip(vals, cnt, strict=True)}
    if len(shape) == 2 and 2 <= shape[1] <= 1000 and s.uniques is not None and \
            set(s.uniques) <= {0.0, 1.0}:
        m = sample_rows(d, k=1024, width=shape[1])
        if m is None or m.shape[1] != shape[1] or not np.all(m.sum(axis=1) == 1):
            return None
        vals, cnt = np.unique(m.argmax(axis=1), return_counts=True)
        return {int(v): int(c) for v, c in zip(vals, cnt, strict=True)}
    return None


def _is_int_dtype(s: Any) -> bool:
    return s.is_int or s.dtype == "bool"


def _loss_of(ctx: CellContext, model: str | None) -> str | None:
    """Class name of the loss a model is trained with, when known (torch: loss variable
    paired by usage; Keras: the compiled loss)."""
    if not model:
        return None
    for v in ctx.ns.of_kind("loss"):
        if model in ctx.used_with(v.name):
            return type(v.obj).__name__
    mv = ctx.ns.get(model)
    if mv is not None and mv.framework == "keras":
        loss = getattr(mv.obj, "loss", None)
        if isinstance(loss, str):
            return loss
        if loss is not None:
            return type(loss).__name__
    return None


def _classification(ctx: CellContext, d: Data, s: Any) -> bool:
    """Are these labels class labels? Integer dtype, or a classification loss."""
    loss = (_loss_of(ctx, d.use.model) or "").lower()
    if "crossentropy" in loss or "nllloss" in loss or "hinge" in loss:
        return True
    if loss and ("mse" in loss or "mae" in loss or "squared" in loss or "absolute" in loss
                 or "huber" in loss or "l1" in loss):
        return False
    return _is_int_dtype(s)


def _line(d: Data) -> int | None:
    return d.use.line


def _fmt(x: float | None) -> str:
    if x is None:
        return "?"
    if float(x).is_integer() and abs(x) < 1e15:
        return str(int(x))
    return f"{x:.4g}"


def _shape(s: Any) -> str:
    return "(" + ", ".join(str(d) for d in s.shape) + (",)" if len(s.shape) == 1 else ")")


# --------------------------------------------------------------------------------------
# rules
# --------------------------------------------------------------------------------------
_SCALER_LAYERS = {"Rescaling", "Normalization", "Lambda", "BatchNormalization",
                  "LayerNormalization"}
_FORWARD_CACHE: dict[type, bool] = {}


def _model_scales_input(ctx: CellContext, model: str | None) -> bool:
    """Does the model scale its input itself (Keras Rescaling/Normalization layer near the
    input; a torch forward that divides by 255 or normalises)?"""
    mv = ctx.ns.get(model)
    if mv is None:
        return False
    if mv.framework == "keras":
        layers = getattr(mv.obj, "layers", None) or []
        return any(type(lay).__name__ in _SCALER_LAYERS for lay in layers[:4])
    if mv.framework == "torch":
        cls = type(mv.obj)
        if cls.__module__.startswith("torch"):
            return False
        if cls not in _FORWARD_CACHE:
            try:
                src = inspect.getsource(cls.forward)
            except (OSError, TypeError):
                src = ""
            _FORWARD_CACHE[cls] = bool(re.search(r"255|normali[sz]|\bmean\b|\bstd\b", src))
        return _FORWARD_CACHE[cls]
    return False


def _looks_like_pixels(s: Any) -> bool:
    if not s.has_values or s.n_nan or s.n_inf or s.min is None:
        return False
    if not (s.is_float or s.dtype == "uint8"):
        return False
    if not (s.min >= 0 and 1.5 < s.max <= 255 and s.integral):
        return False
    if s.uniques is not None:       # ≤ 64 distinct values: masks, counts, categories
        return False
    if s.max < 64:
        return False
    nd = len(s.shape)
    if nd >= 3:
        return True
    if nd == 2:
        w = s.shape[1]
        for c in (1, 3):
            r = round((w / c) ** 0.5)
            if r >= 8 and r * r * c == w:
                return True
    return False


@register
class UnscaledPixelInput(Rule):
    id = "DLF-T201"
    name = "unscaled-pixel-input"
    title = "Raw 0–255 pixel values fed to a model without scaling"
    taxonomy = "training.preprocessing"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("torch", "keras", "tensorflow")
    message = ("`{data}` {shape} ({dtype}) goes into `{model}` with pixel values from {min} "
               "to {max} (sampled): the inputs are not scaled to [0, 1] or standardised.")
    beginner = """Image pixels are stored as whole numbers from 0 to 255. Neural networks
learn best when their inputs are small numbers around 0 to 1. With inputs up to {max},
the first layer's outputs are huge, training is unstable or very slow, and the model may
get stuck at a poor accuracy — without any error message. Divide the images by 255
before training (and do the same for the test data)."""
    expert = """Default initialisations (Kaiming/Glorot) assume unit-scale inputs. With
inputs in [0, {max}] the pre-activations of the first layer are ~{max}x larger, which
saturates sigmoid/tanh/softmax units, makes the loss surface badly conditioned and the
effective learning rate of the first layer ~{max}² times too large; Adam partly
compensates, SGD usually diverges or stalls. Scale to [0, 1] (x / 255) or standardise per
channel; put the same transform into inference."""
    fix = """{data} = {data}{conv} / 255.0   # and the same for the test/validation images"""
    known_false_alarms = ("A model that scales its input inside a custom layer or forward "
                          "the check cannot see (Keras Rescaling/Normalization layers and a "
                          "torch forward dividing by 255 are recognised).")
    references = ("https://keras.io/api/layers/preprocessing_layers/image_preprocessing/rescaling/",
                  "https://pytorch.org/vision/stable/transforms.html")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for d in data_of(ctx, "x", hows=("fit", "call", "loader", "evaluate", "predict")):
            if d.use.how != "loader" and not d.use.model:
                continue
            if d.use.how in ("evaluate", "predict") and not d.use.train:
                # inference on unscaled data matters only when training data is scaled
                # differently — handled by the training uses; stay quiet here
                continue
            s = summary(d)
            if s is None or not _looks_like_pixels(s):
                continue
            if _model_scales_input(ctx, d.use.model):
                continue
            conv = "" if s.is_float else (".float()" if d.framework == "torch" else
                                          ".astype('float32')")
            yield Evidence(line=_line(d), subject=d.subject, key="pixels",
                           data=d.label, shape=_shape(s), dtype=s.dtype,
                           model=d.use.model or "the model", min=_fmt(s.min),
                           max=_fmt(s.max), conv=conv)


@register
class NanInTrainingData(Rule):
    id = "DLF-T202"
    name = "nan-in-training-data"
    title = "NaN or infinite values in the training data"
    taxonomy = "training.data_quality"
    severity = "error"
    silent = True
    evidence = "namespace"
    frameworks = ("torch", "keras", "tensorflow")
    message = ("`{data}` {shape} ({role}) contains {counts}: {where}.")
    beginner = """Some values in `{data}` are not numbers (NaN) or are infinite. One such
value is enough to turn the loss into NaN, and from then on every weight of the model
becomes NaN too: the model silently stops learning. Find where they come from (missing
values in a file, a division by zero, a log of 0) and remove or replace them before
training."""
    expert = """NaN propagates through every arithmetic op: one NaN input yields a NaN
loss, NaN gradients and, after the optimizer step, NaN parameters (Inf does the same via
Inf − Inf and 0 · Inf). {sample_note} Clean with a mask (`~isnan(x).any(axis=1)`), impute,
or clip; check upstream divisions and logs."""
    fix = """import numpy as np
mask = np.isfinite({data_np}).reshape(len({data}), -1).all(axis=1)
{data_fix}"""
    known_false_alarms = ("Models that mask NaN inputs on purpose (rare; Keras Masking uses "
                          "a mask value, not NaN).")
    references = ("https://numpy.org/doc/stable/reference/generated/numpy.isfinite.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for role in ("x", "y"):
            for d in data_of(ctx, role, train=True):
                s = summary(d)
                if s is None or not s.has_values or not (s.n_nan or s.n_inf):
                    continue
                bound = "" if s.exact else "at least "
                parts = []
                if s.n_nan:
                    parts.append(f"{bound}{s.n_nan} NaN")
                if s.n_inf:
                    parts.append(f"{bound}{s.n_inf} infinite")
                counts = " and ".join(parts) + " value" + (
                    "s" if s.n_nan + s.n_inf > 1 else "")
                where = (f"all {s.size} values read" if s.exact else
                         f"found in a sample of {s.sampled} of its {s.size} values")
                other = _partner(ctx, d)
                data_np = f"{d.label}.numpy()" if d.framework in ("torch", "tensorflow") \
                    else d.label
                if other:
                    fixl = f"{d.label}, {other} = {d.label}[mask], {other}[mask]"
                else:
                    fixl = f"{d.label} = {d.label}[mask]"
                yield Evidence(line=_line(d), subject=d.subject, key="nan",
                               data=d.label, shape=_shape(s),
                               role="training features" if role == "x" else "training labels",
                               counts=counts, where=where, sampled=s.sampled, size=s.size,
                               data_np=data_np, data_fix=fixl,
                               sample_note="All values were read." if s.exact else
                               f"The counts come from a bounded sample of {s.sampled} of "
                               f"{s.size} values, so they are lower bounds.")


def _partner(ctx: CellContext, d: Data) -> str | None:
    """The variable used together with ``d`` in the other role of the same call."""
    other = "y" if d.use.role == "x" else "x"
    for u in uses(ctx):
        if u.role == other and u.how == d.use.how and u.model == d.use.model and \
                u.line == d.use.line and u.how != "loader":
            return u.name
    return None


def _last_linear(t: Any, model: Any) -> tuple[str, Any] | None:
    """(name, module) of the model's output Linear: the last of a (nested) Sequential
    chain, or — for custom models — the last registered leaf when it is a Linear."""
    chain = t.sequential_chain(model)
    skip = ("Dropout", "Identity", "Softmax", "LogSoftmax", "Flatten")
    if chain is None:
        chain = t.leaf_modules(model)
        tail = [(n, m) for n, m in chain if type(m).__name__ not in skip
                and any(True for _ in m.parameters(recurse=False))]
    else:
        tail = [(n, m) for n, m in chain if type(m).__name__ not in skip]
    if not tail:
        return None
    n, m = tail[-1]
    if type(m).__name__ == "Linear" and isinstance(getattr(m, "out_features", None), int):
        return n, m
    return None


@register
class LabelsOutOfRangeForOutput(Rule):
    id = "DLF-L201"
    name = "labels-out-of-range-for-output"
    title = "Class labels go beyond the number of output units"
    taxonomy = "model.layers.properties"
    severity = "error"
    silent = False
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("`{labels}` holds class indices up to {max} (sampled), but `{model}` ends with "
               "`{layer}` with {units} output units (classes 0–{last}) for `{loss}` ({loss_cls}).")
    beginner = """The model has one output per class: {units} outputs means classes 0 to
{last}. Your labels contain class {max}, which the model cannot predict. On the CPU the
loss crashes with "Target {max} is out of bounds"; on a GPU it crashes with a cryptic
"device-side assert triggered". Make the last layer as wide as the number of classes
(here at least {need}), or check that the labels are numbered from 0."""
    expert = """`{loss_cls}` indexes the logits with the target (`logits[i, y_i]`), so every
label must lie in [0, C) with C = `{layer}.out_features` = {units}. A sampled label max
of {max} proves the range is exceeded (the true max can only be larger): NLL gathers out
of bounds → `IndexError` on CPU, `cudaErrorAssert` (asynchronous, reported at a later
op) on CUDA. Labels numbered from 1 (1..C) are the usual cause; otherwise the head is too
narrow."""
    fix = """# either make the output layer as wide as the number of classes
{layer} = nn.Linear({in_f}, {need})
# or, if the labels are numbered from 1, shift them to start at 0
{labels} = {labels} - 1"""
    known_false_alarms = ("A custom model whose output layer is not the last registered "
                          "Linear module.")
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        t = frameworks.get("torch")
        ce = [v for v in ctx.ns.of_kind("loss", framework="torch")
              if type(v.obj).__name__ in _CLASSIF_LOSSES]
        models = [m for m in ctx.ns.models("torch") if not t.is_loss(m.obj)]
        if not models:
            return
        for d in data_of(ctx, "y"):
            model = d.use.model
            loss = None
            if model:
                loss = next((v for v in ce if model in ctx.used_with(v.name)), None)
                if loss is None and d.use.how == "loss":
                    continue  # a loss of another kind (e.g. functional or regression)
            else:
                # a TensorDataset's labels: only when model and loss are unambiguous
                if len(models) != 1 or len(ce) != 1:
                    continue
                model, loss = models[0].name, ce[0]
            if loss is None:
                if len(ce) != 1:
                    continue
                loss = ce[0]
            mv = ctx.ns.get(model)
            if mv is None or mv.framework != "torch":
                continue
            s = summary(d)
            if s is None or not s.has_values or not s.is_int or len(s.shape) != 1:
                continue
            last = _last_linear(t, mv.obj)
            if last is None:
                continue
            lname, lin = last
            units = int(lin.out_features)
            mx = int(s.max)
            if units < 2 or mx < units:
                continue
            expr = model + "".join(f"[{p}]" if p.isdigit() else f".{p}"
                                   for p in lname.split(".")) if lname != "Linear" else model
            yield Evidence(line=_line(d), subject=d.subject, key=("range", units),
                           labels=d.label, max=mx, model=model, layer=expr,
                           in_f=int(lin.in_features), units=units, last=units - 1,
                           need=mx + 1, loss=loss.name,
                           loss_cls=type(loss.obj).__name__)
