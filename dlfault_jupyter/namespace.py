"""The view of the user namespace that rules see.

Only top-level variables of the user namespace are looked at (no attribute walking of
user objects beyond what adapters do on known framework types). Each value is classified
by its type once per (name, id) and the classification is cached; values of tensors and
arrays are summarised on a bounded sample by the adapters (cached by object and version).
"""

from __future__ import annotations

import sys
import types
from collections.abc import Iterator
from typing import Any

from . import frameworks

KINDS = ("model", "tensor", "array", "optimizer", "loss", "loader", "dataset", "device",
         "other")

_SKIP_TYPES = (types.ModuleType, types.FunctionType, types.BuiltinFunctionType, type,
               types.MethodType)


def _type_root(obj: Any) -> str:
    try:
        mod = type(obj).__module__
    except Exception:  # noqa: BLE001
        return ""
    return mod.split(".", 1)[0] if isinstance(mod, str) else ""


_FRAMEWORK_ROOTS = ("torch", "tensorflow", "keras", "numpy")


def _disguised(tp: type) -> bool:
    """A type whose instances answer ``isinstance`` with user code: it overrides
    ``__class__`` (proxies, mocks with a ``spec``) or ``__getattribute__``. ``isinstance``
    would run that code (which may raise, hang or lie), so such objects are never classified.
    Reads only the types' own ``__dict__``s."""
    try:
        for k in type.__getattribute__(tp, "__mro__")[:-1]:
            d = type.__getattribute__(k, "__dict__")
            if "__class__" in d or "__getattribute__" in d:
                mod = d.get("__module__")
                if not (isinstance(mod, str) and mod.split(".", 1)[0] in _FRAMEWORK_ROOTS):
                    return True
    except Exception:  # noqa: BLE001
        return True
    return False


def classify(obj: Any) -> tuple[str, str | None]:
    """(kind, framework) of a value. Only consults adapters of frameworks already imported;
    decides by the type's module first, so user objects are not probed."""
    if _disguised(type(obj)) or isinstance(obj, _SKIP_TYPES):
        return "other", None
    root = _type_root(obj)
    # torch first: user subclasses of nn.Module live in __main__, so check isinstance.
    if "torch" in sys.modules:
        t = frameworks.get("torch")
        if t.is_tensor(obj):
            return "tensor", "torch"
        if t.is_loss(obj):
            return "loss", "torch"
        if t.is_module(obj):
            return "model", "torch"
        if t.is_optimizer(obj):
            return "optimizer", "torch"
        if t.is_loader(obj):
            return "loader", "torch"
        if t.is_dataset(obj):
            return "dataset", "torch"
        if root == "torch" and type(obj).__name__ == "device":
            return "device", "torch"
    if "keras" in sys.modules or "tensorflow" in sys.modules:
        k = frameworks.get("keras")
        if k.is_model(obj):
            return "model", "keras"
        if root in ("tensorflow", "keras"):
            if k.is_tensor(obj):
                return "tensor", "tensorflow"
            if k.is_dataset(obj):
                return "loader", "tensorflow"
            if k.is_optimizer(obj):
                return "optimizer", "keras"
            if k.is_loss(obj):
                return "loss", "keras"
    if root == "numpy" and "numpy" in sys.modules:
        n = frameworks.get("numpy")
        if n.is_array(obj):
            return "array", "numpy"
    return "other", None


class Var:
    """One top-level variable of the user namespace."""

    __slots__ = ("name", "obj", "kind", "framework", "new")

    def __init__(self, name: str, obj: Any, kind: str, framework: str | None, new: bool):
        self.name, self.obj, self.kind, self.framework, self.new = name, obj, kind, framework, new

    def __repr__(self) -> str:
        return f"Var({self.name}: {self.kind}/{self.framework}{' new' if self.new else ''})"


class NamespaceView:
    """Variables of interest in the user namespace after a cell.

    ``new`` marks variables that are new or bound to a different object than after the
    previous cell.
    """

    def __init__(self, ns: dict[str, Any], hidden: set[str] | None = None,
                 previous: dict[str, int] | None = None,
                 class_cache: dict[tuple[str, int, int], tuple[str, str | None]] | None = None):
        self.ns = ns
        self.vars: dict[str, Var] = {}
        self._kind_cache: dict[tuple, tuple[Var, ...]] = {}
        self.ids: dict[str, int] = {}
        prev = previous or {}
        cache = class_cache if class_cache is not None else {}
        hidden = hidden or set()
        for name, obj in list(ns.items()):
            if name.startswith("_") or name in hidden:
                continue
            oid = id(obj)
            self.ids[name] = oid
            ck = (name, oid, id(type(obj)))
            kf = cache.get(ck)
            if kf is None:
                try:
                    kf = classify(obj)
                except Exception:  # noqa: BLE001 - odd objects are simply "other"
                    kf = ("other", None)
                cache[ck] = kf
            if kf[0] != "other":
                self.vars[name] = Var(name, obj, kf[0], kf[1], prev.get(name) != oid)
        # keep the cache bounded to live bindings
        if class_cache is not None and len(class_cache) > 4 * len(self.ids) + 256:
            live = set(self.ids.items())
            for k in [k for k in class_cache if (k[0], k[1]) not in live]:
                del class_cache[k]

    def of_kind(self, *kinds: str, framework: str | None = None) -> list[Var]:
        """Variables of these kinds (rules ask ~40 times a cell: each answer is computed
        once per view; a fresh list is returned so that callers may change it)."""
        key = (kinds, framework)
        hit = self._kind_cache.get(key)
        if hit is None:
            hit = self._kind_cache[key] = tuple(
                v for v in self.vars.values() if v.kind in kinds
                and (framework is None or v.framework == framework))
        return list(hit)

    def models(self, framework: str | None = None) -> list[Var]:
        return self.of_kind("model", framework=framework)

    def get(self, name: str | None) -> Var | None:
        return self.vars.get(name) if name else None

    def name_of(self, obj: Any) -> str | None:
        """The variable name bound to ``obj`` (first one found), if any."""
        for v in self.vars.values():
            if v.obj is obj:
                return v.name
        return None

    def __iter__(self) -> Iterator[Var]:
        return iter(self.vars.values())
