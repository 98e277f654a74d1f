"""Where a value comes from: ONE provenance walk for every rule.

``origin(expr, line)`` walks from an expression back to the variable (or model call) it was
computed from — through conversions (``torch.tensor(x)``, ``x.float().to(device)``,
``df.values``), slicing, reshapes and wrappers, and through this cell's assignments made
before ``line`` (and, given ``earlier``, through the assignments remembered from earlier
cells) — and says whether every step on the way keeps what the caller needs:

* ``VALUES``: the result's elements are the source's elements (a cast, a device move, a
  copy, a reshape, a slice: the same numbers, perhaps fewer, rounded or rearranged);
* ``LENGTH``: the result has the source's rows, in order (its first dimension is the
  number of samples of the source): no slice, no reshape;
* ``LAYOUT``: the result has the source's axes in the source's order (a slice keeps the
  layout, a reshape does not);
* ``DTYPE``: the result has the source's element type (a device move, a copy, a slice,
  ``torch.tensor(x)`` do; a cast, ``.to(...)`` (maybe a dtype), ``torch.FloatTensor(x)``
  or a ``dtype=`` keyword do not).

:data:`CONVERSIONS` is the one table of steps the walk knows; a step not in it (``x * 2``
is not even walked, ``x.sum(1)``, ``f(x)`` are walked but keep nothing) makes ``exact``
False but the walk goes on, so a rule can still read the chain (``wrappers``). This
replaces the four walks of the rules (``rules/data.py`` ``_arg`` and ``_base``,
``rules/torch_model.py`` ``trace``, ``SourceFacts.flows``/``_callers``) and their five lists
of value-keeping conversions.

Pure AST: no framework import, no user object is touched.
"""

from __future__ import annotations

import ast
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from typing import Any

VALUES, LENGTH, LAYOUT, DTYPE = "values", "length", "layout", "dtype"
_ALL = frozenset({VALUES, LENGTH, LAYOUT, DTYPE})
_CAST = frozenset({VALUES, LENGTH, LAYOUT})
_SLICED = frozenset({VALUES, LAYOUT, DTYPE})
_RESHAPED = frozenset({VALUES, DTYPE})
_NONE: frozenset[str] = frozenset()

#: The conversions the walk knows, by step label, and what each keeps.
#: ``via``: where the walk goes next — "self" (a method: the receiver, ``x.float()``),
#: "arg" (a constructor: its first argument, ``torch.tensor(x)``), "value" (an attribute:
#: ``df.values``). Subscripts are labelled "[:]" (every index a slice: ``x[:100]``,
#: ``x[:, 1:]``) and "[]" (an index: ``x[0]``, ``x[idx]``); "dtype" marks a cast by a
#: ``dtype=`` keyword (``torch.tensor(x, dtype=torch.float32)``).
CONVERSIONS: dict[str, tuple[str, frozenset[str]]] = {
    # casts: the same numbers in another type (rounded to it), the same shape
    "float": ("self", _CAST), "double": ("self", _CAST), "half": ("self", _CAST),
    "bfloat16": ("self", _CAST), "long": ("self", _CAST), "int": ("self", _CAST),
    "astype": ("self", _CAST), "type": ("self", _CAST), "dtype": ("self", _CAST),
    # device moves and copies (.to() may also cast: its dtype is not known to be kept)
    "to": ("self", _CAST), "cuda": ("self", _ALL), "cpu": ("self", _ALL),
    "detach": ("self", _ALL), "clone": ("self", _ALL), "copy": ("self", _ALL),
    "contiguous": ("self", _ALL), "numpy": ("self", _ALL), "to_numpy": ("self", _ALL),
    ".values": ("value", _ALL),
    # constructors from an array-like: the argument's values, rows and axes (and its
    # dtype, except the typed legacy constructors)
    "tensor": ("arg", _ALL), "as_tensor": ("arg", _ALL), "from_numpy": ("arg", _ALL),
    "Tensor": ("arg", _CAST), "FloatTensor": ("arg", _CAST), "LongTensor": ("arg", _CAST),
    "asarray": ("arg", _ALL), "array": ("arg", _ALL), "ascontiguousarray": ("arg", _ALL),
    "convert_to_tensor": ("arg", _ALL), "constant": ("arg", _ALL),
    # slicing keeps the axes, not the rows; indexing keeps values only
    "[:]": ("value", _SLICED), "[]": ("value", _RESHAPED),
    # reshapes keep the values, not the layout (nor, in general, the rows)
    "squeeze": ("self", _RESHAPED), "unsqueeze": ("self", _RESHAPED),
    "view": ("self", _RESHAPED), "reshape": ("self", _RESHAPED),
    "flatten": ("self", _RESHAPED),
}

