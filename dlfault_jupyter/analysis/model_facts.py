"""Model facts of a live model object: the real module behind wrappers, its structure, its
output layer, output activation and units.

* :func:`unwrap`: ``torch.compile``'s ``OptimizedModule`` (``_orig_mod``),
  ``nn.DataParallel`` / ``DistributedDataParallel`` (``.module``), FSDP, nested in any
  order, read from the module's ``_modules`` dict (no property is called);
* :func:`model_facts`: :class:`ModelFacts` for a PyTorch module or a Keras model
  (Sequential, functional or subclassed), through the framework adapters.

Never imports a framework the user has not imported (a type is matched by its module and
class name, an adapter is asked only when its framework is in ``sys.modules``) and never
changes the model: no forward pass, no ``.train()``/``.eval()``, no build.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from typing import Any

from .. import frameworks
from ..frameworks import type_name

#: wrapper classes (module prefix, class name) → (attribute in ``_modules``, label)
WRAPPERS: dict[tuple[str, str], tuple[str, str]] = {
    ("torch._dynamo", "OptimizedModule"): ("_orig_mod", "torch.compile"),
    ("torch.nn.parallel", "DataParallel"): ("module", "DataParallel"),
    ("torch.nn.parallel", "DistributedDataParallel"): ("module", "DistributedDataParallel"),
    ("torch.distributed.fsdp", "FullyShardedDataParallel"):
        ("_fsdp_wrapped_module", "FullyShardedDataParallel"),
}


def _wrapper_of(obj: Any) -> tuple[str, str] | None:
    try:
        mro = type(obj).__mro__
    except Exception:  # noqa: BLE001
        return None
    for c in mro:
        mod = getattr(c, "__module__", "") or ""
        for (prefix, name), how in WRAPPERS.items():
            if c.__name__ == name and (mod == prefix or mod.startswith(prefix + ".")):
                return how
    return None


def unwrap(obj: Any, max_depth: int = 6) -> tuple[Any, tuple[str, ...]]:
    """(the real module, wrapper labels outermost first): ``torch.compile(nn.DataParallel
    (net))`` → ``(net, ("torch.compile", "DataParallel"))``. Objects that are not wrappers
    come back as they are, with ``()``."""
    labels: list[str] = []
    for _ in range(max_depth):
        how = _wrapper_of(obj)
        if how is None:
            break
        try:
            inner = vars(obj).get("_modules", {}).get(how[0])
        except Exception:  # noqa: BLE001
            inner = None
        if inner is None:
            break
        labels.append(how[1])
        obj = inner
    return obj, tuple(labels)


#: torch's calls that wrap a module into one that calls it (the same model, wrapped)
WRAPPING_CALLS = ("torch.compile", "torch.nn.DataParallel",
                  "torch.nn.parallel.DistributedDataParallel")


def is_wrapping_call(src: Any, node: Any) -> bool:
    """``torch.compile(m, ...)``, ``nn.DataParallel(m)``, ``DistributedDataParallel(m)``
    (under any import alias) in the cell's source: a call that returns the same model
    wrapped, not another model and not a training of it."""
    import ast

    from ..source.facts import dotted
    if not isinstance(node, ast.Call) or not node.args:
        return False
    t = frameworks.get("torch")
    d = dotted(node.func)
    if t is None or d is None:
        return False
    obj = src.resolve(d)
    return obj is not None and any(obj is t.api(p) for p in WRAPPING_CALLS)


def rewraps(src: Any, target: str | None, value: Any) -> bool:
    """``model = torch.compile(model)`` / ``model = nn.DataParallel(model)``: an assignment
    that binds the model a name already holds, wrapped, to the same name."""
    import ast
    return bool(target) and is_wrapping_call(src, value) and \
        isinstance(value.args[0], ast.Name) and value.args[0].id == target


def real_module(obj: Any) -> tuple[Any, str]:
    """(the real module, the attribute path to it, "" or e.g. "_orig_mod.module.")."""
    path = ""
    for _ in range(6):
        how = _wrapper_of(obj)
        if how is None:
            break
        try:
            inner = vars(obj).get("_modules", {}).get(how[0])
        except Exception:  # noqa: BLE001
            inner = None
        if inner is None:
            break
        path += how[0] + "."
        obj = inner
    return obj, path


def output_layer(obj: Any) -> tuple[str, str] | None:
    """The torch adapter's ``output_layer`` (label, class name) of the real module behind
    ``torch.compile`` / DataParallel / DDP; a layer path in the label gets the wrappers'
    attributes (``module.3: Softmax``), so that messages name a reachable module."""
    t = frameworks.get("torch")
    if t is None:
        return None
    real, path = real_module(obj)
    out = t.output_layer(real)
    if out is None or not path:
        return out
    label, kind = out
    name, sep, rest = label.partition(": ")
    if sep and re.fullmatch(r"[\w.]+", name):
        label = f"{path}{name}: {rest}"
    return label, kind


def framework_of(obj: Any) -> str | None:
    """"torch" or "keras" from the object's class (only frameworks already imported)."""
    try:
        mods = [getattr(c, "__module__", "") or "" for c in type(obj).__mro__]
    except Exception:  # noqa: BLE001
        return None
    roots = {m.split(".")[0] for m in mods}
    if "torch" in roots and "torch" in sys.modules:
        return "torch"
    if roots & {"keras", "tf_keras", "tensorflow"} and (
            "keras" in sys.modules or "tensorflow" in sys.modules):
        return "keras"
    return None


