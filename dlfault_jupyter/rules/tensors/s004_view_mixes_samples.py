from __future__ import annotations

import ast
from collections.abc import Iterator

from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


def _int_expr(e: ast.AST, depth: int = 0) -> int | None:
    """The value of an integer literal expression such as ``-1`` or ``28 * 28 * 2``."""
    if depth > 8:
        return None
    if isinstance(e, ast.Constant) and isinstance(e.value, int) and \
            not isinstance(e.value, bool):
        return e.value
    if isinstance(e, ast.UnaryOp) and isinstance(e.op, ast.USub):
        v = _int_expr(e.operand, depth + 1)
        return None if v is None else -v
    if isinstance(e, ast.BinOp) and isinstance(e.op, (ast.Mult, ast.Add, ast.Sub)):
        a, b = _int_expr(e.left, depth + 1), _int_expr(e.right, depth + 1)
        if a is None or b is None:
            return None
        return a * b if isinstance(e.op, ast.Mult) else a + b if isinstance(e.op, ast.Add) \
            else a - b
    return None


@register
class ViewMixesSamples(Rule):
    id = "DLF-S004"
    name = "view-mixes-samples"
    title = "x.view(-1, K) with K different from the per-sample size"
    taxonomy = "tensors.shape"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{code}`: `{data}` has shape {shape} ({per} values per sample), so "
               "`-1, {k}` gives {rows} rows instead of {n}: {what}")
    beginner = """`.view(-1, {k})` (or `.reshape`) cuts the tensor into rows of {k}
values. Each sample of `{data}` has {per} values, so the rows no longer match the samples:
{plain} Use the batch size as the first dimension and let PyTorch compute the rest:
`{data}.view({data}.size(0), -1)` (or `torch.flatten({data}, 1)`)."""
    expert = """`view(-1, K)` infers the first dimension as numel/K = {rows}; with
K ≠ ∏shape[1:] = {per}, rows straddle sample boundaries, so features of different
samples are mixed and the batch dimension no longer lines up with the targets (a later
loss either raises a batch-size mismatch or, worse, broadcasts). `x.flatten(1)` keeps
the batch axis by construction."""
    fix = """{data}_flat = {data}.view({data}.size(0), -1)    # ({n}, {per})
# or: torch.flatten({data}, 1)"""
    texts = {
        "samples_mixed": Texts(
            what="""values of different samples end up in the same row, and the batch no
longer matches the labels.""",
            plain="""values of different samples are mixed in one row, and the number of rows
no longer equals the number of samples.""",
        ),
        "not_divisible": Texts(
            rows="{numel}/{k} (not whole)",
            what="the sizes do not divide, so this raises a shape error.",
            plain="here the sizes do not even divide, so PyTorch raises an error.",
        ),
    }

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        for c in src.calls_to("view", "reshape"):
            recv = c.receiver
            v = ctx.ns.get(recv)
            if v is None or v.kind != "tensor" or len(c.args) != 2 or c.function:
                continue
            a0, a1 = _int_expr(c.args[0]), _int_expr(c.args[1])
            if a0 != -1 or not isinstance(a1, int) or isinstance(a1, bool) or a1 <= 0:
                continue
            shape = tuple(int(d) for d in v.obj.shape)
            if len(shape) < 2:
                continue
            # K equal to the product of some trailing axes is a deliberate merge of leading ones
            suffix = 1
            products = set()
            for d in reversed(shape[1:]):
                suffix *= d
                products.add(suffix)
            if a1 in products:
                continue
            numel = 1
            for d in shape:
                numel *= d
            per = numel // shape[0] if shape[0] else 0
            divides = numel % a1 == 0
            yield Evidence(line=c.line, subject=recv, code=src.segment(c.node), data=recv,
                           variant="samples_mixed" if divides else "not_divisible",
                           shape=shape, per=per, k=a1, numel=numel,
                           rows=numel // a1 if divides else None, n=shape[0])
