"""Names resolved through imports and aliases: ``nn.CrossEntropyLoss`` → ``torch.nn.CrossEntropyLoss``.

A rule asks "is this a call of ``torch.nn.CrossEntropyLoss``?", not "is the last attribute
``CrossEntropyLoss``?" (a user class of that name, or ``from torch.nn import
CrossEntropyLoss as CE``, fools the second question). The answer comes from, in order:

1. the imports of this cell (``import torch.nn as nn``, ``from torch import nn as N``,
   ``from torch.nn import CrossEntropyLoss as CE``) and its module-level aliases of
   library names (``Dense = tf.keras.layers.Dense``), the last binding at or before the
   line asked about;
2. the live object the root name holds in the user namespace, when it is a module, a class
   or a function (what an earlier cell imported; never an attribute of a user object);
3. the imports remembered from earlier cells (by name only), when there is no namespace.

Qualified names are normalised (:func:`normalise`) so that one public spelling stands for
each thing: ``tf.keras.*``, ``tensorflow.keras.*``, ``keras.src.*``, ``tf_keras.*`` →
``keras.*``; ``keras.models.Sequential`` → ``keras.Sequential``; ``torch.nn.modules.loss.X``
→ ``torch.nn.X``; ``torch.optim.adam.Adam`` → ``torch.optim.Adam``. Nothing here imports a
framework: live objects are named through ``sys.modules`` only.
"""

from __future__ import annotations

import ast
import re
import sys
import types
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

__all__ = ["Binding", "Names", "calls_to", "canonical", "dotted", "imports_of", "normalise"]


def dotted(node: ast.AST | None) -> str | None:
    """``a.b.c`` for a Name/Attribute chain (the callee for a Call), else None."""
    if isinstance(node, ast.Call):
        node = node.func
    parts: list[str] = []
    while isinstance(node, ast.Attribute):
        parts.append(node.attr)
        node = node.value
    if isinstance(node, ast.Name):
        parts.append(node.id)
        return ".".join(reversed(parts))
    return None


# -- normalisation -----------------------------------------------------------------------
_PREFIXES = (
    ("tensorflow.python.keras.", "keras."),
    ("tensorflow.keras.", "keras."),
    ("tensorflow._api.v2.keras.", "keras."),
    ("keras._tf_keras.keras.", "keras."),
    ("tf_keras.src.", "keras."),
    ("tf_keras.", "keras."),
    ("keras.src.", "keras."),
    ("keras.api.", "keras."),
)
_EXACT = {"tensorflow.keras": "keras", "tf_keras": "keras", "keras._tf_keras.keras": "keras",
          "tensorflow.python.keras": "keras"}
#: one public spelling for names the frameworks export twice
_ALIASES = {
    "keras.models.Sequential": "keras.Sequential",
    "keras.models.Model": "keras.Model",
    "keras.layers.Input": "keras.Input",
    "keras.layers.Layer": "keras.Layer",
    "keras.engine.sequential.Sequential": "keras.Sequential",
    "keras.engine.training.Model": "keras.Model",
    "keras.engine.functional.Functional": "keras.Model",
    "torch.nn.parallel.DataParallel": "torch.nn.DataParallel",
    "torch.nn.parallel.data_parallel.DataParallel": "torch.nn.DataParallel",
    "torch.nn.parallel.distributed.DistributedDataParallel":
        "torch.nn.parallel.DistributedDataParallel",
    "torch.Tensor.to": "torch.Tensor.to",
}
_TORCH_SUB = re.compile(r"^torch\.nn\.modules\.[a-z_]+\.([A-Z]\w*)(.*)$")
_TORCH_OPTIM = re.compile(r"^torch\.optim\.(?!lr_scheduler\b)[a-z_]+\.([A-Z]\w*)(.*)$")
_TORCH_DATA = re.compile(r"^torch\.utils\.data\.[a-z_]+\.([A-Z]\w*)(.*)$")
_KERAS_DEEP = re.compile(
    r"^keras\.(layers|losses|optimizers|activations|callbacks|metrics|models|"
    r"initializers|regularizers)\.[a-z_.]+\.([A-Za-z]\w*)(.*)$")


