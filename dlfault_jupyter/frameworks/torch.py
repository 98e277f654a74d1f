"""PyTorch adapter. Imported only when the user has imported torch.

Everything here reads state without changing it: no RNG draw, no change to ``.training``,
grad mode, ``requires_grad``, devices or an iterator's position, and no GPU sync
(values of CUDA tensors are never read in the after-cell hook).
"""

from __future__ import annotations

import sys
import weakref
from typing import Any

import numpy as np
import torch
from torch import nn

from .base import BaseAdapter, Kind, LayerKind, Vocab
from .summary import ArraySummary, from_numpy_sample, sample_indices

#: (id, version, data pointer, shape, ...) -> (weak reference to the tensor, summary): a
#: freed tensor's id and memory are reused by new tensors, so a hit counts only while the
#: reference still points at the tensor asked about
_VALUE_CACHE: dict[tuple, tuple[Any, ArraySummary]] = {}
_CACHE_MAX = 4096
# structure of a model (leaf modules, parameter ids...), per model object: a 335M-parameter
# Transformer has ~300 modules and parameters, and walking them in Python for every rule
# and every cell cost ~100 ms. Forgotten (``forget_structure``) after a cell that binds or
# names a model, an optimizer or a tensor (namespace.NamespaceIndex.update): the cells
# that may change a structure or requires_grad.
_STRUCT: dict[int, tuple[Any, dict[str, Any]]] = {}


def forget_structure() -> None:
    _STRUCT.clear()


def _structure(model: nn.Module, what: str, fn: Any) -> Any:
    e = _STRUCT.get(id(model))
    if e is None or e[0]() is not model:
        if len(_STRUCT) >= 256:
            _STRUCT.clear()
        key = id(model)

        def _drop(ref: Any, key: int = key) -> None:  # the model is gone: free its leaves
            if _STRUCT is not None and _STRUCT.get(key, (None,))[0] is ref:   # not at exit
                del _STRUCT[key]

        try:
            e = _STRUCT[key] = (weakref.ref(model, _drop), {})
        except TypeError:   # not weak-referenceable: no cache
            return fn(model)
    d = e[1]
    if what in d:
        value = _strong_pairs(d[what])
        if value is not _GONE:
            return value
    value = fn(model)
    d[what] = _weak_pairs(value)
    return value


_GONE = object()


def _weak_pairs(value: Any) -> Any:
    """A cached (name, module) list keeps its modules by weak reference: a module is its own
    leaf (``nn.Linear``), and a strong reference there would keep a deleted model alive."""
    if isinstance(value, list):
        return [(n, weakref.ref(m)) if isinstance(m, nn.Module) else (n, m) for n, m in value]
    return value


def _strong_pairs(value: Any) -> Any:
    """The cached value with its modules; ``_GONE`` when one of them was freed (a submodule
    replaced by a cell that did not bind the model): the structure is walked again."""
    if not isinstance(value, list):
        return value
    out = []
    for n, m in value:
        if isinstance(m, weakref.ref):
            m = m()
            if m is None:
                return _GONE
        out.append((n, m))
    return out


def is_tensor(obj: Any) -> bool:
    return isinstance(obj, torch.Tensor) and not isinstance(obj, nn.Parameter)


def is_module(obj: Any) -> bool:
    return isinstance(obj, nn.Module)


def is_model(obj: Any) -> bool:
    """A module that is not a loss function (losses are modules too)."""
    return isinstance(obj, nn.Module) and not is_loss(obj)


def is_loss(obj: Any) -> bool:
    return isinstance(obj, nn.modules.loss._Loss)


def is_optimizer(obj: Any) -> bool:
    return isinstance(obj, torch.optim.Optimizer)


def is_loader(obj: Any) -> bool:
    return isinstance(obj, torch.utils.data.DataLoader)


def is_dataset(obj: Any) -> bool:
    return isinstance(obj, torch.utils.data.Dataset)


def _plain(t: torch.Tensor) -> bool:
    """A dense, strided, real, materialised tensor whose values may be read."""
    try:
        return (t.layout == torch.strided and not t.is_meta and not t.is_quantized
                and not t.is_complex() and t.device.type == "cpu"
                and not getattr(t, "_is_zerotensor", lambda: False)()
                and type(t) in (torch.Tensor, nn.Parameter) and _storage_covers(t))
    except Exception:  # noqa: BLE001 - exotic tensor subclasses
        return False


def _storage_covers(t: torch.Tensor) -> bool:
    """The storage holds every element the tensor's view addresses (a storage resized to 0
    under a tensor makes any read fail, or crash)."""
    if t.numel() == 0:
        return True
    extent = 1 + sum((n - 1) * st for n, st in zip(t.shape, t.stride(), strict=True) if n > 0)
    need = (t.storage_offset() + extent) * t.element_size()
    return t.untyped_storage().nbytes() >= need


def dtype_name(t: torch.Tensor) -> str:
    return str(t.dtype).replace("torch.", "")


