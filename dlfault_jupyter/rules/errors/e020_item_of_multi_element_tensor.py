from __future__ import annotations

from collections.abc import Iterator

from ...analysis.errors import _line, _msg, _numpy_receiver, code_of, error_calls, tensor_info
from ...context import CellContext
from ...frameworks.summary import shape_str
from ...registry import Evidence, Rule, Texts, register


@register
class ItemOfManyElements(Rule):
    id = "DLF-E020"
    name = "item-of-multi-element-tensor"
    title = "only one element tensors can be converted to Python scalars"
    taxonomy = "api"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = """A tensor with several values was used as one number: {what}{size}: reduce it
first (`{t}.mean().item()`) or use `.tolist()`."""
    beginner = """`.item()`, `float(t)` and `int(t)` turn a tensor holding exactly one value into
a Python number. {what}{size}. If it is a loss per sample, average it: `{t}.mean().item()`; to
get all values use `{t}.tolist()`."""
    expert = """`item()` requires numel() == 1. A per-sample loss (`reduction="none"`), a
batch of predictions or a vector of metrics must be reduced first (`mean()`, `sum()`), or
converted with `tolist()` / `detach().cpu().numpy()`."""
    fix = """{t}.mean().item()   # one number
{t}.tolist()          # all values"""
    # A finding is written with how the tensor is named and what is known of its size.
    texts = {
        "tensor_named": Texts(what="`{t}`"),
        "tensor_unnamed": Texts(what="the tensor"),
        "shape_known": Texts(size=" has shape {shape}"),
        "count_known": Texts(size=" has {n} elements"),
        "size_unknown": Texts(size=" has more than one element"),
    }
    references = ("https://pytorch.org/docs/stable/generated/torch.Tensor.item.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, r"a Tensor with (\d+) elements cannot be converted to Scalar",
                 r"only one element tensors can be converted to Python scalars")
        if not m:
            return
        n = m.group(1) if m.groups() else None
        t = _numpy_receiver(ctx, "item")
        if t is None:
            for c in error_calls(ctx):
                if c.name in ("float", "int", "bool") and c.args:
                    t = code_of(ctx, c.args[0])
                    break
        info = None
        if t and t.isidentifier() and ctx.ns.get(t) is not None:
            info = tensor_info(ctx.ns.get(t).obj)
        yield Evidence(line=_line(ctx), subject=t if t and t.isidentifier() else None,
                       variant=("tensor_named" if t else "tensor_unnamed",
                                "shape_known" if info else "count_known" if n else "size_unknown"),
                       t=t or "t", shape=shape_str(info[0]) if info else None, n=n)