def normalise(name: str | None) -> str | None:
    """The one public spelling of a qualified name (see the module docstring)."""
    if not name:
        return name
    if name in _EXACT:
        return _EXACT[name]
    for old, new in _PREFIXES:
        if name.startswith(old):
            name = new + name[len(old):]
            break
    if name.startswith("tensorflow.") and ".keras." in name:  # tf.compat.v2.keras...
        name = "keras." + name.split(".keras.", 1)[1]
    m = _TORCH_SUB.match(name) or _TORCH_DATA.match(name)
    if m:
        base = "torch.nn." if name.startswith("torch.nn.") else "torch.utils.data."
        name = base + m.group(1) + m.group(2)
    m = _TORCH_OPTIM.match(name)
    if m:
        name = "torch.optim." + m.group(1) + m.group(2)
    m = _KERAS_DEEP.match(name)
    if m:
        name = f"keras.{m.group(1)}.{m.group(2)}{m.group(3)}"
    for full, short in _ALIASES.items():
        if name == full or name.startswith(full + "."):
            return short + name[len(full):]
    return name


def canonical(obj: Any) -> str | None:
    """The normalised public qualified name of a live module, class or function, found
    through ``sys.modules`` only (the shortest already-imported module that exports the
    object under its name): ``torch.nn.CrossEntropyLoss``, ``keras.layers.Dense``,
    ``torch.tensor``. None for anything else (user objects are not named)."""
    try:
        if isinstance(obj, types.ModuleType):
            n = getattr(obj, "__name__", None)
            return normalise(n) if isinstance(n, str) else None
        if not isinstance(obj, (type, types.FunctionType, types.BuiltinFunctionType)):
            return None
        mod = getattr(obj, "__module__", None)
        name = getattr(obj, "__name__", None)
        qn = getattr(obj, "__qualname__", None) or name
        if not isinstance(mod, str) or not isinstance(name, str):
            return None
        if mod in ("__main__", "builtins"):
            return None
        parts = mod.split(".")
        for i in range(1, len(parts) + 1):
            m = sys.modules.get(".".join(parts[:i]))
            if m is not None and getattr(m, name, None) is obj:
                return normalise(".".join(parts[:i]) + "." + name)
        return normalise(f"{mod}.{qn}") if isinstance(qn, str) and "<" not in qn else None
    except Exception:  # noqa: BLE001 - an odd object is simply not named
        return None


# -- bindings ----------------------------------------------------------------------------
@dataclass(frozen=True)
class Binding:
    """A name bound to a qualified name by an import (or a library alias) of a cell."""

    name: str        # the local name: "nn", "N", "CE", "tf"
    target: str      # normalised qualified name: "torch.nn", "torch.nn.CrossEntropyLoss"
    line: int        # 1-based line of the cell (0 when remembered from an earlier cell)


def imports_of(tree: ast.AST | None) -> list[Binding]:
    """Bindings made by the import statements in ``tree`` (any depth), in source order.
    ``import torch.nn`` binds ``torch``; relative and ``*`` imports bind nothing."""
    out: list[Binding] = []
    if tree is None:
        return out
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for a in node.names:
                if a.asname:
                    out.append(Binding(a.asname, normalise(a.name) or a.name, node.lineno))
                else:
                    root = a.name.split(".")[0]
                    out.append(Binding(root, normalise(root) or root, node.lineno))
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for a in node.names:
                if a.name == "*":
                    continue
                full = normalise(f"{node.module}.{a.name}") or a.name
                out.append(Binding(a.asname or a.name, full, node.lineno))
    out.sort(key=lambda b: b.line)
    return out