@dataclass(frozen=True)
class ModelFacts:
    """What the output of a model is, read from its structure (never by calling it).

    ``structure``: "sequential" | "functional" | "subclassed" | "module" (a torch module
    with its own ``forward``); ``output``: a label of the layer producing the output;
    ``output_kind``: its class name ("Linear", "Dense", "Softmax", "Conv2d");
    ``activation``: "softmax", "log_softmax", "sigmoid", "linear" (none), ... or None
    when unknown; ``units``: the output width when known; ``exact``: the structure
    says so (False: a guess from a subclassed Keras model's layer order)."""

    framework: str
    wrappers: tuple[str, ...]
    structure: str
    output: str | None = None
    output_kind: str | None = None
    activation: str | None = None
    units: int | None = None
    exact: bool = True
    module: Any = field(default=None, compare=False, repr=False)


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


#: torch output kinds that are activations, by class name
_TORCH_ACT = {"Softmax": "softmax", "LogSoftmax": "log_softmax", "Sigmoid": "sigmoid",
              "Tanh": "tanh", "ReLU": "relu", "Softmax2d": "softmax", "LogSigmoid":
              "log_sigmoid", "Softplus": "softplus"}


def model_facts(obj: Any) -> ModelFacts | None:
    """Facts of a live PyTorch or Keras model, or None (not a model, framework not
    imported, or nothing known)."""
    real, wrappers = unwrap(obj)
    fw = framework_of(real)
    if fw == "torch":
        return _torch(real, wrappers)
    if fw == "keras":
        return _keras(real, wrappers)
    return None


def _torch(m: Any, wrappers: tuple[str, ...]) -> ModelFacts | None:
    t = frameworks.get("torch")
    if t is None or not t.is_module(m):
        return None
    chain = t.sequential_chain(m)
    structure = "sequential" if chain is not None else "module"
    out = t.output_layer(m)
    label, kind = out if out else (None, None)
    act = None
    if kind is not None:
        act = _TORCH_ACT.get(kind) or ("linear" if kind in ("Linear", "Bilinear",
                                                            "LazyLinear") else None)
    units = None
    if chain:
        for _n, sub in reversed(chain):
            w = vars(sub).get("out_features")
            if isinstance(w, int):
                units = w
                break
            if type_name(sub) not in _TORCH_ACT and type_name(sub) not in (
                    "Dropout", "Identity", "Flatten"):
                break
    return ModelFacts("torch", wrappers, structure, label, kind, act, units, True, m)


def _keras(m: Any, wrappers: tuple[str, ...]) -> ModelFacts | None:
    k = frameworks.get("keras")
    if k is None or not k.is_model(m):
        return None
    names = [c.__name__ for c in type(m).__mro__]
    if "Sequential" in names:
        structure = "sequential"
    elif k.is_graph_model(m):
        structure = "functional"
    else:
        structure = "subclassed"
    head = keras_head(m)
    if head is not None:
        return ModelFacts("keras", wrappers, structure, head.name,
                          type_name(head.layer), head.activation, head.units, True, m)
    if structure == "subclassed":
        # the layers in the order they were assigned: the last Dense is a guess at the head
        layers = k.layers_of(m)
        for layer in reversed(layers):
            units = getattr(layer, "units", None)
            if isinstance(units, int):
                act = k.activation_name(getattr(layer, "activation", None)) or "linear"
                return ModelFacts("keras", wrappers, structure, getattr(layer, "name", None),
                                  type_name(layer), act, units, False, m)
    return ModelFacts("keras", wrappers, structure, module=m)


# -- the output layer of a subclassed Keras model, read from its ``call`` ----------------------

#: activation functions applied to a layer's output in ``call`` (last name of the callee,
#: whose root is a Keras/TensorFlow module): ``tf.nn.softmax(self.out(h))``
_KERAS_ACT_FNS = {"softmax": "softmax", "sigmoid": "sigmoid", "log_softmax": "log_softmax",
                  "tanh": "tanh", "relu": "relu"}
_MAX_HOPS = 12