def summary(t: torch.Tensor) -> ArraySummary:
    """Shape, dtype, device, and — for plain CPU tensors — sampled value statistics.
    Cached by (id, version, data pointer, shape): reads at most SAMPLE elements once per
    version of a tensor."""
    shape = tuple(int(d) for d in t.shape)
    dt = dtype_name(t)
    dev = str(t.device)
    size = 1
    for d in shape:
        size *= d
    try:   # looked up first: the checks of _plain cost more than the look-up
        key = (id(t), t._version, t.data_ptr(), shape, dt, dev, type(t))
    except Exception:  # noqa: BLE001
        key = None
    if key is not None:
        hit = _VALUE_CACHE.get(key)
        if hit is not None and hit[0]() is t:
            return hit[1]
    if not _plain(t) or size == 0:
        return from_numpy_sample(np, shape, dt, dev, size, np.empty(0))
    arr = _numpy_sample(t, size)
    if arr is not None:
        out = from_numpy_sample(np, shape, dt, dev, size, arr)
        _remember(key, t, out)
        return out
    with torch.no_grad():
        d = t.detach()
        idx = torch.from_numpy(sample_indices(np, size))
        if d.is_contiguous():
            s = d.reshape(-1)[idx]
        else:
            rows = torch.from_numpy(sample_indices(np, shape[0], 64)) if shape else None
            sub = d[rows] if rows is not None else d
            flat = sub.reshape(-1)
            s = flat[torch.from_numpy(sample_indices(np, flat.numel()))]
        if s.dtype in (torch.bfloat16, torch.float16):
            s = s.float()
        arr = s.numpy()
    out = from_numpy_sample(np, shape, dt, dev, size, arr)
    _remember(key, t, out)
    return out


def _remember(key: tuple | None, t: torch.Tensor, out: ArraySummary) -> None:
    """Cache ``out`` for ``t`` under ``key``, with a weak reference to ``t`` (the key alone
    can match a new tensor that took a freed one's id and memory)."""
    if key is None:
        return
    try:
        ref = weakref.ref(t)
    except TypeError:   # not weak-referenceable: no cache
        return
    if len(_VALUE_CACHE) >= _CACHE_MAX:
        _VALUE_CACHE.clear()
    _VALUE_CACHE[key] = (ref, out)


def _numpy_sample(t: torch.Tensor, size: int) -> np.ndarray | None:
    """The sample read through a zero-copy numpy view of a CPU tensor: no torch kernel
    runs, so no intra-op thread pool is woken (that alone cost 20-90 ms per tensor on a
    busy 2-core machine). ``None`` for dtypes numpy lacks (bfloat16) or views it refuses."""
    if t.dtype == torch.bfloat16:
        return None
    try:
        a = t.detach().numpy()
    except Exception:  # noqa: BLE001 - conj/neg bits, exotic subclasses
        return None
    idx = sample_indices(np, size)
    flat = a.reshape(-1) if a.flags.c_contiguous else None
    return np.array(flat[idx] if flat is not None else a.flat[idx])


def real_module(model: Any) -> tuple[Any, str]:
    """(the module behind ``torch.compile`` / ``nn.DataParallel`` /
    ``DistributedDataParallel`` / FSDP wrappers, nested in any order; the attribute path to
    it, ``""`` or e.g. ``"_orig_mod.module."``). The wrapper holds it as a child (read from
    ``_modules``: no property is called); a module that is not a wrapper comes back with
    ``""``. Never imports torch._dynamo or torch.distributed: a wrapper of a part the user
    has not loaded cannot exist."""
    path = ""
    for _ in range(6):
        attr = _wrapper_attr(model)
        if attr is None:
            break
        inner = model._modules.get(attr)
        if not isinstance(inner, nn.Module):
            break
        path += attr + "."
        model = inner
    return model, path


def _wrapper_attr(model: Any) -> str | None:
    if isinstance(model, (nn.DataParallel, nn.parallel.DistributedDataParallel)):
        return "module"
    if not isinstance(model, nn.Module):
        return None
    for mod, cls, attr in _WRAPPERS:
        m = sys.modules.get(mod)
        c = getattr(m, cls, None) if m is not None else None
        if isinstance(c, type) and isinstance(model, c):
            return attr
    return None


#: wrappers in modules torch does not import by itself: (module, class, attribute)
_WRAPPERS = (("torch._dynamo.eval_frame", "OptimizedModule", "_orig_mod"),
             ("torch.distributed.fsdp", "FullyShardedDataParallel", "_fsdp_wrapped_module"))


def traced_error(exc: BaseException) -> BaseException | None:
    """The error that ``torch.compile`` reports: while dynamo traces a compiled model it
    runs each operation on fake tensors, and an error there (a shape mismatch) reaches the
    user as dynamo's own exception (``TorchRuntimeError``, a RuntimeError, raised from
    ``Unsupported``) whose chain (``__cause__``, or the suppressed ``__context__``) ends at
    the original one, e.g. ``RuntimeError('a and b must have same reduction dim, ...')``.
    ``None`` for an exception that is not dynamo's or reports no other error. Never imports
    torch._dynamo: without it loaded, no dynamo exception exists."""
    mod = sys.modules.get("torch._dynamo.exc")
    base = getattr(mod, "TorchDynamoException", None) if mod is not None else None
    if not isinstance(base, type) or not isinstance(exc, base):
        return None
    cur: BaseException | None = exc
    for _ in range(8):
        if cur is None or not isinstance(cur, base):
            break
        cur = cur.__cause__ or cur.__context__
    return cur if cur is not None and not isinstance(cur, base) else None


