from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...analysis.models import _shape_of
from ...analysis.roles import _arg
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


def _dim_value(ctx: CellContext, node: ast.AST) -> int | None:
    """An int dimension written in the source: a literal, -1, a name bound to an int,
    ``len(a)`` or ``a.shape[i]`` of a namespace array."""
    if isinstance(node, ast.Constant) and isinstance(node.value, int) and \
            not isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and \
            isinstance(node.operand, ast.Constant) and node.operand.value == 1:
        return -1
    if isinstance(node, ast.Name):
        v = ctx.user_ns.get(node.id)
        return v if isinstance(v, int) and not isinstance(v, bool) else None
    if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "len" and \
            len(node.args) == 1 and isinstance(node.args[0], ast.Name):
        s = _shape_of(ctx, ctx.user_ns.get(node.args[0].id))
        return s[0] if s else None
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and \
            node.value.attr == "shape" and isinstance(node.value.value, ast.Name) and \
            isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, int):
        s = _shape_of(ctx, ctx.user_ns.get(node.value.value.id))
        try:
            return s[node.slice.value] if s else None
        except IndexError:
            return None
    return None


def _target_shape(ctx: CellContext, args: list[ast.AST], size: int) -> tuple | None:
    if len(args) == 1 and isinstance(args[0], (ast.Tuple, ast.List)):
        args = list(args[0].elts)
    dims = [_dim_value(ctx, a) for a in args]
    if not dims or any(d is None for d in dims) or dims.count(-1) > 1:
        return None
    known = 1
    for d in dims:
        if d != -1:
            known *= d
    if -1 in dims:
        if known <= 0 or size % known:
            return None
        dims[dims.index(-1)] = size // known
    return tuple(dims)


def _permutation(src_shape: tuple, dst: tuple) -> tuple | None:
    """Axes of ``src_shape`` in the order of ``dst``, keeping equal sizes in order."""
    used: set[int] = set()
    perm = []
    for d in dst:
        i = next((i for i, s in enumerate(src_shape) if s == d and i not in used), None)
        if i is None:
            return None
        used.add(i)
        perm.append(i)
    return tuple(perm)


_ARRAY_MODULES = ("np", "numpy", "tf", "tensorflow", "ops", "jnp", "torch")


def _layout_source(e: ast.AST | None) -> str | None:
    """The variable whose values ``e`` holds in the same order (through length- and
    layout-keeping conversions: ``torch.from_numpy(x)``, ``x.float()``, ``np.asarray(x)``)."""
    name, how = _arg(e)
    return name if how == "exact" else None


