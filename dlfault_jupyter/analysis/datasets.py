"""What the items of a user-defined ``Dataset`` are made of: which of its stored arrays each
field of ``__getitem__``'s returned tuple comes from, with its values unchanged.

``class Digits(Dataset): ... def __getitem__(self, i): x = torch.from_numpy(self.imgs[i])
.float(); return x, int(self.ys[i])`` → fields ``("imgs", "ys")``: the model sees the values
of ``self.imgs`` (cast, reshaped, moved: the same numbers) and the loss the values of
``self.ys``. A field is known only when the walk of :mod:`.provenance` from the returned
expression to ``self.<attribute>[index]`` keeps the values at every step; anything else
(``x / 255``, ``self.transform(x)``, a normalisation, an augmentation) leaves it unknown
(None). A method that changes a value in place (``x /= 255``, ``x.div_(255)``) or binds a
name twice is not read at all.

Pure AST over the method's source (``inspect.getsource``: IPython keeps each cell's code in
``linecache``), computed once per class; no user code runs and the dataset is never indexed
or iterated (principle 1).
"""

from __future__ import annotations

import ast
import inspect
import textwrap
import weakref
from typing import Any

from ..source.facts import SourceFacts
from .provenance import VALUES, Provenance, kept

_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
_MAX_SOURCE = 20_000


def _getitem(cls: type) -> Any:
    """The ``__getitem__`` the user wrote: the first class of the MRO defined in the notebook
    (``__main__``) that defines it; None when the library's own one is used."""
    for k in cls.__mro__:
        if "__getitem__" in k.__dict__:
            return k.__dict__["__getitem__"] if k.__module__ == "__main__" else None
    return None


def _mutates(fn: ast.AST) -> bool:
    """A value changed in place, or a local bound twice (the walk follows the last plain
    binding only, so either could hide a scaling)."""
    bound: set[str] = set()
    for n in ast.walk(fn):
        if isinstance(n, ast.AugAssign):
            return True
        if isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute) and \
                n.func.attr.endswith("_") and not n.func.attr.startswith("_"):
            return True
        if isinstance(n, ast.Name) and isinstance(n.ctx, ast.Store):
            if n.id in bound:
                return True
            bound.add(n.id)
    return False


def item_fields(cls: type) -> tuple[str | None, ...] | None:
    """For each field of the tuple that ``cls.__getitem__`` returns, the attribute of
    ``self`` whose values it carries (None where unknown); None when the method is not
    the user's, not readable, or not one ``return`` of a tuple."""
    try:
        return _CACHE[cls]
    except (KeyError, TypeError):
        pass
    out = _fields(cls)
    try:
        _CACHE[cls] = out
    except TypeError:
        pass
    return out


def _fields(cls: type) -> tuple[str | None, ...] | None:
    fn = _getitem(cls)
    if fn is None:
        return None
    try:
        text = textwrap.dedent(inspect.getsource(fn))
    except (OSError, TypeError, IndentationError):
        return None
    if len(text) > _MAX_SOURCE:
        return None
    facts = SourceFacts(text)
    tree = facts.tree
    if tree is None or not tree.body or not isinstance(tree.body[0], ast.FunctionDef):
        return None
    fdef = tree.body[0]
    if not fdef.args.args or _mutates(fdef):
        return None
    me = fdef.args.args[0].arg
    returns = [n for n in ast.walk(fdef) if isinstance(n, ast.Return)]
    if len(returns) != 1 or not isinstance(returns[0].value, (ast.Tuple, ast.List)):
        return None
    ret = returns[0]
    walk = Provenance(facts)
    fields: list[str | None] = []
    for elt in ret.value.elts:   # type: ignore[union-attr]
        o = walk.origin(elt, ret.lineno, keep=(VALUES,))
        attr = None
        if o is not None and o.kind == "name" and o.root == me and len(o.wrappers) >= 2:
            last, steps = o.wrappers[-1], o.wrappers[:-1]
            indexed = steps[-1] in ("[]", "[:]")
            if last.startswith(".") and indexed and VALUES in kept(steps):
                attr = last[1:]
        fields.append(attr)
    return tuple(fields)


