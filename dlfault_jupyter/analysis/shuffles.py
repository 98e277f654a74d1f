"""Random reorderings of the rows of arrays, and which random draw each one uses.

``reorders(ctx)`` lists, for the current cell, every statement that puts the rows of a
variable into a random order:

* in place: ``np.random.shuffle(X)``, ``rng.shuffle(X)`` (a NumPy ``Generator`` /
  ``RandomState``), ``random.shuffle(X)``;
* by a copy: ``X = X[np.random.permutation(n)]``, ``X = X[perm]`` with ``perm`` drawn by
  ``np.random.permutation`` / ``rng.permutation`` / ``torch.randperm`` (in this cell or
  an earlier one) or shuffled in place, ``Xs = sklearn.utils.shuffle(X)``,
  ``Xs = np.random.permutation(X)``, ``Xs = tf.random.shuffle(X)``,
  ``Xs = df.sample(frac=1)``.

Each reordering carries the *draw* it uses: two reorderings with the same draw (one
index array, one ``shuffle(X, y)`` call, one literal ``random_state``) keep rows
together; two draws are independent. ``reseeded(ctx, a, b)`` says whether a seed is set
between two lines (``np.random.seed(0)`` before each shuffle gives the same order).

``derived(ctx)`` maps a variable to the names its assignment read (this cell's and, by
name, earlier cells'): labels computed from features (``y = (X[:, 0] > 0)``) are paired
with them. Pure AST, bounded memory; no user object is touched except to read whether a
receiver is a NumPy random generator (its type's module).
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from typing import Any

from ..context import CellContext

_MEM = "analysis.shuffles"
_MAX = 300

_INPLACE = ("numpy.random.shuffle", "random.shuffle")
_PERM_CALLS = ("numpy.random.permutation", "torch.randperm")
_COPY_SHUFFLES = ("sklearn.utils.shuffle", "tensorflow.random.shuffle",
                  "numpy.random.permutation")
_SEEDS = ("numpy.random.seed", "random.seed", "torch.manual_seed", "torch.random.manual_seed",
          "tensorflow.random.set_seed", "keras.utils.set_random_seed",
          "numpy.random.default_rng", "numpy.random.RandomState", "numpy.random.set_state")


@dataclass(frozen=True)
class Reorder:
    """``target`` gets the rows of ``source`` in a random order drawn by ``draw``."""

    target: str           # the variable holding the reordered rows
    source: str           # the variable whose rows they are (== target when in place)
    line: int
    draw: tuple           # identity of the random draw: equal draws keep rows paired
    call: str             # the code that reorders, as written


def _is_generator(ctx: CellContext, name: str | None) -> bool:
    """A NumPy random generator in the namespace (``rng = np.random.default_rng()``)."""
    if not name:
        return False
    obj = ctx.user_ns.get(name)
    return obj is not None and str(getattr(type(obj), "__module__", "")).startswith(
        "numpy.random")


def _random_index_call(ctx: CellContext, node: ast.AST) -> bool:
    """``np.random.permutation(n)``, ``rng.permutation(n)``, ``torch.randperm(n)``,
    ``rng.choice(n, n, replace=False)`` — an integer argument, not an array."""
    if not isinstance(node, ast.Call):
        return False
    f = node.func
    names = ctx.analysis.names
    if names.matches(f, *_PERM_CALLS):
        return True
    return isinstance(f, ast.Attribute) and f.attr in ("permutation", "choice") and \
        isinstance(f.value, ast.Name) and _is_generator(ctx, f.value.id)


class _Walker:
    def __init__(self, ctx: CellContext) -> None:
        self.ctx = ctx
        self.src = ctx.source
        self.mem = ctx.remember(_MEM)
        # index arrays drawn at random: name -> draw, from earlier cells too
        self.perms: dict[str, tuple] = self.mem.setdefault("perms", {})
        if len(self.perms) > _MAX:
            self.perms.clear()
        self.out: list[Reorder] = []

    def _seg(self, node: ast.AST) -> str:
        return self.src.segment(node)

    def index_draw(self, node: ast.expr, line: int) -> tuple | None:
        """The draw of a random index expression (``perm``, ``perm[:b]``, an inline
        ``np.random.permutation(n)``), None when the index is not known to be random."""
        if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Name) and \
                isinstance(node.slice, ast.Slice):
            node = node.value
        if isinstance(node, ast.Name):
            return self.perms.get(node.id)
        if _random_index_call(self.ctx, node):
            return ("call", self.ctx.cell, line, getattr(node, "col_offset", 0))
        return None

    def statement(self, st: ast.stmt) -> None:
        if isinstance(st, ast.Expr) and isinstance(st.value, ast.Call):
            self.inplace(st.value, st.lineno)
        elif isinstance(st, ast.Assign):
            pairs: list[tuple[ast.expr, ast.expr]] = []
            for t in st.targets:
                if isinstance(t, ast.Tuple) and isinstance(st.value, ast.Tuple) and \
                        len(t.elts) == len(st.value.elts):
                    pairs += list(zip(t.elts, st.value.elts, strict=True))
                else:
                    pairs.append((t, st.value))
            for t, v in pairs:
                if isinstance(t, ast.Name):
                    self.assign(t.id, v, st.lineno)
                elif isinstance(t, ast.Tuple):
                    self.assign_many(t, v, st.lineno)

    def inplace(self, c: ast.Call, line: int) -> None:
        if not c.args or not isinstance(c.args[0], ast.Name):
            return
        f = c.func
        if not (self.ctx.analysis.names.matches(f, *_INPLACE) or (
                isinstance(f, ast.Attribute) and f.attr == "shuffle" and
                isinstance(f.value, ast.Name) and _is_generator(self.ctx, f.value.id))):
            return
        name = c.args[0].id
        draw = ("call", self.ctx.cell, line, c.col_offset)
        self.perms.pop(name, None)
        self.out.append(Reorder(name, name, line, draw, self._seg(c)))
        obj = self.ctx.user_ns.get(name)
        # an index array shuffled in place is a random index from now on
        if self._index_like(name, obj):
            self.perms[name] = draw

    def _index_like(self, name: str, obj: Any) -> bool:
        """A 1-D integer array used as an index in this cell (``X[idx]``)."""
        if getattr(getattr(obj, "dtype", None), "kind", "") not in ("i", "u") or \
                getattr(obj, "ndim", 0) != 1:
            return False
        tree = self.src.tree
        return tree is not None and any(
            isinstance(n, ast.Subscript) and isinstance(n.slice, ast.Name)
            and n.slice.id == name for n in ast.walk(tree))

    def assign(self, target: str, v: ast.expr, line: int) -> None:
        if isinstance(v, ast.Call) and _random_index_call(self.ctx, v) and \
                not self._shuffles_array(v):
            self.perms[target] = ("name", self.ctx.cell, line, target)
            return
        if isinstance(v, ast.Subscript) and isinstance(v.value, ast.Name):
            if v.value.id in self.perms and isinstance(v.slice, ast.Slice):
                self.perms[target] = self.perms[v.value.id]     # idx = perm[i:i + b]
                return
            draw = self.index_draw(v.slice, line)
            if draw is not None:
                self.perms.pop(target, None)
                self.out.append(Reorder(target, v.value.id, line, draw, self._seg(v)))
                return
        self.perms.pop(target, None)
        if isinstance(v, ast.Call):
            self.copy_shuffle([target], v, line)

    def assign_many(self, t: ast.Tuple, v: ast.expr, line: int) -> None:
        names = [e.id for e in t.elts if isinstance(e, ast.Name)]
        for n in names:
            self.perms.pop(n, None)
        if isinstance(v, ast.Call):
            self.copy_shuffle(names, v, line)

    def _shuffles_array(self, c: ast.Call) -> bool:
        """``np.random.permutation(X)`` of an array (a shuffled copy), not of a length."""
        if not c.args or not isinstance(c.args[0], ast.Name):
            return False
        obj = self.ctx.user_ns.get(c.args[0].id)
        return getattr(obj, "ndim", 0) >= 1 or isinstance(obj, (list, tuple))

    def copy_shuffle(self, targets: list[str], c: ast.Call, line: int) -> None:
        """``Xs = shuffle(X)``, ``Xs, ys = shuffle(X, y)`` (one draw for both),
        ``Xs = tf.random.shuffle(X)``, ``Xs = df.sample(frac=1)``."""
        f = c.func
        names = self.ctx.analysis.names
        arrays: list[str] = []
        if names.matches(f, *_COPY_SHUFFLES):
            if names.matches(f, "numpy.random.permutation") and not self._shuffles_array(c):
                return
            arrays = [a.id for a in c.args if isinstance(a, ast.Name)]
            if len(arrays) != len(c.args):
                return
        elif isinstance(f, ast.Attribute) and f.attr == "sample" and \
                isinstance(f.value, ast.Name) and any(
                    k.arg == "frac" and isinstance(k.value, ast.Constant) and k.value.value == 1
                    for k in c.keywords):
            arrays = [f.value.id]
        else:
            return
        seed = next((k.value for k in c.keywords if k.arg in ("random_state", "seed")), None)
        draw: tuple = ("call", self.ctx.cell, line, c.col_offset)
        if isinstance(seed, ast.Constant) and isinstance(seed.value, int):
            draw = ("seed", seed.value)       # the same literal seed: the same order
        if len(targets) == len(arrays):
            for t, a in zip(targets, arrays, strict=True):
                self.out.append(Reorder(t, a, line, draw, self._seg(c)))
        elif len(arrays) == 1 and len(targets) == 1:
            self.out.append(Reorder(targets[0], arrays[0], line, draw, self._seg(c)))


def _statements(tree: ast.AST) -> list[ast.stmt]:
    """Every simple statement of the cell (in loops and functions too), in source order."""
    out = [n for n in ast.walk(tree) if isinstance(n, (ast.Expr, ast.Assign))]
    return sorted(out, key=lambda n: (n.lineno, n.col_offset))


def reorders(ctx: CellContext) -> list[Reorder]:
    """This cell's random row reorderings, in source order (computed once per cell)."""
    cache = ctx.remember(_MEM).setdefault("cache", {})
    key = (id(ctx), ctx.cell, id(ctx.source))
    if cache.get("key") == key:
        return cache["out"]
    out: list[Reorder] = []
    if ctx.source.ok and ctx.source.tree is not None:
        w = _Walker(ctx)
        for st in _statements(ctx.source.tree):
            w.statement(st)
        out = w.out
    cache.clear()
    cache.update(key=key, out=out)
    return out


