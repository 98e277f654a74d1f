from __future__ import annotations

from collections.abc import Iterator

from ...analysis.errors import _line, _msg, _numpy_receiver, code_of, error_calls, lc, tensor_info
from ...context import CellContext
from ...frameworks.summary import shape_str
from ...registry import Evidence, Rule, register


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
    message = "A tensor with several values was used as one number: {summary}"
    beginner = """`.item()`, `float(t)` and `int(t)` turn a tensor holding exactly one value into
a Python number. {advice}"""
    expert = """`item()` requires numel() == 1. A per-sample loss (`reduction="none"`), a
batch of predictions or a vector of metrics must be reduced first (`mean()`, `sum()`), or
converted with `tolist()` / `detach().cpu().numpy()`."""
    fix = """{fix_code}"""
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
        what = f"`{t}`" if t else "the tensor"
        size = (f" has shape {shape_str(info[0])}" if info else
                f" has {n} elements" if n else " has more than one element")
        summary = f"{what}{size}: reduce it first (`{t or 't'}.mean().item()`) or use `.tolist()`."
        advice = (f"{what}{size}. If it is a loss per sample, average it: "
                  f"`{t or 't'}.mean().item()`; to get all values use `{t or 't'}.tolist()`.")
        fix_code = f"{t or 't'}.mean().item()   # one number\n{t or 't'}.tolist()          # all values"
        yield Evidence(line=_line(ctx), subject=t if t and t.isidentifier() else None,
                       summary=lc(summary), advice=advice, fix_code=fix_code)
