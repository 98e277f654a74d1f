from __future__ import annotations

from collections.abc import Iterator

from ...analysis.gpu import device_move, remember_moves
from ...context import CellContext
from ...registry import Evidence, Rule, register


@register
class PinMemoryWithoutNonBlocking(Rule):
    id = "DLF-G004"
    name = "pin-memory-without-non-blocking"
    title = "pin_memory=True, but batches are copied with blocking .to(device)"
    taxonomy = "gpu"
    severity = "info"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{loader}` uses `pin_memory=True`, but `{code}` (line {at}) copies the batch "
               "without `non_blocking=True`, so the copy still waits.")
    beginner = """`pin_memory=True` prepares batches so that they can be copied to the GPU in
the background while the GPU keeps computing. That only happens when the copy is asked
to be asynchronous: `{fixed}`. Without it, pinning costs time and gains nothing."""
    expert = """Host-to-device copies from page-locked (pinned) memory can be issued
asynchronously on the current stream (`cudaMemcpyAsync`) when `non_blocking=True`;
otherwise `Tensor.to` synchronises with the host. Ordering on the stream keeps it
correct: kernels that consume the batch wait for the copy."""
    fix = """{fixed}"""

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        mem = remember_moves(ctx)
        cuda = mem["cuda_names"]
        for loop in src.loops:
            v = ctx.ns.get(loop.iter_name)
            if v is None or v.kind != "loader" or not getattr(v.obj, "pin_memory", False):
                continue
            for c in loop.calls:
                if c.attr not in ("to", "cuda") or c.receiver_root not in loop.targets or \
                        not device_move(src, c.node, cuda) or "non_blocking" in c.kwargs:
                    continue
                args = ", ".join([*(src.segment(a) for a in c.args), "non_blocking=True"])
                yield Evidence(line=c.line, at=c.line, subject=loop.iter_name,
                               loader=loop.iter_name, code=src.segment(c.node),
                               fixed=f"{c.receiver}.{c.attr}({args})")
                break