def stored_parts(ds: Any) -> tuple[Any, ...] | None:
    """The stored values (from the instance's ``__dict__``: no property or user code runs)
    of a user dataset's item fields, None where unknown; None when nothing is known."""
    fields = item_fields(type(ds))
    if not fields or not any(fields):
        return None
    d = getattr(ds, "__dict__", None)
    if not isinstance(d, dict):
        return None
    parts = tuple(d.get(f) if f else None for f in fields)
    return parts if any(p is not None for p in parts) else None


# -- a normalisation with constants written inside __getitem__ -------------------------------

#: calls and methods that keep a value's numbers (cast, convert, reshape, move)
_KEEPS = frozenset({"from_numpy", "float", "double", "half", "tensor", "as_tensor", "asarray",
                    "array", "astype", "to", "type", "clone", "copy", "squeeze", "unsqueeze",
                    "reshape", "view", "permute", "transpose", "contiguous", "Tensor",
                    "FloatTensor", "float32", "float64"})


class Normalised:
    """``(<self.attr[i], cast> - mean) / std`` in ``__getitem__``'s returned field
    ``index``: ``mean``/``std`` are numbers, or ``"self.<name>"`` to be read on the
    instance (or its class) at check time."""

    __slots__ = ("index", "attr", "mean", "std", "text", "scaled")

    def __init__(self, index: int, attr: str, mean: Any, std: Any, text: str,
                 scaled: str) -> None:
        self.index, self.attr, self.mean, self.std, self.text = index, attr, mean, std, text
        #: the same expression with the stored item divided by 255 first
        self.scaled = scaled


_NORM_CACHE: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def item_normalisation(cls: type) -> list[Normalised]:
    """The fields of ``cls.__getitem__``'s returned tuple that are a stored array's item
    normalised with constants, ``(x - m) / s``: a straight-line method body, each local
    inlined into the next (no user code runs). Cached per class."""
    try:
        return list(_NORM_CACHE[cls])
    except (KeyError, TypeError):
        pass
    out = _normalisation(cls)
    try:
        _NORM_CACHE[cls] = tuple(out)
    except TypeError:
        pass
    return out


def _normalisation(cls: type) -> list[Normalised]:
    fdef = _parsed_getitem(cls)
    if fdef is None or not fdef.args.args:
        return []
    me = fdef.args.args[0].arg
    ret = _straight_return(fdef)
    if not isinstance(ret, (ast.Tuple, ast.List)):
        return []
    out = []
    for i, elt in enumerate(ret.elts):
        hit = _affine(elt, me)
        if hit is not None:
            out.append(Normalised(i, hit[0], hit[1], hit[2], ast.unparse(elt),
                                  ast.unparse(hit[3])))
    return out


def _parsed_getitem(cls: type) -> ast.FunctionDef | None:
    fn = _getitem(cls)
    if fn is None:
        return None
    try:
        text = textwrap.dedent(inspect.getsource(fn))
        tree = ast.parse(text) if len(text) <= _MAX_SOURCE else None
    except (OSError, TypeError, IndentationError, SyntaxError):
        return None
    if tree is None or not tree.body or not isinstance(tree.body[0], ast.FunctionDef):
        return None
    return tree.body[0]


def _straight_return(fdef: ast.FunctionDef) -> ast.expr | None:
    """The returned expression with every local inlined, for a body of plain assignments
    and one final ``return`` (None for anything else: a branch, a loop, an in-place change)."""
    env: dict[str, ast.expr] = {}
    for st in fdef.body:
        if isinstance(st, ast.Expr) and isinstance(st.value, ast.Constant):
            continue     # a docstring
        if isinstance(st, ast.Return):
            return _inline(st.value, env) if st.value is not None else None
        if not (isinstance(st, ast.Assign) and len(st.targets) == 1):
            return None
        tgt = st.targets[0]
        if isinstance(tgt, ast.Name):
            env[tgt.id] = _inline(st.value, env)
        elif isinstance(tgt, ast.Tuple) and isinstance(st.value, ast.Tuple) and \
                len(tgt.elts) == len(st.value.elts) and \
                all(isinstance(e, ast.Name) for e in tgt.elts):
            vals = [_inline(v, env) for v in st.value.elts]
            for e, v in zip(tgt.elts, vals, strict=True):
                env[e.id] = v    # type: ignore[attr-defined]
        else:
            return None
    return None


