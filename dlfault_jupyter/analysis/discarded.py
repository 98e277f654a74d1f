"""Calls whose result is thrown away (issue 12): an expression statement whose value is
a call (``tf.clip_by_norm(g, 1.0)`` on its own line), anywhere in the cell, user functions
and methods included. The cell's last statement is not one: IPython displays its value.

Whether dropping the result loses the call's whole effect is the rule's judgement: a call
of an out-of-place function (it returns a new value and changes nothing: ``torch.clamp``,
``tf.clip_by_value``) does nothing, a call made for its effect (``layer.adapt(ds)``,
``x.clamp_(0, 1)``, ``optimizer.step()``) is fine. :attr:`DiscardedCall.out_of_place`
answers for the functions named in :data:`OUT_OF_PLACE` (resolved through the imports);
a method of a value (``x.clip(0, 1)``) is left to the rule, which knows what ``x`` is.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from typing import Any

from ..source.facts import dotted
from .names import Names

__all__ = ["OUT_OF_PLACE", "DiscardedCall", "discarded_calls"]

#: functions that return a new value and change none of their arguments (normalised
#: qualified names, see ``analysis.names``)
OUT_OF_PLACE = frozenset({
    "torch.clamp", "torch.clip", "torch.clamp_min", "torch.clamp_max",
    "torch.nn.functional.normalize",
    "tensorflow.clip_by_value", "tensorflow.clip_by_norm", "tensorflow.clip_by_global_norm",
    "keras.ops.clip", "numpy.clip",
})


@dataclass(frozen=True)
class DiscardedCall:
    """``stmt``: the expression statement; ``node``: its call; ``name``: the callee as
    written (``tf.clip_by_norm``, ``x.clip``); ``qualname``: resolved through the imports
    (None for a method of a value or an unknown root); ``obj``: the live callee, walked
    through modules and classes only (``source.resolve``; a falsy marker when unknown)."""

    stmt: ast.Expr
    node: ast.Call
    name: str | None
    qualname: str | None
    obj: Any

    @property
    def line(self) -> int:
        return self.stmt.lineno

    @property
    def attr(self) -> str | None:
        return self.name.rsplit(".", 1)[-1] if self.name else None

    @property
    def out_of_place(self) -> bool:
        """The callee is a known function that returns its result and changes nothing
        (and no ``out=`` tells it where to write)."""
        return self.qualname in OUT_OF_PLACE and \
            not any(k.arg == "out" for k in self.node.keywords)


def discarded_calls(source: Any, names: Names | None = None) -> list[DiscardedCall]:
    """The discarded calls of a cell (``source``: its SourceFacts), in source order."""
    tree = getattr(source, "tree", None)
    if tree is None:
        return []
    names = names or Names(tree, getattr(source, "ns", None))
    shown = tree.body[-1] if tree.body else None   # the cell's value: displayed
    out = []
    for st in ast.walk(tree):
        if st is shown or not (isinstance(st, ast.Expr) and isinstance(st.value, ast.Call)):
            continue
        name = dotted(st.value.func)
        out.append(DiscardedCall(st, st.value, name,
                                 names.qualname(name, st.lineno) if name else None,
                                 source.resolve(name)))
    out.sort(key=lambda d: (d.stmt.lineno, d.stmt.col_offset))
    return out