def functional_layer(frame: Any, modules: list[Any]) -> nn.Module | None:
    """The layer of ``modules`` (or of their submodules) that a frame of
    ``torch.nn.functional`` computes: the owner of the frame's ``weight`` parameter. A
    model compiled by ``torch.compile`` runs a graph that calls the functional API with
    its layers' parameters, without a frame of the layers' own ``forward``
    (``F.embedding(input, weight)`` where eager code runs ``Embedding.forward``)."""
    try:
        if frame.f_globals.get("__name__") != "torch.nn.functional":
            return None
        w = frame.f_locals.get("weight")
    except Exception:  # noqa: BLE001 - an odd frame: no layer
        return None
    if not isinstance(w, nn.Parameter):
        return None
    for top in modules:
        for m in top.modules():
            if any(p is w for p in m._parameters.values()):
                return m
    return None


def leaf_modules(model: nn.Module) -> list[tuple[str, nn.Module]]:
    """(qualified name, module) of the modules without children, in registration order."""
    return list(_structure(model, "leaves", _leaf_modules))


def _leaf_modules(model: nn.Module) -> list[tuple[str, nn.Module]]:
    out = []
    for name, m in model.named_modules():
        if not any(True for _ in m.children()):
            out.append((name or type(m).__name__, m))
    return out


def sequential_chain(model: nn.Module) -> list[tuple[str, nn.Module]] | None:
    """The flattened leaf chain when the model is (nested) Sequential only — the order of
    computation is then known. ``None`` for models with a custom ``forward``. Behind a
    ``torch.compile`` / DataParallel wrapper, the chain of the real module with the
    wrapper's path in the names (``module.0``, as :func:`leaf_modules` names them).
    Cached per model like :func:`leaf_modules` (a copy of the list is returned)."""
    chain = _structure(model, "chain", _wrapped_chain)
    return None if chain is None else list(chain)


def _wrapped_chain(model: nn.Module) -> list[tuple[str, nn.Module]] | None:
    real, path = real_module(model)
    chain = _sequential_chain(real)
    if chain is None or not path:
        return chain
    return [(path + n if real._modules else path.rstrip("."), m) for n, m in chain]


def _sequential_chain(model: nn.Module) -> list[tuple[str, nn.Module]] | None:
    def flat(prefix: str, m: nn.Module, out: list) -> bool:
        if isinstance(m, nn.Sequential):
            for n, ch in m.named_children():
                if not flat(f"{prefix}.{n}" if prefix else n, ch, out):
                    return False
            return True
        if any(True for _ in m.children()):
            return False
        out.append((prefix or type(m).__name__, m))
        return True

    out: list[tuple[str, nn.Module]] = []
    return out if flat("", model, out) else None


def parameters_device(model: nn.Module) -> str | None:
    for p in model.parameters():
        return str(p.device)
    for b in model.buffers():
        return str(b.device)
    return None


def param_ids(model: nn.Module) -> set[int]:
    return set(_structure(model, "params", lambda m: {id(p) for p in m.parameters()}))


def optimizer_param_ids(opt: torch.optim.Optimizer) -> set[int]:
    return {id(p) for g in opt.param_groups for p in g.get("params", ())}


# -- structure of a model (additive helpers for the PyTorch rules) ------------------------

WEIGHT_LAYERS = ("Linear", "Conv1d", "Conv2d", "Conv3d", "ConvTranspose1d", "ConvTranspose2d",
                 "ConvTranspose3d", "Bilinear")
_FWD_CACHE: dict[tuple[int, int], Any] = {}
#: activations recognised at the end of a custom forward: call attr -> module type name
_FUNC_KINDS = {"softmax": "Softmax", "log_softmax": "LogSoftmax", "sigmoid": "Sigmoid",
               "logsigmoid": "LogSigmoid", "tanh": "Tanh", "relu": "ReLU", "relu6": "ReLU6",
               "softplus": "Softplus"}


def weight_of(m: nn.Module) -> torch.Tensor | None:
    """The ``weight`` parameter of a Linear/Conv leaf (registered, not a property)."""
    if type(m).__name__ not in WEIGHT_LAYERS and not isinstance(
            m, (nn.Linear, nn.modules.conv._ConvNd)):
        return None
    w = m._parameters.get("weight")
    if not isinstance(w, torch.Tensor) or isinstance(w, nn.parameter.UninitializedParameter):
        return None
    return w


_AXIS_MOVES = frozenset({"permute", "transpose", "movedim", "moveaxis", "swapaxes",
                         "swapdims", "rearrange", "einsum"})


def forward_moves_axes(model: nn.Module) -> bool:
    """Whether the user's ``forward`` of ``model`` (or of the module behind a
    ``torch.compile`` / ``DataParallel`` wrapper) rearranges axes (``permute``,
    ``transpose``, ``movedim``, ``einops.rearrange``...): the layout its input arrives in is
    then not the layout its first layer sees."""
    import ast

    for m in (model, getattr(model, "_orig_mod", None), getattr(model, "module", None)):
        if not isinstance(m, nn.Module):
            continue
        node = forward_def(m)
        if node is None:
            continue
        for n in ast.walk(node):
            if isinstance(n, ast.Call):
                f = n.func
                name = f.attr if isinstance(f, ast.Attribute) else \
                    f.id if isinstance(f, ast.Name) else ""
                if name in _AXIS_MOVES:
                    return True
            elif isinstance(n, ast.Attribute) and n.attr in ("mT", "T"):
                return True
    return False


