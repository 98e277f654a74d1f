"""Sliding windows cut from one sequence: which variables hold them, how long each window
is and how far apart consecutive windows start.

A variable holds windows when its assignment builds them:

* a comprehension over ``range``: ``np.stack([s[i:i + w] for i in range(len(s) - w)])``
  (``s[i - w:i]`` too; the stride is ``range``'s step);
* a loop over ``range`` that appends ``s[i:i + w]`` to a list, then ``X = np.array(lst)``;
* ``np.lib.stride_tricks.sliding_window_view(s, w)`` (stride 1; ``[::k]`` after it: k);
* a function of the cell that returns such a variable (``X, y = make_windows(series)``);

and a value computed from a windowed variable by a conversion, a reshape or an added axis
(``X[..., None]``, ``torch.tensor(X)``) holds the same windows. Windows *overlap* when
the stride is smaller than the window. Remembered by name across cells (bounded); a name
assigned anything else forgets its windows. Pure AST: the window length and stride are
literals or integers read from the namespace.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, replace
from typing import Any

from ..context import CellContext

_MEM = "analysis.windows"
_MAX = 300
_SLIDING = ("numpy.lib.stride_tricks.sliding_window_view",)


@dataclass(frozen=True)
class Windows:
    name: str          # the variable holding the windows
    series: str        # the sequence they are cut from
    window: int        # steps per window
    stride: int        # steps between the starts of consecutive windows
    line: int          # where they were built (in ``cell``)
    cell: int

    @property
    def overlap(self) -> int:
        """Steps shared by consecutive windows (0: none)."""
        return max(self.window - self.stride, 0)


def _int(ctx: CellContext, node: ast.expr | None, default: int | None = None) -> int | None:
    if node is None:
        return default
    if isinstance(node, ast.Constant) and isinstance(node.value, int) and \
            not isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.Name):
        v = ctx.user_ns.get(node.id)
        if isinstance(v, int) and not isinstance(v, bool):
            return v
    return None


def _range_step(ctx: CellContext, it: ast.expr) -> tuple[bool, int | None]:
    """(is a ``range(...)`` call, its step)."""
    if not (isinstance(it, ast.Call) and isinstance(it.func, ast.Name) and
            it.func.id == "range" and it.args):
        return False, None
    return True, _int(ctx, it.args[2] if len(it.args) > 2 else None, 1)


def _span(ctx: CellContext, sl: ast.expr, var: str) -> int | None:
    """The length of ``var:var + w`` / ``var - w:var`` (a slice moving with ``var``)."""
    if not isinstance(sl, ast.Slice) or sl.lower is None or sl.upper is None:
        return None
    lo, hi = sl.lower, sl.upper

    def offset(e: ast.expr) -> tuple[bool, int | None]:
        """(is ``var + k`` / ``k + var`` / ``var - k`` / ``var``, k)."""
        if isinstance(e, ast.Name) and e.id == var:
            return True, 0
        if isinstance(e, ast.BinOp) and isinstance(e.op, (ast.Add, ast.Sub)):
            if isinstance(e.left, ast.Name) and e.left.id == var:
                k = _int(ctx, e.right)
                return True, (None if k is None else (k if isinstance(e.op, ast.Add) else -k))
            if isinstance(e.op, ast.Add) and isinstance(e.right, ast.Name) and \
                    e.right.id == var:
                return True, _int(ctx, e.left)
        return False, None

    ok_lo, k_lo = offset(lo)
    ok_hi, k_hi = offset(hi)
    if not (ok_lo and ok_hi) or k_lo is None or k_hi is None:
        return None
    return k_hi - k_lo if k_hi > k_lo else None


def _window_slices(ctx: CellContext, node: ast.AST, var: str
                   ) -> tuple[str, int] | None:
    """(series, window) of a slice ``s[var:var + w]`` inside ``node``."""
    for n in ast.walk(node):
        if isinstance(n, ast.Subscript) and isinstance(n.value, ast.Name):
            sl = n.slice
            if isinstance(sl, ast.Tuple) and sl.elts:
                sl = sl.elts[0]
            w = _span(ctx, sl, var)
            if w is not None:
                return n.value.id, w
    return None


def _from_comprehension(ctx: CellContext, value: ast.expr) -> tuple[str, int, int] | None:
    """(series, window, stride) of windows built by a comprehension over ``range``."""
    for n in ast.walk(value):
        if isinstance(n, (ast.ListComp, ast.GeneratorExp)) and len(n.generators) == 1:
            g = n.generators[0]
            is_range, step = _range_step(ctx, g.iter)
            if not is_range or step is None or not isinstance(g.target, ast.Name):
                continue
            found = _window_slices(ctx, n.elt, g.target.id)
            if found is not None:
                return found[0], found[1], step
    return None


_METHODS = {"astype", "float", "double", "reshape", "to", "copy", "clone", "squeeze",
            "unsqueeze", "view", "numpy", "cpu"}
_FUNCTIONS = {"array", "asarray", "stack", "vstack", "tensor", "as_tensor", "from_numpy",
              "convert_to_tensor", "constant", "expand_dims", "reshape", "float32"}
_MODULES = ("np", "numpy", "torch", "tf", "tensorflow", "keras", "ops")


def _root(node: ast.expr) -> ast.expr:
    """The value under conversions, reshapes and added axes: ``np.stack(L)[..., None]``
    -> ``L``; ``torch.tensor(X).float()`` -> ``X``."""
    while True:
        if isinstance(node, ast.Subscript):
            node = node.value
            continue
        if not isinstance(node, ast.Call):
            return node
        f = node.func
        if isinstance(f, ast.Attribute) and f.attr in _METHODS and not (
                isinstance(f.value, ast.Name) and f.value.id in _MODULES):
            node = f.value
        elif (isinstance(f, ast.Attribute) and f.attr in _FUNCTIONS or
              isinstance(f, ast.Name) and f.id in _FUNCTIONS) and node.args:
            node = node.args[0]
        else:
            return node


class _Builder:
    def __init__(self, ctx: CellContext) -> None:
        self.ctx = ctx
        mem = ctx.remember(_MEM)
        self.known: dict[str, Windows] = mem.setdefault("names", {})
        self.funcs: dict[str, tuple[int, Windows]] = mem.setdefault("funcs", {})
        for d in (self.known, self.funcs):
            if len(d) > _MAX:
                d.clear()
        self.lists: dict[str, Windows] = {}

    def build(self, value: ast.expr, target: str, line: int,
              local: dict[str, Windows]) -> Windows | None:
        ctx = self.ctx
        comp = _from_comprehension(ctx, value)
        if comp is not None:
            s, w, k = comp
            return Windows(target, s, w, k, line, ctx.cell)
        sliding = self._sliding(value)
        if sliding is not None:
            return replace(sliding, name=target, line=line)
        r = _root(value)
        if isinstance(r, ast.Name):
            src = local.get(r.id) or self.lists.get(r.id)
            if src is not None:
                return replace(src, name=target)
        return None

    def _sliding(self, value: ast.expr) -> Windows | None:
        stride = 1
        node = value
        while isinstance(node, ast.Subscript):
            sl = node.slice
            first = sl.elts[0] if isinstance(sl, ast.Tuple) and sl.elts else sl
            if isinstance(first, ast.Slice) and first.step is not None:
                stride = _int(self.ctx, first.step) or 0
            node = node.value
        if not (isinstance(node, ast.Call) and len(node.args) >= 2 and
                self.ctx.analysis.names.matches(node.func, *_SLIDING)):
            return None
        w = _int(self.ctx, node.args[1])
        s = node.args[0]
        if w is None or stride <= 0 or not isinstance(s, ast.Name):
            return None
        return Windows("", s.id, w, stride, node.lineno, self.ctx.cell)

    def loop_lists(self, body: list[ast.stmt]) -> None:
        """Lists filled with ``L.append(s[i:i + w])`` in a ``for i in range(...)`` loop."""
        for n in ast.walk(ast.Module(body=body, type_ignores=[])):
            if not isinstance(n, ast.For) or not isinstance(n.target, ast.Name):
                continue
            is_range, step = _range_step(self.ctx, n.iter)
            if not is_range or step is None:
                continue
            for c in ast.walk(n):
                if isinstance(c, ast.Call) and isinstance(c.func, ast.Attribute) and \
                        c.func.attr == "append" and isinstance(c.func.value, ast.Name) and \
                        c.args:
                    found = _window_slices(self.ctx, c.args[0], n.target.id)
                    if found is not None:
                        self.lists[c.func.value.id] = Windows(
                            c.func.value.id, found[0], found[1], step, c.lineno,
                            self.ctx.cell)

    def statements(self, body: list[ast.stmt], local: dict[str, Windows],
                   returns: list[Windows | None] | None = None) -> None:
        self.loop_lists(body)
        for st in body:
            if isinstance(st, ast.FunctionDef):
                out: list[Windows | None] = []
                self.statements(st.body, {}, out)
                hit = next(((i, w) for i, w in enumerate(out) if w is not None), None)
                if hit is not None:
                    self.funcs[st.name] = hit
                else:
                    self.funcs.pop(st.name, None)
                continue
            if isinstance(st, ast.Return) and returns is not None and st.value is not None:
                vals = st.value.elts if isinstance(st.value, ast.Tuple) else [st.value]
                for i, v in enumerate(vals):
                    w = self.build(v, "", st.lineno, local)
                    if w is not None:
                        while len(returns) <= i:
                            returns.append(None)
                        returns[i] = w
                continue
            if isinstance(st, ast.Assign):
                self.assign(st, local)
            for field in ("body", "orelse"):
                inner = getattr(st, field, None)
                if isinstance(inner, list) and not isinstance(st, ast.FunctionDef):
                    self.statements([s for s in inner if isinstance(s, ast.stmt)], local,
                                    returns)

    def assign(self, st: ast.Assign, local: dict[str, Windows]) -> None:
        for t in st.targets:
            names: list[ast.expr] = [t] if isinstance(t, ast.Name) else (
                list(t.elts) if isinstance(t, ast.Tuple) else [])
            if not names:
                continue
            values: list[ast.expr | None]
            if isinstance(t, ast.Tuple) and isinstance(st.value, ast.Tuple) and \
                    len(st.value.elts) == len(names):
                values = list(st.value.elts)
            elif isinstance(t, ast.Tuple):
                values = [None] * len(names)
                self._call_result(st.value, names, st.lineno, local)
                continue
            else:
                values = [st.value]
            for n, v in zip(names, values, strict=True):
                if not isinstance(n, ast.Name):
                    continue
                w = self.build(v, n.id, st.lineno, local) if v is not None else None
                if w is None and isinstance(v, ast.Call):
                    self._call_result(v, [n], st.lineno, local)
                    continue
                if w is None:
                    local.pop(n.id, None)
                else:
                    local[n.id] = w

    def _call_result(self, value: ast.expr, names: list[ast.expr], line: int,
                     local: dict[str, Windows]) -> None:
        """``X, y = make_windows(series)``: the function's windowed result."""
        hit = None
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Name):
            hit = self.funcs.get(value.func.id)
        for i, n in enumerate(names):
            if not isinstance(n, ast.Name):
                continue
            if hit is not None and (hit[0] == i or (len(names) == 1 and hit[0] == 0)):
                series = value.args[0].id if isinstance(value, ast.Call) and value.args \
                    and isinstance(value.args[0], ast.Name) else hit[1].series
                local[n.id] = replace(hit[1], name=n.id, series=series, line=line,
                                      cell=self.ctx.cell)
            else:
                local.pop(n.id, None)


