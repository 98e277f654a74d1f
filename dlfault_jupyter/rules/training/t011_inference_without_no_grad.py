from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.training import _model_calls
from ...context import CellContext
from ...registry import Evidence, Rule, register


@register
class InferenceWithoutNoGrad(Rule):
    id = "DLF-T011"
    name = "inference-without-no-grad"
    title = "Evaluation outside torch.no_grad() builds an autograd graph for nothing"
    taxonomy = "training.process"
    severity = "info"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{call}` (line {at}) runs `{model}` in eval mode with gradient tracking on: "
               "the activations of the whole input are kept for a backward pass that never "
               "comes.")
    beginner = """`{model}` is in evaluation mode and this cell does not train, so no
gradients are needed. Without `torch.no_grad()`, PyTorch still records every operation so
that it could compute gradients, which uses much more memory and time (and the result
carries `grad_fn`, so `.numpy()` on it fails). Wrap evaluation in
`with torch.no_grad():` (or `torch.inference_mode()`)."""
    expert = """With grad mode enabled and `requires_grad` parameters, every op saves its
inputs for backward (`ctx.save_for_backward`) and the output holds the graph through
`grad_fn`; memory grows with batch size × depth until the output is freed. `eval()`
changes only Dropout/BatchNorm behaviour, not grad mode; `no_grad()` skips recording and
`inference_mode()` additionally skips version-counter bookkeeping."""
    fix = """{model}.eval()
with torch.no_grad():
    out = {call}"""

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        if src.calls_to("backward", "step", "zero_grad", "grad", "requires_grad_") or \
                src.functions:
            return
        t = frameworks.get("torch")
        if t is None or not t.grad_enabled():
            return
        models = {v.name: v for v in ctx.ns.models("torch")}
        for name, c in _model_calls(src, models):
            obj = models[name].obj
            if obj.training or not any(p.requires_grad for p in obj.parameters()):
                continue
            if src.inside_with(c.node, "no_grad", "inference_mode", "enable_grad",
                               "set_grad_enabled"):
                continue
            yield Evidence(line=c.line, at=c.line, subject=name, model=name,
                           call=src.segment(c.node) or f"{name}(...)")
            break