def forward_def(model: nn.Module) -> Any:
    """The ``ast.FunctionDef`` of ``type(model).forward`` (user code), or ``None`` when its
    source is not available. Cached per class and code object."""
    import ast
    import inspect
    import textwrap

    model = real_module(model)[0]     # the user's forward behind torch.compile / DataParallel
    fwd: Any = getattr(type(model), "forward", None)
    code = getattr(fwd, "__code__", None)
    if code is None:
        return None
    key = (id(type(model)), id(code))
    hit = _FWD_CACHE.get(key)
    if hit is not None and hit[0] is code:  # ids may be reused after a class is freed
        return hit[1]
    node = None
    mod = getattr(type(model), "__module__", "") or ""
    if not mod.startswith("torch"):
        try:
            tree = ast.parse(textwrap.dedent(inspect.getsource(fwd)))
            if tree.body and isinstance(tree.body[0], (ast.FunctionDef, ast.AsyncFunctionDef)):
                node = tree.body[0]
        except Exception:  # noqa: BLE001 - no source (compiled, exec'd, changed file)
            node = None
    if len(_FWD_CACHE) > 512:
        _FWD_CACHE.clear()
    _FWD_CACHE[key] = (code, node)
    return node


def output_layer(model: nn.Module, _depth: int = 0) -> tuple[str, str] | None:  # noqa: C901 - one case per way a model's output can end (chain, forward's returns)
    """(label, type name) of the last operation of the model's output, when it is known:
    the last leaf of a Sequential chain (Dropout/Identity skipped), or the activation /
    submodule a custom ``forward`` returns on every path. ``None`` when unknown."""
    import ast

    chain = sequential_chain(model)
    if chain is not None:
        tail = [(n, m) for n, m in chain
                if type(m).__name__ not in ("Dropout", "Identity", "Flatten")]
        if not tail:
            return None
        label, m = tail[-1]
        return f"{label}: {type(m).__name__}", type(m).__name__
    if _depth > 3:
        return None
    model = real_module(model)[0]
    fd = forward_def(model)
    if fd is None:
        return None
    assigns: dict[str, list[ast.expr]] = {}
    returns: list[ast.expr | None] = []
    for n in ast.walk(fd):
        if isinstance(n, ast.Assign):
            for t in n.targets:
                if isinstance(t, ast.Name):
                    assigns.setdefault(t.id, []).append(n.value)
        elif isinstance(n, ast.Return):
            returns.append(n.value)
        elif isinstance(n, (ast.FunctionDef, ast.Lambda)) and n is not fd:
            return None
    if not returns:
        return None

    def kind(e: ast.expr | None, depth: int = 0) -> tuple[str, str] | None:
        if e is None or depth > 4:
            return None
        if isinstance(e, ast.Name):
            vals = assigns.get(e.id)
            # only a name assigned exactly once is followed (no branches to reason about)
            return kind(vals[0], depth + 1) if vals and len(vals) == 1 else None
        if not isinstance(e, ast.Call):
            return None
        f = e.func
        if isinstance(f, ast.Attribute):
            if isinstance(f.value, ast.Name) and f.value.id == "self":
                sub = model._modules.get(f.attr)
                if sub is None:
                    return None
                inner = output_layer(sub, _depth + 1)
                if inner is None and not any(True for _ in sub.children()):
                    inner = (f"{f.attr}: {type(sub).__name__}", type(sub).__name__)
                return (f"self.{f.attr} → {inner[0]}", inner[1]) if inner else None
            k = _FUNC_KINDS.get(f.attr)
            if k:
                return f"{ast.unparse(f)}(...)", k
            if f.attr in ("view", "reshape", "squeeze", "unsqueeze", "flatten", "contiguous"):
                return kind(f.value, depth + 1)
            return None
        if isinstance(f, ast.Name) and f.id in _FUNC_KINDS:
            return f"{f.id}(...)", _FUNC_KINDS[f.id]
        return None

    kinds = {kind(r) for r in returns}
    if len(kinds) == 1:
        k = kinds.pop()
        return k
    return None


def has_mode_layers(model: nn.Module) -> list[str]:
    """Type names of the layers that behave differently in train and eval mode."""
    out = []
    for m in model.modules():
        if isinstance(m, (nn.modules.dropout._DropoutNd, nn.modules.batchnorm._BatchNorm)):
            n = type(m).__name__
            if n not in out:
                out.append(n)
    return out


def trainable_param_ids(model: nn.Module) -> set[int]:
    return set(_structure(model, "trainable",
                          lambda m: {id(p) for p in m.parameters() if p.requires_grad}))


