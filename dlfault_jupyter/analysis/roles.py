"""Shared by several rules (moved from rules/data.py)."""

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
from ..frameworks import type_name
from ..wording import num
from .datasets import item_fields, stored_parts
from .provenance import LENGTH, Provenance

ROLES = "data.roles"          # ctx.remember key shared by the data rules


MAX_NAMES = 300


_FIT = {"fit", "train_on_batch"}


_EVAL = {"evaluate", "test_on_batch"}


_PREDICT = {"predict", "predict_on_batch"}


_CLASSIF_LOSSES = ("torch.nn.CrossEntropyLoss", "torch.nn.NLLLoss",
                   "torch.nn.functional.cross_entropy", "torch.nn.functional.nll_loss")
_REGRESSION_LOSSES = ("torch.nn.functional.mse_loss", "torch.nn.functional.l1_loss",
                      "torch.nn.functional.smooth_l1_loss", "torch.nn.functional.huber_loss")
_TENSOR_DATASET = "torch.utils.data.TensorDataset"
_SPLIT = "sklearn.model_selection.train_test_split"


def _calls(ctx: CellContext, c: Any, *qualnames: str) -> bool:
    """Is ``c`` a call of one of ``qualnames``, resolved through the imports and aliases
    (``analysis.names``; by the last name when the root is unknown)?"""
    return ctx.analysis.names.matches(c.node.func, *qualnames)


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
    the variable's), (None, '') for anything computed from it (the one provenance walk:
    ``analysis.provenance``, whose table says what each conversion keeps)."""
    return _ARGS.variable(node, keep=LENGTH)


_ARGS = Provenance(None)     # no cell: arguments are read as written, not followed


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


def _is_loss_call(ctx: CellContext, c: Any) -> bool:
    """A loss object called (``loss_fn(out, y)``) or a loss function, also
    through a module path (``F.cross_entropy``, ``nn.functional.nll_loss``, resolved through
    the imports)."""
    if c.receiver is None and c.name and _var_kind(ctx, c.name) == "loss":
        return True
    return _calls(ctx, c, *_CLASSIF_LOSSES, *_REGRESSION_LOSSES)


def _cell_uses(ctx: CellContext) -> list[Use]:  # noqa: C901 - one case per way data is used (fit, loss, split, indexing, loader)
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
        elif len(c.args) >= 2 and _calls(ctx, c, _TENSOR_DATASET):
            target = _assigned_name(ctx, c.node) or ""
            first, _ = _arg(c.args[0])
            train = not any(_is_test_name(n) for n in [*target.split(), first or ""])
            add(c.args[0], "x", "dataset", None, train, c.line)
            add(c.args[-1], "y", "dataset", None, train, c.line)
        elif len(c.args) >= 2 and _calls(ctx, c, _SPLIT):
            add(c.args[0], "x", "split", None, True, c.line)
            add(c.args[1], "y", "split", None, True, c.line)
        # labels of a loss: loss_fn(model(x), y) / loss_fn(out, y)
        if len(c.args) >= 2 and _is_loss_call(ctx, c):
            models = _models_in(ctx, c.args[0])
            if models:
                add(c.args[1], "y", "loss", models[0][0], _in_training_loop(c), c.line)
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
            if len(c.args) >= 2 and _is_loss_call(ctx, c):
                n, _ = _arg(c.args[1])
                models = _models_in(ctx, c.args[0])
                if n in pos and models:
                    uses.append(Use(it, f"y{pos[n]}", "loader", models[0][0], train, True,
                                    c.line))
    return uses


def uses(ctx: CellContext) -> list[Use]:
    """All uses: this cell's (with lines) and earlier cells' (line None). Computed once per
    cell (``ctx.analysis.roles``) and shared by all data rules."""
    return ctx.analysis.roles


def compute_uses(ctx: CellContext) -> list[Use]:
    """The uses of :func:`uses`, computed (call :func:`uses`: it is cached per cell)."""
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
    holder: str = ""     # the notebook's Dataset class whose items carry it (loader uses)
    field: str = ""      # ... and the attribute of that class that holds it


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
    if type_name(ds) == "TensorDataset" and type(ds).__module__.startswith("torch"):
        parts = getattr(ds, "tensors", None)
        if isinstance(parts, tuple):
            return parts
    return None


def _user_dataset_part(ctx: CellContext, obj: Any, i: int, use: Use,
                       is_loader: bool) -> Data | None:
    """Field ``i`` of the items of a Dataset class written in the notebook (a loader's
    dataset or the dataset itself), when ``__getitem__`` returns the values of a stored
    array unchanged (:mod:`.datasets`): that array."""
    ds = getattr(obj, "dataset", None) if is_loader else obj
    if ds is None or not frameworks.get("torch").is_dataset(ds):
        return None
    fields = item_fields(type(ds))
    parts = stored_parts(ds)
    if not parts or fields is None or i >= len(parts) or parts[i] is None:
        return None
    t = parts[i]
    fw = _framework_of(t)
    if fw is None:
        return None
    label = ctx.ns.name_of(t) or (f"{use.name}.dataset.{fields[i]}" if is_loader
                                  else f"{use.name}.{fields[i]}")
    return Data(label, use.name, t, fw, use, holder=type(ds).__name__, field=fields[i] or "")


def resolve(ctx: CellContext, u: Use) -> Data | None:
    """The value a use refers to (an array/tensor; for loaders, the dataset's tensor)."""
    obj = ctx.user_ns.get(u.name)
    if obj is None:
        return None
    if u.how in ("loader", "nsdata"):
        i = int(u.role[1:])
        role = "x" if u.role.startswith("x") else "y"
        use = Use(u.name, role, u.how, u.model, u.train, u.exact, u.line)
        is_loader = u.how == "loader" or frameworks.get("torch").is_loader(obj)
        parts = _tensor_dataset_parts(obj)
        if not parts:
            return _user_dataset_part(ctx, obj, i, use, is_loader) if u.how == "loader" \
                else None
        if i >= len(parts):
            return None
        t = parts[i]
        label = ctx.ns.name_of(t) or (f"{u.name}.dataset.tensors[{i}]" if is_loader
                                      else f"{u.name}.tensors[{i}]")
        return Data(label, u.name, t, "torch", use)
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


def sample_rows(d: Data, k: int = 256, width: int = 256, random: bool = False) -> Any:  # noqa: C901 - one case per storage (numpy, torch, pandas, lists), each read bounded
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
            return type_name(v.obj)
    mv = ctx.ns.get(model)
    if mv is not None and mv.framework == "keras":
        loss = getattr(mv.obj, "loss", None)
        if isinstance(loss, str):
            return loss
        if loss is not None:
            return type_name(loss)
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
        if any(type_name(m) in _TORCH_SCALERS for _, m in leaves) or (
                leaves and type_name(leaves[0][1]).startswith(("BatchNorm", "LayerNorm",
                                                                   "InstanceNorm"))):
            return True
        return any(_forward_scales(type(m)) for m in [mv.obj, *(m for _, m in leaves)])
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
        if type_name(lay) in _SCALER_LAYERS:
            return True
        if depth < 2 and getattr(lay, "layers", None) and _keras_scales(lay, depth + 1):
            return True
    return False


def _partner(ctx: CellContext, d: Data) -> str | None:
    """The variable used together with ``d`` in the other role of the same call."""
    other = "y" if d.use.role == "x" else "x"
    for u in uses(ctx):
        if u.role == other and u.how == d.use.how and u.model == d.use.model and \
                u.line == d.use.line and u.how not in ("loader", "nsdata"):
            return u.name
    return None


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


def _few_per_class(counts: dict[int, int], n: int) -> bool:
    if n < 50 or len(counts) < 2:
        return False
    c = sorted(counts.values())
    median = c[len(c) // 2] if len(c) % 2 else (c[len(c) // 2 - 1] + c[len(c) // 2]) / 2
    return median < 5


def _is_test_name(name: str) -> bool:
    return bool(_TEST_RE.search(name)) and not _TRAIN_RE.search(name)


def _strict_test_name(name: str) -> bool:
    """A held-out test split (not validation: retraining on train + validation after
    model selection is standard practice)."""
    m = _TEST_RE.search(name)
    return bool(m) and m.group(2).lower() in ("test", "tst", "holdout") and \
        not _TRAIN_RE.search(name)


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
    manual: str = ""     # a scaling written by hand: "mean_std" | "min_max" ("": a scaler)
    split: str = ""      # how it was split: "arrays" (train_test_split, row slices) |
    #                      "subset" (random_split of a TensorDataset holding the data)
    train: str = ""      # the training part of that split, when seen
    framework: str = ""  # numpy | torch | pandas: the data's


# statistics over rows: by method (``X.mean(0)``) or function (``np.mean(X, axis=0)``)
_CENTRE_STATS = {"mean", "nanmean", "std", "nanstd", "var", "nanvar", "median", "nanmedian",
                 "quantile", "nanquantile", "percentile", "nanpercentile"}
_RANGE_STATS = {"min", "max", "amin", "amax", "nanmin", "nanmax", "ptp"}
_Q_STATS = {"quantile", "nanquantile", "percentile", "nanpercentile"}   # (q, axis)
_STAT_FUNCS = tuple(f"{m}.{s}" for m in ("numpy", "torch")
                    for s in _CENTRE_STATS | _RANGE_STATS)
_RANDOM_SPLIT = ("torch.utils.data.random_split", "torch.utils.data.dataset.random_split")


def _over_rows(axis: ast.expr | None) -> bool:
    """Is a reduction with this axis/dim argument one over the sample axis: none given
    (the whole array), ``0``, or a tuple holding ``0``."""
    if axis is None or isinstance(axis, ast.Constant) and axis.value is None:
        return True
    if isinstance(axis, ast.Constant):
        return axis.value == 0 and not isinstance(axis.value, bool)
    if isinstance(axis, (ast.Tuple, ast.List)):
        return any(isinstance(e, ast.Constant) and e.value == 0 for e in axis.elts)
    return False


def _row_stat(ctx: CellContext, node: ast.AST) -> tuple[str, str] | None:
    """(variable, statistic) of a statistic of a variable over its rows: ``X.mean(0)``,
    ``X.std(dim=0)``, ``X.min(0).values``, ``X.max(dim=0)[0]``, ``X.amax(0)``,
    ``np.mean(X, axis=0)``, ``torch.quantile(X, 0.99, dim=0)``, ``X.mean()``. A
    statistic per sample (``X.mean(1)``, ``dim=-1``) is not one, nor one over the whole of
    an array of more than two dimensions."""
    if isinstance(node, ast.Attribute) and node.attr == "values":
        node = node.value
    elif isinstance(node, ast.Subscript) and isinstance(node.slice, ast.Constant) and \
            node.slice.value == 0:
        node = node.value
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
        return None
    f, stat = node.func, node.func.attr
    if stat not in _CENTRE_STATS and stat not in _RANGE_STATS:
        return None
    kw = {k.arg: k.value for k in node.keywords if k.arg}
    q = 1 if stat in _Q_STATS else 0
    if isinstance(f.value, ast.Name) and f.value.id in ctx.user_ns and \
            _framework_of(ctx.user_ns.get(f.value.id)) is not None:
        var, pos = f.value.id, list(node.args)           # X.mean(0)
    elif node.args and isinstance(node.args[0], ast.Name) and \
            ctx.analysis.names.matches(f, *_STAT_FUNCS):
        var, pos = node.args[0].id, list(node.args[1:])  # np.mean(X, axis=0)
    else:
        return None
    axis = kw.get("axis", kw.get("dim", pos[q] if len(pos) > q else None))
    if axis is None:
        # over the whole array: a statistic of a table's rows, not of an image or
        # sequence batch (``imgs / imgs.max()`` is a constant rescale, not a fit)
        try:
            if len(getattr(ctx.user_ns.get(var), "shape", ())) > 2:
                return None
        except TypeError:
            return None
    return (var, stat) if _over_rows(axis) else None


def _manual_scaling(ctx: CellContext, value: ast.expr, target: str, augmented: bool,
                    stat_vars: dict[str, tuple[str, str]]) -> tuple[str, str] | None:
    """(variable, "mean_std" | "min_max") for a scaling written by hand with statistics
    of the variable's own rows: ``(X - X.mean(0)) / X.std(0)``, ``(X - lo) / (hi - lo)``
    with ``lo = X.min(0)`` (``stat_vars``, also from earlier cells), ``X /= X.max(0)``.
    The expression may hold only that variable, its statistics and constants: anything
    else (another variable's statistics, a per-sample norm) is not such a scaling."""
    if augmented:
        if not isinstance(value, (ast.Call, ast.Attribute, ast.Subscript, ast.Name, ast.BinOp)):
            return None
        expr: ast.expr = ast.BinOp(ast.Name(target, ast.Load()), ast.Sub(), value)
    else:
        expr = value
    if not isinstance(expr, ast.BinOp) or not isinstance(expr.op, (ast.Sub, ast.Div)):
        return None
    data: set[str] = set()
    stats: list[tuple[str, str]] = []

    def walk(n: ast.AST) -> bool:
        st = _row_stat(ctx, n)
        if st is not None:
            stats.append(st)
            return True
        if isinstance(n, ast.BinOp) and isinstance(n.op, (ast.Sub, ast.Div, ast.Add,
                                                          ast.Mult)):
            return walk(n.left) and walk(n.right)
        if isinstance(n, ast.Name):
            if n.id in stat_vars:
                stats.append(stat_vars[n.id])
            else:
                data.add(n.id)
            return True
        return isinstance(n, ast.Constant) and isinstance(n.value, (int, float))

    if not walk(expr) or not stats or len(data) != 1:
        return None
    var = next(iter(data))
    if any(v != var for v, _ in stats):
        return None
    kinds = {s for _, s in stats}
    return var, "min_max" if kinds <= _RANGE_STATS else "mean_std"


@dataclass
class _CallNode:
    """A bare call node where ``_calls`` wants a call fact."""

    node: ast.Call


def _unpacked(ctx: CellContext, a: Any) -> ast.expr:
    """The value a name gets: ``X.std(0)`` for ``sd`` in ``mu, sd = X.mean(0), X.std(0)``."""
    v = a.value
    if not isinstance(v, ast.Tuple):
        return v
    p = ctx.source.parent(v)
    if isinstance(p, ast.Assign) and len(p.targets) == 1 and \
            isinstance(p.targets[0], ast.Tuple) and len(p.targets[0].elts) == len(v.elts):
        for t, e in zip(p.targets[0].elts, v.elts, strict=True):
            if isinstance(t, ast.Name) and t.id == a.target:
                return e
    return v


def _row_split(node: ast.expr) -> str | None:
    """``X`` for a row selection of it: ``X[:800]``, ``X[idx[800:]]``, ``X[perm]``
    (not a column ``X[:, 0]`` nor one row ``X[0]``)."""
    if not isinstance(node, ast.Subscript) or not isinstance(node.value, ast.Name):
        return None
    sl = node.slice
    if isinstance(sl, (ast.Tuple, ast.Constant)):
        return None
    return node.value.id


_SCALE_CACHE: dict[str, Any] = {"key": None, "events": []}


def _scale_events(ctx: CellContext) -> list[_ScaleEvent]:  # noqa: C901 - one case per scaler call form (fit, transform, fit_transform, split)
    """Scaler fits, transforms and train_test_split calls of this cell, in order, against
    what earlier cells did (remembered by name). Computed once per cell."""
    key = (id(ctx), ctx.cell, id(ctx.source))
    if _SCALE_CACHE["key"] == key:
        return _SCALE_CACHE["events"]
    events: list[_ScaleEvent] = []
    _SCALE_CACHE["key"], _SCALE_CACHE["events"] = key, events
    src = ctx.source
    if not src.ok or not ({"sklearn", "numpy", "torch"} & sys.modules.keys()):
        return events
    sk = "sklearn" in sys.modules
    mem = ctx.remember("data.scaling")
    fitted: dict[str, tuple[str, str]] = mem.setdefault("fitted", {})   # scaler -> (data, where)
    scaled: dict[str, tuple[str, str, str]] = mem.setdefault("scaled", {})  # Z -> (scaler, fit data, input)
    split_out: dict[str, str] = mem.setdefault("split_out", {})  # X_test -> X
    split_src: set = mem.setdefault("split_src", set())
    # scalings written by hand: Z -> (kind, where); statistics over rows: name -> (X, stat);
    # TensorDatasets: name -> the features variable they hold
    manual: dict[str, tuple[str, str]] = mem.setdefault("manual", {})
    stat_vars: dict[str, tuple[str, str]] = mem.setdefault("stat_vars", {})
    holders: dict[str, str] = mem.setdefault("holders", {})
    for d in (fitted, scaled, split_out, manual, stat_vars, holders):
        if len(d) > MAX_NAMES:
            d.clear()

    def manual_split(line: int, data: str, tests: list[str], split: str, train: str) -> None:
        """A variable scaled by hand with its own rows' statistics, split here."""
        if data not in manual or data not in scaled or not tests:
            return
        fit_on = scaled[data][1]
        if _TRAIN_RE.search(fit_on) or _TRAIN_RE.search(data):
            return
        kind, where = manual[data]
        fw = _framework_of(ctx.user_ns.get(data)) or ""
        events.append(_ScaleEvent("before-split", line, data, fit_on, tests[0], where,
                                  any(_strict_test_name(t) for t in tests), kind, split,
                                  train, fw))
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
            v = _unpacked(ctx, a)
            st = _row_stat(ctx, v) if not a.augmented else None
            if st is not None:
                stat_vars[a.target] = st
            else:
                stat_vars.pop(a.target, None)
            ms = _manual_scaling(ctx, v, a.target, a.augmented, stat_vars)
            holders.pop(a.target, None)
            if ms is not None:
                manual[a.target] = (ms[1], f"cell {ctx.cell}, line {line}")
                scaled[a.target] = (f"{ms[0]}@manual", ms[0], ms[0])
                continue
            manual.pop(a.target, None)
            if isinstance(v, ast.Call) and len(v.args) >= 2 and \
                    _calls(ctx, _CallNode(v), _TENSOR_DATASET):
                first, how = _arg(v.args[0])
                if first and how == "exact":
                    holders[a.target] = first
            rows = _row_split(v)
            if rows is not None and rows in manual and _is_test_name(a.target):
                train = next((b.target for b in src.assigns if _row_split(b.value) == rows
                              and _TRAIN_RE.search(b.target) and not b.augmented), None)
                manual_split(line, rows, [a.target], "arrays",
                             train or (_train_counterparts(a.target) or ["X_train"])[0])
            if sk and isinstance(v, ast.Call) and isinstance(v.func, ast.Attribute) and \
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
        if c.args and _calls(ctx, c, *_RANDOM_SPLIT):
            first = c.args[0]
            held = holders.get(first.id) if isinstance(first, ast.Name) else None
            if isinstance(first, ast.Call) and len(first.args) >= 2 and \
                    _calls(ctx, _CallNode(first), _TENSOR_DATASET):
                held, how = _arg(first.args[0])
                held = held if how == "exact" else None
            targets = (_assigned_name(ctx, c.node) or "").split()
            if held:
                manual_split(c.line, held, [t for t in targets if _is_test_name(t)], "subset",
                             next((t for t in targets if not _is_test_name(t)), "train_ds"))
            continue
        if c.args and _calls(ctx, c, _SPLIT):
            first = c.args[0]
            a_name = first.id if isinstance(first, ast.Name) else None
            targets = (_assigned_name(ctx, c.node) or "").split()
            tests = [t for t in targets if _is_test_name(t)]
            if a_name and a_name in manual:
                train = next((t for t in targets if t not in tests), "X_train")
                manual_split(c.line, a_name, tests, "arrays", train)
            elif a_name and a_name in scaled and tests:
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
        if not sk or c.attr not in ("fit", "fit_transform", "transform") or not c.args:
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
