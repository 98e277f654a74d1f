"""Framework-neutral data rules: what goes into training (numpy arrays, torch tensors,
TF tensors), for PyTorch and Keras notebooks alike.

The rules know which array is what from how it is used, not from its name:

* features: ``model.fit(X, y)``, ``model(x)``, ``loss_fn(model(x), y)``, ``TensorDataset(X, y)``,
  ``train_test_split(X, y)``, and the batch a loop over a DataLoader feeds to the model;
* labels: the ``y`` of the same calls.

Uses are collected from each cell's source and remembered across cells by variable name
(never objects), in ``ctx.remember(ROLES)``. Values are read only through bounded samples
(``ArraySummary``, ≤ 256 sampled rows × ≤ 256 strided columns), so a check costs the same
whatever the data size. Nothing here iterates a loader, calls a model or imports a
framework the user has not imported.
"""

from __future__ import annotations

import ast
import functools
import inspect
import re
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .. import frameworks
from ..context import CellContext
from ..wording import num
from . import Evidence, Rule, register

ROLES = "data.roles"          # ctx.remember key shared by the data rules
MAX_NAMES = 300

# calls that convert without changing values (dtype, device, layout)
_VALUE_KEEPING = {"float", "double", "long", "int", "half", "to", "cuda", "cpu", "numpy",
                  "astype", "type", "contiguous", "squeeze", "unsqueeze", "view", "reshape",
                  "flatten", "detach", "clone", "copy", "to_numpy"}
_LENGTH_KEEPING = {"float", "double", "long", "int", "half", "to", "cuda", "cpu", "numpy",
                   "astype", "type", "contiguous", "detach", "clone", "copy", "to_numpy"}
_WRAPPERS = {"tensor", "from_numpy", "as_tensor", "asarray", "array", "convert_to_tensor",
             "constant", "Tensor", "FloatTensor", "LongTensor", "ascontiguousarray"}
_FIT = {"fit", "train_on_batch"}
_EVAL = {"evaluate", "test_on_batch"}
_PREDICT = {"predict", "predict_on_batch"}
_CLASSIF_LOSSES = {"CrossEntropyLoss", "NLLLoss"}
# uses that feed a model (not a train_test_split of the raw data)
_TRAINING_HOWS = ("fit", "call", "loss", "dataset", "loader", "nsdata")
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
    if isinstance(node, ast.Attribute) and node.attr == "values" and \
            isinstance(node.value, ast.Name):
        return node.value.id, "exact"        # a pandas frame's values: X_train.values
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
    """Inside a loop that computes gradients (torch ``backward``, TF ``apply_gradients``)."""
    return any(lf.has_call("backward", "apply_gradients") for lf in call.loops)


def _assigned_name(ctx: CellContext, node: ast.AST) -> str | None:
    """The name(s) the statement holding ``node`` assigns to (``test_loader =
    DataLoader(TensorDataset(...))`` → ``test_loader``)."""
    p: ast.AST | None = node
    while p is not None and not isinstance(p, (ast.Assign, ast.AnnAssign, ast.stmt)):
        p = ctx.source.parent(p)
    if isinstance(p, (ast.Assign, ast.AnnAssign)):
        targets = p.targets if isinstance(p, ast.Assign) else [p.target]
        return " ".join(n.id for t in targets for n in ast.walk(t) if isinstance(n, ast.Name))
    return None


def _cell_uses(ctx: CellContext) -> list[Use]:
    """Uses seen in this cell's source."""
    src = ctx.source
    if not src.ok:
        return []
    uses: list[Use] = []
    # names bound by a for loop are batches, not the data set itself
    batch_names = {t for lf in src.loops for t in lf.targets}

    def add(node: ast.expr | None, role: str, how: str, model: str | None, train: bool,
            line: int) -> None:
        n, direct = _arg(node)
        if n and n in ctx.user_ns and n not in batch_names:
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
            first, _ = _arg(c.args[0])
            train = not any(_is_test_name(n) for n in [*target.split(), first or ""])
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
    if not any(k[2] == "dataset" for k in past):
        out += _namespace_datasets(ctx)
    _ROLE_CACHE["key"], _ROLE_CACHE["uses"] = key, out
    return out


def _namespace_datasets(ctx: CellContext) -> list[Use]:
    """Roles of TensorDatasets (and DataLoaders over one) built out of sight (in a helper
    function, another module): first tensor = features, last = labels; a training set
    unless its name says test/validation. Used only while no ``TensorDataset(...)`` call
    was seen in the notebook (those give better roles)."""
    if "torch" not in sys.modules or not ctx.ns.models("torch"):
        return []
    out: list[Use] = []
    for v in ctx.ns.of_kind("loader", "dataset", framework="torch"):
        parts = _tensor_dataset_parts(v.obj)
        if not parts or len(parts) < 2:
            continue
        train = not _is_test_name(v.name)
        out.append(Use(v.name, "x0", "nsdata", None, train, True))
        out.append(Use(v.name, f"y{len(parts) - 1}", "nsdata", None, train, True))
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


def _pandas() -> Any:
    """The pandas adapter, when the user has imported pandas (never imports pandas)."""
    if "pandas" not in sys.modules:
        return None
    from ..frameworks import pandas as pda
    return pda


def _framework_of(obj: Any) -> str | None:
    mod = type(obj).__module__.split(".", 1)[0]
    if mod == "pandas":
        pda = _pandas()
        return "pandas" if pda is not None and pda.is_data(obj) else None
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
    if u.how in ("loader", "nsdata"):
        parts = _tensor_dataset_parts(obj)
        if not parts:
            return None
        i = int(u.role[1:])
        if i >= len(parts):
            return None
        t = parts[i]
        is_loader = u.how == "loader" or frameworks.get("torch").is_loader(obj)
        label = ctx.ns.name_of(t) or (f"{u.name}.dataset.tensors[{i}]" if is_loader
                                      else f"{u.name}.tensors[{i}]")
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
    seen: set[tuple] = set()
    for u in uses(ctx):
        if train is not None and u.train != train:
            continue
        if hows is not None and u.how not in hows:
            continue
        if u.how in ("loader", "nsdata"):
            if not u.role.startswith(role):
                continue
        elif u.role != role:
            continue
        d = resolve(ctx, u)
        if d is None or (id(d.obj), d.use.model) in seen:
            continue
        seen.add((id(d.obj), d.use.model))
        out.append(d)
    return out


def _sampled_column_labels(frame: Any, js: list[int], width: int = 256) -> list[str]:
    """The labels of a frame's columns at positions ``js`` of the sampled matrix that
    :func:`sample_rows` reads (its numeric columns, at most ``width`` evenly spaced)."""
    import numpy as np

    from ..frameworks.summary import sample_indices
    pda = _pandas()
    pos, _ = pda.numeric_columns(frame)
    cols = [pos[int(i)] for i in sample_indices(np, len(pos), width)]
    return list(pda.column_labels(frame, [cols[j] for j in js]))


def summary(d: Data) -> Any:
    if d.framework == "pandas":
        return _pandas().summary(d.obj)
    ad = frameworks.get("keras" if d.framework == "tensorflow" else d.framework)
    return ad.summary(d.obj) if ad is not None else None


def sample_rows(d: Data, k: int = 256, width: int = 256, random: bool = False) -> Any:
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
    if random and n > k:   # a private generator: the user's RNG state is not touched
        ri = np.sort(np.random.default_rng(0).choice(n, size=k, replace=False))
    if d.framework == "pandas":
        pda = _pandas()
        if pda.is_series(obj):
            return pda.matrix(obj, ri) if len(shape) == 1 else None
        pos, _ = pda.numeric_columns(obj)
        cols = [pos[int(i)] for i in sample_indices(np, len(pos), width)] if pos else []
        return pda.matrix(obj, ri, cols)
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


def _np_expr(d: Data) -> str:
    """Code giving ``d`` as a numpy array."""
    if d.framework == "numpy":
        return d.label
    return f"{d.label}.to_numpy()" if d.framework == "pandas" else f"{d.label}.numpy()"


def _line(d: Data) -> int | None:
    return d.use.line


def _fmt(x: float | None) -> str:
    if x is None:
        return "?"
    if float(x).is_integer() and abs(x) < 1e15:
        return str(int(x))
    return num(x)


def _shape(s: Any) -> str:
    return "(" + ", ".join(str(d) for d in s.shape) + (",)" if len(s.shape) == 1 else ")")


# --------------------------------------------------------------------------------------
# rules
# --------------------------------------------------------------------------------------
_SCALER_LAYERS = {"Rescaling", "Normalization", "Lambda", "BatchNormalization",
                  "LayerNormalization"}
_FORWARD_CACHE: dict[type, bool] = {}
_TORCH_SCALERS = {"Normalize", "ToDtype", "ConvertImageDtype", "Rescale", "Rescaling"}


def _model_scales_input(ctx: CellContext, model: str | None) -> bool:
    """Does the model scale its input itself (Keras Rescaling/Normalization layer near the
    input; a torch forward that divides by 255 or normalises)?"""
    mv = ctx.ns.get(model)
    if mv is None:
        return False
    if mv.framework == "keras":
        return _keras_scales(mv.obj, 0)
    if mv.framework == "torch":
        t = frameworks.get("torch")
        leaves = t.leaf_modules(mv.obj)[:3] if t is not None else []
        if any(type(m).__name__ in _TORCH_SCALERS for _, m in leaves) or (
                leaves and type(leaves[0][1]).__name__.startswith(("BatchNorm", "LayerNorm",
                                                                   "InstanceNorm"))):
            return True
        return any(_forward_scales(type(m)) for m in [mv.obj, *(m for _, m in leaves)])
    return False