def ordered_sample(t: torch.Tensor, k: int = 4096) -> Any:
    """Up to ``k`` values of a plain CPU tensor, evenly spaced and in order (numpy), or
    ``None`` when its values may not be read."""
    if not _plain(t) or t.numel() == 0:
        return None
    with torch.no_grad():
        flat = t.detach().reshape(-1)
        idx = torch.from_numpy(sample_indices(np, flat.numel(), k))
        s = flat[idx]
        if s.dtype in (torch.bfloat16, torch.float16, torch.bool):
            s = s.float()
        return s.numpy()


def first_weight_layer(model: nn.Module) -> tuple[str, nn.Module] | None:
    """The first Linear/Conv a Sequential chain applies; for other models the first one
    registered (usually the input layer)."""
    chain = sequential_chain(model)
    leaves = chain if chain is not None else leaf_modules(model)
    for n, m in leaves:
        if weight_of(m) is not None:
            return n, m
        if isinstance(m, (nn.Linear, nn.modules.conv._ConvNd)) or \
                type(m).__name__.startswith("Lazy"):
            return None  # a lazy (not yet built) input layer
    return None


def param_dtype(model: nn.Module) -> str | None:
    for p in model.parameters():
        if isinstance(p, nn.parameter.UninitializedParameter):
            return None
        return dtype_name(p)
    return None


# -- the straight-line computation of a custom forward ------------------------------------

#: functional calls that are linear in the tensor (do not add a non-linearity)
_LINEAR_FUNCS = {"view", "reshape", "flatten", "squeeze", "unsqueeze", "contiguous",
                 "dropout", "permute", "transpose", "avg_pool1d", "avg_pool2d", "avg_pool3d",
                 "float", "to", "type"}


def forward_chain(model: nn.Module) -> list[tuple[str, Any]] | None:  # noqa: C901 - one case per statement form of a straight-line forward
    """The order in which a custom ``forward`` applies its submodules and functions, when
    it is a straight line over one tensor (``x = self.fc1(x); x = self.fc2(x); return
    x``, or nested ``self.fc2(F.relu(self.fc1(x)))``). Items are (label, module) for a
    submodule leaf (Sequential submodules expanded), (label, "act") for a functional
    non-linearity, (label, "linear") for a reshape/dropout-like call, and (label, None)
    for anything else (a barrier: unknown call, arithmetic, branch). ``None`` when there
    is no source or the forward is not one straight line."""
    import ast

    model = real_module(model)[0]
    fd = forward_def(model)
    if fd is None or len(fd.args.args) < 2:
        return None
    var = fd.args.args[1].arg
    out: list[tuple[str, Any]] = []

    def expr(e: ast.expr) -> bool:
        """Append the ops of ``e`` (innermost first); False when ``e`` is not a chain
        over ``var``."""
        if isinstance(e, ast.Name):
            return e.id == var
        if not isinstance(e, ast.Call):
            return False
        f = e.func
        if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and \
                f.value.id == "self":
            sub = model._modules.get(f.attr)
            if sub is None or len(e.args) != 1 or e.keywords:
                return False
            if not expr(e.args[0]):
                return False
            chain = sequential_chain(sub) if isinstance(sub, nn.Sequential) else None
            if chain is not None:
                # a Sequential submodule is its own unit (encoder → decoder: a deliberate
                # linear bottleneck between two blocks is not judged across them)
                out.append((f"self.{f.attr}", None))
                out.extend((f"self.{f.attr}[{n}]" if n.isdigit() else f"self.{f.attr}.{n}",
                            m) for n, m in chain)
                out.append((f"self.{f.attr}", None))
            elif any(True for _ in sub.children()):
                out.append((f"self.{f.attr}", None))
            else:
                out.append((f"self.{f.attr}", sub))
            return True
        if isinstance(f, ast.Attribute) and not (isinstance(f.value, ast.Name)
                                                 and f.value.id in ("F", "torch", "nn",
                                                                    "functional")):
            # a method of the tensor: x.view(...), x.relu()
            if not expr(f.value):
                return False
            name = f.attr
        else:
            name = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", "")
            if not e.args or not expr(e.args[0]):
                return False
        label = ast.unparse(f) if hasattr(ast, "unparse") else name
        if name in _FUNC_KINDS or name in ("gelu", "elu", "leaky_relu", "silu", "selu",
                                           "softplus", "mish", "hardtanh", "relu6",
                                           "relu_", "tanh_", "sigmoid_", "glu", "celu",
                                           "max_pool1d", "max_pool2d", "max_pool3d"):
            out.append((label, "act"))
        elif name in _LINEAR_FUNCS:
            out.append((label, "linear"))
        else:
            out.append((label, None))
        return True

    body = fd.body
    if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
        body = body[1:]  # docstring
    for st in body:
        if isinstance(st, ast.Assign) and len(st.targets) == 1 and \
                isinstance(st.targets[0], ast.Name) and st.targets[0].id == var:
            if not expr(st.value):
                return None
        elif isinstance(st, ast.Return) and st.value is not None:
            if not expr(st.value):
                return None
            return out
        else:
            return None
    return None


def model_state(model: nn.Module) -> tuple[int, int, int, int]:
    """(modules, parameter tensors, parameter elements, weights version) of a model: its
    structure, and a number that moves whenever a weight is written in place (an optimizer
    step, ``load_state_dict``, an in-place initialisation) — the sum of the parameters'
    autograd version counters. Reads no value."""
    n_mod = sum(1 for _ in model.modules())
    n_par = n_el = ver = 0
    for p in model.parameters():
        n_par += 1
        n_el += p.numel()
        ver += int(getattr(p, "_version", 0))
    return n_mod, n_par, n_el, ver


