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
    for st in ast.walk(tree):
        if not isinstance(st, ast.ClassDef):
            continue
        cls = ctx.user_ns.get(st.name)
        if not k.is_layer_class(cls):
            continue
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
