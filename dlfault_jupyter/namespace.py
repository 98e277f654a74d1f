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
from itertools import chain, compress
from operator import ne
from typing import Any

from . import frameworks
from .frameworks.base import NAMESPACE_KINDS

KINDS = ("model", "tensor", "array", "optimizer", "loss", "loader", "dataset", "device",
         "other")

_SKIP_TYPES = (types.ModuleType, types.FunctionType, types.BuiltinFunctionType, type,
               types.MethodType)


_FRAMEWORK_ROOTS = frameworks.MODULES


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
    """(kind, framework) of a value. Asks the adapters of the frameworks already imported
    (``frameworks.loaded_adapters``), in order; the first that knows the object decides.
    Kinds the view does not keep (schedulers, Keras layers, data frames) are "other"."""
    if _disguised(type(obj)) or isinstance(obj, _SKIP_TYPES):
        return "other", None
    for a in frameworks.loaded_adapters():
        kind = a.classify(obj)
        if kind is not None:
            if kind in NAMESPACE_KINDS:
                return kind.value, a.framework_of(kind)
            return "other", None
    return "other", None


class Var:
    """One top-level variable of the user namespace.

    ``obj`` is read from the namespace when asked (a view kept by the session between cells
    holds names and kinds, never user objects). ``new``: bound to a different object than
    after the previous cell (or new). ``touched``: new, or named in this cell's source (it
    may have been changed in place)."""

    __slots__ = ("name", "kind", "framework", "seq", "_ns", "_obj", "_view")

    def __init__(self, name: str, obj: Any, kind: str, framework: str | None, new: bool,
                 ns: dict[str, Any] | None = None, view: Any = None, seq: int = 0):
        self.name, self.kind, self.framework, self.seq = name, kind, framework, seq
        self._ns = ns
        self._obj = None if ns is not None else obj
        self._view = view if view is not None else bool(new)

    @property
    def obj(self) -> Any:
        if self._ns is None:
            return self._obj
        return self._ns.get(self.name)

    @property
    def new(self) -> bool:
        v = self._view
        return v if isinstance(v, bool) else self.name in v.new_names

    @property
    def touched(self) -> bool:
        v = self._view
        return v if isinstance(v, bool) else self.name in v.touched_names

    def __repr__(self) -> str:
        return f"Var({self.name}: {self.kind}/{self.framework}{' new' if self.new else ''})"


class NamespaceIndex:
    """What the session keeps of the namespace between cells: the id of each visible value,
    and the kind of the values of interest (as persistent :class:`Var` records that read
    their object from the namespace). No user object is held.

    After a cell, :meth:`update` finds the names bound to a different object with one id
    comparison per name done in C (``map``/``compress``: ~0.1 µs per unchanged name) and
    classifies only those: the cost of unchanged objects does not include classifying,
    summarising or checking them."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self.vars: dict[str, Var] = {}
        # (kind, framework) -> {name: Var}, in binding order
        self.by_kind: dict[tuple[str, str | None], dict[str, Var]] = {}
        self.new_names: frozenset[str] = frozenset()
        self.touched_names: frozenset[str] = frozenset()
        self._ns: dict[str, Any] | None = None
        self._seq = 0

    def __len__(self) -> int:
        return len(self.ids)

    def clear(self) -> None:
        self.ids.clear()
        self.vars.clear()
        self.by_kind.clear()
        self.new_names = self.touched_names = frozenset()
        self._ns = None

    def _drop(self, name: str) -> None:
        v = self.vars.pop(name, None)
        if v is not None:
            d = self.by_kind.get((v.kind, v.framework))
            if d is not None:
                d.pop(name, None)

    def update(self, ns: dict[str, Any], hidden: Any = (), mentioned: Any = ()) -> None:
        """Bring the index to the namespace after a cell. ``mentioned``: names in the
        cell's source (values possibly changed in place)."""
        prev = self.ids
        keys = list(ns)
        ids = list(map(id, ns.values()))
        changed = list(compress(keys, map(ne, map(prev.get, keys), ids)))
        cur = dict(zip(keys, ids, strict=True))
        if len(prev) + sum(1 for k in changed if k not in prev) != len(cur):
            for name in prev.keys() - cur.keys():
                self._drop(name)
        new = set()
        for name in changed:
            if name.startswith("_") or name in hidden:
                self._drop(name)
                continue
            try:
                kind, fw = classify(ns[name])
            except Exception:  # noqa: BLE001 - odd objects are simply "other"
                kind, fw = "other", None
            old = self.vars.get(name)
            if kind == "other":
                if old is not None:
                    self._drop(name)
                continue
            if old is not None and (old.kind, old.framework) == (kind, fw):
                old._ns = ns  # rebound to another object of the same kind: keeps its place
            else:
                self._drop(name)
                self._seq += 1
                v = Var(name, None, kind, fw, True, ns=ns, view=self, seq=self._seq)
                self.vars[name] = v
                self.by_kind.setdefault((kind, fw), {})[name] = v
            new.add(name)
        if ns is not self._ns:  # the shell swapped its namespace dict (rare)
            for v in self.vars.values():
                v._ns = ns
            self._ns = ns
        self.ids = cur
        self.new_names = frozenset(new)
        self.touched_names = frozenset(new.union(n for n in mentioned if n in self.vars))
        _forget_structures(self.vars, self.touched_names)


