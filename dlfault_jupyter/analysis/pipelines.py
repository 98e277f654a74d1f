"""Shared by several rules (moved from rules/keras_data.py)."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from .. import frameworks
from ..context import CellContext
from ..source.facts import dotted

_OPS = ("batch", "padded_batch", "unbatch", "rebatch", "shuffle", "repeat", "cache", "map",
        "prefetch", "filter", "take", "skip", "flat_map", "interleave", "apply",
        "ragged_batch", "bucket_by_sequence_length", "zip", "concatenate", "enumerate",
        "with_options", "shard", "window", "snapshot", "prefetch")


_CTORS = ("from_tensor_slices", "from_tensors", "from_generator", "list_files", "range",
          "zip", "TFRecordDataset", "TextLineDataset", "image_dataset_from_directory",
          "text_dataset_from_directory", "timeseries_dataset_from_array",
          "audio_dataset_from_directory", "load")


class Op:
    __slots__ = ("name", "line", "call")

    def __init__(self, name: str, line: int | None, call: ast.Call | None):
        self.name, self.line, self.call = name, line, call


def _scope_statements(tree: ast.AST, local: bool
                      ) -> tuple[list[ast.Assign | ast.Expr | ast.Return], list[ast.AST]]:
    """(assignment/expression/return statements of one scope in source order, the
    functions defined in it); lambdas and classes are not entered."""
    stmts: list[ast.Assign | ast.Expr | ast.Return] = []
    functions: list[ast.AST] = []

    class V(ast.NodeVisitor):
        def generic_visit(self, node: ast.AST) -> None:
            if isinstance(node, (ast.Assign, ast.Expr, ast.Return)) and \
                    getattr(node, "value", None) is not None:
                stmts.append(node)
            super().generic_visit(node)

        def visit_FunctionDef(self, node: ast.AST) -> None:
            functions.append(node)

        visit_AsyncFunctionDef = visit_FunctionDef

        def visit_Lambda(self, node: ast.AST) -> None:
            return None

        visit_ClassDef = visit_Lambda

    for st in (getattr(tree, "body", []) if local else [tree]):
        V().visit(st)
    stmts.sort(key=lambda n: (n.lineno, n.col_offset))
    return stmts, functions


class Pipelines:
    """Op sequences of tf.data datasets built in this cell (and remembered from earlier
    cells by name), in statement order."""

    def __init__(self, ctx: CellContext) -> None:
        self.ctx = ctx
        mem = ctx.remember("DLF-A104")
        self.remembered: dict[str, list[str]] = mem.setdefault("chains", {})
        self.by_name: dict[str, list[Op]] = {}
        self.exprs: list[list[Op]] = []   # every chain expression seen, with history
        src = ctx.source
        if not src.ok or src.tree is None or frameworks.get("tensorflow") is None:
            return
        self._walk(src.tree)
        for name, ops in self.by_name.items():
            self.remembered[name] = [o.name for o in ops][-32:]

    def _walk(self, tree: ast.AST, local: bool = False) -> None:
        """The statements of one scope in order: the cell (names remembered for later
        cells), or the body of a function defined in the cell (``local``: its own names,
        so ``def make_ds(x, y): ds = ...; ds = ds.batch(b); ds = ds.shuffle(n)`` is seen
        like the same lines at the top level; a parameter has no history)."""
        stmts, functions = _scope_statements(tree, local)
        for stmt in stmts:
            self._statement(stmt, local)
        for fn in functions:
            outer = self.by_name
            self.by_name = {}
            try:
                self._walk(fn, local=True)
            finally:
                self.by_name = outer

    def _statement(self, stmt: ast.Assign | ast.Expr | ast.Return, local: bool) -> None:
        if isinstance(stmt, ast.Assign):
            ops = self.chain(stmt.value, local)
            if len(stmt.targets) == 1 and isinstance(stmt.targets[0], ast.Name):
                name = stmt.targets[0].id
                if ops is not None:
                    self.by_name[name] = ops
                else:
                    self.by_name.pop(name, None)
                    if not local:
                        self.remembered.pop(name, None)
            if ops is not None:
                self.exprs.append(ops)
                return
        value = stmt.value
        if value is None:
            return
        # chains passed directly as arguments: model.fit(ds.shuffle(10).batch(8))
        for n in ast.walk(value):
            if isinstance(n, ast.Call):
                for a in [*n.args, *(k.value for k in n.keywords)]:
                    ops = self.chain(a, local)
                    if ops is not None:
                        self.exprs.append(ops)
        if isinstance(stmt, (ast.Expr, ast.Return)):
            ops = self.chain(value, local)
            if ops is not None:
                self.exprs.append(ops)

    def history(self, name: str, local: bool = False) -> list[Op] | None:
        if name in self.by_name:
            return list(self.by_name[name])
        if local:   # a parameter or a global read inside a function: nothing known
            return None
        if name in self.remembered:
            return [Op(n, None, None) for n in self.remembered[name]]
        var = self.ctx.ns.get(name)
        if var is not None and var.framework == "tensorflow" and var.kind == "loader":
            return [Op("?", None, None)]
        return None

    def chain(self, node: ast.AST, local: bool = False) -> list[Op] | None:
        """Ops of a method chain on a tf.data dataset (with the base's history), or None
        when the expression is not such a chain."""
        ops: list[Op] = []
        n = node
        while isinstance(n, ast.Call) and isinstance(n.func, ast.Attribute):
            ops.append(Op(n.func.attr, n.lineno, n))
            n = n.func.value
        ops.reverse()
        if not ops:
            return None
        if isinstance(n, ast.Name) and ops[0].name not in _CTORS:
            base = self.history(n.id, local)
            if base is None:
                return None
            if not any(o.name in _OPS for o in ops):
                return None
            return base + [o for o in ops if o.name in _OPS]
        d = dotted(n)
        q = self.ctx.source.qualname(d) or ""
        if ops[0].name in _CTORS and q.split(".")[0] in ("tensorflow", "keras",
                                                         "tensorflow_datasets"):
            if q.split(".")[0] == "tensorflow_datasets" and ops[0].name != "load":
                return None
            return [ops[0]] + [o for o in ops[1:] if o.name in _OPS]
        return None

    def all_chains(self) -> list[list[Op]]:
        return self.exprs


def _pipelines(ctx: CellContext) -> Pipelines:
    cache = ctx.remember("DLF-A104-cell")
    if cache.get("cell") != ctx.cell or cache.get("src") is not ctx.source:
        cache.clear()
        cache.update(cell=ctx.cell, src=ctx.source, p=Pipelines(ctx))
    return cache["p"]


def _after(ops: list[Op], first: tuple[str, ...], then: str,
           reset: tuple[str, ...] = ()) -> Iterator[tuple[Op, Op]]:
    """(earlier op, later op) where ``then`` follows one of ``first`` (no ``reset`` op in
    between), and the later op is in this cell."""
    last: Op | None = None
    for o in ops:
        if o.name in first:
            last = o
        elif o.name in reset:
            last = None
        elif o.name == then and last is not None and o.line is not None:
            yield last, o


def _seg(ctx: CellContext, op: Op) -> str:
    if op.call is None:
        return f".{op.name}(...)"
    s = ctx.source.segment(op.call)
    # only the last method of the chain: from ".name(" on
    i = s.rfind(f".{op.name}(")
    return s[i:] if i >= 0 else f".{op.name}(...)"


def _stmt(ctx: CellContext, node: ast.AST | None) -> ast.stmt | None:
    n = node
    while n is not None and not isinstance(n, ast.stmt):
        n = ctx.source.parent(n)
    return n


def _mtext(ctx: CellContext, op: Op) -> str | None:
    """``.batch(16)``: the method call of ``op`` as the user wrote it."""
    if op.call is None:
        return None
    func = op.call.func
    assert isinstance(func, ast.Attribute)  # a method call
    full, base = ctx.source.segment(op.call), ctx.source.segment(func.value)
    return full[len(base):] if full and base and full.startswith(base) else None


def _move_before(ctx: CellContext, mover: Op, anchor: Op) -> str | None:
    """The user's own pipeline code with the method call ``mover`` moved before
    ``anchor`` (same statement), or the two statements in the new order; None when
    the code cannot be rewritten safely (the fix then stays a template)."""
    sm, sa = _stmt(ctx, mover.call), _stmt(ctx, anchor.call)
    if sm is None or sa is None:
        return None
    if sm is sa:
        text, mt, at = ctx.source.segment(sm), _mtext(ctx, mover), _mtext(ctx, anchor)
        if not (text and mt and at) or text.count(mt) != 1:
            return None
        text = text.replace(mt, "", 1)
        return text.replace(at, mt + at, 1) if text.count(at) == 1 else None
    m, a = ctx.source.segment(sm), ctx.source.segment(sa)
    if not m or not a or "\n" in m + a or sm.lineno < sa.lineno:
        return None
    return f"{m}\n{a}"


def _replace_call(ctx: CellContext, op: Op, new: str) -> str | None:
    """The statement of ``op`` with its method call replaced by ``new``."""
    st, mt = _stmt(ctx, op.call), _mtext(ctx, op)
    text = ctx.source.segment(st) if st is not None else None
    if not text or not mt or text.count(mt) != 1:
        return None
    return text.replace(mt, new, 1)


_FW = ("tensorflow", "keras")


# -- labels and feature scales seen through model.fit(X, y) ------------------------------------

_SPARSE_LOSSES = ("sparse_categorical_crossentropy", "sparse_categorical_focal_crossentropy")


def one_based_labels(k, model, y) -> tuple[int, int] | None:
    """(min, max) of integer labels ``y`` that run 1..C for a C-unit sparse-categorical model:
    class numbers counted from 1 (class 0 missing, the top label has no output unit)."""
    from .training import data_summary
    cfg = k.compile_config(model)
    if not cfg or k.loss_name(cfg.get("loss")) not in _SPARSE_LOSSES:
        return None
    head = k.output_head(model)
    if head is None or head.units < 2:
        return None
    try:
        s = data_summary(y)
    except Exception:  # noqa: BLE001
        return None
    if not s.has_values or not s.integral or s.min is None or s.n_nan:
        return None
    if len(s.shape) > 2 or (len(s.shape) == 2 and s.shape[1] != 1):
        return None
    if int(s.min) == 1 and int(s.max) == head.units:
        return 1, head.units
    return None
