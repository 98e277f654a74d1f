from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...analysis.model_facts import unwrap
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register
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


# PyTorch: the keyword arguments that take a mask True at the keys to IGNORE, the modules
# that take them, and the tensor methods a mask passes through unchanged
_KPM = ("key_padding_mask", "src_key_padding_mask", "tgt_key_padding_mask",
        "memory_key_padding_mask")
_TORCH_ATTENTION = ("torch.nn.MultiheadAttention", "torch.nn.TransformerEncoder",
                    "torch.nn.TransformerEncoderLayer", "torch.nn.TransformerDecoder",
                    "torch.nn.TransformerDecoderLayer", "torch.nn.Transformer")
_TORCH_ATTENTION_TYPES = {q.rsplit(".", 1)[-1] for q in _TORCH_ATTENTION}
_T_EQ = ("eq", "equal")
_T_KEEP = ("ne", "not_equal", "gt", "greater")
_T_NOT = ("logical_not", "bitwise_not")
_T_PASS = ("bool", "long", "int", "float", "byte", "to", "unsqueeze", "view", "reshape", "expand", "contiguous", "detach",
           "cpu", "cuda", "type")


class _TorchOrigin(_Origin):
    """The same for PyTorch code: method forms (``x.ne(pad)``, ``m.logical_not()``,
    ``m.bool()``), a mask compared with 0/False (``keep == 0`` is its inverse), and pad
    ids known from the model (``nn.Embedding(padding_idx=...)``) or named as one
    (``PAD``, ``self.pad_id``)."""

    def __init__(self, tree: ast.AST, ns: dict[str, Any], pad_ids: set[int]) -> None:
        super().__init__(tree, ns)
        self.pad_ids = pad_ids
        self._line = 0
        self._depth = 0

    def _zero(self, node: ast.AST) -> str | None:
        if isinstance(node, ast.Constant) and isinstance(node.value, int) and \
                not isinstance(node.value, bool) and node.value in self.pad_ids:
            return str(node.value)
        if isinstance(node, ast.Name):
            v = self.ns.get(node.id)
            if isinstance(v, int) and not isinstance(v, bool) and v in self.pad_ids:
                return node.id
            if "pad" in node.id.lower() and (node.id not in self.ns or isinstance(v, int)) \
                    and node.id not in self.assigns:
                return node.id      # a parameter or constant named as the pad id
        if isinstance(node, ast.Attribute) and "pad" in node.attr.lower():
            return ast.unparse(node)   # self.pad_id, self.emb.padding_idx
        return None

    def polarity(self, node: ast.AST, line: int, depth: int = 0
                 ) -> tuple[str, str, str] | None:
        self._line = line
        return super().polarity(node, line, depth)

    def _cmp(self, a: ast.AST, b: ast.AST, pol: str) -> tuple[str, str, str] | None:
        if isinstance(b, ast.Constant) and b.value is False:    # mask == False
            inner = self._inner(a)
            return inner if pol == "keep" or inner is None else _flip(inner)
        got = super()._cmp(a, b, pol)
        if got is None:
            return None
        inner = self._inner(a if self._zero(b) else b) if got[2] == "0" else None
        if inner is not None:        # keep == 0: the inverse of a mask, not token ids
            return inner if pol == "keep" else _flip(inner)
        return got

    def _inner(self, node: ast.AST) -> tuple[str, str, str] | None:
        if self._depth > 8:
            return None
        self._depth += 1
        try:
            return self.polarity(node, self._line, 0)
        finally:
            self._depth -= 1

    def _call(self, node: ast.Call, line: int, depth: int) -> tuple[str, str, str] | None:
        f = node.func
        if isinstance(f, ast.Attribute) and len(node.args) <= 1:   # a tensor's method
            recv = f.value
            if f.attr in _T_EQ and len(node.args) == 1:
                return self._cmp(recv, node.args[0], "pad")
            if f.attr in _T_KEEP and len(node.args) == 1:
                return self._cmp(recv, node.args[0], "keep")
            if f.attr in _T_NOT and not node.args:
                return _flip(self.polarity(recv, line, depth + 1))
            if f.attr in _T_PASS:
                return self.polarity(recv, line, depth + 1)
        name = (dotted(f) or "").rsplit(".", 1)[-1]
        if name in _T_EQ and len(node.args) == 2:
            return self._cmp(node.args[0], node.args[1], "pad")
        if name in _T_KEEP and len(node.args) == 2:
            return self._cmp(node.args[0], node.args[1], "keep")
        return super()._call(node, line, depth)


def _pad_ids(ns: dict[str, Any], uc: Any) -> set[int]:
    """The pad ids the class's ``nn.Embedding(padding_idx=...)`` attributes name (a
    literal, or a notebook constant); 0 when none does."""
    out: set[int] = set()
    for attr in uc.attributes:
        c = uc.constructor(attr)
        if c is None or c.qualname != "torch.nn.Embedding":
            continue
        v = c.keyword("padding_idx")
        val = v.value if isinstance(v, ast.Constant) else \
            ns.get(v.id) if isinstance(v, ast.Name) else None
        if isinstance(val, int) and not isinstance(val, bool):
            out.add(val)
    return out or {0}


