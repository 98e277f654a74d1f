from __future__ import annotations

import ast
from collections.abc import Iterator

from ... import frameworks
from ...analysis.gpu import contains_move, remember_moves
from ...context import CellContext
from ...registry import Evidence, Rule, register
from ...source.facts import dotted


def _loader_on_device(ctx: CellContext, name: str | None, tids: set[int]) -> bool:
    """The loop's iterable already yields device tensors, or moves them itself."""
    var = ctx.ns.get(name)
    if var is None:
        if name and name.split(".")[0] in ctx.user_ns:
            return True  # a list or other object whose items we cannot see: stay quiet
        # a function parameter: only a name that says it is a data loader
        return not (name and any(k in name.lower() for k in ("load", "data", "dl")))
    obj = var.obj
    if var.kind == "tensor":
        return str(obj.device) != "cpu" or id(obj) in tids
    if var.kind == "loader":
        t = frameworks.get("torch")
        if t is None:
            return True
        if not t.default_collate_of(obj):
            return True  # a custom collate may move the batch
        ds = getattr(obj, "dataset", None)
        if t.is_tensor_dataset(ds):
            return any(str(t.device) != "cpu" or id(t) in tids for t in ds.tensors)
        return False
    return var.kind not in ("dataset",)


@register
class BatchNotMovedToDevice(Rule):
    id = "DLF-G001"
    name = "batch-not-moved-to-device"
    title = "The model is moved to the GPU, but the batches are not"
    taxonomy = "gpu"
    severity = "warning"
    silent = False
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{model}` is moved to the GPU device when there is one ({where}), but "
               "`{batch}` from "
               "`{source}` goes into `{call}` at line {at} without `.to(...)`: on a GPU "
               "this raises \"Expected all tensors to be on the same device\".")
    beginner = """A model and its input must live on the same device. `{model}` was sent to
the GPU with `.to(...)`/`.cuda()`, but the batch `{batch}` that comes out of
`{source}` stays in the computer's main memory (CPU). On a machine with a GPU this cell
stops with a device error; here it may run only because no GPU is present, so the
bug stays hidden until you move to one. Move every batch too, at the start of the loop
body."""
    expert = """`Module.to(device)` moves parameters and buffers in place, while
`Tensor.to(device)` returns a new tensor and DataLoader batches are produced on the CPU
(unless a custom `collate_fn` moves them). A forward pass mixing a `cuda:0` weight
and a `cpu` input fails in the first kernel (`addmm`, `conv2d`) with a device-mismatch
RuntimeError. With `pin_memory=True` on the loader, use `non_blocking=True` to overlap
the copy with compute."""
    fix = """for {targets} in {iterable}:
    {moves}
    out = {model}({batch})"""
    known_false_alarms = ("A dataset or collate function that already returns tensors on "
                          "the device, when the check cannot see it.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        mem = remember_moves(ctx)
        moved: dict[str, int] = mem["moved"]
        if not moved:
            return
        cuda = mem["cuda_names"]
        dev = next((n for n in ("device", "dev") if n in cuda), None) or (
            sorted(cuda)[0] if cuda else "device")
        for loop in src.loops:
            if not loop.targets or loop.iter_name in (None, "range") or \
                    _loader_on_device(ctx, loop.iter_name, mem["tensor_ids"]):
                continue
            if loop.iter_name and loop.iter_name.split(".")[0] == "range":
                continue
            index: set[str] = set()
            it = loop.iter_node
            if isinstance(it, ast.Call) and dotted(it.func) == "enumerate" and \
                    isinstance(loop.node.target, ast.Tuple) and loop.node.target.elts:
                first = loop.node.target.elts[0]
                index = {first.id} if isinstance(first, ast.Name) else set()
            unmoved = set(loop.targets) - index
            for a in sorted((a for a in src.assigns if loop in a.loops),
                            key=lambda a: a.line):
                if contains_move(src, a.value, cuda):
                    unmoved.discard(a.target)
                elif a.target not in loop.targets and \
                        {n.id for n in ast.walk(a.value) if isinstance(n, ast.Name)} & unmoved:
                    unmoved.add(a.target)
            # only calls directly in this loop (nested loops are checked on their own)
            for c in loop.calls:
                if c.loops[-1] is not loop:
                    continue
                m = c.name if c.name in moved else (
                    c.receiver if c.attr == "forward" and c.receiver in moved else None)
                if m is None or not c.args:
                    continue
                arg = c.args[0]
                if contains_move(src, arg, cuda):
                    continue
                names = [n.id for n in ast.walk(arg) if isinstance(n, ast.Name)]
                bad = [n for n in names if n in unmoved]
                if not bad:
                    continue
                batch = bad[0]
                where = (f"cell {moved[m]}" if moved[m] != ctx.cell else "in this cell")
                tgts = src.segment(loop.node.target) or ", ".join(loop.targets)
                movable = [t for t in loop.targets if t in unmoved] or [batch]
                moves = ", ".join(movable) + " = " + ", ".join(
                    f"{t}.to({dev})" for t in movable)
                yield Evidence(line=c.line, at=c.line, subject=m, model=m, where=where,
                               batch=batch, source=loop.iter_name,
                               call=src.segment(c.node) or f"{m}(...)",
                               targets=tgts, moves=moves,
                               iterable=src.segment(loop.iter_node) or loop.iter_name)
                break
