from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ...analysis.gpu import remember_moves
from ...analysis.training import torch_models
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register
from ...source.facts import SourceFacts

# -- device syncs per step, model left on the CPU ------------------------------------------

_SYNC = ("item", "numpy", "cpu", "tolist")


def _conditional(src: SourceFacts, node: ast.AST, loop_node: ast.AST) -> bool:
    """Inside an ``if`` between ``node`` and its loop (``if step % 100 == 0: ...``)."""
    p = src.parent(node)
    while p is not None and p is not loop_node:
        if isinstance(p, (ast.If, ast.IfExp)):
            return True
        p = src.parent(p)
    return False


def _on_gpu(ctx: CellContext, mem: dict[str, Any]) -> list[str]:
    """Models that are (or that the notebook moves) on an accelerator."""
    from ... import frameworks

    t = frameworks.get("torch")
    out = [m for m in torch_models(ctx) if m in mem["moved"]]
    if t is not None:
        out += [m for m, v in torch_models(ctx).items() if m not in out and
                (t.parameters_device(v.obj) or "cpu") != "cpu"]
    return out


@register
class SyncEveryStep(Rule):
    id = "DLF-G005"
    name = "device-sync-every-step"
    title = "A GPU tensor is copied to the host on every training step"
    taxonomy = "gpu"
    severity = "info"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{code}` (line {at}) runs on every step of the training loop at line "
               "{loop_line} while {models} {where}: each call waits for the GPU to "
               "finish (a device synchronisation).")
    beginner = """`.{attr}()` copies a value from the GPU back to the computer's memory. To
do that, Python has to wait until the GPU has finished all the work queued so far, so
the GPU and the CPU stop overlapping their work on every step and training gets
slower. Accumulate the loss on the GPU (`total += loss.detach()`) and read it once per
epoch (or every N steps). This is advice, not an error."""
    expert = """`Tensor.item()/.cpu()/.numpy()/.tolist()` on a CUDA tensor issue a
device-to-host copy that blocks the host until the stream drains, so the host cannot
enqueue the next step's kernels ahead of the GPU. One sync per step is often
measurable on small models; accumulate on device and sync once per epoch or log
every N steps."""
    fix = """running = torch.zeros((), device=device)
for ...:
    ...
    running += {recv}.detach()          # stays on the GPU
epoch_loss = running.item() / n_steps    # one sync per epoch"""
    texts = {
        "on_gpu": Texts(where="is on the GPU"),
        "on_gpu_plural": Texts(where="are on the GPU"),
        "moved": Texts(where="is moved to `{dev}` (the GPU when there is one)"),
        "moved_plural": Texts(where="are moved to `{dev}` (the GPU when there is one)"),
    }
    known_false_alarms = ("Models kept on the CPU when the check cannot see where they are; "
                          "small models where the sync is negligible.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from ... import frameworks

        t = frameworks.get("torch")
        src = ctx.source
        mem = remember_moves(ctx)
        gpu: list[str] | None = None   # the models on a GPU: looked up only for a cell with
        seen: set[int] = set()         # a sync call in a training loop (not on every cell)
        for c in src.calls:
            if c.attr not in _SYNC or not c.loops or not c.receiver:
                continue
            if gpu is None:
                gpu = _on_gpu(ctx, mem)
            if not gpu:
                return
            loop = c.loops[-1]
            if id(loop) in seen or not any(b.loops and b.loops[-1] is loop
                                           for b in loop.calls_to("backward")):
                continue
            if _conditional(src, c.node, loop.node) or c.args:
                continue
            called = sorted({x.name for x in loop.calls if x.name in gpu}) or gpu[:1]
            seen.add(id(loop))
            models = torch_models(ctx)
            on_cuda = [m for m in called if m in models and t is not None and
                       (t.parameters_device(models[m].obj) or "cpu") != "cpu"]
            plural = len(called) > 1
            if on_cuda:
                variant = "on_gpu_plural" if plural else "on_gpu"
            else:   # moved to `device`, which is the CPU on this machine
                variant = "moved_plural" if plural else "moved"
            dev = sorted(mem["cuda_names"])[0] if mem["cuda_names"] else "device"
            yield Evidence(line=c.line, at=c.line, subject=c.receiver_root, variant=variant,
                           code=src.segment(c.node) or f"{c.receiver}.{c.attr}()",
                           attr=c.attr, loop_line=loop.line, model=called[0],
                           models=", ".join(f"`{m}`" for m in called), dev=dev,
                           recv=c.receiver)
