from __future__ import annotations

import ast
from collections.abc import Iterator

from ...analysis.errors import _line, _msg
from ...context import CellContext
from ...registry import Evidence, Items, Rule, Texts, register


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
    message = "CUDA out of memory: the GPU ran out of memory{alloc}.{outcome}"
    beginner = """The GPU ran out of memory{alloc}. Memory is used by the model, its gradients and
optimizer state, and by the activations of each batch (these grow with the batch size).
{here} Reduce the batch size, evaluate under `torch.no_grad()`, accumulate losses with
`.item()`, `del` big tensors you no longer need and call `torch.cuda.empty_cache()`; restart the
kernel if memory stays full."""
    expert = """Peak memory ≈ parameters + gradients + optimizer state (Adam: 2× params) +
activations saved for backward (∝ batch size × depth × width). Activations are kept when the
forward runs with grad enabled (evaluation without `torch.no_grad()`), and whole graphs are
kept alive by accumulating a loss tensor (`total += loss` instead of `loss.item()`). In a
notebook, tensors referenced by variables (and by `Out[...]`, or by the traceback of the last
exception) stay allocated: `del` them and `torch.cuda.empty_cache()`. Also: mixed precision
(`torch.autocast`), gradient accumulation, gradient checkpointing. If reserved-but-unallocated
memory is large, `PYTORCH_CUDA_ALLOC_CONF=expandable_segments:True` reduces fragmentation."""
    fix = """{fix_lines}
# del the big tensors you no longer need (e.g. `del out`), then
torch.cuda.empty_cache()"""
    texts = {
        "size_known": Texts(alloc=" (it tried to allocate {size} more)"),
        "size_unknown": Texts(alloc=""),
        # a finding is written with the causes seen in the notebook, or none
        "causes_seen": Texts(outcome=" {first_hint}.", here="Here: {hints}."),
        "no_cause_seen": Texts(
            outcome=" Reduce the batch size or the memory kept alive between steps.",
            here=""),
        # each cause seen is one clause of {hints} ("; " between them; the first one is also
        # the message's) and lines of the fix
        "big_batch": Texts(
            hint="`{loader}` uses batch_size={bs}: try {half}",
            fix_lines="{loader} = DataLoader({loader}.dataset, batch_size={half}, shuffle=...)"),
        "forward_without_no_grad": Texts(
            hint="`{model}` is run here without `torch.no_grad()`, so every activation is kept "
                 "for a backward pass that never comes",
            fix_lines="""with torch.no_grad():
    out = {model}(x)"""),
        "loss_graphs_accumulated": Texts(
            hint="`{total} += {loss}` (line {at}) keeps every iteration's graph alive: use "
                 "`{loss}.item()`",
            fix_lines="{total} += {loss}.item()"),
    }
    references = ("https://pytorch.org/docs/stable/notes/cuda.html#memory-management",
                  "https://pytorch.org/docs/stable/notes/faq.html#my-model-reports-cuda-runtime-error-2-out-of-memory")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        if ctx.error.type_name != "OutOfMemoryError" and not _msg(ctx, r"CUDA out of memory"):
            return
        m = _msg(ctx, r"Tried to allocate ([\d.]+ [KMGT]i?B)")
        found: list[tuple[str, dict[str, object]]] = []   # (cause, its fields)
        for v in ctx.ns.of_kind("loader", framework="torch"):
            bs = getattr(v.obj, "batch_size", None)
            if isinstance(bs, int) and bs > 8:
                found.append(("big_batch", {"loader": v.name, "bs": bs, "half": bs // 2}))
                break
        src = ctx.source
        has_backward = bool(src.calls_to("backward"))
        mcalls = [c for c in src.calls if c.receiver is None and ctx.ns.get(c.name) is not None
                  and ctx.ns.get(c.name).kind == "model"]
        if mcalls and not has_backward and not any(
                src.inside_with(c.node, "no_grad", "inference_mode") for c in mcalls):
            found.append(("forward_without_no_grad", {"model": mcalls[0].name}))
        for a in src.assigns:
            if a.augmented and a.loops and isinstance(a.value, ast.Name):
                v = ctx.ns.get(a.value.id)
                if v is not None and v.kind == "tensor" and getattr(v.obj, "grad_fn", None) \
                        is not None:
                    found.append(("loss_graphs_accumulated",
                                  {"total": a.target, "loss": a.value.id, "at": a.line}))
        # the clauses and fix lines of the causes seen are their declared texts
        yield Evidence(line=_line(ctx),
                       variant=("size_known" if m else "size_unknown",
                                "causes_seen" if found else "no_cause_seen"),
                       size=m.group(1) if m else None,
                       first_hint=Items("hint", found[:1], sep=""),
                       hints=Items("hint", found, sep="; "),
                       fix_lines=Items("fix_lines", found, sep="\n"))