def keras_head(model: Any) -> Any:
    """The adapter's output ``Head`` of a Keras model: for a Sequential/functional model
    the adapter's own answer; for a subclassed model (``class Net(keras.Model)``) the layer
    that every ``return`` of the user's ``call`` comes from, through local assignments,
    pass-through layers (Dropout, ...) and activation functions (``tf.nn.softmax``,
    ``keras.ops.sigmoid``); None when that is not one Dense layer for certain. Reads the
    method's source and the model's attributes; never calls or builds the model."""
    k = frameworks.get("keras")
    if k is None or not k.is_model(model):
        return None
    if k.is_graph_model(model):
        return k.output_head(model)
    fn, glb = _user_call(model)
    if fn is None:
        return None
    node = fn.node
    found: list[tuple[Any, str | None]] = []
    for ret in _returns(fn):
        got = _head_expr(k, model, (node, glb), ret.value, ret.lineno, 0)
        if got is None:
            return None
        found.append(got)
    if not found or any(f[0] is not found[0][0] for f in found) or \
            len({f[1] for f in found}) != 1:
        return None
    layer, attr_act = found[0]
    units = getattr(layer, "units", None)
    own = k.activation_name(getattr(layer, "activation", None)) or "linear"
    eff = attr_act if attr_act is not None and own == "linear" else own
    head = k.Head(layer, units, eff, [])
    head.name = _attr_name(model, layer) or head.name
    return head


def _user_call(model: Any) -> tuple[Any, dict[str, Any]]:
    """(the ``call`` the model runs, as a ``user_classes.Method``, its globals), or
    (None, {}) when the first ``call`` of the class hierarchy is not the notebook's."""
    from .user_classes import method_of
    m = method_of(None, model, "call")
    if m is None or not m.in_notebook:
        return None, {}
    return m, m.names.ns


def _returns(fn: Any) -> list[Any]:
    """The ``return`` statements of the method's own body; none when one is bare."""
    return [] if any(r.value is None for r in fn.returns) else list(fn.returns)


def _attr_name(model: Any, layer: Any) -> str | None:
    try:
        for name, val in vars(model).items():
            if val is layer and not name.startswith("_"):
                return f"self.{name}"
    except Exception:  # noqa: BLE001
        return None
    return None


def _last_assign(fn: Any, name: str, line: int) -> Any:
    """The assignment that last gave ``name`` a value before ``line`` in the function
    ``fn`` (a plain assignment); None when there is none or it is not plain."""
    import ast
    best = None
    for n in ast.walk(fn):
        if isinstance(n, (ast.AugAssign, ast.AnnAssign)) and isinstance(n.target, ast.Name) \
                and n.target.id == name and n.lineno < line:
            return None
        if isinstance(n, ast.Assign) and n.lineno < line:
            names = [t for t in n.targets if isinstance(t, ast.Name) and t.id == name]
            if not names:
                if any(isinstance(e, ast.Name) and e.id == name
                       for t in n.targets for e in ast.walk(t)):
                    return None
                continue
            if best is None or n.lineno > best.lineno:
                best = n
    return best


def _head_expr(k: Any, model: Any, where: tuple[Any, dict[str, Any]], e: Any, line: int,
               hops: int) -> tuple[Any, str | None] | None:
    """(Dense layer, activation applied after it or None) that ``e`` comes from."""
    import ast
    fn, glb = where
    if hops > _MAX_HOPS or e is None:
        return None
    if isinstance(e, ast.Name):
        a = _last_assign(fn, e.id, line)
        return _head_expr(k, model, where, a.value, a.lineno, hops + 1) if a else None
    if not isinstance(e, ast.Call) or not e.args:
        return None
    f = e.func
    if isinstance(f, ast.Attribute) and isinstance(f.value, ast.Name) and f.value.id == "self":
        try:
            layer = vars(model).get(f.attr)
        except Exception:  # noqa: BLE001
            layer = None
        if layer is None or not k.is_layer(layer):
            return None
        cls = type_name(layer)
        if cls in ("Dense", "EinsumDense") and isinstance(getattr(layer, "units", None), int):
            return layer, None
        if cls in k._PASS_THROUGH:
            return _head_expr(k, model, where, e.args[0], line, hops + 1)
        if cls in ("Softmax", "Activation"):
            act = "softmax" if cls == "Softmax" else k.activation_name(
                getattr(layer, "activation", None))
            inner = _head_expr(k, model, where, e.args[0], line, hops + 1)
            return (inner[0], inner[1] or act) if inner is not None else None
        return None
    parts: list[str] = []
    while isinstance(f, ast.Attribute):
        parts.append(f.attr)
        f = f.value
    if not isinstance(f, ast.Name):
        return None
    root = glb.get(f.id)
    if parts:     # tf.nn.softmax(...), keras.ops.sigmoid(...): a module's function
        act, rname = parts[0], getattr(root, "__name__", "")
    else:         # from keras.activations import softmax; softmax(...)
        act, rname = getattr(root, "__name__", ""), getattr(root, "__module__", "")
    if act in _KERAS_ACT_FNS and isinstance(rname, str) and \
            rname.split(".")[0] in ("keras", "tensorflow", "tf_keras"):
        inner = _head_expr(k, model, where, e.args[0], line, hops + 1)
        return (inner[0], inner[1] or _KERAS_ACT_FNS[act]) if inner is not None else None
    return None
