from __future__ import annotations

from collections.abc import Iterator

from ...context import CellContext
from ...registry import Evidence, Rule, register


@register
class ForwardCalledDirectly(Rule):
    id = "DLF-A005"
    name = "forward-called-directly"
    title = "model.forward(x) is called instead of model(x)"
    taxonomy = "api"
    severity = "info"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = "`{code}` calls `forward` directly, which skips the hooks of `{model}`."
    beginner = """Call a model as a function, `{model}(x)`, not `{model}.forward(x)`.
Both return the same result today, but `{model}(x)` also runs the hooks that PyTorch and
libraries attach to the model (for debugging, pruning, quantisation, mixed precision,
visualisation); `.forward` silently skips them."""
    expert = """`nn.Module.__call__` (`_call_impl`) runs global and module forward
pre-hooks and hooks, backward hooks registration, and `torch.compile`/FSDP wrappers
around `forward`. Calling `forward` bypasses all of them."""
    fix = """out = {model}({args})"""

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        models = {v.name for v in ctx.ns.models("torch")}
        for c in src.calls_to("forward"):
            if c.receiver in models and c.function != "forward":
                args = ", ".join(src.segment(a) for a in c.args)
                yield Evidence(line=c.line, subject=c.receiver, model=c.receiver,
                               code=src.segment(c.node), args=args or "x")