def windows(ctx: CellContext) -> dict[str, Windows]:
    """The variables holding sliding windows after this cell (this cell's and earlier
    cells', by name). Computed once per cell."""
    mem = ctx.remember(_MEM)
    key = (id(ctx), ctx.cell, id(ctx.source))
    if mem.get("key") == key:
        return mem["value"]
    b = _Builder(ctx)
    tree: Any = ctx.source.tree if ctx.source.ok else None
    if tree is not None:
        local = dict(b.known)
        b.statements(list(tree.body), local)
        b.known.clear()
        b.known.update(local)
    mem["key"], mem["value"] = key, dict(b.known)
    return mem["value"]


_SPLIT = ("sklearn.model_selection.train_test_split",)
_RANDOM_SPLIT = ("torch.utils.data.random_split", "torch.utils.data.dataset.random_split")
_TENSOR_DATASET = ("torch.utils.data.TensorDataset",)


@dataclass(frozen=True)
class ShuffledSplit:
    """A random split of overlapping windows: ``call`` splits ``windows`` at ``line``."""

    windows: Windows
    call: ast.Call
    line: int
    how: str           # "train_test_split" | "random_split"
    default: bool      # shuffling because ``shuffle`` was left at its default (True)


def _windowed_arg(ctx: CellContext, node: ast.expr, known: dict[str, Windows]
                  ) -> Windows | None:
    r = _root(node)
    if isinstance(r, ast.Name) and r.id in known:
        return known[r.id]
    if isinstance(r, ast.Call) and ctx.analysis.names.matches(r.func, *_TENSOR_DATASET):
        for a in r.args:
            w = _windowed_arg(ctx, a, known)
            if w is not None:
                return w
    if isinstance(r, ast.Name):
        for asg in ctx.source.assignments_to(r.id):
            if isinstance(asg.value, ast.Call) and \
                    ctx.analysis.names.matches(asg.value.func, *_TENSOR_DATASET):
                return _windowed_arg(ctx, asg.value, known)
    return None


def shuffled_splits(ctx: CellContext) -> list[ShuffledSplit]:
    """This cell's random splits (``train_test_split`` with shuffling on, torch
    ``random_split``) of overlapping windows."""
    known = windows(ctx)
    if not known or not ctx.source.ok:
        return []
    out: list[ShuffledSplit] = []
    names = ctx.analysis.names
    for c in ctx.source.calls:
        if names.matches(c.node.func, *_SPLIT):
            how = "train_test_split"
            node = c.kwarg("shuffle")
            if node is not None:
                value = c.const("shuffle", default=None)
                if value is None and isinstance(node, ast.Name):
                    value = ctx.user_ns.get(node.id)
                if value is not True:
                    continue          # shuffle=False, or not known
            args = list(c.node.args)
        elif names.matches(c.node.func, *_RANDOM_SPLIT) and c.node.args:
            how, node, args = "random_split", None, [c.node.args[0]]
        else:
            continue
        for a in args:
            w = _windowed_arg(ctx, a, known)
            if w is not None and w.overlap > 0:
                out.append(ShuffledSplit(w, c.node, c.line, how, node is None))
                break
    return out