#: module roots taken for a module even when the cell does not import them (a function of
#: a module leads to its first argument, a method to its receiver)
_MODULE_ROOTS = ("torch", "F", "nn", "functional", "np", "numpy")
#: methods through which a model is called (``model.forward(x)``)
_CALL_METHODS = ("forward", "__call__")


def keeps(label: str) -> frozenset[str]:
    """What the step ``label`` keeps (nothing for a step not in :data:`CONVERSIONS`)."""
    entry = CONVERSIONS.get(label)
    return entry[1] if entry else _NONE


@dataclass(frozen=True)
class Origin:
    """Where a value comes from.

    ``kind``: "name" (the variable ``root``) or "call" (the output of a call of the model
    ``root``). ``wrappers``: the steps between that source and the expression, outermost
    first (``torch.sigmoid(model(x)).float()`` → ``("float", "sigmoid")``).
    ``kept``: what every step keeps (a subset of values/length/layout); ``exact``: it
    includes all that the walk was asked to keep. ``line``: where the source was found
    (the assignment followed last, or the expression's line). ``subscripts``: the slice
    nodes on the way, outermost first."""

    kind: str
    root: str
    wrappers: tuple[str, ...] = ()
    kept: frozenset[str] = _ALL
    exact: bool = True
    line: int | None = None
    subscripts: tuple[ast.expr, ...] = field(default=(), compare=False)
    cell: int | None = None          # the cell of the source, when remembered from earlier

    def keeps(self, *what: str) -> bool:
        return set(what) <= self.kept


def _is_slice(sl: ast.expr) -> bool:
    return isinstance(sl, ast.Slice) or (
        isinstance(sl, ast.Tuple) and bool(sl.elts)
        and all(isinstance(x, ast.Slice) for x in sl.elts))


