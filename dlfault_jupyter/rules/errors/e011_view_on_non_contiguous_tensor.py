from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ...analysis.errors import _line, _msg, code_of, error_calls, tensor_info
from ...context import CellContext
from ...frameworks.summary import shape_str
from ...registry import Evidence, Rule, Texts, register


@register
class ViewOnNonContiguous(Rule):
    id = "DLF-E011"
    name = "view-on-non-contiguous-tensor"
    title = "view size is not compatible with input tensor's size and stride"
    taxonomy = "tensors.shape"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = "view() on a non-contiguous tensor: {summary}"
    beginner = """`.view()` only re-labels the dimensions of a tensor whose values are stored
in one block, in order. After `transpose`, `permute`, `.T` or some slicing, they are not.
Use `.reshape(...)` instead (it copies when needed), or call `.contiguous()` first."""
    expert = """`view` never copies: it requires strides compatible with the new shape. {src_stride}
`reshape` returns a view when possible and a copy otherwise; `.contiguous().view(...)` forces
the copy explicitly. `flatten(1)` also works on non-contiguous tensors."""
    fix = """{fix_code}"""
    # A finding is written with whether the error line names the viewed tensor and whether
    # its strides could be read.
    texts = {
        "receiver_named": Texts(
            summary="""`{recv}.view({args})` fails because `{recv}` is not contiguous in memory
(e.g. after transpose/permute): use `{recv}.reshape({args})`.""",
            fix_code="""{recv}.reshape({args})
# or: {recv}.contiguous().view({args})""",
        ),
        "receiver_unknown": Texts(
            summary="""`.view()` was called on a tensor that is not contiguous in memory (e.g.
after transpose/permute): use `.reshape()` instead.""",
            fix_code="""x.reshape(...)   # instead of x.view(...)
# or: x.contiguous().view(...)""",
        ),
        "strides_seen": Texts(src_stride="""`{recv}` has shape {shape} and strides {strides},
is_contiguous() = {contiguous}."""),
        "strides_unseen": Texts(src_stride=""),
    }
    references = ("https://pytorch.org/docs/stable/generated/torch.Tensor.view.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        if not _msg(ctx, r"view size is not compatible with input tensor's size and stride"):
            return
        vcall = next((c for c in error_calls(ctx) if c.attr == "view"), None)
        recv = code_of(ctx, vcall.node.func.value) if vcall is not None and isinstance(
            vcall.node.func, ast.Attribute) else None
        args = ", ".join(code_of(ctx, a) or "..." for a in vcall.node.args) if vcall else "..."
        obj = ctx.ns.get(recv).obj if recv and ctx.ns.get(recv) is not None else None
        info = tensor_info(obj)
        layout: dict[str, Any] = {}
        if info is not None:
            try:
                layout = dict(shape=shape_str(info[0]), strides=tuple(obj.stride()),
                              contiguous=obj.is_contiguous())
            except Exception:  # noqa: BLE001
                layout = {}
        yield Evidence(line=_line(ctx), subject=recv if recv and recv.isidentifier() else None,
                       variant=("receiver_named" if recv else "receiver_unknown",
                                "strides_seen" if layout else "strides_unseen"),
                       recv=recv, args=args, **layout)