def _inline(node: ast.expr, env: dict[str, ast.expr]) -> ast.expr:
    class _Sub(ast.NodeTransformer):
        def visit_Name(self, n: ast.Name) -> ast.AST:
            return env.get(n.id, n) if isinstance(n.ctx, ast.Load) else n

    import copy
    return _Sub().visit(copy.deepcopy(node))


def _const(node: ast.expr, me: str) -> Any:
    """A number, a tuple of numbers, or "self.<name>"; None otherwise."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)) and \
            not isinstance(node.value, bool):
        return float(node.value)
    if isinstance(node, (ast.Tuple, ast.List)):
        vals = [_const(e, me) for e in node.elts]
        return tuple(vals) if vals and all(isinstance(v, float) for v in vals) else None
    if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and \
            node.value.id == me:
        return f"self.{node.attr}"
    if isinstance(node, ast.Call) and _callee(node) in _KEEPS and len(node.args) == 1:
        return _const(node.args[0], me)        # torch.tensor([0.5, 0.5, 0.5]).view(...)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and \
            node.func.attr in _KEEPS:
        return _const(node.func.value, me)
    return None


def _callee(call: ast.Call) -> str | None:
    f = call.func
    return f.attr if isinstance(f, ast.Attribute) else f.id if isinstance(f, ast.Name) else None


def _stored_item(node: ast.expr, me: str) -> str | None:
    """The attribute ``a`` when ``node`` is ``self.a[i]`` through value-keeping calls."""
    while True:
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and \
                isinstance(node.value.value, ast.Name) and node.value.value.id == me:
            return node.value.attr
        if isinstance(node, ast.Call):
            name = _callee(node)
            if name not in _KEEPS:
                return None
            if isinstance(node.func, ast.Attribute) and not (
                    isinstance(node.func.value, ast.Name) and node.func.value.id in
                    ("torch", "np", "numpy")):
                node = node.func.value          # x.float(), x.astype("float32")
            elif node.args:
                node = node.args[0]             # torch.from_numpy(x), np.asarray(x)
            else:
                return None
            continue
        return None


def _affine(node: ast.expr, me: str) -> tuple[str, Any, Any, ast.expr] | None:
    """(stored attribute, mean, std, the expression with the item divided by 255) of
    ``(self.a[i] - mean) / std`` (through casts)."""
    while isinstance(node, ast.Call) and _callee(node) in _KEEPS and \
            isinstance(node.func, ast.Attribute) and not (
                isinstance(node.func.value, ast.Name) and node.func.value.id in ("torch", "np")):
        node = node.func.value
    if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div)):
        return None
    sub = node.left
    if not (isinstance(sub, ast.BinOp) and isinstance(sub.op, ast.Sub)):
        return None
    attr = _stored_item(sub.left, me)
    mean, std = _const(sub.right, me), _const(node.right, me)
    if attr is None or mean is None or std is None:
        return None
    fixed = ast.BinOp(ast.BinOp(ast.BinOp(sub.left, ast.Div(), ast.Constant(255.0)),
                                ast.Sub(), sub.right), ast.Div(), node.right)
    return attr, mean, std, fixed


def resolve_constant(ds: Any, c: Any) -> tuple[float, ...] | None:
    """A :class:`Normalised` constant's numbers, ``self.<name>`` read from the instance's
    ``__dict__`` or its class (plain numbers / tuples / lists only: nothing runs)."""
    if isinstance(c, float):
        return (c,)
    if isinstance(c, tuple):
        return c
    if not isinstance(c, str) or not c.startswith("self."):
        return None
    name = c[5:]
    d = getattr(ds, "__dict__", {})
    val = d.get(name) if isinstance(d, dict) and name in d else None
    if val is None:
        for k in type(ds).__mro__:
            if name in k.__dict__:
                val = k.__dict__[name]
                break
    if isinstance(val, (int, float)) and not isinstance(val, bool):
        return (float(val),)
    if isinstance(val, (tuple, list)) and val and all(
            isinstance(v, (int, float)) and not isinstance(v, bool) for v in val):
        return tuple(float(v) for v in val)
    return None