class Provenance:
    """The provenance walk over one cell.

    ``source``: the cell's ``SourceFacts`` (its assignments and loops are followed);
    ``is_module``: whether a dotted name is a module (from ``analysis.names``: a function
    of a module leads to its first argument); ``earlier``: name → :class:`Origin` of the
    assignments of earlier cells (see :meth:`assigned`)."""

    def __init__(self, source: Any, is_module: Callable[[str], bool] | None = None,
                 earlier: dict[str, Origin] | None = None) -> None:
        self.src = source
        self._is_module = is_module
        self.earlier = earlier or {}

    # -- helpers ---------------------------------------------------------------------
    def is_module(self, node: ast.expr) -> bool:
        parts: list[str] = []
        n = node
        while isinstance(n, ast.Attribute):
            parts.append(n.attr)
            n = n.value
        if not isinstance(n, ast.Name):
            return False
        d = ".".join([n.id, *reversed(parts)])
        if self._is_module is not None and self._is_module(d):
            return True
        ns = getattr(self.src, "ns", None) or {}
        return n.id in _MODULE_ROOTS and n.id not in ns

    def _prior(self, name: str, line: int) -> Any:
        """The last plain assignment of ``name`` at or before ``line`` in this cell, unless
        a loop rebinds the name between it and ``line`` (``for x, y in loader``)."""
        prior = [a for a in getattr(self.src, "assigns", ()) if a.target == name
                 and a.line <= line and not a.augmented
                 and not isinstance(a.value, (ast.Tuple, ast.List))]
        if not prior:
            return None
        if any(name in lf.targets for lf in getattr(self.src, "loops", ())
               if prior[-1].line < lf.line <= line):
            return None
        return prior[-1]

    def _bound_here(self, name: str, line: int) -> bool:
        return any(a.target == name and a.line <= line for a in getattr(self.src, "assigns", ())) \
            or any(name in lf.targets for lf in getattr(self.src, "loops", ()) if lf.line <= line)

    # -- the walk --------------------------------------------------------------------
    def origin(self, e: ast.expr | None, line: int | None = None,  # noqa: C901 - the provenance walk: one case per kind of step, in one bounded loop
               keep: Iterable[str] = (VALUES,), models: Collection[str] = (),
               follow: bool = True, max_steps: int = 10) -> Origin | None:
        """Where the value of ``e`` (at ``line``, default ``e``'s line) comes from, or None
        (a literal, an arithmetic expression, a chain longer than ``max_steps``).
        ``keep``: what the caller needs kept (``exact``); ``models``: names whose call
        output is a source of its own (kind "call"); ``follow``: follow assignments."""
        if e is None:
            return None
        want = frozenset(keep)
        line = line if line is not None else getattr(e, "lineno", 0)
        wr: list[str] = []
        subs: list[ast.expr] = []
        steps = 0
        while e is not None and steps < max_steps:
            steps += 1
            if isinstance(e, ast.Call):
                f = e.func
                dtype = any(k.arg == "dtype" for k in e.keywords)
                if isinstance(f, ast.Name):
                    if f.id in models:
                        return self._done("call", f.id, wr, want, line, subs)
                    wr.append(f.id)
                    if dtype:
                        wr.append("dtype")
                    e = e.args[0] if e.args else None
                    continue
                if isinstance(f, ast.Attribute):
                    if f.attr in _CALL_METHODS and isinstance(f.value, ast.Name) \
                            and f.value.id in models:
                        return self._done("call", f.value.id, wr, want, line, subs)
                    wr.append(f.attr)
                    if dtype:
                        wr.append("dtype")   # torch.tensor(x, dtype=torch.float32): a cast
                    # a function of a module (torch.clone(x), np.reshape(x, s)) or a
                    # constructor leads to its first argument; a method to its receiver
                    via = CONVERSIONS.get(f.attr, ("", _NONE))[0]
                    if via == "arg" or self.is_module(f.value):
                        e = e.args[0] if e.args else None
                    else:
                        e = f.value
                    continue
                return None
            if isinstance(e, ast.Subscript):
                wr.append("[:]" if _is_slice(e.slice) else "[]")
                subs.append(e.slice)
                e = e.value
                continue
            if isinstance(e, ast.Attribute):
                wr.append("." + e.attr)
                e = e.value
                continue
            if isinstance(e, ast.Name):
                if follow:
                    a = self._prior(e.id, line)
                    if a is not None:
                        line, e = a.line, a.value
                        continue
                    if e.id in self.earlier and not self._bound_here(e.id, line):
                        o = self.earlier[e.id]
                        full = tuple(wr) + o.wrappers
                        return Origin(o.kind, o.root, full, _kept(full),
                                      want <= _kept(full), o.line, tuple(subs),
                                      o.cell)
                return self._done("name", e.id, wr, want, line, subs)
            return None
        return None

    def _done(self, kind: str, root: str, wr: list[str], want: frozenset[str], line: int,
              subs: list[ast.expr]) -> Origin:
        kept = _kept(wr)
        return Origin(kind, root, tuple(wr), kept, want <= kept, line, tuple(subs))

    def variable(self, e: ast.expr | None, keep: str = LENGTH) -> tuple[str | None, str]:
        """``(variable, how)`` of an argument, without following assignments: how is
        "exact" when every step keeps ``keep`` (default: the rows), "values" when the
        steps keep the values only (a slice, a reshape), ("", None) otherwise."""
        o = self.origin(e, keep=(VALUES,), follow=False)
        if o is None or o.kind != "name" or not o.exact:
            return None, ""
        return o.root, "exact" if keep in o.kept else "values"

    def assigned(self, cell: int | None = None, models: Collection[str] = ()
                 ) -> dict[str, Origin]:
        """name → origin of each module-level assignment of this cell (the last one), to
        hand to later cells as ``earlier``. Only sources that are variables or model calls
        are kept; the name itself is never its own origin."""
        out: dict[str, Origin] = {}
        for a in getattr(self.src, "assigns", ()):
            if a.loops or a.augmented or isinstance(a.value, (ast.Tuple, ast.List)):
                out.pop(a.target, None)
                continue
            o = self.origin(a.value, a.line, models=models)
            if o is None or o.root == a.target:
                out.pop(a.target, None)
                continue
            out[a.target] = Origin(o.kind, o.root, o.wrappers, o.kept, o.exact, o.line,
                                   (), cell)
        return out

    # -- callers: which variables' calls feed an expression ------------------------------
    def callers(self, node: ast.AST, origin: dict[str, set[str]] | None = None,
                depth: int = 0) -> set[str]:
        """Variables called (``m(...)``, ``m.forward(...)``, ``m.parameters()``) inside
        ``node``, and the callers of the variables it reads, through this cell's
        assignments (up to three deep): ``out = model(x); loss_fn(out, y)``."""
        if origin is None:
            origin = self.call_origins()
        found: set[str] = set()
        for n in ast.walk(node):
            if isinstance(n, ast.Call):
                if isinstance(n.func, ast.Name):
                    found.add(n.func.id)
                elif isinstance(n.func, ast.Attribute) and n.func.attr in (
                        "forward", "parameters", "named_parameters", "predict", "__call__"):
                    r = _root(n.func.value)
                    if r:
                        found.add(r)
            elif isinstance(n, ast.Name) and isinstance(n.ctx, ast.Load) and depth < 3 \
                    and n.id in origin:
                found |= origin[n.id]
        return found

    def call_origins(self) -> dict[str, set[str]]:
        """name → callers of the values assigned to it anywhere in the cell."""
        origin: dict[str, set[str]] = {}
        for a in getattr(self.src, "assigns", ()):
            origin.setdefault(a.target, set()).update(self.callers(a.value, origin))
        return origin


