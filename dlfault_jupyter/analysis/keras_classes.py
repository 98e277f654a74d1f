"""The user's Keras ``Layer``/``Model`` subclasses of a cell: the class statement and the
live class it defined, with their methods (``call``, ``build``, ``train_step``...).

A class counts when the name it binds in the namespace is a class deriving from
``keras.layers.Layer`` (asked of the framework adapter), so aliases of the base class and
intermediate user bases are understood without reading the ``class`` line's spelling.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from .. import frameworks


@dataclass(frozen=True)
class KerasClass:
    node: ast.ClassDef
    cls: Any
    is_model: bool

    def method(self, name: str) -> ast.FunctionDef | ast.AsyncFunctionDef | None:
        for st in self.node.body:
            if isinstance(st, (ast.FunctionDef, ast.AsyncFunctionDef)) and st.name == name:
                return st
        return None


def keras_classes(ctx: Any) -> Iterator[KerasClass]:
    """The Keras Layer/Model subclasses defined in this cell (top-level class statements)."""
    k = frameworks.get("keras")
    tree = getattr(ctx.source, "tree", None)
    if k is None or tree is None:
        return
    mem = getattr(ctx, "memory", None)
    seen = mem.setdefault("analysis.keras_class_source", {}) if isinstance(mem, dict) \
        else {}
    for st in ast.walk(tree):
        if not isinstance(st, ast.ClassDef):
            continue
        cls = ctx.user_ns.get(st.name)
        if not k.is_layer_class(cls):
            continue
        seen.pop(st.name, None)   # remembered (text only) for the cells that use it later
        seen[st.name] = ast.unparse(st)
        while len(seen) > 128:
            seen.pop(next(iter(seen)))
        km = k._keras()
        try:
            is_model = km is not None and issubclass(cls, km.Model)
        except Exception:  # noqa: BLE001
            is_model = False
        yield KerasClass(st, cls, is_model)


def own_calls(fn: ast.AST) -> Iterator[ast.Call]:
    """Calls in a method's body, not those of functions nested in it."""
    todo = list(ast.iter_child_nodes(fn))
    while todo:
        n = todo.pop()
        if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            continue
        if isinstance(n, ast.Call):
            yield n
        todo.extend(ast.iter_child_nodes(n))


_SOURCE_CACHE: dict[int, KerasClass | None] = {}


def keras_class_of(ctx: Any, obj: Any) -> KerasClass | None:
    """The class statement of a user Layer/Model instance: from this cell's source when the
    class is defined here, else from the source IPython keeps for the cell that defined it
    (``inspect.getsource``); None for library classes or when no source is kept."""
    import inspect
    import textwrap

    cls = type(obj)
    for kc in keras_classes(ctx):
        if kc.cls is cls:
            return kc
    mod = getattr(cls, "__module__", "") or ""
    if mod.split(".", 1)[0] in ("keras", "tensorflow", "tf_keras"):
        return None
    if id(cls) in _SOURCE_CACHE:
        hit = _SOURCE_CACHE[id(cls)]
        return hit if hit is not None and hit.cls is cls else None
    mem = getattr(ctx, "memory", None)
    kept = (mem or {}).get("analysis.keras_class_source", {}) if isinstance(mem, dict) \
        else {}
    name = getattr(cls, "__qualname__", None)
    kc2: KerasClass | None = None
    try:
        text = kept.get(name) if isinstance(name, str) and name in kept else \
            inspect.getsource(cls)
        tree = ast.parse(textwrap.dedent(str(text or "")))
        node = next((n for n in tree.body if isinstance(n, ast.ClassDef)), None)
        if node is not None:
            kc2 = KerasClass(node, cls, False)
    except (OSError, TypeError, SyntaxError):
        kc2 = None
    if kc2 is not None:
        if len(_SOURCE_CACHE) > 256:
            _SOURCE_CACHE.clear()
        _SOURCE_CACHE[id(cls)] = kc2
    return kc2