def reseeded(ctx: CellContext, first: int, second: int) -> bool:
    """Is a random seed set (or a generator re-created) on a line between ``first`` and
    ``second`` (inclusive of ``second``'s line start)?"""
    names = ctx.analysis.names
    return any(first < c.line <= second and names.matches(c.node.func, *_SEEDS)
               for c in ctx.source.calls)


def derived(ctx: CellContext) -> dict[str, frozenset[str]]:
    """name -> the names its assignments read (this cell's, then earlier cells'
    remembered by name): ``y = (X[:, 0] > 0).astype(int)`` gives ``y -> {X}``."""
    mem = ctx.remember(_MEM).setdefault("derived", {})
    key = (id(ctx), ctx.cell)
    if mem.get("__key__") == key:
        return mem["__value__"]
    table: dict[str, frozenset[str]] = mem.setdefault("table", {})
    for a in ctx.source.assigns if ctx.source.ok else []:
        read = frozenset(n.id for n in ast.walk(a.value)
                         if isinstance(n, ast.Name) and n.id != a.target)
        table[a.target] = table.get(a.target, frozenset()) | read
    while len(table) > _MAX:
        del table[next(iter(table))]
    mem["__key__"], mem["__value__"] = key, dict(table)
    return mem["__value__"]


_LABEL_RE = re.compile(r"^(y|labels?|targets?|classes|class_ids|answers?|outputs?)(_|\d|$)|"
                       r"_(y|labels?|targets?)(\d*)$", re.I)