class Names:
    """Name resolution for one cell. ``ns``: the user namespace (live objects, read only);
    ``earlier``: name → qualified name remembered from earlier cells' imports."""

    def __init__(self, tree: ast.AST | None, ns: dict[str, Any] | None = None,
                 earlier: dict[str, str] | None = None) -> None:
        self.tree = tree
        self.ns = ns if ns is not None else {}
        self.earlier = dict(earlier or {})
        self.bindings: dict[str, list[Binding]] = {}
        for b in imports_of(tree):
            self.bindings.setdefault(b.name, []).append(b)
        self._aliases(tree)

    def _aliases(self, tree: ast.AST | None) -> None:
        """``Dense = tf.keras.layers.Dense`` at module level: an alias of a library name;
        a class or function the cell defines is the user's (``__main__.Name``)."""
        if not isinstance(tree, ast.Module):
            return
        for st in tree.body:
            if isinstance(st, (ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)):
                self.bindings.setdefault(st.name, []).append(
                    Binding(st.name, f"__main__.{st.name}", st.lineno))
                continue
            if isinstance(st, ast.Assign) and len(st.targets) == 1 and \
                    isinstance(st.targets[0], ast.Name) and \
                    isinstance(st.value, (ast.Name, ast.Attribute)):
                q = self.qualname(st.value, st.lineno)
                if q:
                    self.bindings.setdefault(st.targets[0].id, []).append(
                        Binding(st.targets[0].id, q, st.lineno))

    # -- queries -----------------------------------------------------------------------
    def root(self, name: str, line: int | None = None) -> str | None:
        """The qualified name a bare name stands for, or None (a user variable, unknown)."""
        bs = self.bindings.get(name)
        if bs:
            before = [b for b in bs if line is None or b.line <= line]
            return (before or bs)[-1].target
        if name in self.ns:
            return canonical(self.ns[name])
        return self.earlier.get(name)

    def qualname(self, node: ast.AST | str | None, line: int | None = None) -> str | None:
        """The normalised qualified name of a Name/Attribute chain (or a Call's callee, or
        a dotted string): ``nn.CrossEntropyLoss`` → ``torch.nn.CrossEntropyLoss``. None
        when the root is not a module, class or function (``model.fit``)."""
        d = node if isinstance(node, str) else dotted(node)
        if not d:
            return None
        if line is None and isinstance(node, ast.AST):
            line = getattr(node, "lineno", None)
        head, _, rest = d.partition(".")
        base = self.root(head, line)
        if base is None:
            return None
        full = normalise(f"{base}.{rest}" if rest else base)
        # a class/function reached through a module of the namespace gets its public name
        # (``from keras import models; models.Sequential``): canonical() of the live object
        if rest and head not in self.bindings and head in self.ns:
            obj = _walk(self.ns[head], rest.split("."))
            if obj is not None:
                return canonical(obj) or full
        return full

    def is_(self, node: ast.AST | str | None, *qualnames: str) -> bool:
        q = self.qualname(node)
        return q is not None and q in {normalise(n) for n in qualnames}

    def matches(self, node: ast.AST | str | None, *qualnames: str) -> bool:
        """Does ``node`` (a Name/Attribute chain, or a Call's callee) stand for one of
        ``qualnames``? Resolved when its root resolves (``CE`` imported as
        ``torch.nn.CrossEntropyLoss`` matches; a user class ``CrossEntropyLoss`` does
        not); when the root is unknown (never imported, not in the namespace), by the
        last name, as the rules compared before names were resolved."""
        d = node if isinstance(node, str) else dotted(node)
        if not d:
            return False
        want = {normalise(n) for n in qualnames}
        head = d.split(".")[0]
        if head in self.bindings or head in self.ns or head in self.earlier:
            return self.qualname(node) in want
        last = d.rsplit(".", 1)[-1]
        return any(w.rsplit(".", 1)[-1] == last for w in want if w)

    def calls_to(self, qualnames: str | Iterable[str], tree: ast.AST | None = None
                 ) -> list[ast.Call]:
        """Calls in ``tree`` (default: the cell) of any of ``qualnames``, in source order."""
        want = {normalise(qualnames)} if isinstance(qualnames, str) else \
            {normalise(q) for q in qualnames}
        t = tree if tree is not None else self.tree
        if t is None:
            return []
        out = [n for n in ast.walk(t) if isinstance(n, ast.Call) and self.qualname(n) in want]
        out.sort(key=lambda n: (n.lineno, n.col_offset))
        return out

    def exported(self) -> dict[str, str]:
        """name → qualified name of this cell's imports, to remember for later cells."""
        return {n: bs[-1].target for n, bs in self.bindings.items()}


def _walk(obj: Any, parts: list[str]) -> Any:
    """Attributes of modules and classes only, read from their ``__dict__`` (never a user
    object's property, never a module's lazy ``__getattr__`` that would import
    ``tf.keras``)."""
    for p in parts:
        if not isinstance(obj, (types.ModuleType, type)):
            return None
        try:
            d = vars(obj)
            if p not in d and isinstance(obj, type):
                obj = next((vars(k)[p] for k in obj.__mro__ if p in vars(k)), None)
            else:
                obj = d.get(p)
        except Exception:  # noqa: BLE001
            return None
    return obj if isinstance(obj, (types.ModuleType, type, types.FunctionType,
                                   types.BuiltinFunctionType)) else None


def calls_to(tree: ast.AST | None, qualnames: str | Iterable[str],
             names: Names | None = None) -> list[ast.Call]:
    """Calls of ``qualnames`` in ``tree``, resolved through its own imports (or ``names``)."""
    return (names or Names(tree)).calls_to(qualnames, tree)