def _embeds_input(ctx: CellContext, model: str | None) -> bool:
    """Does the model start with an Embedding (its integer input is ids)?"""
    mv = ctx.ns.get(model)
    if mv is None:
        return False
    if mv.framework == "keras":
        layers = getattr(mv.obj, "layers", None) or []
        return any("Embedding" in type(lay).__name__ for lay in layers[:2])
    if mv.framework == "torch":
        t = frameworks.get("torch")
        leaves = t.leaf_modules(mv.obj)[:1] if t is not None else []
        return any("Embedding" in type(m).__name__ for _, m in leaves)
    return False


def _forward_scales(cls: type) -> bool:
    """Does a user-defined module's forward divide by 255 or normalise? (cached by class)"""
    if cls.__module__.startswith("torch"):
        return False
    if cls not in _FORWARD_CACHE:
        try:
            src = inspect.getsource(cls.forward)
        except (OSError, TypeError):
            src = ""
        if len(_FORWARD_CACHE) > 512:
            _FORWARD_CACHE.clear()
        _FORWARD_CACHE[cls] = bool(re.search(r"255|normali[sz]|\bmean\b|\bstd\b", src))
    return _FORWARD_CACHE[cls]


def _keras_scales(model: Any, depth: int) -> bool:
    """A Rescaling/Normalization-like layer among the first layers, looking into nested
    models (``keras.applications`` EfficientNet rescales inside)."""
    layers = getattr(model, "layers", None) or []
    for lay in layers[:6]:
        if type(lay).__name__ in _SCALER_LAYERS:
            return True
        if depth < 2 and getattr(lay, "layers", None) and _keras_scales(lay, depth + 1):
            return True
    return False


def _looks_like_pixels(s: Any) -> bool:
    if not s.has_values or s.n_nan or s.n_inf or s.min is None:
        return False
    # int64 pixels: a CSV of pixel columns (Kaggle digits) read by pandas, or its
    # ``.values.reshape(-1, 28, 28, 1)``; only image-like shapes (below)
    wide_int = s.is_int and s.dtype not in ("uint8", "int8")
    if not (s.is_float or s.dtype == "uint8" or wide_int):
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
            if r >= (16 if wide_int else 8) and r * r * c == w:
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
            if not d.use.model:
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
            if s.is_int and _embeds_input(ctx, d.use.model):
                continue   # integer token ids for an Embedding, not pixels
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
mask = np.isfinite({data_np}).reshape(len({data_np}), -1).all(axis=1)
{data_fix}"""
    known_false_alarms = ("Models that mask NaN inputs on purpose (rare; Keras Masking uses "
                          "a mask value, not NaN).")
    references = ("https://numpy.org/doc/stable/reference/generated/numpy.isfinite.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for role in ("x", "y"):
            # not at train_test_split: missing values are often imputed after the split
            # (an imputer fitted on the training part only, the leak-free way)
            for d in data_of(ctx, role, train=True, hows=_TRAINING_HOWS):
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
                    else f"{d.label}.to_numpy(dtype='float64')" if d.framework == "pandas" \
                    else d.label
                if not d.label.isidentifier():   # a tensor inside a dataset
                    data_np = "X.numpy()"
                    fixl = "X, y = X[mask], y[mask]   # before building the TensorDataset"
                elif other:
                    fixl = f"{d.label}, {other} = {d.label}[mask], {other}[mask]"
                elif role == "x":   # filter the labels with the same mask, or they no longer match
                    fixl = f"{d.label}, y = {d.label}[mask], y[mask]   # y: the labels of {d.label}"
                else:
                    fixl = f"X, {d.label} = X[mask], {d.label}[mask]   # X: the features of {d.label}"
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
                u.line == d.use.line and u.how not in ("loader", "nsdata"):
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


# --------------------------------------------------------------------------------------
# label distribution
# --------------------------------------------------------------------------------------
def _train_labels(ctx: CellContext, hows: tuple[str, ...] | None = None
                  ) -> Iterator[tuple[Data, Any, dict[int, int]]]:
    """(labels, summary, class counts) for classification labels used to train."""
    for d in data_of(ctx, "y", train=True, hows=hows):
        s = summary(d)
        if s is None or not s.has_values:
            continue
        counts = label_counts(d, s)
        if counts is None or not _classification(ctx, d, s):
            continue
        yield d, s, counts


def _counts_text(counts: dict[int, int], limit: int = 6) -> str:
    items = sorted(counts.items(), key=lambda kv: -kv[1])
    if len(items) > limit:
        items = items[:limit // 2] + items[-(limit // 2):]
        parts = [f"class {k}: {v}" for k, v in items[:limit // 2]] + ["…"] + \
            [f"class {k}: {v}" for k, v in items[limit // 2:]]
    else:
        parts = [f"class {k}: {v}" for k, v in items]
    return ", ".join(parts)


def _weight_fix(d: Data, ctx: CellContext) -> str:
    mv = ctx.ns.get(d.use.model)
    y = d.label if d.label.isidentifier() else "y"
    if d.framework == "torch" or (mv is not None and mv.framework == "torch"):
        ce = [v.name for v in ctx.ns.of_kind("loss", framework="torch")
              if type(v.obj).__name__ == "CrossEntropyLoss"]
        return (f"counts = torch.bincount({y}.long().flatten())\n"
                f"weights = counts.sum() / (len(counts) * counts.clamp(min=1).float())\n"
                f"{ce[0] if len(ce) == 1 else 'loss_fn'} = nn.CrossEntropyLoss(weight=weights)")
    x = _partner(ctx, d) or "X"
    one_hot = len(getattr(d.obj, "shape", ())) == 2 and d.obj.shape[1] > 1
    ys = f"{y}.argmax(axis=1)" if one_hot else y
    return (f"import numpy as np\n"
            f"classes, counts = np.unique({ys}, return_counts=True)\n"
            f"class_weight = {{int(c): len({y}) / (len(classes) * n) "
            f"for c, n in zip(classes, counts)}}\n"
            f"{d.use.model or 'model'}.fit({x}, {y}, class_weight=class_weight)")


_BALANCING_CALLS = {"WeightedRandomSampler", "compute_class_weight", "compute_sample_weight",
                    "RandomOverSampler", "RandomUnderSampler", "SMOTE", "ADASYN", "resample",
                    "sigmoid_focal_loss"}
_BALANCING_KWARGS = {"class_weight", "sample_weight", "pos_weight"}


def _imbalance_handled(ctx: CellContext) -> bool:
    """Class weights, a weighted sampler or resampling seen in the notebook (source,
    remembered across cells) or in the namespace (a weighted loss, a loader whose sampler
    is a WeightedRandomSampler)."""
    mem = ctx.remember("DLF-T203")
    if mem.get("handled"):
        return True
    src = ctx.source
    if src.ok:
        for c in src.calls:
            if c.attr in _BALANCING_CALLS or (set(c.kwargs) & _BALANCING_KWARGS) or (
                    "weight" in c.kwargs and (c.attr or "").endswith(
                        ("CrossEntropyLoss", "NLLLoss", "cross_entropy", "nll_loss",
                         "BCELoss", "BCEWithLogitsLoss", "binary_cross_entropy"))):
                mem["handled"] = True
                return True
    if "torch" in sys.modules:
        for v in ctx.ns.of_kind("loss", framework="torch"):
            if getattr(v.obj, "weight", None) is not None or \
                    getattr(v.obj, "pos_weight", None) is not None:
                return True
        for v in ctx.ns.of_kind("loader", framework="torch"):
            if type(getattr(v.obj, "sampler", None)).__name__ == "WeightedRandomSampler":
                return True
    return False


@register
class ClassImbalance(Rule):
    id = "DLF-T203"
    name = "class-imbalance"
    title = "Strongly unbalanced classes in the training labels"
    taxonomy = "training.data_quality"
    severity = "info"
    silent = True
    evidence = "namespace"
    frameworks = ("torch", "keras", "tensorflow")
    message = ("`{labels}` is unbalanced: the largest class has {ratio}x more samples than "
               "the smallest ({counts}{sampled}){verdict}.")
    beginner = """Class {minority} is rare in `{labels}` compared with class {majority}. A
model can reach a high accuracy just by always predicting the common class, and then it
never learns the rare one — accuracy will look good while the model is useless for that
class. Give the rare classes more weight in the loss, resample the data, and judge the
model with per-class metrics (precision/recall, F1, a confusion matrix), not accuracy
alone."""
    expert = """With a majority/minority ratio of {ratio}:1 the empirical risk is dominated