def _shape_names(tree: ast.AST) -> dict[tuple[int, str], tuple[str, ...]]:
    """``b, l, c = x.shape`` (or ``x.size()``) per scope: {(id of the enclosing function
    or 0, "x"): ("b", "l", "c")}, the last such unpacking of each tensor in its scope."""
    out: dict[tuple[int, str], tuple[str, ...]] = {}

    def visit(node: ast.AST, scope: int) -> None:
        for ch in ast.iter_child_nodes(node):
            if isinstance(ch, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
                visit(ch, id(ch))
                continue
            if isinstance(ch, ast.Assign) and len(ch.targets) == 1 and \
                    isinstance(ch.targets[0], ast.Tuple) and \
                    all(isinstance(e, ast.Name) for e in ch.targets[0].elts):
                v = ch.value
                if isinstance(v, ast.Call) and not v.args and not v.keywords:
                    v = v.func
                    ok = isinstance(v, ast.Attribute) and v.attr == "size"
                else:
                    ok = isinstance(v, ast.Attribute) and v.attr == "shape"
                names = tuple(e.id for e in ch.targets[0].elts)   # type: ignore[attr-defined]
                if ok and len(set(names)) == len(names) and "_" not in names:
                    out[(scope, ast.unparse(v.value))] = names   # type: ignore[attr-defined]
            visit(ch, scope)

    visit(tree, 0)
    return out


def _dim_ref(e: ast.AST, of: str, names: tuple[str, ...] | None) -> int | None:
    """Which axis of ``of`` an argument names: an unpacked shape name (``c``),
    ``of.size(k)`` or ``of.shape[k]``."""
    if isinstance(e, ast.Name) and names and e.id in names:
        return names.index(e.id)
    if isinstance(e, ast.Call) and isinstance(e.func, ast.Attribute) and \
            e.func.attr == "size" and len(e.args) == 1 and not e.keywords and \
            ast.unparse(e.func.value) == of:
        k = e.args[0]
    elif isinstance(e, ast.Subscript) and isinstance(e.value, ast.Attribute) and \
            e.value.attr == "shape" and ast.unparse(e.value.value) == of:
        k = e.slice
    else:
        return None
    return k.value if isinstance(k, ast.Constant) and isinstance(k.value, int) and \
        not isinstance(k.value, bool) and k.value >= 0 else None


def _symbolic(src: Any) -> Iterator[tuple[Any, str, tuple[str, ...], tuple[str, ...],
                                          tuple[int, ...]]]:
    """(call, tensor, its axes, the axes asked for, permutation) for a view/reshape
    whose arguments are the tensor's own axes in another order, named symbolically
    (``b, l, c = x.shape; x.view(b, c, l)``, ``x.view(x.size(0), x.size(2), x.size(1))``):
    no value is needed, so it is seen inside ``forward`` too."""
    if src.tree is None:
        return
    unpacked = _shape_names(src.tree)
    scopes: dict[int, int] = {}
    for fn in ast.walk(src.tree):
        if isinstance(fn, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda)):
            for n in ast.walk(fn):
                if isinstance(n, ast.Call):
                    scopes[id(n)] = id(fn)   # innermost wins: walked outer first
    for c in src.calls_to("reshape", "view"):
        f = c.node.func
        if not isinstance(f, ast.Attribute) or len(c.args) < 2 or c.node.keywords:
            continue
        of = ast.unparse(f.value)
        names = unpacked.get((scopes.get(id(c.node), 0), of))
        idx = [_dim_ref(a, of, names) for a in c.args]
        if any(i is None for i in idx):
            continue
        perm = tuple(i for i in idx if i is not None)
        rank = len(names) if names else len(perm)
        if sorted(perm) != list(range(rank)) or perm == tuple(range(rank)):
            continue
        axes = names or tuple(f"size({i})" for i in range(rank))
        yield c, of, axes, tuple(axes[i] for i in perm), perm


def _torch_shape(obj: Any) -> tuple | None:
    """The shape of a torch tensor (by its type's module: torch is never imported here)."""
    if not (type(obj).__module__ or "").startswith("torch"):
        return None
    t = frameworks.get("torch")
    try:
        return tuple(int(d) for d in obj.shape) if t is not None and t.is_tensor(obj) else None
    except Exception:  # noqa: BLE001
        return None


