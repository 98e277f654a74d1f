from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ...analysis.errors import _line, _msg, error_calls
from ...context import CellContext
from ...frameworks import adapter, type_name
from ...registry import Evidence, Rule, register


def _pair(obj: Any) -> bool:
    """A ``torch.return_types`` named tuple: (values, indices)."""
    t = adapter("torch")
    return t is not None and isinstance(obj, tuple) \
        and t.framework_name(obj) in t.vocab.VALUES_INDICES_RETURNS \
        and hasattr(obj, "values") and hasattr(obj, "indices")


@register
class ValuesIndicesTupleUsedAsTensor(Rule):
    id = "DLF-E133"
    name = "values-indices-tuple-used-as-tensor"
    title = "torch.max(x, dim) returns (values, indices), not a tensor"
    taxonomy = "api"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = ("`{var}` holds the (values, indices) pair returned by `torch.{fn}` with a dim, "
               "not a tensor: comparing it gives a Python bool ({error}).")
    beginner = """With a `dim` argument, `torch.{fn}` returns two tensors at once: the values
and their positions (`indices`). `{var}` keeps the pair, so `{var} == ...` compares a tuple
with a tensor and gives a single True/False. For predicted classes take the indices:
`{var}.indices`, or `{source}` → `{fixed}`."""
    expert = """`torch.{fn}(input, dim)` returns a `torch.return_types.{fn}` named tuple
`(values, indices)`; `tuple.__eq__` with a tensor is `False`. Use `.indices` (or
`argmax(dim)`), or unpack `_, pred = torch.{fn}(...)`."""
    fix = """{fixed}"""
    known_false_alarms = ""
    references = ("https://pytorch.org/docs/stable/generated/torch.max.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, r"'bool' object has no attribute '(\w+)'",
                 r"'(?:max|min|sort|topk|kthvalue|median|mode)' object has no attribute '(\w+)'")
        if not m:
            return
        for c in error_calls(ctx):
            for n in ast.walk(c.node):
                if not isinstance(n, ast.Name):
                    continue
                v = ctx.ns.get(n.id)
                obj = v.obj if v is not None else ctx.user_ns.get(n.id)
                if not _pair(obj):
                    continue
                fn = type_name(obj)
                prior = list(ctx.source.assignments_to(n.id))
                src = ctx.source.segment(prior[-1].value) if prior else f"torch.{fn}(x, 1)"
                fixed = f"{n.id} = {src}.indices" if prior else f"{n.id} = {n.id}.indices"
                yield Evidence(line=_line(ctx), subject=n.id, var=n.id, fn=fn,
                               error=ctx.error.message if ctx.error is not None else "",
                               source=f"{n.id} = {src}", fixed=fixed)
                return