def _forget_structures(vars: dict[str, Var], touched: frozenset[str]) -> None:
    """The adapters cache the structure of a model (its leaves, its parameters); a cell
    that binds or names a model, an optimizer or a tensor may have changed one: forget."""
    fw = sys.modules.get("dlfault_jupyter.frameworks.torch")
    if fw is None or not touched:
        return
    for n in touched:
        v = vars.get(n)
        if v is not None and v.kind in ("model", "optimizer", "tensor", "loss"):
            fw.forget_structure()
            return


class NamespaceView:
    """Variables of interest in the user namespace after a cell.

    ``new`` marks variables that are new or bound to a different object than after the
    previous cell. Built from scratch (``NamespaceView(ns)``), or from the session's
    :class:`NamespaceIndex` (``NamespaceView.of_index``), whose cost does not grow with the
    objects that did not change.
    """

    def __init__(self, ns: dict[str, Any], hidden: set[str] | None = None,
                 previous: dict[str, int] | None = None,
                 class_cache: dict[tuple[str, int, int], tuple[str, str | None]] | None = None,
                 mentioned: Any = ()):
        self.ns = ns
        self._index: NamespaceIndex | None = None
        self._kind_cache: dict[tuple, tuple[Var, ...]] = {}
        self.ids: dict[str, int] = {}
        self.vars: dict[str, Var] = {}
        prev = previous or {}
        cache = class_cache if class_cache is not None else {}
        hidden = hidden or set()
        new = set()
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
                is_new = prev.get(name) != oid
                self.vars[name] = Var(name, obj, kf[0], kf[1], is_new, seq=len(self.vars))
                if is_new:
                    new.add(name)
        self.new_names = frozenset(new)
        self.touched_names = frozenset(new.union(n for n in mentioned if n in self.vars))
        _forget_structures(self.vars, self.touched_names)
        for v in self.vars.values():
            v._view = self
        # keep the cache bounded to live bindings
        if class_cache is not None and len(class_cache) > 4 * len(self.ids) + 256:
            live = set(self.ids.items())
            for k in [k for k in class_cache if (k[0], k[1]) not in live]:
                del class_cache[k]

    @classmethod
    def of_index(cls, ns: dict[str, Any], index: NamespaceIndex) -> NamespaceView:
        """A view on an index already updated for this cell (no walk of the namespace)."""
        self = cls.__new__(cls)
        self.ns = ns
        self._index = index
        self._kind_cache = {}
        self.ids = index.ids
        self.vars = index.vars
        self.new_names = index.new_names
        self.touched_names = index.touched_names
        return self

    def of_kind(self, *kinds: str, framework: str | None = None) -> list[Var]:
        """Variables of these kinds (rules ask ~40 times a cell: each answer is computed
        once per view; a fresh list is returned so that callers may change it)."""
        key = (kinds, framework)
        hit = self._kind_cache.get(key)
        if hit is None:
            if self._index is not None:
                # by kind (in the order asked), then in binding order: C-speed, no walk
                by = self._index.by_kind
                hit = tuple(chain.from_iterable(
                    d.values() for k in kinds for (k2, fw), d in list(by.items())
                    if k2 == k and (framework is None or fw == framework)))
            else:
                hit = tuple(v for v in self.vars.values() if v.kind in kinds
                            and (framework is None or v.framework == framework))
            self._kind_cache[key] = hit
        return list(hit)

    def touched(self, *kinds: str, framework: str | None = None) -> list[Var]:
        """Variables of these kinds that are new, rebound, or named in this cell's source:
        what a check of single objects needs to look at again (the rest it has seen)."""
        out = [v for v in map(self.vars.get, self.touched_names) if v is not None
               and v.kind in kinds and (framework is None or v.framework == framework)]
        out.sort(key=lambda v: v.seq)  # binding order (a set has none)
        return out

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