@register
class ReshapePermutesAxes(Rule):
    id = "DLF-S104"
    name = "reshape-instead-of-transpose"
    title = "reshape to a permutation of the array's own axes (a transpose was meant)"
    taxonomy = "tensors.shape"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow", "torch")
    message = ("`{call}` turns `{src}` of shape {old} into {new}, the same axes in another "
               "order: reshape does not move the axes, it scrambles the values.")
    beginner = """`reshape` keeps the values in their memory order and only cuts them into
a new shape. Going from {old} to {new} therefore does not swap the axes: every image (or
sequence) ends up as a mix of pieces of its channels/rows, and the model trains on
scrambled data without any error. To reorder axes use `{how}`:
`{code}.{how}{perm}`."""
    expert = """The target shape {new} is a non-trivial permutation {perm} of {old} (axes
of size > 1 change order). Reshape is a view over the row-major buffer, so element
[i, j, k, l] of the result is not element [perm⁻¹(i, j, k, l)] of the source: spatial and
channel axes are interleaved. `np.transpose`/`tf.transpose` (or `np.moveaxis`) reorders
axes; reshape only regroups them."""
    fix = """{dst} = {code}.{how}{perm}        # {old} -> {new}
{alt}"""
    texts = {
        # -- the call that reorders axes: a torch tensor's, or NumPy's
        "permute": Texts(how="permute",
                         alt="# (.contiguous() after it where a contiguous tensor is needed)"),
        "transpose": Texts(how="transpose",
                           alt="# (tf.transpose({src}, perm={perm_list}) for tensors)"),
        # -- a 2-D table (a, b) cut into (b, a): rows and columns swapped by reshape
        "matrix": Texts(
            beginner="""`reshape` keeps the values in their memory order and only cuts them into
a new shape. Going from {old} to {new} therefore does not turn rows into columns: each new
row is a run of {new_row} consecutive values of the old rows, so every sample ends up with
values that belong to other samples and other features, and the model trains on scrambled
data without any error. To swap the axes use `{how}`: `{code}.{how}{perm}` (or `{code}.T`).""",
            expert="""The target shape {new} is the reverse of {old}. Reshape regroups the
row-major buffer, so element [i, j] of the result is element [(i·{new_row} + j) // {old_row},
(i·{new_row} + j) % {old_row}] of the source, not element [j, i]: only a transpose
(`.T`, `np.transpose`, `tf.transpose`, torch `.t()`/`.permute(1, 0)`) gives that."""),
    }
    known_false_alarms = ("Data stored in one layout but labelled with the shape of another "
                          "(rare: the source shape is normally the true layout).")
    references = ("https://numpy.org/doc/stable/reference/generated/numpy.transpose.html",)

    def _symbolic(self, ctx: CellContext, src: Any, symbolic: set[int]) -> Iterator[Evidence]:
        """Views/reshapes to the tensor's own axes in another order, named symbolically
        (module ``_symbolic``); marks them in ``symbolic``."""
        for c, of, axes, asked, perm in _symbolic(src):
            obj = ctx.user_ns.get(of)
            if c.function is None and obj is not None and \
                    (_shape_of(ctx, obj) or _torch_shape(obj)) is not None and \
                    not any(a.line >= c.line or a.loops for a in src.assignments_to(of)):
                continue    # its shape is known: the concrete check below reads it
            dst = next((a.target for a in src.assigns if a.value is c.node), of)
            var = ctx.ns.get(of)
            torchy = c.attr == "view" or c.function == "forward" or (
                var is not None and var.framework == "torch")
            if not torchy and (var is None or var.framework != "numpy"):
                continue    # not known whether .permute or .transpose is the fix
            symbolic.add(id(c.node))
            yield Evidence(line=c.line, subject=of, call=src.segment(c.node), src=of,
                           dst=dst, old=f"({', '.join(axes)})", new=f"({', '.join(asked)})",
                           perm=perm, perm_list=list(perm), code=of,
                           variant="permute" if torchy else "transpose")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        if not src.ok:
            return
        symbolic: set[int] = set()
        yield from self._symbolic(ctx, src, symbolic)
        for c in src.calls_to("reshape", "view"):
            f = c.node.func
            if not isinstance(f, ast.Attribute) or id(c.node) in symbolic:
                continue
            if isinstance(f.value, ast.Name) and f.value.id in _ARRAY_MODULES:
                # np.reshape(x, shape), tf.reshape(x, shape), torch.reshape(x, shape)
                if c.attr != "reshape" or not c.args:
                    continue
                name = _layout_source(c.args[0])
                shp = c.kwarg("shape", 1) or c.kwarg("newshape", 1)
                args = [shp] if shp is not None else []
            else:
                # x.reshape(...), torch.from_numpy(x).view(...), x.float().reshape(...)
                name, args = _layout_source(f.value), list(c.args)
            if name is None or ctx.user_ns.get(name) is None:
                continue
            if not args or any(isinstance(a, ast.Starred) for a in args):
                continue
            if any(a.line >= c.line or a.loops for a in src.assignments_to(name)):
                continue    # rebound at/after the reshape: its shape now is not the one reshaped
            obj = ctx.user_ns.get(name)
            old = _shape_of(ctx, obj) or _torch_shape(obj)
            if old is None or len(old) < 2 or -1 in old:
                continue
            size = 1
            for d in old:
                size *= d
            new = _target_shape(ctx, args, size)
            if new is None or len(new) != len(old) or new == old or \
                    sorted(new) != sorted(old):
                continue
            if [d for d in old if d != 1] == [d for d in new if d != 1]:
                continue    # only size-1 axes move: same memory layout, reshape is fine
            perm = _permutation(old, new)
            if perm is None:
                continue
            dst = next((a.target for a in src.assigns if a.value is c.node), name)
            torchy = _torch_shape(obj) is not None or c.attr == "view" or \
                "torch" in ast.unparse(f.value)
            code = ast.unparse(c.args[0] if f.value is not None and isinstance(
                f.value, ast.Name) and f.value.id in _ARRAY_MODULES else f.value)
            how = "permute" if torchy else "transpose"
            yield Evidence(line=c.line, subject=name, call=src.segment(c.node) or
                           f"{name}.reshape(...)", src=name, dst=dst, old=old, new=new,
                           perm=perm, perm_list=list(perm), code=code,
                           old_row=old[-1], new_row=new[-1],
                           variant=(how, "matrix") if len(old) == 2 else how)
