from __future__ import annotations

import ast
from collections.abc import Iterator

from ...analysis.errors import _line, _msg, lc
from ...context import CellContext
from ...registry import Evidence, Rule, register


# --------------------------------------------------------------------------------------
@register
class CudaOutOfMemory(Rule):
    id = "DLF-E012"
    name = "cuda-out-of-memory"
    title = "CUDA out of memory (torch.OutOfMemoryError)"
    taxonomy = "training.process"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = "CUDA out of memory: {summary}"
    beginner = """The GPU ran out of memory{alloc}. Memory is used by the model, its gradients and
optimizer state, and by the activations of each batch (these grow with the batch size).
{advice}"""
    expert = """Peak memory ≈ parameters + gradients + optimizer state (Adam: 2× params) +
activations saved for backward (∝ batch size × depth × width). Activations are kept when the
forward runs with grad enabled (evaluation without `torch.no_grad()`), and whole graphs are
kept alive by accumulating a loss tensor (`total += loss` instead of `loss.item()`). In a
notebook, tensors referenced by variables (and by `Out[...]`, or by the traceback of the last
exception) stay allocated: `del` them and `torch.cuda.empty_cache()`. Also: mixed precision
(`torch.autocast`), gradient accumulation, gradient checkpointing. If reserved-but-unallocated
memory is large, `PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True` reduces fragmentation."""
    fix = """{fix_code}"""
    references = ("https://pytorch.org/docs/stable/notes/cuda.html#memory-management",
                  "https://pytorch.org/docs/stable/notes/faq.html#my-model-reports-cuda-runtime-error-2-out-of-memory")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        if ctx.error.type_name != "OutOfMemoryError" and not _msg(ctx, r"CUDA out of memory"):
            return
        m = _msg(ctx, r"Tried to allocate ([\d.]+ [KMGT]i?B)")
        alloc = f" (it tried to allocate {m.group(1)} more)" if m else ""
        hints: list[str] = []
        fixes: list[str] = []
        for v in ctx.ns.of_kind("loader", framework="torch"):
            bs = getattr(v.obj, "batch_size", None)
            if isinstance(bs, int) and bs > 8:
                hints.append(f"`{v.name}` uses batch_size={bs}: try {bs // 2}")
                fixes.append(f"{v.name} = DataLoader({v.name}.dataset, batch_size={bs // 2}, "
                             f"shuffle=...)")
                break
        src = ctx.source
        has_backward = bool(src.calls_to("backward"))
        mcalls = [c for c in src.calls if c.receiver is None and ctx.ns.get(c.name) is not None
                  and ctx.ns.get(c.name).kind == "model"]
        if mcalls and not has_backward and not any(
                src.inside_with(c.node, "no_grad", "inference_mode") for c in mcalls):
            nm = mcalls[0].name
            hints.append(f"`{nm}` is run here without `torch.no_grad()`, so every activation is "
                         f"kept for a backward pass that never comes")
            fixes.append(f"with torch.no_grad():\n    out = {nm}(x)")
        for a in src.assigns:
            if a.augmented and a.loops and isinstance(a.value, ast.Name):
                v = ctx.ns.get(a.value.id)
                if v is not None and v.kind == "tensor" and getattr(v.obj, "grad_fn", None) \
                        is not None:
                    hints.append(f"`{a.target} += {a.value.id}` (line {a.line}) keeps every "
                                 f"iteration's graph alive: use `{a.value.id}.item()`")
                    fixes.append(f"{a.target} += {a.value.id}.item()")
        advice = ("Here: " + "; ".join(hints) + ". " if hints else "") + (
            "Reduce the batch size, evaluate under `torch.no_grad()`, accumulate losses "
            "with `.item()`, `del` big tensors you no longer need and call "
            "`torch.cuda.empty_cache()`; restart the kernel if memory stays full.")
        summary = "The GPU ran out of memory" + alloc + "." + (
            " " + hints[0][0].upper() + hints[0][1:] + "." if hints else
            " Reduce the batch size or the memory kept alive between steps.")
        fixes.append("# del the big tensors you no longer need (e.g. `del out`), then\n"
                     "torch.cuda.empty_cache()")
        yield Evidence(line=_line(ctx), summary=lc(summary), alloc=alloc, advice=advice,
                       fix_code="\n".join(fixes))
