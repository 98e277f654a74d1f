from __future__ import annotations

from collections.abc import Iterator

from ...analysis.runtime import RuntimeRule
from ...context import CellContext
from ...registry import Evidence, Texts, lookup, register


# -- gpu -----------------------------------------------------------------------------
def _bytes(n: float) -> str:
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if n < 1024 or unit == "GiB":
            return f"{n:.0f} {unit}" if unit == "bytes" else f"{n:.1f} {unit}"
        n /= 1024
    return f"{n:.1f} GiB"


@register
class SameTensorCopiedEveryStep(RuntimeRule):
    id = "DLF-G301"
    name = "same-tensor-copied-to-device-every-step"
    title = "The same unchanged tensor is copied to the device at every step"
    taxonomy = "gpu"
    severity = "info"
    frameworks = ("torch",)
    message = ("{what} was copied from the CPU to `{device}` at {steps} of {total} "
               "steps ({size} each time) without changing: move it once, before the loop. "
               "{others}")
    beginner = """Copying data from the computer's memory to the GPU takes time, and the
GPU waits for it. {what} is the same data at every step, yet it was copied again at each
one. Move it to the device once, before the training loop, and use the moved tensor
inside the loop; only the batches, which change at every step, need a copy per step."""
    expert = """Observed at run time (a `TorchFunctionMode` on `Tensor.to`/`cuda`/`copy_`,
`torch.tensor`/`as_tensor`): the same live CPU tensor, with an unchanged `_version`, was
the source of a host-to-device copy at {steps}/{total} steps ({size} each; {step_copies:.1f}
copies and {step_bytes} per step in all).
A copy from pageable host memory is synchronous with respect to the host and allocates on
the device each time; hoisting it removes {steps} transfers and allocations. Keep
per-batch copies (`x.to(device, non_blocking=True)` from a `pin_memory=True` loader)."""
    fix = """{moved} = {source}.to(device)   # once, before the loop
for ...:
    ...   # use {moved} here; copy only the batch: xb = xb.to(device, non_blocking=True)"""
    texts = {
        # -- the tensor: a variable of the cell, or one without a name (an expression)
        "named": Texts(what="`{name}` ({dtype}, {shape})", source="{name}",
                       moved="{name}_dev"),
        "unnamed": Texts(what="A {dtype} tensor of shape ({shape})", source="const",
                         moved="const_dev"),
        # -- the run's other copies
        "batch_copies": Texts(others="""(The run made {copies} host-to-device copies in all;
the other {other_copies} are the expected per-batch ones.)"""),
        "no_other_copies": Texts(others=""),
    }
    known_false_alarms = ("A tensor refilled in place by code the probe cannot see (through "
                          "NumPy, `tensor.data`) looks unchanged; so does a small constant "
                          "copied on purpose to a device other than the model's.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        tr = ctx.runtime
        if tr is None or tr.steps < 3 or not tr.const_copies:
            return
        static = lookup("DLF-G002")
        lines_static: set[int] = set()
        if static is not None and static.applies():
            try:
                lines_static = {ev.line for ev in static().check(ctx) or () if ev.line}
            except Exception:  # noqa: BLE001
                lines_static = set()
        for c in tr.const_copies:
            if c["steps"] < max(3, tr.steps // 2) or (c.get("line") in lines_static):
                continue
            shape = "×".join(str(d) for d in c["shape"]) or "scalar"
            name = c.get("name")
            n_other = tr.h2d_copies - c["steps"]
            yield Evidence(line=c.get("line"), subject=name, key=("copy", name or shape),
                           variant=("named" if name else "unnamed",
                                    "batch_copies" if n_other > 0 else "no_other_copies"),
                           name=name, dtype=c["dtype"], shape=shape, device=c["device"],
                           steps=c["steps"], total=tr.steps, size=_bytes(c["bytes"]),
                           copies=tr.h2d_copies, other_copies=n_other,
                           step_copies=tr.h2d_copies / max(1, tr.steps),
                           step_bytes=_bytes(tr.h2d_bytes / max(1, tr.steps)))