def kept(wrappers: Iterable[str]) -> frozenset[str]:
    """What a chain of steps (an :attr:`Origin.wrappers`) keeps, all steps together."""
    return _kept(wrappers)


def _kept(wr: Iterable[str]) -> frozenset[str]:
    k = _ALL
    for w in wr:
        k = k & keeps(w)
    return k


def _root(node: ast.AST | None) -> str | None:
    while True:
        if isinstance(node, ast.Name):
            return node.id
        if isinstance(node, (ast.Attribute, ast.Subscript, ast.Starred)):
            node = node.value
        elif isinstance(node, ast.Call):
            node = node.func
        else:
            return None


def sliced_rows(e: ast.expr | None) -> tuple[str | None, str]:
    """``(variable, slice)`` of ``X[i:i + b]`` seen through value-keeping methods outside
    the subscript (``y[i:i + b].float().unsqueeze(1)``): the slice as ``ast.dump`` text,
    to tell that two arrays are indexed by the same rows; ``(name, "")`` for a bare
    variable; ``(None, "")`` otherwise."""
    while isinstance(e, ast.Call) and isinstance(e.func, ast.Attribute) and \
            CONVERSIONS.get(e.func.attr, ("", _NONE))[0] == "self" and \
            VALUES in keeps(e.func.attr):
        e = e.func.value
    if isinstance(e, ast.Name):
        return e.id, ""
    if isinstance(e, ast.Subscript) and isinstance(e.value, ast.Name):
        return e.value.id, ast.dump(e.slice)
    return None, ""