by the majority class; the minority gradient signal is ~1/{ratio} of it and the
decision threshold drifts toward the prior. Counter with class-weighted loss (inverse
frequency), over/under-sampling (`WeightedRandomSampler`), focal loss, or threshold
tuning, and report macro-averaged or per-class metrics. Counts are {exactness}.
Reported as a warning from a majority/minority ratio of {warn_ratio}:1, as advice from
{info_ratio}:1; not reported when class weights, a weighted sampler or resampling is
seen."""
    fix = """{weight_fix}"""
    known_false_alarms = ("Imbalance that is intended and already handled by a sampler or "
                          "class weights the check cannot see.")
    references = ("https://pytorch.org/docs/stable/data.html#torch.utils.data.WeightedRandomSampler",
                  "https://keras.io/api/models/model_training_apis/#fit-method")

    WARN_RATIO = 10   # majority/minority: a model can ignore the rare class
    INFO_RATIO = 5

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        handled = _imbalance_handled(ctx)
        # not at train_test_split: class weights or a sampler usually come with training
        for d, s, counts in _train_labels(ctx, hows=_TRAINING_HOWS):
            if len(counts) < 2:
                continue
            n = sum(counts.values())
            hi, lo = max(counts.values()), min(counts.values())
            if lo * self.INFO_RATIO > hi:
                continue
            if s.exact and _few_per_class(counts, n):
                continue  # reported by DLF-T205
            if s.exact and lo < 3:
                continue  # a couple of odd samples, not a distribution
            ratio = hi / lo
            majority = max(counts, key=counts.get)
            minority = min(counts, key=counts.get)
            if handled:
                continue  # class weights / a weighted sampler / resampling in use
            warn = ratio >= self.WARN_RATIO
            said = ctx.remember(self.id).setdefault("said", {})
            sig = (id(d.obj), hi, lo, warn)
            if said.get(id(d.obj)) == sig:
                continue  # the same labels, already reported (used again in a later cell)
            said[id(d.obj)] = sig
            if len(said) > MAX_NAMES:
                said.clear()
            verdict = (f", at or above the {self.WARN_RATIO}:1 ratio where a model can "
                       "ignore the rare class, and no class weights or weighted sampler "
                       "are used" if warn else "")
            yield Evidence(line=_line(d), subject=d.subject, key=("imbalance", warn),
                           severity="warning" if warn else None, verdict=verdict,
                           warn_ratio=self.WARN_RATIO, info_ratio=self.INFO_RATIO,
                           labels=d.label, ratio=f"{ratio:.0f}" if ratio >= 10 else f"{ratio:.1f}",
                           counts=_counts_text(counts),
                           sampled="" if s.exact else f"; in a sample of {n} of {s.shape[0]}",
                           majority=majority, minority=minority,
                           exactness="exact" if s.exact else
                           f"estimated from an evenly spaced sample of {n} labels",
                           weight_fix=_weight_fix(d, ctx))


@register
class ConstantLabels(Rule):
    id = "DLF-T204"
    name = "constant-labels"
    title = "All training labels are the same"
    taxonomy = "training.data_quality"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("torch", "keras", "tensorflow")
    message = ("Every label in `{labels}` {shape} is {value}{sampled}: there is nothing to "
               "learn.")
    beginner = """The model is trained on `{labels}`, but all its labels are the same
({value}). The model will simply learn to always answer {value}; the loss goes down and
accuracy looks perfect, but the model has learned nothing. Check how the labels were
built (a wrong column, an overwritten variable, a filter that kept one class, data
sorted by class and cut before shuffling)."""
    expert = """A constant target has zero variance: the optimum is the constant predictor
(bias-only), reached in a few steps, with zero gradient signal for the features. Typical
causes: labels taken from a sorted dataset before shuffling, an off-by-one column,
`np.zeros_like` placeholders never filled, or a filter that removed the other classes.
{exactness}"""
    fix = """import numpy as np
print(np.unique({labels_np}, return_counts=True))   # expect several classes
# labels cut from data sorted by class? shuffle the rows before taking a part:
# perm = np.random.default_rng(0).permutation(len(y)); X, y = X[perm], y[perm]"""
    known_false_alarms = ("Deliberately constant targets (e.g. GAN real/fake labels) are "
                          "not flagged when built inline for a loss call.")
    references = ()

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for d in data_of(ctx, "y", train=True,
                         hows=("fit", "dataset", "split", "loader", "nsdata", "loss")):
            s = summary(d)
            if s is None or not s.has_values or s.n_nan or s.n_inf or s.size < 16:
                continue
            if d.use.how == "loss" and not (_is_int_dtype(s) and d.use.exact):
                # a named integer label tensor given to the loss in a training loop;
                # float targets built for a loss (GAN real/fake ones) are not judged
                continue
            value = None
            if s.uniques is not None and len(s.uniques) == 1 and (
                    len(s.shape) == 1 or (len(s.shape) == 2 and s.shape[1] == 1)):
                value = _fmt(s.uniques[0])
            elif len(s.shape) == 2 and s.shape[1] >= 2:
                counts = label_counts(d, s)
                if counts is not None and len(counts) == 1:
                    value = f"class {next(iter(counts))} (one-hot)"
            if value is None:
                continue
            labels_np = _np_expr(d)
            yield Evidence(line=_line(d), subject=d.subject, key="constant",
                           labels=d.label, shape=_shape(s), value=value,
                           sampled="" if s.exact else f" in a sample of {s.sampled} values",
                           exactness="All labels were read." if s.exact else
                           f"(Sampled {s.sampled} of {s.size} values evenly over the array.)",
                           labels_np=labels_np)