_SCHEDULERS = ((getattr(torch.optim.lr_scheduler, "LRScheduler", None)
                or torch.optim.lr_scheduler._LRScheduler),
               torch.optim.lr_scheduler.ReduceLROnPlateau)


def is_scheduler(obj: Any) -> bool:
    """A learning-rate scheduler (it holds the optimizer it was built over)."""
    return isinstance(obj, _SCHEDULERS)


def plateau_facts(obj: Any) -> dict[str, Any] | None:
    """For a ``ReduceLROnPlateau``: its ``mode`` ("min": the metric improves as it goes
    down; "max": as it goes up), ``factor``, ``patience``, the optimizer it drives, the
    learning rate the optimizer was built with and the first group's rate now; None for
    anything else. Reads stored attributes only."""
    if not isinstance(obj, torch.optim.lr_scheduler.ReduceLROnPlateau):
        return None
    opt = getattr(obj, "optimizer", None)
    groups = getattr(opt, "param_groups", None) or [{}]
    lr = groups[0].get("lr")
    lr0 = (getattr(opt, "defaults", None) or {}).get("lr")
    return {"mode": getattr(obj, "mode", None), "factor": getattr(obj, "factor", None),
            "patience": getattr(obj, "patience", None), "optimizer": opt,
            "lr": lr if isinstance(lr, (int, float)) else None,
            "lr0": lr0 if isinstance(lr0, (int, float)) else None,
            "bad_epochs": getattr(obj, "num_bad_epochs", None)}


_MOMENT_OPTIMIZERS = tuple(getattr(torch.optim, n) for n in
                           ("Adam", "AdamW", "NAdam", "RAdam", "Adamax", "SparseAdam")
                           if hasattr(torch.optim, n))
_SQUARE_OPTIMIZERS = tuple(getattr(torch.optim, n) for n in ("RMSprop", "Adagrad", "Adadelta")
                           if hasattr(torch.optim, n))


def optimizer_memory(opt: Any) -> str | None:
    """What an optimizer keeps per parameter from one step to the next (what a fresh one
    has lost): "moments" (the Adam family: running means of the gradient and of its
    square, and the step count), "squares" (RMSprop, Adagrad, Adadelta: a running sum or
    mean of squared gradients), "momentum" (SGD with ``momentum`` > 0 in a group); None
    for a plain SGD. Reads the class and the groups' settings only."""
    if isinstance(opt, _MOMENT_OPTIMIZERS):
        return "moments"
    if isinstance(opt, _SQUARE_OPTIMIZERS):
        return "squares"
    if isinstance(opt, torch.optim.SGD) and any(
            float(g.get("momentum", 0) or 0) > 0 for g in opt.param_groups):
        return "momentum"
    return None


def is_optimizer_state_dict(obj: Any) -> bool:
    """The dict ``optimizer.state_dict()`` returns (``state`` and ``param_groups``)."""
    return isinstance(obj, dict) and "state" in obj and \
        isinstance(obj.get("param_groups"), list)


# -- torch's API, for checks that must not import torch ------------------------------------

def api(path: str) -> Any:
    """The torch object at a dotted path (``"torch.load"``,
    ``"torch.nn.functional.cross_entropy"``, ``"torch.nn.DataParallel"``), or ``None`` when
    this torch has none: what ``src.resolve(name) is ...`` compares with."""
    parts = path.split(".")
    if parts[0] != "torch":
        return None
    obj: Any = torch
    for p in parts[1:]:
        obj = getattr(obj, p, None)
        if obj is None:
            return None
    return obj


def grad_enabled() -> bool:
    return torch.is_grad_enabled()


def cuda_device_count() -> int:
    """GPUs torch sees (0 without CUDA); never initialises a device context."""
    return torch.cuda.device_count() if torch.cuda.is_available() else 0


def default_collate_of(loader: Any) -> bool:
    """The loader batches with torch's default collate function (moves nothing)."""
    from torch.utils.data._utils.collate import default_collate

    return getattr(loader, "collate_fn", default_collate) is default_collate


def is_tensor_dataset(obj: Any) -> bool:
    return isinstance(obj, torch.utils.data.TensorDataset)


def is_sequential_sampler(obj: Any) -> bool:
    return isinstance(obj, torch.utils.data.SequentialSampler)


def is_weighted_sampler(obj: Any) -> bool:
    return isinstance(obj, torch.utils.data.WeightedRandomSampler)


def is_uninitialized(p: Any) -> bool:
    """A parameter of a lazy module, not materialised yet (its size is not known)."""
    return isinstance(p, nn.parameter.UninitializedParameter)


def is_module_class(cls: Any) -> bool:
    """A class (not an instance) derived from ``nn.Module``."""
    return isinstance(cls, type) and issubclass(cls, nn.Module)


