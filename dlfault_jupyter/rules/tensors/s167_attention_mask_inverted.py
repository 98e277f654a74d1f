from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...context import CellContext
from ...registry import Evidence, Rule, register
from ...source.facts import dotted

_EQ = ("equal",)
_KEEP = ("not_equal", "greater", "greater_equal")
_NOT = ("logical_not",)
_PASS = ("cast", "expand_dims", "reshape", "broadcast_to", "logical_and", "multiply",
         "minimum", "repeat", "tile", "convert_to_tensor")


class _Origin:
    """Where a boolean mask comes from: a comparison of token ids with the pad value."""

    def __init__(self, tree: ast.AST, ns: dict[str, Any]) -> None:
        self.ns = ns
        self.assigns: dict[str, list[ast.Assign]] = {}
        for st in ast.walk(tree):
            if isinstance(st, ast.Assign) and len(st.targets) == 1 and \
                    isinstance(st.targets[0], ast.Name):
                self.assigns.setdefault(st.targets[0].id, []).append(st)

    def _zero(self, node: ast.AST) -> str | None:
        """The text of a pad value 0 (a literal or a name bound to 0)."""
        if isinstance(node, ast.Constant) and node.value == 0 and \
                not isinstance(node.value, bool):
            return "0"
        if isinstance(node, ast.Name) and isinstance(self.ns.get(node.id), int) and \
                not isinstance(self.ns.get(node.id), bool) and self.ns.get(node.id) == 0:
            return node.id
        return None

    def _cmp(self, a: ast.AST, b: ast.AST, pol: str) -> tuple[str, str, str] | None:
        pad = self._zero(b) or self._zero(a)
        if pad is None:
            return None
        tok = a if self._zero(b) else b
        return pol, ast.unparse(tok), pad

    def polarity(self, node: ast.AST, line: int, depth: int = 0
                 ) -> tuple[str, str, str] | None:
        """("pad" | "keep", token expression, pad value) of a mask expression."""
        if depth > 10:
            return None
        if isinstance(node, ast.Name):
            prev = [a for a in self.assigns.get(node.id, []) if a.lineno <= line]
            return self.polarity(prev[-1].value, prev[-1].lineno - 1, depth + 1) \
                if prev else None
        if isinstance(node, ast.Subscript):
            return self.polarity(node.value, line, depth + 1)
        if isinstance(node, ast.Compare) and len(node.ops) == 1:
            op = node.ops[0]
            if isinstance(op, ast.Eq):
                return self._cmp(node.left, node.comparators[0], "pad")
            if isinstance(op, (ast.NotEq, ast.Gt)):
                return self._cmp(node.left, node.comparators[0], "keep")
            return None
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, (ast.Invert, ast.Not)):
            return _flip(self.polarity(node.operand, line, depth + 1))
        if isinstance(node, ast.BinOp) and isinstance(node.op, (ast.BitAnd, ast.Mult)):
            return self.polarity(node.left, line, depth + 1) or \
                self.polarity(node.right, line, depth + 1)
        return self._call(node, line, depth) if isinstance(node, ast.Call) else None

    def _call(self, node: ast.Call, line: int, depth: int) -> tuple[str, str, str] | None:
        name = (dotted(node.func) or "").rsplit(".", 1)[-1]
        if name in _EQ and len(node.args) == 2:
            return self._cmp(node.args[0], node.args[1], "pad")
        if name in _KEEP and len(node.args) == 2:
            return self._cmp(node.args[0], node.args[1], "keep")
        if name in _NOT and node.args:
            return _flip(self.polarity(node.args[0], line, depth + 1))
        args: list[ast.AST] = []
        if name == "astype" and isinstance(node.func, ast.Attribute):
            args = [node.func.value]
        elif name in _PASS:
            args = list(node.args)
        for a in args:
            got = self.polarity(a, line, depth + 1)
            if got:
                return got
        return None


def _flip(p: tuple[str, str, str] | None) -> tuple[str, str, str] | None:
    if p is None:
        return None
    return ("keep" if p[0] == "pad" else "pad", p[1], p[2])


@register
class AttentionMaskInverted(Rule):
    id = "DLF-S167"
    name = "attention-mask-inverted"
    title = "Keras attention_mask True at the padding (the PyTorch convention): attends to pads only"
    taxonomy = "tensors.input"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`attention_mask={mask}` (line {aline}) is True where `{tok}` equals {pad}, "
               "i.e. at the padding; Keras attends where the mask is True, so the real "
               "tokens are hidden and the queries attend to the padding.")
    beginner = """Keras and PyTorch use opposite conventions for attention masks. In
`keras.layers.MultiHeadAttention`, True (or 1) means "this key may be attended to". The
mask here is True at the padding positions, which is what PyTorch's `key_padding_mask`
expects, so Keras does the opposite of what you meant: every query looks only at the
padding. Build the mask as True for real tokens: `{tok} != {pad}`."""
    expert = """`MultiHeadAttention(attention_mask=M)`: M[b, i, j] = 1 lets query i attend to
key j; masked scores get a large negative bias before the softmax. With M = ({tok} == {pad})
the only attendable keys are pads (and rows without padding attend to nothing: uniform
weights over all keys after the bias)."""
    fix = """{keep_name} = ops.not_equal({tok}, {pad})   # True = real token, may be attended"""
    known_false_alarms = ("A mask of the padding passed on purpose to a custom attention "
                          "that inverts it itself (name the argument accordingly).")
    references = ("https://keras.io/api/layers/attention_layers/multi_head_attention/",
                  "https://github.com/tensorflow/tensorflow/issues/49237")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        if frameworks.get("keras") is None:
            return
        tree = ctx.source.tree
        if tree is None:
            return
        origin: _Origin | None = None
        for c in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            kw = next((k.value for k in c.keywords if k.arg == "attention_mask"), None)
            if kw is None:
                continue
            origin = origin or _Origin(tree, ctx.user_ns)
            got = origin.polarity(kw, c.lineno)
            if got is None or got[0] != "pad":
                continue
            mask = ast.unparse(kw)
            first = _first_name(origin, kw, c.lineno) or mask
            yield Evidence(line=c.lineno, aline=c.lineno, subject=first,
                           key=(c.lineno, mask), mask=mask, tok=got[1], pad=got[2],
                           keep_name=first if first.isidentifier() else "keep_mask")


def _first_name(origin: _Origin, node: ast.AST, line: int) -> str | None:
    """The variable holding the comparison itself (``pad_mask = ops.equal(...)``)."""
    for _ in range(10):
        if not isinstance(node, ast.Name):
            return None
        prev = [a for a in origin.assigns.get(node.id, []) if a.lineno <= line]
        if not prev:
            return node.id
        v = prev[-1].value
        if any(isinstance(n, ast.Compare) or (isinstance(n, ast.Call) and
                                              (dotted(n.func) or "").rsplit(".", 1)[-1]
                                              in _EQ + _KEEP) for n in ast.walk(v)):
            return node.id
        inner = [n for n in ast.walk(v) if isinstance(n, ast.Name) and n.id in
                 origin.assigns]
        if not inner:
            return node.id
        node, line = inner[0], prev[-1].lineno - 1
    return None