_FEATURE_RE = re.compile(r"^(x|features?|inputs?|data|samples|images?|imgs|sequences|seqs|"
                         r"texts?|tokens|windows?)(_|\d|$)|_(x|features?|inputs?)(\d*)$",
                         re.I)


def _rows(obj: Any) -> int | None:
    shape = getattr(obj, "shape", None)
    try:
        if shape is not None and len(shape):
            return int(shape[0])
        return len(obj) if isinstance(obj, list) else None
    except (TypeError, ValueError):
        return None


def pairing(ctx: CellContext, a: str, b: str) -> str | None:
    """Why ``a`` and ``b`` hold one data set's features and labels row by row, or None:
    "roles" (used as the features and the labels of one call: ``fit``, ``TensorDataset``,
    ``train_test_split``, a training loss — ``analysis.roles``), "derived" (one was
    computed from the other: ``y = (X[:, 0] > 0)``), "names" (a feature name and a label
    name). Both must hold the same number of rows now."""
    ra, rb = _rows(ctx.user_ns.get(a)), _rows(ctx.user_ns.get(b))
    if ra is None or ra != rb or ra < 2:
        return None
    by_name: dict[str, list[Any]] = {}
    for u in ctx.analysis.roles:
        if u.name in (a, b):
            by_name.setdefault(u.name, []).append(u)
    for ua in by_name.get(a, []):
        for ub in by_name.get(b, []):
            if ua.role[:1] != ub.role[:1] and ua.how == ub.how and ua.model == ub.model \
                    and ua.line == ub.line and ua.how not in ("loader", "nsdata"):
                return "roles"
    der = derived(ctx)
    if a in der.get(b, ()) or b in der.get(a, ()):
        return "derived"
    la, lb = _LABEL_RE.search(a), _LABEL_RE.search(b)
    fa, fb = _FEATURE_RE.search(a), _FEATURE_RE.search(b)
    if la and fb and not lb and not fa:
        return "names" if _stem(a, la) == _stem(b, fb) else None
    if lb and fa and not la and not fb:
        return "names" if _stem(a, fa) == _stem(b, lb) else None
    return None


def _stem(name: str, m: re.Match) -> str:
    """The name without its role word: ``X_train`` and ``y_train`` -> ``_train``."""
    return (name[:m.start()] + name[m.end():]).strip("_").lower()


def assigned_between(ctx: CellContext, name: str, first: int, second: int) -> bool:
    """Is ``name`` assigned on a line after ``first`` and before ``second``?"""
    return any(first < a.line < second for a in ctx.source.assignments_to(name))