def _few_per_class(counts: dict[int, int], n: int) -> bool:
    if n < 50 or len(counts) < 2:
        return False
    c = sorted(counts.values())
    median = c[len(c) // 2] if len(c) % 2 else (c[len(c) // 2 - 1] + c[len(c) // 2]) / 2
    return median < 5


@register
class TooFewSamplesPerClass(Rule):
    id = "DLF-T205"
    name = "too-few-samples-per-class"
    title = "Too few training samples per class"
    taxonomy = "training.data_quality"
    severity = "info"
    silent = True
    evidence = "namespace"
    frameworks = ("torch", "keras", "tensorflow")
    message = ("`{labels}` has {n} samples for {k} classes: half of the classes have fewer "
               "than {median_ceil} samples ({counts}).")
    beginner = """There are only about {per_class} examples per class in `{labels}`. That is
too few for a neural network to learn what each class looks like: it will memorise the
training examples and do poorly on new data. Collect more data, merge rare classes,
use data augmentation, or start from a pretrained model (transfer learning)."""
    expert = """With a median of {median} samples per class ({n} samples, {k} classes), a
network with many parameters per class interpolates the training set; validation
estimates per class are also meaningless (a stratified split cannot keep even one
sample per class in each part). Prefer transfer learning / few-shot methods, strong
augmentation and regularisation, or fewer classes."""
    fix = """import numpy as np
classes, counts = np.unique({labels_np}, return_counts=True)
print(dict(zip(classes, counts)))   # merge or drop classes with very few samples"""
    known_false_alarms = ("Few-shot learning set-ups on purpose.",)[0]
    references = ()

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for d, s, counts in _train_labels(ctx, hows=("fit", "dataset", "split", "loader",
                                                     "loss", "nsdata")):
            n = sum(counts.values())
            if not s.exact or not _few_per_class(counts, n):
                continue
            c = sorted(counts.values())
            median = c[len(c) // 2] if len(c) % 2 else (c[len(c) // 2 - 1] + c[len(c) // 2]) / 2
            labels_np = _np_expr(d)
            yield Evidence(line=_line(d), subject=d.subject, key="few",
                           labels=d.label, n=n, k=len(counts), median=_fmt(median),
                           median_ceil=5, per_class=f"{n / len(counts):.1f}",
                           counts=_counts_text(counts), labels_np=labels_np)


# --------------------------------------------------------------------------------------
# shapes of features and labels
# --------------------------------------------------------------------------------------
def _length(obj: Any) -> int | None:
    shape = getattr(obj, "shape", None)
    if _framework_of(obj) is None or shape is None or len(shape) == 0:
        return None
    try:
        n = shape[0]
        return int(n) if n is not None and int(n) >= 0 else None
    except (TypeError, ValueError):
        return None


@register
class FeatureLabelLengthMismatch(Rule):
    id = "DLF-S201"
    name = "feature-label-length-mismatch"
    title = "Features and labels have different numbers of samples"
    taxonomy = "tensors.input"
    severity = "error"
    silent = False
    evidence = "source"
    frameworks = ("torch", "keras", "tensorflow")
    message = ("`{call}` pairs `{x}` ({nx} samples) with `{y}` ({ny} samples): every sample "
               "needs exactly one label.")
    beginner = """`{x}` has {nx} rows but `{y}` has {ny} labels, so they cannot be matched
one-to-one: `{func}` refuses them (or, worse, rows and labels get out of step). This
usually means one of them was filtered, split or shuffled without the other. Apply every
filter, split and shuffle to both at the same time, using the same indices."""
    expert = """Samples are aligned by their index along axis 0, so `len({x}) == len({y})`
is required ({nx} ≠ {ny}). Keras raises "Data cardinality is ambiguous",
`TensorDataset` "Size mismatch between tensors", scikit-learn "inconsistent numbers of
samples". The usual root cause is an index/mask applied to one array only, or arrays
from different splits."""
    fix = """# select rows of both with the same index or mask
idx = ...                      # e.g. a boolean mask or a permutation
{x}, {y} = {x}[idx], {y}[idx]
assert len({x}) == len({y})"""
    known_false_alarms = ""
    references = ("https://keras.io/api/models/model_training_apis/#fit-method",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        seen: set[int] = set()
        now = [u for u in uses(ctx) if u.line is not None]
        for u in now:
            if u.role != "x" or not u.exact or u.how not in ("fit", "dataset", "split",
                                                              "evaluate"):
                continue
            ys = [v for v in now if v.role == "y" and v.exact and v.how == u.how
                  and v.line == u.line and v.model == u.model]
            if not ys or u.line in seen:
                continue
            y = ys[0]
            nx, ny = _length(ctx.user_ns.get(u.name)), _length(ctx.user_ns.get(y.name))
            if nx is None or ny is None or nx == ny:
                continue
            seen.add(u.line)
            call = next((c for c in ctx.source.calls if c.line == u.line and
                         (c.attr in _FIT | _EVAL | {"TensorDataset", "train_test_split"})),
                        None)
            func = (call.name or call.attr) if call is not None else u.how
            yield Evidence(line=u.line, subject=u.name, x=u.name, y=y.name, nx=nx, ny=ny,
                           call=f"{func}({u.name}, {y.name})", func=func)
        # loss_fn(model(X[i:i + b]), y[i:i + b]): the same rows of both, so the lengths
        # must agree (batches sliced by one index from arrays of different lengths)
        for x, y, line, code in _sliced_pairs(ctx):
            if line in seen:
                continue
            nx, ny = _length(ctx.user_ns.get(x)), _length(ctx.user_ns.get(y))
            if nx is None or ny is None or nx == ny:
                continue
            seen.add(line)
            yield Evidence(line=line, subject=x, x=x, y=y, nx=nx, ny=ny, call=code,
                           func="the loss")


def _base(node: ast.expr | None) -> tuple[str | None, str]:
    """(variable, slice text) of ``X[i:i + b]`` through value-keeping calls
    (``y[i:i + b].float().unsqueeze(1)``); (name, "") for a bare variable."""
    while isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
            node.func.attr in _VALUE_KEEPING:
        node = node.func.value
    if isinstance(node, ast.Name):
        return node.id, ""
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        return node.value.id, ast.dump(node.slice)
    return None, ""


def _sliced_pairs(ctx: CellContext) -> list[tuple[str, str, int, str]]:
    """(features, labels, line, code) for loss calls in a training loop whose model input
    and target are the same rows (same slice/index expression) of two variables."""
    src = ctx.source
    if not src.ok:
        return []
    out = []
    batch_names = {t for lf in src.loops for t in lf.targets}
    for c in src.calls:
        if len(c.args) < 2 or not _in_training_loop(c) or c.receiver is not None or \
                not (_var_kind(ctx, c.name) == "loss" or c.attr in (
                    "cross_entropy", "nll_loss", "mse_loss", "l1_loss",
                    "binary_cross_entropy", "binary_cross_entropy_with_logits")):
            continue
        models = _models_in(ctx, c.args[0])
        if not models or not models[0][1].args:
            continue
        x, xs = _base(models[0][1].args[0])
        y, ys = _base(c.args[1])
        if not x or not y or x == y or not xs or xs != ys or x in batch_names or \
                y in batch_names:
            continue
        out.append((x, y, c.line, src.segment(c.node) or f"{c.name}(...)"))
    return out


# --------------------------------------------------------------------------------------
# feature scales
# --------------------------------------------------------------------------------------
_FIRST_NORM = {"BatchNorm1d", "LayerNorm", "Normalization", "BatchNormalization",
               "LayerNormalization"}


def _first_layer_normalises(ctx: CellContext, model: str | None) -> bool:
    mv = ctx.ns.get(model)
    if mv is None:
        return False
    if mv.framework == "keras":
        layers = getattr(mv.obj, "layers", None) or []
        return any(type(lay).__name__ in _FIRST_NORM for lay in layers[:2])
    if mv.framework == "torch":
        t = frameworks.get("torch")
        leaves = t.leaf_modules(mv.obj)
        if leaves and type(leaves[0][1]).__name__ in _FIRST_NORM:
            return True
        return _model_scales_input(ctx, model)
    return False


@register
class FeatureScaleMismatch(Rule):
    id = "DLF-T206"
    name = "feature-scale-mismatch"
    title = "Input features on wildly different scales"
    taxonomy = "training.preprocessing"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("torch", "keras", "tensorflow")
    message = ("The columns of `{data}` {shape} have very different scales: column {big} "
               "varies by about {big_std}, column {small} by about {small_std} "
               "({ratio} times less; sampled).")
    beginner = """The input columns of `{data}` are measured on very different scales (for
example euros next to percentages). The network then mostly listens to the large
columns, learning is slow and unstable, and the small columns are practically ignored.
Standardise every column (subtract its mean, divide by its standard deviation) using
statistics of the training data only, and apply the same transform to the test data."""
    expert = """Column standard deviations range over a factor of {ratio} ({big_std} vs
{small_std}). The Hessian of the first layer scales with the input covariance, so its
condition number grows with the square of that ratio: a single learning rate is too large
for the big columns and too small for the small ones, and L2 regularisation penalises the
columns unequally. Standardise (z-score) with training-set statistics, or add a
normalisation layer at the input."""
    fix = """mean, std = {data}.mean(axis=0), {data}.std(axis=0) + 1e-8   # training statistics
{data} = ({data} - mean) / std
# apply the same mean/std to the validation and test features"""
    known_false_alarms = ("Features that the model normalises itself in a way the check "
                          "cannot see (a first BatchNorm/LayerNorm/Normalization layer is "
                          "recognised).")
    references = ("https://keras.io/api/layers/preprocessing_layers/numerical/normalization/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        import numpy as np

        for d in data_of(ctx, "x", train=True, hows=("fit", "call", "loader")):
            s = summary(d)
            if s is None or not s.has_values or not s.is_float or len(s.shape) != 2 \
                    or s.n_nan or s.n_inf or s.shape[1] < 2:
                continue
            if d.use.model and _first_layer_normalises(ctx, d.use.model):
                continue
            if s.shape[1] > 256:
                continue  # wide inputs (pixels, embeddings): not a table of features
            m = sample_rows(d, k=256, width=256)
            if m is None or m.shape[0] < 8:
                continue
            std = m.std(axis=0)
            ok = std > 0
            if ok.sum() < 2:
                continue
            idx = np.nonzero(ok)[0]
            big = int(idx[np.argmax(std[ok])])
            small = int(idx[np.argmin(std[ok])])
            ratio = float(std[big] / std[small])
            if ratio <= 1e3:
                continue
            big_c, small_c = str(big), str(small)
            if d.framework == "pandas":   # name the columns: 'income', 'rate'
                big_c, small_c = _sampled_column_labels(d.obj, [big, small])
            yield Evidence(line=_line(d), subject=d.subject, key="scales",
                           data=d.label, shape=_shape(s), big=big_c, small=small_c,
                           big_std=num(std[big], 3), small_std=num(std[small], 3),
                           ratio=num(ratio, 2))


# --------------------------------------------------------------------------------------
# validation: overlap and leakage
# --------------------------------------------------------------------------------------
_TOKEN_RE = re.compile(r"(?<![A-Za-z])(train|training|trn)(?![a-z])", re.I)
_EVAL_TOKENS = ("test", "val", "valid", "validation", "dev", "holdout")


def _counterparts(name: str) -> list[str]:
    """``X_train`` → ``X_test``, ``X_val``…; ``train_x`` → ``test_x``…"""
    return list(_counterparts_cached(name))


@functools.lru_cache(maxsize=4096)
def _counterparts_cached(name: str) -> tuple[str, ...]:
    out = []
    for tok in _EVAL_TOKENS:
        def sub(m: re.Match, tok: str = tok) -> str:
            w = m.group(1)
            return tok.upper() if w.isupper() else tok
        n2 = _TOKEN_RE.sub(sub, name, count=1)
        if n2 != name:
            out.append(n2)
    return tuple(out)


_EVAL_TOKEN_RE = re.compile(r"(?<![A-Za-z])(test|val|valid|validation|dev|holdout)(?![a-z])",
                            re.I)


def _train_partners(name: str) -> list[str]:
    """The names whose :func:`_counterparts` include ``name`` (``X_test`` → ``X_train``,
    ``X_Train``, ``X_TRAIN``, ``X_training``…), found by substitution, checked forward."""
    out = []
    for m in _EVAL_TOKEN_RE.finditer(name):
        for rep in ("train", "training", "trn"):
            for r in (rep, rep.upper(), rep.capitalize()):
                cand = name[:m.start(1)] + r + name[m.end(1):]
                if cand not in out and name in _counterparts_cached(cand):
                    out.append(cand)
    return out


def _is_test_name(name: str) -> bool:
    return bool(_TEST_RE.search(name)) and not _TRAIN_RE.search(name)


def _has_continuous_column(m: Any) -> bool:
    """Some column of the sampled rows has (nearly) all-distinct values, so two equal rows
    are the same record, not two records that happen to agree."""
    import numpy as np

    n = m.shape[0]
    if n < 8:
        return False
    for j in range(m.shape[1]):
        if np.unique(m[:, j]).size >= 0.9 * n:
            return True
    return False


def _row_keys(m: Any) -> list[bytes]:
    import numpy as np

    out = []
    for r in m:
        if r.size and np.all(r == r[0]):
            out.append(b"")          # constant rows (blank images, padding) do not count
        else:
            out.append(np.ascontiguousarray(r).tobytes())
    return out


@register
class TrainTestOverlap(Rule):
    id = "DLF-T207"
    name = "train-test-overlap"
    title = "Test samples also appear in the training data"
    taxonomy = "training.validation"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("torch", "keras", "tensorflow")
    message = ("{found} of {checked} checked rows of `{test}` are also rows of `{train}` "
               "{how}: the test data overlaps the training data (overlap {est}).")
    beginner = """Some samples of `{test}` are also in `{train}`. The model has already
seen them during training, so its score on `{test}` is too optimistic: it measures
memory, not how well it works on new data. Split the data once into separate parts (for
example with `train_test_split`) and never take test rows from the training rows."""
    expert = """How it was measured: {method}. Held-out metrics on overlapping
data are biased upward (leakage); deduplicate before splitting (group-wise splits for
near-duplicates) and re-evaluate."""
    fix = """# disjoint rows; split the labels with the same ranges (or the same call)
n_train = int(0.8 * len({base}))
{train}, {test} = {base}[:n_train], {base}[n_train:]
# or: from sklearn.model_selection import train_test_split
# {train}, {test}, y_train, y_test = train_test_split({base}, y, test_size=0.2, random_state=0)"""
    known_false_alarms = ("Datasets with genuine duplicate samples (tabular data with few "
                          "distinct values is skipped).")
    references = ("https://scikit-learn.org/stable/common_pitfalls.html#data-leakage",)

    def _pairs(self, ctx: CellContext) -> list[tuple[str, str, str]]:
        pairs: dict[tuple[str, str], str] = {}
        arrays = {v.name: v for v in ctx.ns.of_kind("array", "tensor")}
        # X_tr, X_val = train_test_split(X_train): X_val is drawn from X_train on purpose
        # (a validation split of the training part), not a test set that overlaps it; only
        # training on X_train and evaluating on X_val would be (the fit/evaluate pairs)
        split_of: set[tuple[str, str]] = set()
        if ctx.source.ok:
            for c in ctx.source.calls:
                if c.attr == "train_test_split" and c.args and isinstance(c.args[0], ast.Name):
                    for t in (_assigned_name(ctx, c.node) or "").split():
                        split_of.add((c.args[0].id, t))
        # only pairs with a new member: per new name, its test partners and its train
        # partners (unchanged objects cost nothing, however many: issue #7)
        for name, v in arrays.items():
            if not v.new:
                continue
            for other in _counterparts(name):
                if other in arrays and (name, other) not in split_of:
                    pairs.setdefault((name, other), "(a train/test pair by name)")
            for other in _train_partners(name):
                if other in arrays and (other, name) not in split_of:
                    pairs.setdefault((other, name), "(a train/test pair by name)")
        pda = _pandas()
        if pda is not None and ctx.source.ok:
            # DataFrames are not in the namespace view: those assigned in this cell
            for name in sorted(ctx.source.assigned_names()):
                if not pda.is_frame(ctx.user_ns.get(name)):
                    continue
                for other in [*_counterparts(name), *_train_counterparts(name)]:
                    if pda.is_frame(ctx.user_ns.get(other)):
                        key = (name, other) if other in _counterparts(name) else (other, name)
                        pairs.setdefault(key, "(a train/test pair by name)")
            arrays = {**arrays, **{n: None for n in ctx.source.assigned_names()
                                   if pda.is_frame(ctx.user_ns.get(n))}}
        fit_x = {u.name for u in uses(ctx) if u.role == "x" and u.how == "fit" and u.exact}
        eval_x = {u.name for u in uses(ctx) if u.role == "x" and u.how == "evaluate"
                  and u.exact}
        for a in fit_x:
            for b in eval_x:
                if a != b and a in arrays and b in arrays and (
                        arrays[a] is None or arrays[b] is None or arrays[a].new
                        or arrays[b].new or _used_now(ctx, a, b)):
                    pairs.setdefault((a, b), "(trained on the one, evaluated on the other)")
        return [(a, b, how) for (a, b), how in pairs.items()]

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for train, test, how in self._pairs(ctx):
            a, b = ctx.user_ns.get(train), ctx.user_ns.get(test)
            fa, fb = _framework_of(a), _framework_of(b)
            if fa is None or fb is None:
                continue
            if tuple(a.shape[1:]) != tuple(b.shape[1:]) or len(a.shape) < 2:
                continue
            da = Data(train, train, a, fa, Use(train, "x", "", None, True, True))
            db = Data(test, test, b, fb, Use(test, "x", "", None, False, True))
            sa, sb = summary(da), summary(db)
            if not (sa and sb and sa.has_values and sb.has_values):
                continue
            if sa.uniques is not None or sb.uniques is not None:
                continue   # few distinct values: duplicates can be genuine
            if "object" in (sa.dtype, sb.dtype):
                continue   # frames with text/categorical columns: rows not fully compared
            n_train, n_test = int(a.shape[0]), int(b.shape[0])
            shared = n_test if a is b else _view_overlap(a, b, fa, fb)
            if shared:   # views of one buffer (copies fall through to hashing)
                yield Evidence(subject=test, key=("overlap", train), train=train, test=test,
                               base=_base_name(train), found=shared, checked=n_test, k_train=n_train,
                               est=f"{shared / n_test:.0%}, exact", how=how,
                               method="the two arrays are views of the same memory: the "
                               "overlapping rows were counted exactly")
                continue
            ma, mb = sample_rows(da, random=True), sample_rows(db)
            if ma is None or mb is None:
                continue
            if len(a.shape) == 2 and ma.shape[1] <= 64 and not _has_continuous_column(ma):
                # a narrow table of discrete features (Titanic: class, sex, median-filled
                # age, common fares): different records can share every value
                continue
            keys_a = set(_row_keys(ma)) - {b""}
            keys_b = [k for k in _row_keys(mb) if k]
            checked, k_train = len(keys_b), ma.shape[0]
            if checked < 2:
                continue
            found = sum(1 for k in keys_b if k in keys_a)
            if found < 2 and not (found == 1 and checked < 20):
                continue
            frac = found / checked * (n_train / k_train)
            if found / checked < 0.02 and frac < 0.05:
                continue
            yield Evidence(subject=test, key=("overlap", train), train=train, test=test,
                           base=_base_name(train), found=found, checked=checked,
                           k_train=k_train,
                           est=f"roughly {min(frac, 1.0):.0%}", how=how,
                           method=f"{checked} sampled test rows were compared with {k_train} "
                           f"randomly sampled training rows (of {n_train}) on a strided subset "
                           "of at most 256 values per row, constant rows ignored; scaling by the "
                           "training sampling rate gives the estimate")


def _base_name(train: str) -> str:
    """``X_train`` → ``X``: the name of the whole data set the user probably split."""
    b = _TOKEN_RE.sub("", train, count=1).strip("_")
    return b if b.isidentifier() and b != train else "X"


def _view_overlap(a: Any, b: Any, fa: str, fb: str) -> int | None:
    """Rows of ``b`` that are the very same memory as rows of ``a`` when both are row
    slices of one buffer (``X[:800]`` and ``X[600:]``); ``None`` when that cannot be told
    from pointers and strides (copies, other layouts). O(1)."""
    if fa != fb or fa not in ("numpy", "torch"):
        return None
    try:
        if fa == "numpy":
            pa, pb = a.__array_interface__["data"][0], b.__array_interface__["data"][0]
            sa, sb = a.strides, b.strides
            if a.dtype != b.dtype:
                return None
        else:
            if a.device.type != "cpu" or b.device.type != "cpu" or a.dtype != b.dtype:
                return None
            es = a.element_size()
            pa, pb = a.data_ptr(), b.data_ptr()
            sa, sb = tuple(x * es for x in a.stride()), tuple(x * es for x in b.stride())
    except Exception:  # noqa: BLE001
        return None
    if sa != sb or not sa or sa[0] <= 0:
        return None
    row = sa[0]
    # the rows of one must be a contiguous block of rows for the arithmetic to hold
    if (pb - pa) % row:
        return 0 if abs(pb - pa) >= row * (int(a.shape[0]) + int(b.shape[0])) else None
    off = (pb - pa) // row
    lo, hi = max(0, off), min(int(a.shape[0]), off + int(b.shape[0]))
    return max(0, hi - lo)


def _used_now(ctx: CellContext, *names: str) -> bool:
    return any(u.line is not None and u.name in names for u in uses(ctx))


@register
class TestDataUsedForTraining(Rule):
    id = "DLF-T208"
    name = "test-data-used-for-training"
    title = "The test set is used to train the model"
    taxonomy = "training.validation"
    severity = "error"
    silent = True
    evidence = "source"
    frameworks = ("torch", "keras", "tensorflow")
    message = "Test data used for training: {what}"
    beginner = """The data called `{test}` is meant for the final check of the model, but
here the model is trained on it. A model always looks good on data it was trained on, so
the test score becomes meaningless, and nothing warns you. Train on the training data
(`{train}`) and use `{test}` only to evaluate, at the very end."""
    expert = """Training on the held-out split contaminates it: any metric computed on
`{test}` afterwards is an in-sample estimate (optimistically biased), and model
selection on it overfits the test distribution. {evidence_note}"""
    fix = """{fix_code}"""
    known_false_alarms = ("Deliberately retraining on all data (train + test) after model "
                          "selection, when the variable is still called test.")
    references = ("https://scikit-learn.org/stable/common_pitfalls.html#data-leakage",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        evaluated = {u.name for u in uses(ctx) if u.how in ("evaluate", "predict")}
        for c in src.calls:
            if c.attr not in _FIT or not c.receiver or \
                    _var_kind(ctx, c.receiver_root) != "model":
                continue
            x, _ = _arg(c.kwarg("x", 0))
            y, _ = _arg(c.kwarg("y", 1))
            if x and _is_test_name(x):
                train = next((n for n in _train_counterparts(x) if n in ctx.user_ns), None)
                if train is None and not any(   # (rare: only at a fit on test-named data)
                        _TRAIN_RE.search(n) and not _is_test_name(n) and (
                            hasattr(v, "shape") or hasattr(v, "__len__"))
                        for n, v in list(ctx.user_ns.items()) if not n.startswith("_")):
                    # no training data anywhere: `test_input` is the notebook's only data
                    # (a save/load check, a smoke test), not a held-out split
                    continue
                m = _TEST_RE.search(x)
                is_test = bool(m) and m.group(2).lower() in ("test", "tst", "holdout")
                strong = is_test and (train is not None or x in evaluated)
                what = (f"`{c.receiver}.{c.attr}` trains on `{x}`, the test data"
                        + (f", while `{train}` exists" if train else "")
                        + (f"; `{x}` is also used to evaluate" if x in evaluated else "")
                        + ".")
                yf = (y and _train_counterparts(y)) or []
                yield Evidence(line=c.line, subject=x, severity=None if strong else "warning",
                               what=what, test=x, train=train or "the training data",
                               evidence_note="The test role comes from the variable's name"
                               + (" and from its use in evaluation." if x in evaluated
                                  else "."),
                               fix_code=f"{c.receiver}.fit({train or 'X_train'}, "
                               f"{next((n for n in yf if n in ctx.user_ns), 'y_train')}, "
                               f"validation_data=({x}, {y or 'y_test'}))")
            elif x and y and _TRAIN_RE.search(x) and _is_test_name(y):
                train_y = next((n for n in _train_counterparts(y) if n in ctx.user_ns),
                               None)
                if train_y is None:
                    continue
                what = (f"`{c.receiver}.{c.attr}` pairs the training features `{x}` with the "
                        f"test labels `{y}` instead of `{train_y}`.")
                yield Evidence(line=c.line, subject=y, what=what, test=y, train=train_y,
                               evidence_note="Features and labels from different splits "
                               "are not aligned row by row: the model learns noise.",
                               fix_code=f"{c.receiver}.fit({x}, {train_y})")
        yield from _trained_on_merged_test(ctx)
        for loop in src.training_loops():
            outer = [lf for lf in src.loops if lf is loop or loop.node in ast.walk(lf.node)]
            for lf in outer:
                it = lf.iter_name
                if not it or not _is_test_name(it) or \
                        _var_kind(ctx, it) not in ("loader", "dataset"):
                    continue
                train = next((n for n in _train_counterparts(it) if n in ctx.user_ns), None)
                back = loop.calls_to("backward")[0]
                what = (f"The training loop at line {lf.line} iterates `{it}` and calls "
                        f"`backward()`: the model is trained on the test data"
                        + (f" although `{train}` exists." if train else "."))
                yield Evidence(line=lf.line, subject=it,
                               severity=None if train else "warning", what=what, test=it,
                               train=train or "train_loader",
                               evidence_note=f"`backward()` at line {back.line} is inside "
                               f"the loop over `{it}`.",
                               fix_code=f"for xb, yb in {train or 'train_loader'}:   # train\n"
                               f"    ...\nwith torch.no_grad():\n    for xb, yb in {it}:"
                               f"   # evaluate only\n        ...")
                break


_MERGE_CALLS = {"cat", "concat", "concatenate", "vstack", "hstack", "row_stack", "stack",
                "ConcatDataset", "append"}


def _strict_test_name(name: str) -> bool:
    """A held-out test split (not validation: retraining on train + validation after
    model selection is standard practice)."""
    m = _TEST_RE.search(name)
    return bool(m) and m.group(2).lower() in ("test", "tst", "holdout") and \
        not _TRAIN_RE.search(name)


def _trained_on_merged_test(ctx: CellContext) -> Iterator[Evidence]:
    """``X_full = torch.cat([X_train, X_test])`` trained on, then the model is scored on
    ``X_test``: the test score is measured on training data."""
    src = ctx.source
    mem = ctx.remember("DLF-T208")
    merged: dict[str, str] = mem.setdefault("merged", {})      # name -> test name in it
    trained: dict[str, tuple] = mem.setdefault("trained", {})  # model -> (name, test, cell)
    done: set[str] = mem.setdefault("done", set())
    if src.ok:
        for a in sorted(src.assigns, key=lambda a: a.line):
            if _is_test_name(a.target) or a.augmented:
                continue
            v = a.value
            names = [n.id for n in ast.walk(v) if isinstance(n, ast.Name)]
            calls = {(n.func.attr if isinstance(n.func, ast.Attribute) else
                      getattr(n.func, "id", None)) for n in ast.walk(v)
                     if isinstance(n, ast.Call)}
            tests = [n for n in names if _strict_test_name(n)]
            others = [n for n in names if n not in tests and n in ctx.user_ns and
                      _framework_of(ctx.user_ns.get(n)) is not None]
            if tests and others and (calls & _MERGE_CALLS or isinstance(v, ast.BinOp)):
                merged[a.target] = tests[0]
                continue
            n, _how = _arg(v)
            if n in merged and n != a.target:
                merged[a.target] = merged[n]     # X_all = torch.tensor(X_full)
            elif a.target in merged and n != a.target:
                merged.pop(a.target)             # rebound to something else
        if len(merged) > MAX_NAMES:
            merged.clear()
    for u in uses(ctx):
        if u.train and u.model and u.line is not None and u.name in merged:
            trained[u.model] = (u.name, merged[u.name], u.line, ctx.cell)
    for u in uses(ctx):
        if u.line is None or u.train or not u.model or u.model in done or \
                u.how not in ("call", "evaluate", "predict", "loss"):
            continue
        t = trained.get(u.model)
        if t is None or u.name != t[1]:
            continue
        name, test, tline, tcell = t
        done.add(u.model)
        where = f"line {tline}" if tcell == ctx.cell and tline else f"cell {tcell}"
        train = next((n for n in _train_counterparts(test) if n in ctx.user_ns), None)
        yield Evidence(line=u.line, subject=test,
                       what=(f"`{u.model}` was trained on `{name}` ({where}), which contains "
                             f"`{test}`, and is now evaluated on `{test}`: the test score is "
                             "measured on data the model was trained on."),
                       test=test, train=train or "the training data",
                       evidence_note=(f"`{name}` was built by merging `{test}` with other "
                                      "data; the model's score on it is in-sample."),
                       fix_code=(f"# train on {train or 'the training split'} only, and "
                                 f"score on {test}\n# (retrain on {name} only after the "
                                 f"last evaluation on {test}, and do not report that "
                                 "score)"))


def _train_counterparts(name: str) -> list[str]:
    out = []
    m = _TEST_RE.search(name)
    if not m:
        return out
    tok = m.group(2)
    for rep in ("train", "training", "trn"):
        r = rep.upper() if tok.isupper() else rep
        out.append(name[:m.start(2)] + r + name[m.end(2):])
    return out


_LONG_TRAINING = 20


@register
class LongFitWithoutValidation(Rule):
    id = "DLF-T209"
    name = "long-fit-without-validation"
    title = "Many epochs of training with no validation data to watch"
    taxonomy = "training.validation"
    severity = "info"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{call}` trains for {epochs} epochs without `validation_data` or "
               "`validation_split`: overfitting cannot be seen while it happens.")
    beginner = """After many epochs a model often starts to memorise the training data: the
training loss keeps going down while the results on new data get worse. Without
validation data, `fit` only shows the training loss, so you cannot see when this starts.
Keep part of the training data aside for validation (`validation_split=0.2`) and stop
when the validation loss stops improving (the `EarlyStopping` callback)."""
    expert = """`fit` reports only training metrics unless `validation_data`/
`validation_split` is given; over {epochs} epochs generalisation error is unobservable,
so neither early stopping nor a learning-rate schedule on `val_loss` is possible and the
final weights are those of the last epoch, not the best one. Add a held-out split (not
the test set), monitor `val_loss`, and use `EarlyStopping(restore_best_weights=True)`."""
    fix = """{model}.fit({args}, epochs={epochs}, validation_split=0.2,
          callbacks=[keras.callbacks.EarlyStopping(patience=5, restore_best_weights=True)])"""
    known_false_alarms = ("A final re-training on all data after the number of epochs was "
                          "chosen with validation earlier (reported once per notebook).")
    references = ("https://keras.io/api/callbacks/early_stopping/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        mem = ctx.remember(self.id)
        if mem.get("reported"):
            return
        validated = ctx.remember(ROLES).setdefault("validated", False)
        for c in ctx.source.calls:
            if c.attr != "fit" or not c.receiver or \
                    _var_kind(ctx, c.receiver_root) != "model":
                continue
            mv = ctx.ns.get(c.receiver_root)
            if mv is None or mv.framework != "keras":
                continue
            kw = c.kwargs
            if any(k in kw for k in ("validation_data", "validation_split")) or \
                    len(c.args) >= 8 or any(isinstance(a, ast.Starred) for a in c.args) \
                    or None in [k.arg for k in c.node.keywords]:
                ctx.remember(ROLES)["validated"] = True
                continue
            epochs = c.const("epochs", 3)
            node = c.kwarg("epochs", 3)
            if epochs is None and isinstance(node, ast.Name):
                epochs = ctx.user_ns.get(node.id)
            if not isinstance(epochs, int) or isinstance(epochs, bool) or \
                    epochs < _LONG_TRAINING or validated:
                continue
            if "callbacks" in kw:
                continue   # callbacks may validate (custom) or stop early
            mem["reported"] = True
            args = ", ".join(ctx.source.segment(a) for a in c.args[:2]) or "x, y"
            yield Evidence(line=c.line, subject=c.receiver_root, model=c.receiver,
                           epochs=epochs, args=args,
                           call=f"{c.receiver}.fit({args}, epochs={epochs})")
            return


# --------------------------------------------------------------------------------------
# scaling: test data scaled differently from the training data; scalers that saw the test
# --------------------------------------------------------------------------------------
def _train_eval_pairs(ctx: CellContext) -> Iterator[tuple[Data, Data]]:
    """(training features, evaluation features) of the same model, where the evaluation
    use is in this cell."""
    train = data_of(ctx, "x", train=True, hows=("fit", "call", "loader", "dataset", "nsdata"))
    evals = [d for d in data_of(ctx, "x", train=False,
                                hows=("evaluate", "predict", "call", "loader"))
             if d.use.line is not None and d.use.model]
    for e in evals:
        for t in train:
            if t.use.model == e.use.model and t.obj is not e.obj:
                yield t, e


def _scale_off(ma: Any, mb: Any) -> tuple[int, int, int, float, float, float, float] | None:
    """(columns far off, columns compared, worst column, train mean, train std, test mean,
    test std) when the training columns look scaled (small values) and the test columns
    are on another scale; ``None`` otherwise."""
    import numpy as np

    if ma.shape[1] != mb.shape[1] or ma.shape[0] < 8 or mb.shape[0] < 8 or \
            not np.isfinite(ma).all() or not np.isfinite(mb).all():
        return None
    mu_a, sd_a = ma.mean(axis=0), ma.std(axis=0)
    mu_b, sd_b = mb.mean(axis=0), mb.std(axis=0)
    ok = (sd_a > 0) & (sd_b > 0)
    if ok.sum() < 1:
        return None
    if np.max(np.abs(mu_a[ok]) + sd_a[ok]) > 10:
        return None   # the training data is not scaled: nothing to compare against
    z = np.abs(mu_b - mu_a) / np.where(sd_a > 0, sd_a, 1)
    r = np.where(ok, sd_b / np.where(sd_a > 0, sd_a, 1), 1)
    off = ok & ((z > 20) | (r > 20) | (r < 1 / 20))
    n_off, n_ok = int(off.sum()), int(ok.sum())
    if n_off * 2 < n_ok or n_off < 1:
        return None
    w = int(np.argmax(np.where(off, z + r, -1)))
    return n_off, n_ok, w, float(mu_a[w]), float(sd_a[w]), float(mu_b[w]), float(sd_b[w])


def _column_name(d: Data, j: int) -> str:
    if d.framework == "pandas" and _pandas().is_frame(d.obj):
        return f"column {_sampled_column_labels(d.obj, [j])[0]}"
    return f"column {j}" if len(d.obj.shape) == 2 else f"value {j} of each (flattened) sample"


@register
class TestDataScaledDifferently(Rule):
    id = "DLF-T210"
    name = "test-data-scaled-differently"
    title = "Evaluation data on a different scale than the training data"
    taxonomy = "training.preprocessing"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("torch", "keras", "tensorflow")
    message = ("`{test}` goes into `{model}` on another scale than its training data "
               "`{train}`: in {n_off} of {n_cols} compared columns the values are far off "
               "({col}: training mean {mu_a}, std {sd_a}; `{test}` mean {mu_b}, std {sd_b}; "
               "sampled).")
    beginner = """`{model}` learned on `{train}`, whose values were scaled (small numbers
around 0). `{test}` was not scaled the same way: its values are on a completely different
scale, so the model's predictions on it are meaningless — and the score you get looks
like the model is bad, without any error message. Apply the very same transformation to
the test data that you applied to the training data, with the statistics of the training
data (for a scikit-learn scaler: `scaler.transform({test})`, never a new `fit`)."""
    expert = """A model is a function of its input distribution: the training inputs
have per-column mean/std of roughly {mu_a}/{sd_a} ({col}), the evaluation inputs
{mu_b}/{sd_b}, more than 20 training standard deviations (or a 20x spread ratio) apart in
{n_off} of {n_cols} sampled columns — not a split of one distribution. The usual cause is
a preprocessing step (StandardScaler/MinMaxScaler, / 255, normalisation) applied to the
training set only. Compared on ≤ 256 sampled rows × ≤ 256 strided columns of each."""
    fix = """{test} = scaler.transform({test})   # the scaler fitted on the training data
# or: {test} = {test} / 255.0   # the same expression as for the training data"""
    known_false_alarms = ("Evaluating on data from another domain on purpose (a shift of "
                          "more than 20 standard deviations in most columns).")
    references = ("https://scikit-learn.org/stable/common_pitfalls.html"
                  "#inconsistent-preprocessing",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        done: set[int] = set()
        for t, e in _train_eval_pairs(ctx):
            if id(e.obj) in done:
                continue
            sa, sb = summary(t), summary(e)
            if not (sa and sb and sa.has_values and sb.has_values) or \
                    len(sa.shape) < 2 or tuple(sa.shape[1:]) != tuple(sb.shape[1:]):
                continue
            if sa.n_nan or sb.n_nan or sa.n_inf or sb.n_inf:
                continue
            ma, mb = sample_rows(t), sample_rows(e)
            if ma is None or mb is None:
                continue
            off = _scale_off(ma, mb)
            if off is None:
                continue
            done.add(id(e.obj))
            n_off, n_cols, w, mu_a, sd_a, mu_b, sd_b = off
            yield Evidence(line=_line(e), subject=e.subject, key=("scale", t.label),
                           test=e.label, train=t.label, model=e.use.model, n_off=n_off,
                           n_cols=n_cols, col=_column_name(e, w), mu_a=_fmt(mu_a),
                           sd_a=_fmt(sd_a), mu_b=_fmt(mu_b), sd_b=_fmt(sd_b))


_SCALERS = {"StandardScaler", "MinMaxScaler", "RobustScaler", "MaxAbsScaler",
            "QuantileTransformer", "PowerTransformer"}


def _is_scaler_ctor(node: ast.AST) -> bool:
    if not isinstance(node, ast.Call):
        return False
    f = node.func
    name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", None)
    return name in _SCALERS


def _is_scaler_obj(obj: Any) -> bool:
    t = type(obj)
    return t.__name__ in _SCALERS and (t.__module__ or "").startswith("sklearn")


def _fit_data(ctx: CellContext, node: ast.expr | None) -> str | None:
    """The data variable a scaler is fitted on / transforms: ``X``, ``X.values``,
    ``X.to_numpy()``, or a column selection ``X[["a", "b"]]`` / ``X[num_cols]`` (a list of
    column names). Row selections (``X[idx]``, ``X.iloc[idx]``) give ``None``."""
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name):
        sl = node.slice
        cols = isinstance(sl, ast.Constant) and isinstance(sl.value, str) or (
            isinstance(sl, (ast.List, ast.Tuple)) and sl.elts and all(
                isinstance(e, ast.Constant) and isinstance(e.value, str) for e in sl.elts))
        if not cols and isinstance(sl, ast.Name):
            v = ctx.user_ns.get(sl.id)
            cols = isinstance(v, (list, tuple)) and bool(v) and all(isinstance(x, str)
                                                                    for x in v)
        return node.value.id if cols else None
    n, how = _arg(node)
    return n if how == "exact" else None


@dataclass
class _ScaleEvent:
    rule: str            # "before-split" | "fit-all-transform-test" | "fit-on-test"
    line: int
    scaler: str
    data: str            # what the scaler was fitted on
    test: str            # the test/validation variable concerned
    where: str           # where the scaler was fitted
    strict: bool         # a held-out test set (not validation)


_SCALE_CACHE: dict[str, Any] = {"key": None, "events": []}


def _scale_events(ctx: CellContext) -> list[_ScaleEvent]:
    """Scaler fits, transforms and train_test_split calls of this cell, in order, against
    what earlier cells did (remembered by name). Computed once per cell."""
    key = (id(ctx), ctx.cell, id(ctx.source))
    if _SCALE_CACHE["key"] == key:
        return _SCALE_CACHE["events"]
    events: list[_ScaleEvent] = []
    _SCALE_CACHE["key"], _SCALE_CACHE["events"] = key, events
    src = ctx.source
    if not src.ok or "sklearn" not in sys.modules:
        return events
    mem = ctx.remember("data.scaling")
    fitted: dict[str, tuple[str, str]] = mem.setdefault("fitted", {})   # scaler -> (data, where)
    scaled: dict[str, tuple[str, str, str]] = mem.setdefault("scaled", {})  # Z -> (scaler, fit data, input)
    split_out: dict[str, str] = mem.setdefault("split_out", {})  # X_test -> X
    split_src: set = mem.setdefault("split_src", set())
    for d in (fitted, scaled, split_out):
        if len(d) > MAX_NAMES:
            d.clear()
    steps: list[tuple[int, int, str, Any]] = []
    for c in src.calls:
        steps.append((c.line, c.node.col_offset, "call", c))
    for a in src.assigns:
        steps.append((a.line, -1, "assign", a))
    # calls run before the assignment of their result: order assigns after the calls
    steps.sort(key=lambda s: (s[0], s[2] == "assign", s[1]))
    for line, _col, kind, f in steps:
        if kind == "assign":
            a = f
            v = a.value
            if isinstance(v, ast.Call) and isinstance(v.func, ast.Attribute) and \
                    v.func.attr in ("fit", "fit_transform", "transform"):
                recv = v.func.value
                s_name = recv.id if isinstance(recv, ast.Name) else \
                    (f"{ast.unparse(recv)}@{ctx.cell}:{line}" if _is_scaler_ctor(recv) else None)
                data = _fit_data(ctx, v.args[0]) if v.args else None
                if s_name is None or data is None:
                    scaled.pop(a.target, None)
                    continue
                if v.func.attr == "fit" and _is_scaler_ctor(recv):
                    fitted[a.target] = (data, f"cell {ctx.cell}, line {line}")
                    continue
                if v.func.attr in ("fit_transform", "transform") and s_name in fitted:
                    scaled[a.target] = (s_name, fitted[s_name][0], data)
                    continue
            scaled.pop(a.target, None)
            continue
        c = f
        if c.attr == "train_test_split" and c.args:
            first = c.args[0]
            a_name = first.id if isinstance(first, ast.Name) else None
            targets = (_assigned_name(ctx, c.node) or "").split()
            tests = [t for t in targets if _is_test_name(t)]
            if a_name and a_name in scaled and tests:
                s_name, fit_on, inp = scaled[a_name]
                if fit_on == inp and not _TRAIN_RE.search(fit_on):
                    strict = any(_strict_test_name(t) for t in tests)
                    events.append(_ScaleEvent("before-split", c.line, s_name.split("@")[0],
                                              fit_on, tests[0], fitted.get(s_name, ("", ""))[1],
                                              strict))
            if a_name:
                split_src.add(a_name)
                for t in targets:
                    split_out[t] = a_name
            # the outputs are new values (X_train = split(X_train)[0] is no longer the
            # whole data)
            split_src.difference_update(targets)
            continue
        if c.attr not in ("fit", "fit_transform", "transform") or not c.args:
            continue
        recv = c.node.func.value if isinstance(c.node.func, ast.Attribute) else None
        if isinstance(recv, ast.Name):
            if not _is_scaler_obj(ctx.user_ns.get(recv.id)):
                continue
            s_name = recv.id
        elif _is_scaler_ctor(recv):
            s_name = f"{ast.unparse(recv)}@{ctx.cell}:{c.line}"
        else:
            continue
        data = _fit_data(ctx, c.args[0])
        if data is None or _framework_of(ctx.user_ns.get(data)) is None:
            continue
        if c.attr in ("fit", "fit_transform"):
            fitted[s_name] = (data, f"cell {ctx.cell}, line {c.line}")
            if _is_test_name(data):
                events.append(_ScaleEvent("fit-on-test", c.line, s_name.split("@")[0], data,
                                          data, f"line {c.line}", _strict_test_name(data)))
        elif s_name in fitted:
            fit_on = fitted[s_name][0]
            if split_out.get(data) == fit_on and fit_on in split_src and \
                    _is_test_name(data):
                events.append(_ScaleEvent("fit-all-transform-test", c.line,
                                          s_name.split("@")[0], fit_on, data,
                                          fitted[s_name][1], _strict_test_name(data)))
    return events


@register
class ScalerFitBeforeSplit(Rule):
    id = "DLF-T211"
    name = "scaler-fit-before-split"
    title = "A scaler fitted on all the data, test rows included"
    taxonomy = "training.validation"
    severity = "info"     # leakage of the held-out moments: a biased score, rarely a big one
    silent = True
    evidence = "source"
    frameworks = ("torch", "keras", "tensorflow")
    message = ("`{scaler}` was fitted on `{data}` ({where}), {what}: the {kind} rows took "
               "part in the scaling.")
    beginner = """`{scaler}` computed its statistics (mean and standard deviation, or
minimum and maximum) on `{data}`, which still contains the rows of `{test}`. So
information from the {kind} data leaks into the preprocessing of the training data, and
the score on `{test}` is a little too optimistic — it no longer measures how the model
does on truly new data. Split first, fit the scaler on the training part only, then
transform the other parts with it."""
    expert = """Fitting a data-dependent transform on the full data before the split is
leakage (scikit-learn, "Common pitfalls: data leakage"): the held-out rows' moments enter
the training features, so held-out metrics are biased; the effect grows with small data,
heavy tails and outliers (MinMax/Robust scalers, quantile transforms). Fit on the
training split only (or use a `Pipeline` inside cross-validation)."""
    fix = """# split {data} first (as you do), then fit on the training rows only
{scaler} = {cls}().fit({train})     # {train}: the training split of {data}
{train} = {scaler}.transform({train})
{test} = {scaler}.transform({test})"""
    known_false_alarms = ("A final refit on all data after the evaluation (not reported: "
                          "only a scaler whose output is then split, or that then "
                          "transforms the test split, counts).")
    references = ("https://scikit-learn.org/stable/common_pitfalls.html#data-leakage",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for e in _scale_events(ctx):
            kind = "test" if e.strict else "validation"
            if e.rule == "before-split":
                what = (f"and its output is split here into training and {kind} data "
                        f"(`{e.test}`)")
            elif e.rule == "fit-all-transform-test":
                what = (f"the whole data that `{e.test}` was split from, and now transforms "
                        f"`{e.test}`")
            else:
                continue
            obj = ctx.user_ns.get(e.scaler) if isinstance(e.scaler, str) else None
            cls = type(obj).__name__ if obj is not None else "StandardScaler"
            train = _train_split_of(ctx, e.test) or "X_train"
            yield Evidence(line=e.line, subject=e.test, key=(e.rule, e.test), what=what,
                           scaler=e.scaler, data=e.data, test=e.test, kind=kind,
                           where=e.where, cls=cls, train=train)


def _train_split_of(ctx: CellContext, test: str) -> str | None:
    """``X_tr`` in ``X_tr, X_val, y_tr, y_val = train_test_split(...)`` for ``X_val``."""
    if ctx.source.tree is None:
        return None
    for n in ast.walk(ctx.source.tree):
        if isinstance(n, ast.Assign) and len(n.targets) == 1 and \
                isinstance(n.targets[0], ast.Tuple) and isinstance(n.value, ast.Call):
            names = [e.id if isinstance(e, ast.Name) else None for e in n.targets[0].elts]
            if test in names and len(names) in (2, 4) and names.index(test) % 2 == 1:
                return names[names.index(test) - 1]
    return None


@register
class ScalerFitOnTestData(Rule):
    id = "DLF-T212"
    name = "scaler-fit-on-test-data"
    title = "A scaler fitted on the test data"
    taxonomy = "training.preprocessing"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("torch", "keras", "tensorflow")
    message = ("`{call}` fits the scaler on the {kind} data `{test}`: it is scaled with its "
               "own statistics, not with those of the training data the model learns from.")
    beginner = """A scaler must learn its numbers (mean and standard deviation, or
minimum and maximum) from the training data only, and then apply exactly those numbers to
every other part of the data. Here a scaler is fitted on `{test}` itself, so the {kind}
data is shifted and stretched differently from the training data: the model sees inputs
that do not mean the same thing, and the score is unreliable. Use `transform` with the
scaler fitted on the training data."""
    expert = """`fit`/`fit_transform` on the held-out split makes its transform
data-dependent on that split: features are no longer in the training coordinate system
(e.g. a column shifted by the mean difference of the splits), and the held-out data's
statistics are used (leakage). Fit once on the training split and only `transform` the
others."""
    fix = """{scaler} = StandardScaler().fit(X_train)   # training data only
{test} = {scaler}.transform({test})"""
    known_false_alarms = ("A test set that truly comes from another source and is "
                          "normalised per source on purpose.")
    references = ("https://scikit-learn.org/stable/common_pitfalls.html"
                  "#inconsistent-preprocessing",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for e in _scale_events(ctx):
            if e.rule != "fit-on-test":
                continue
            node = next((c for c in ctx.source.calls if c.line == e.line and
                         c.attr in ("fit", "fit_transform")), None)
            call = ctx.source.segment(node.node) if node is not None else e.scaler
            scaler = e.scaler if e.scaler.isidentifier() else "scaler"
            yield Evidence(line=e.line, subject=e.test, key=("fit-on-test", e.test),
                           call=call, test=e.test, scaler=scaler,
                           kind="test" if e.strict else "validation")