def is_loss_api(obj: Any) -> bool:
    """A loss class of torch.nn or a function of torch.nn.functional."""
    if isinstance(obj, type):
        return issubclass(obj, nn.modules.loss._Loss)
    return getattr(obj, "__module__", None) == "torch.nn.functional" and callable(obj)


# -- the adapter (frameworks.base.Adapter) -----------------------------------------------

VOCAB = Vocab(
    CLASSIFICATION_LOSSES=frozenset({"CrossEntropyLoss", "NLLLoss"}),
    CLASS_INDEX_LOSSES=frozenset({"CrossEntropyLoss", "NLLLoss", "MultiMarginLoss"}),
    REGRESSION_LOSSES=frozenset({"MSELoss", "L1Loss", "SmoothL1Loss", "HuberLoss"}),
    FLOAT_TARGET_LOSSES=frozenset({"BCELoss", "BCEWithLogitsLoss", "MSELoss", "L1Loss",
                                   "SmoothL1Loss", "HuberLoss", "KLDivLoss"}),
    PROBABILITY_LOSSES=frozenset({"BCELoss", "NLLLoss", "KLDivLoss"}),
    SYMMETRIC_LOSSES=frozenset({"MSELoss", "L1Loss", "SmoothL1Loss", "HuberLoss", "mse_loss",
                                "l1_loss", "smooth_l1_loss", "huber_loss"}),
    OPTIMIZERS=frozenset({"SGD", "Adam", "AdamW", "RMSprop", "NAdam", "RAdam", "Adamax",
                          "Adagrad", "Adadelta", "ASGD", "LBFGS", "Rprop", "SparseAdam"}),
    ADAPTIVE_OPTIMIZERS=frozenset({"Adam", "AdamW", "NAdam", "RAdam", "Adamax", "RMSprop",
                                   "Adagrad", "Adadelta", "SparseAdam"}),
    NORMALISERS=frozenset({"BatchNorm1d", "BatchNorm2d", "BatchNorm3d", "SyncBatchNorm",
                           "LayerNorm", "GroupNorm", "InstanceNorm1d", "InstanceNorm2d",
                           "InstanceNorm3d", "RMSNorm", "LocalResponseNorm"}),
    ACTIVATIONS=frozenset({"ReLU", "LeakyReLU", "PReLU", "RReLU", "ELU", "SELU", "CELU",
                           "GELU", "SiLU", "Mish", "Tanh", "Sigmoid", "Softmax", "LogSoftmax",
                           "Softplus", "Hardtanh", "Hardswish", "Hardsigmoid", "ReLU6",
                           "Tanhshrink", "Softsign", "LogSigmoid", "GLU", "Threshold"}),
    WEIGHT_LAYERS=frozenset(WEIGHT_LAYERS),
    MODE_LAYERS=frozenset({"Dropout", "Dropout1d", "Dropout2d", "Dropout3d", "AlphaDropout",
                           "FeatureAlphaDropout", "BatchNorm1d", "BatchNorm2d", "BatchNorm3d",
                           "SyncBatchNorm"}),
    CROSS_ENTROPY=frozenset({"CrossEntropyLoss"}),
    LOGIT_BINARY_LOSSES=frozenset({"BCEWithLogitsLoss"}),
    PROBABILITY_BINARY_LOSSES=frozenset({"BCELoss"}),
    LOG_PROBABILITY_LOSSES=frozenset({"NLLLoss"}),
    LR_RANGE_OPTIMIZERS=frozenset({"SGD", "Adam", "AdamW", "RMSprop", "NAdam", "RAdam",
                                   "Adamax", "Adagrad"}),
    EPSILON_OPTIMIZERS=frozenset({"Adam", "AdamW", "NAdam", "RAdam", "Adamax"}),
    PLAIN_SGD=frozenset({"SGD"}),
    SEQUENTIAL_CONTAINERS=frozenset({"Sequential"}),
    VALUES_INDICES_RETURNS=frozenset({"max", "min", "sort", "topk", "kthvalue", "median",
                                      "mode", "aminmax"}),
    INDEX_SUBSETS=frozenset({"Subset"}),
    AVERAGE_POOLS=frozenset({"AvgPool1d", "AvgPool2d", "AvgPool3d"}),
    STEP_DECAY_SCHEDULERS=frozenset({"StepLR", "MultiStepLR"}),
    MILESTONE_SCHEDULERS=frozenset({"MultiStepLR"}),
    COSINE_SCHEDULERS=frozenset({"CosineAnnealingLR"}),
    EXPONENTIAL_SCHEDULERS=frozenset({"ExponentialLR"}),
    ONE_CYCLE_SCHEDULERS=frozenset({"OneCycleLR"}),
    TRANSFORMER_BLOCKS=frozenset({"TransformerEncoderLayer", "TransformerDecoderLayer",
                                  "Transformer"}),
    IMAGE_MAP_LAYERS=frozenset({"Conv2d", "ConvTranspose2d", "MaxPool2d", "AvgPool2d",
                                "AdaptiveAvgPool2d", "AdaptiveMaxPool2d", "LPPool2d",
                                "FractionalMaxPool2d", "LazyConv2d", "LazyConvTranspose2d"}),
    VOLUME_MAP_LAYERS=frozenset({"Conv3d", "ConvTranspose3d", "MaxPool3d", "AvgPool3d",
                                 "AdaptiveAvgPool3d", "AdaptiveMaxPool3d", "LPPool3d",
                                 "FractionalMaxPool3d", "LazyConv3d", "LazyConvTranspose3d"}),
    RANK_KEEPING_LAYERS=frozenset({
        *(f"{p}Pad{d}d" for p in ("Zero", "Constant", "Reflection", "Replication")
          for d in (1, 2, 3)),
        "Upsample", "PixelShuffle", "ChannelShuffle"}),
)

