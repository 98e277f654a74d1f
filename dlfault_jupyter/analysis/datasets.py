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
