"""What a Keras preprocessing layer's ``adapt`` was given: the data variables its argument
is built from (``np.concatenate([X_train, X_test])``, ``train_ds.concatenate(test_ds)``,
a name this cell assigned from such an expression), so rules can tell a layer adapted on
held-out data. Pure AST plus the adapter's ``adapt_learns``; no framework import.
"""

from __future__ import annotations

import ast
import importlib
from dataclasses import dataclass
from typing import Any

from .. import frameworks
from ..context import CellContext


@dataclass
class Adapt:
    layer: str            # the receiver's name: "normalizer"
    learns: str           # "moments" | "vocabulary" | "bins"
    line: int
    arg: ast.expr
    sources: list[str]    # data variables the argument is built from, in order


def _data_names(ctx: CellContext, node: ast.AST, assigned: dict[str, ast.expr],
                depth: int = 0) -> list[str]:
    """Names of namespace values (not modules, functions or classes) read by ``node``,
    through this cell's earlier assignments; lambdas and comprehensions are not entered."""
    out: list[str] = []
    stack: list[ast.AST] = [node]
    while stack:
        n = stack.pop(0)
        if isinstance(n, (ast.Lambda, ast.ListComp, ast.GeneratorExp, ast.SetComp,
                          ast.DictComp)):
            continue
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load):
            if n.id in assigned and depth < 3:
                out += _data_names(ctx, assigned[n.id], {}, depth + 1)
                continue
            v = ctx.user_ns.get(n.id)
            if v is not None and not callable(v) and not isinstance(v, (int, float, str)):
                out.append(n.id)
            continue
        if isinstance(n, ast.Call):
            stack.extend([*n.args, *[k.value for k in n.keywords]])
            if isinstance(n.func, ast.Attribute):
                stack.append(n.func.value)   # x.concatenate(y): the receiver is data too
            continue
        stack.extend(ast.iter_child_nodes(n))
    seen: list[str] = []
    for s in out:
        if s not in seen:
            seen.append(s)
    return seen


def adapt_calls(ctx: CellContext) -> list[Adapt]:
    """The ``<layer>.adapt(data)`` calls of this cell on Keras preprocessing layers."""
    out: list[Adapt] = []
    if frameworks.get("keras") is None or not ctx.source.ok:
        return out
    kf = importlib.import_module(f"{frameworks.__name__}.keras_fit")
    for c in ctx.source.calls_to("adapt"):
        if not c.receiver or not c.args or c.function is not None:
            continue
        learns = kf.adapt_learns(ctx.user_ns.get(c.receiver))
        if learns is None:
            continue
        assigned: dict[str, ast.expr] = {}
        for a in ctx.source.assigns:
            if a.line < c.line and isinstance(getattr(a, "target", None), str):
                assigned[a.target] = a.value
        out.append(Adapt(c.receiver, learns, c.line, c.args[0],
                         _data_names(ctx, c.args[0], assigned)))
    return out


def held_out(name: str) -> tuple[bool, bool]:
    """(a held-out split by its name, a strict test split) for a data variable's name."""
    from .roles import _is_test_name, _strict_test_name

    return _is_test_name(name), _strict_test_name(name)


def train_counterpart(ctx: CellContext, name: str) -> str | None:
    from .roles import _train_counterparts

    return next((t for t in _train_counterparts(name) if t in ctx.user_ns), None)


__all__: list[Any] = ["Adapt", "adapt_calls", "held_out", "train_counterpart"]