_conv = nn.modules.conv
_LAYER_CLASSES: tuple[tuple[Any, LayerKind], ...] = (
    # order matters where classes nest (ConvTranspose is a _ConvNd; MultiheadAttention
    # lives among the activations)
    ((nn.Linear,), LayerKind.LINEAR),   # LazyLinear too (a Linear once materialised)
    ((_conv._ConvTransposeNd,), LayerKind.CONV_TRANSPOSE),
    ((_conv._ConvNd,), LayerKind.CONV),
    ((nn.RNNBase,), LayerKind.RNN),   # RNN, LSTM, GRU (not the one-step cells)
    ((nn.Embedding, nn.EmbeddingBag), LayerKind.EMBEDDING),
    ((nn.modules.batchnorm._BatchNorm,), LayerKind.BATCH_NORM),
    ((nn.LayerNorm, nn.GroupNorm, nn.modules.instancenorm._InstanceNorm,
      nn.LocalResponseNorm, *((nn.RMSNorm,) if hasattr(nn, "RMSNorm") else ())),
     LayerKind.NORM),
    ((nn.modules.dropout._DropoutNd,), LayerKind.DROPOUT),
    ((nn.MultiheadAttention,), LayerKind.ATTENTION),
    ((nn.Softmax, nn.LogSoftmax, nn.Softmax2d, nn.Softmin), LayerKind.SOFTMAX),
    ((nn.modules.pooling._MaxPoolNd, nn.modules.pooling._AvgPoolNd,
      nn.modules.pooling._AdaptiveAvgPoolNd, nn.modules.pooling._AdaptiveMaxPoolNd,
      nn.modules.pooling._LPPoolNd, nn.FractionalMaxPool2d, nn.FractionalMaxPool3d),
     LayerKind.POOL),
    ((nn.Flatten, nn.Unflatten), LayerKind.FLATTEN),
    ((nn.Identity,), LayerKind.IDENTITY),
    ((nn.Sequential, nn.ModuleList, nn.ModuleDict), LayerKind.CONTAINER),
)
_ACTIVATION_MODULE = "torch.nn.modules.activation"


def loss_reduction(obj: Any) -> str | None:
    """A loss module's ``reduction`` ("mean", "sum", "none"; the legacy
    ``size_average=False`` is stored as "sum"), None for anything else."""
    if not is_loss(obj):
        return None
    r = getattr(obj, "reduction", None)
    return r if isinstance(r, str) else None


def loader_batch_size(obj: Any) -> int | None:
    """A DataLoader's ``batch_size`` (None with a batch_sampler or for anything else)."""
    if not is_loader(obj):
        return None
    b = getattr(obj, "batch_size", None)
    return b if isinstance(b, int) and not isinstance(b, bool) and b > 0 else None


#: every class TorchAdapter.classify knows (its kinds are decided below)
_TORCH_CLASSES = (torch.Tensor, nn.Module, torch.optim.Optimizer, torch.utils.data.DataLoader,
                  torch.utils.data.Dataset, torch.device, *_SCHEDULERS)


class TorchAdapter(BaseAdapter):
    name = "torch"
    modules = ("torch",)
    vocab = VOCAB

    def classify(self, obj: Any) -> Kind | None:
        if not isinstance(obj, _TORCH_CLASSES):
            return None     # one isinstance for the values that are not torch objects
        if is_tensor(obj):
            return Kind.TENSOR
        if is_loss(obj):
            return Kind.LOSS
        if is_module(obj):
            return Kind.MODEL
        if is_optimizer(obj):
            return Kind.OPTIMIZER
        if is_loader(obj):
            return Kind.LOADER
        if is_dataset(obj):
            return Kind.DATASET
        if type(obj) is torch.device:
            return Kind.DEVICE
        if is_scheduler(obj):
            return Kind.SCHEDULER
        return None

    def layer_kind(self, obj: Any) -> LayerKind | None:
        if not isinstance(obj, nn.Module):
            return None
        for classes, kind in _LAYER_CLASSES:
            if isinstance(obj, classes):
                return kind
        for k in type(obj).__mro__:   # ReLU, Tanh, ...: torch's own activation modules
            if k.__module__ == _ACTIVATION_MODULE:
                return LayerKind.ACTIVATION
        return None

    def summary(self, obj: Any) -> ArraySummary:
        return summary(obj)

    def probe(self) -> type | None:
        from ..runtime.torch_probe import TorchProbe

        return TorchProbe


ADAPTER = TorchAdapter()

# module-level access, for code that holds the adapter module (``frameworks.get("torch")``)
classify = ADAPTER.classify
layer_kind = ADAPTER.layer_kind
type_name = ADAPTER.type_name
framework_name = ADAPTER.framework_name
vocab = VOCAB