def _flip(p: tuple[str, str, str] | None) -> tuple[str, str, str] | None:
    if p is None:
        return None
    return ("keep" if p[0] == "pad" else "pad", p[1], p[2])


@register
class AttentionMaskInverted(Rule):
    id = "DLF-S167"
    name = "attention-mask-inverted"
    title = ("Attention mask of the wrong polarity (Keras attention_mask True at the "
             "padding, PyTorch key_padding_mask True at the real tokens): attends to pads only")
    taxonomy = "tensors.input"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow", "torch")
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
    texts = {
        # PyTorch: key_padding_mask True at the real tokens (the Keras / Hugging Face
        # attention_mask convention), so the real tokens are the ignored keys
        "torch": Texts(
            message=("`{kw}={mask}` ({place}line {aline}) is True where `{tok}` differs "
                     "from the padding id {pad}, i.e. at the real tokens; PyTorch ignores "
                     "the keys where a key padding mask is True, so the real tokens are "
                     "hidden and the queries attend to the padding."),
            beginner="""PyTorch and Keras (or Hugging Face) use opposite conventions for
padding masks. In `nn.MultiheadAttention` and the `nn.Transformer*` layers, a
`{kw}` is True at the positions to IGNORE. The mask here is True at the real
tokens (`{tok}` is not {pad}), the convention of a Hugging Face `attention_mask`, so
PyTorch does the opposite of what you meant: every query looks only at the padding, and
a sequence without padding has all its keys masked. Pass the inverse: True at the
padding.""",
            expert="""`{kw}` (N, S) bool: True positions get -inf before the softmax. With
M = (`{tok}` != {pad}) only the pad keys stay attendable; rows without padding are fully
masked, so their softmax is NaN (or zeros on the fast path) and their gradients are lost.
Pass `{tok} == {pad}` (or `~mask` for a mask that is True at the real tokens)."""),
        # where the mask is passed: in a method of the model class, or in the cell
        "method": Texts(place="in `{where}`, "),
        "cell": Texts(place=""),
        # the fix: invert the mask passed (a mask variable kept for other uses, such as
        # a masked mean, stays as it is)
        "named": Texts(fix="""# True at the padding: the keys attention must ignore
{callee}(..., {kw}=~{mask})"""),
        "inline": Texts(fix="""# True at the padding: the keys attention must ignore
{callee}(..., {kw}=~({mask}))"""),
    }
    known_false_alarms = ("A mask of the padding passed on purpose to a custom attention "
                          "that inverts it itself (name the argument accordingly).")
    references = ("https://keras.io/api/layers/attention_layers/multi_head_attention/",
                  "https://github.com/tensorflow/tensorflow/issues/49237")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        if frameworks.get("torch") is not None and ctx.source.tree is not None:
            yield from self._torch(ctx)
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


    def _torch(self, ctx: CellContext) -> Iterator[Evidence]:
        """``key_padding_mask`` True at the real tokens, built inside a ``forward`` of a
        model class of this cell (read from its source: nothing of the model runs) or in
        the cell itself."""
        for uc in ctx.analysis.classes:
            if uc.framework != "torch":
                continue
            pads = _pad_ids(ctx.user_ns, uc)
            for meth in uc.methods.values():
                origin: _TorchOrigin | None = None
                for site in meth.calls:
                    c = uc.constructor(site.self_attr) if site.self_attr else None
                    if c is None or c.qualname not in _TORCH_ATTENTION:
                        continue
                    for kw in site.node.keywords:
                        if kw.arg not in _KPM:
                            continue
                        origin = origin or _TorchOrigin(meth.node, ctx.user_ns, pads)
                        yield from _torch_finding(origin, kw.arg, kw.value, site.node,
                                                  ("method",), f"{uc.name}.{meth.name}")
        tree = ctx.source.tree
        origin = None
        t = frameworks.get("torch")
        for cf in ctx.source.calls:
            # the attention module called, behind a torch.compile / DataParallel wrapper
            # (``mha = torch.compile(mha)``: the name holds the wrapper); a subclass of
            # the torch class counts, a user's own class of the same name does not
            if cf.function is not None or cf.receiver is not None or \
                    t.framework_name(unwrap(ctx.user_ns.get(cf.name or ""))[0]) \
                    not in _TORCH_ATTENTION_TYPES:
                continue
            for kw in cf.node.keywords:
                if kw.arg in _KPM and tree is not None:
                    origin = origin or _TorchOrigin(tree, ctx.user_ns, {0})
                    yield from _torch_finding(origin, kw.arg, kw.value, cf.node, ("cell",),
                                              "")


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


def _torch_finding(origin: _TorchOrigin, kw: str, value: ast.expr, call: ast.Call,
                   place: tuple[str, ...], where: str) -> Iterator[Evidence]:
    got = origin.polarity(value, call.lineno)
    if got is None or got[0] != "keep":
        return
    mask = ast.unparse(value)
    named = isinstance(value, ast.Name)
    yield Evidence(line=call.lineno, aline=call.lineno, subject=mask if named else kw,
                   key=(call.lineno, kw, mask),
                   variant=("torch", *place, "named" if named else "inline"),
                   kw=kw, mask=mask, tok=got[1], pad=got[2], where=where,
                   callee=ast.unparse(call.func))
