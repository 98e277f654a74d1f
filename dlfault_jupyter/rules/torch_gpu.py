"""PyTorch GPU-usage rules (source evidence, checkable on a machine without a GPU)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ..context import CellContext
from ..source.facts import SourceFacts, dotted
from . import Evidence, Rule, register
from .torch_model import torch_models

_MEM = "DLF-G001"


def _mentions_accel(text: str) -> bool:
    return any(k in text for k in ("cuda", "mps", "xpu"))


def device_move(src: SourceFacts, node: ast.AST, cuda_names: set[str]) -> bool:
    """Is ``node`` a ``.cuda()`` call or a ``.to(<accelerator device>)`` call? A ``.to``
    to a dtype or to ``"cpu"`` is not; a device variable counts when it was assigned
    from an expression that mentions cuda/mps, or holds a non-CPU device."""
    if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
        return False
    if node.func.attr == "cuda":
        return True
    if node.func.attr != "to":
        return False
    arg = next((k.value for k in node.keywords if k.arg == "device"), None)
    if arg is None and node.args:
        arg = node.args[0]
    if arg is None:
        return False
    seg = src.segment(arg)
    if isinstance(arg, ast.Constant):
        return isinstance(arg.value, str) and _mentions_accel(arg.value)
    if _mentions_accel(seg) and "cpu" not in seg:
        return True
    d = dotted(arg)
    if d and d.split(".")[0] in cuda_names:
        return True
    if d:
        obj = src.resolve(d)
        t = type(obj)
        if t.__module__.split(".")[0] == "torch" and t.__name__ == "device":
            return obj.type != "cpu"
    return False


def contains_move(src: SourceFacts, node: ast.AST, cuda_names: set[str]) -> bool:
    return any(device_move(src, n, cuda_names) for n in ast.walk(node))


def remember_moves(ctx: CellContext) -> dict[str, Any]:
    """Per-session facts: ``cuda_names`` (device variables that may be a GPU),
    ``moved`` (model name -> cell where it was moved to an accelerator),
    ``tensor_ids`` (ids of tensors moved to an accelerator)."""
    mem = ctx.remember(_MEM)
    if mem.get("cell") == ctx.cell and mem.get("sid") == id(ctx.source):
        return mem
    mem["cell"], mem["sid"] = ctx.cell, id(ctx.source)
    src = ctx.source
    cuda: set[str] = mem.setdefault("cuda_names", set())
    moved: dict[str, int] = mem.setdefault("moved", {})
    tids: set[int] = mem.setdefault("tensor_ids", set())
    for a in src.assigns:
        seg = src.segment(a.value)
        if _mentions_accel(seg) and not a.loops:
            cuda.add(a.target)
    models = torch_models(ctx)
    for c in src.calls:
        if c.receiver_root in models and c.receiver == c.receiver_root:
            if device_move(src, c.node, cuda):
                moved[c.receiver_root] = ctx.cell
            elif c.attr == "cpu" or (c.attr == "to" and c.const("device", 0) == "cpu"):
                moved.pop(c.receiver_root, None)
    for a in src.assigns:
        v = a.value
        if (isinstance(v, ast.Call) and device_move(src, v, cuda)) or (
                isinstance(v, (ast.Tuple, ast.List)) and v.elts
                and all(contains_move(src, e, cuda) for e in v.elts)):
            var = ctx.ns.get(a.target)
            if var is None:
                continue
            if var.kind == "model" and var.framework == "torch":
                moved[a.target] = ctx.cell
            elif var.kind == "tensor":
                tids.add(id(var.obj))
    # a model re-created since it was moved (`net = Net()` to reload a checkpoint on the
    # CPU) is a new object that was never moved: forget the old move
    ids: dict[str, int] = mem.setdefault("moved_ids", {})
    for name in list(moved):
        var = models.get(name)
        if var is None:
            continue
        if moved[name] == ctx.cell or name not in ids:
            ids[name] = id(var.obj)
        elif ids[name] != id(var.obj):
            moved.pop(name, None)
            ids.pop(name, None)
    if len(tids) > 4096:
        tids.clear()
    return mem


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
        try:
            from torch.utils.data import TensorDataset
            from torch.utils.data._utils.collate import default_collate
        except Exception:  # noqa: BLE001
            return True
        if getattr(obj, "collate_fn", default_collate) is not default_collate:
            return True  # a custom collate may move the batch
        ds = getattr(obj, "dataset", None)
        if isinstance(ds, TensorDataset):
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


def _literal(node: ast.AST) -> bool:
    try:
        ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        return False
    return True


@register
class TransferInsideLoop(Rule):
    id = "DLF-G002"
    name = "transfer-inside-loop"
    title = "The model or a constant tensor is moved to the device on every iteration"
    taxonomy = "gpu"
    severity = "info"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = "`{code}` (line {at}) runs on every iteration of the loop at line {loop_line}: {what}"
    beginner = """{plain} Do it once, before the loop: the result stays on the device.
Only the batches, which change each step, need to be moved inside the loop."""
    expert = """`Module.to()` walks every parameter and buffer each call (a no-op copy check
per tensor, plus a hook invocation), and creating a constant with `torch.tensor(...)`
then `.to(device)` allocates on the host and issues a synchronous host-to-device copy
each iteration (pageable memory: no overlap with compute). Hoist them out of the loop."""
    fix = """{hoisted}
for ...:
    ...   # use it here"""

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        mem = remember_moves(ctx)
        cuda = mem["cuda_names"]
        models = torch_models(ctx)
        seen: set[int] = set()
        for loop in src.loops:
            if not (loop.has_call("backward") or (loop.iter_name and ctx.ns.get(
                    loop.iter_name) is not None and ctx.ns.get(loop.iter_name).kind
                    == "loader")):
                continue
            for c in loop.calls:
                if c.line in seen or not device_move(src, c.node, cuda):
                    continue
                f = c.node.func
                code = src.segment(c.node)
                sev = None
                if c.receiver in models:
                    what = f"`{c.receiver}` is moved to the device again each step."
                    plain = (f"`{c.receiver}` only needs to be moved to the GPU once; "
                             "moving it on every step wastes time.")
                    hoisted = f"{c.receiver}.to(device)"
                    opt = _optimizer_built_before(ctx, c.receiver, loop.line)
                    if opt:
                        sev = "warning"
                        what += (f" `{opt}` was built over `{c.receiver}.parameters()` "
                                 "before it was moved: PyTorch requires moving a model "
                                 "before constructing its optimizer.")
                        plain += (f" Worse, the optimizer `{opt}` was created before the "
                                  "move; PyTorch's documentation says to move the model "
                                  "first, so that the optimizer holds the parameters and "
                                  "state on the right device.")
                        hoisted = (f"{c.receiver} = {c.receiver}.to(device)   # first\n"
                                   f"{opt} = torch.optim."
                                   f"{type(ctx.user_ns[opt]).__name__}"
                                   f"({c.receiver}.parameters(), ...)   # then")
                elif isinstance(f, ast.Attribute) and isinstance(f.value, ast.Call) and \
                        (dotted(f.value.func) or "").split(".")[-1] in ("tensor", "Tensor",
                                                                        "ones", "zeros",
                                                                        "full") and \
                        f.value.args and all(_literal(a) for a in f.value.args):
                    what = "a constant tensor is created on the CPU and copied to the device each step."
                    plain = ("This constant tensor is rebuilt in the computer's memory and "
                             "copied to the GPU on every step.")
                    hoisted = f"const = {code}"
                else:
                    continue
                seen.add(c.line)
                yield Evidence(line=c.line, at=c.line, subject=c.receiver, code=code,
                               loop_line=loop.line, what=what, plain=plain, hoisted=hoisted,
                               severity=sev)


def _optimizer_built_before(ctx: CellContext, model: str, line: int) -> str | None:
    """An optimizer over ``model``'s parameters that exists before ``line`` of this cell."""
    from .. import frameworks

    t = frameworks.get("torch")
    mv = ctx.ns.get(model)
    if t is None or mv is None:
        return None
    ids = t.param_ids(mv.obj)
    for ov in ctx.ns.of_kind("optimizer", framework="torch"):
        if not (t.optimizer_param_ids(ov.obj) & ids):
            continue
        if any(a.target == ov.name and a.line >= line for a in ctx.source.assigns):
            continue  # (re)built after the loop starts
        return ov.name
    return None


def _guarded(src: SourceFacts, node: ast.AST) -> bool:
    """Inside an ``if``/conditional expression that tests the GPU count or CUDA."""
    p = src.parent(node)
    while p is not None and not isinstance(p, ast.Module):
        if isinstance(p, (ast.If, ast.IfExp)) and any(
                k in src.segment(p.test) for k in ("device_count", "cuda")):
            return True
        p = src.parent(p)
    return False


@register
class DataParallelMisuse(Rule):
    id = "DLF-G003"
    name = "data-parallel-misuse"
    title = "nn.DataParallel without several GPUs, or its state_dict saved with 'module.' keys"
    taxonomy = "gpu"
    severity = "info"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = "`{code}` (line {at}): {what}"
    beginner = """{plain} (`nn.DataParallel` is only useful with two or more GPUs, and
`DistributedDataParallel` is the recommended way even then.)"""
    expert = """`nn.DataParallel` replicates the module on every visible GPU per forward
and scatters the batch; with fewer than two GPUs it only adds overhead (and on CPU it
just calls the module). Its `state_dict()` prefixes every key with `module.` (the wrapped
module is the attribute `module`), so a plain model's `load_state_dict` reports missing
and unexpected keys. `DistributedDataParallel` is the recommended multi-GPU API."""
    fix = """{fixed}"""

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        import torch

        src = ctx.source
        dp = torch.nn.DataParallel
        n_gpu = torch.cuda.device_count() if torch.cuda.is_available() else 0
        for c in src.calls:
            obj = src.resolve(c.name)
            if obj is dp and n_gpu < 2 and c.args and not _guarded(src, c.node) and \
                    any(isinstance(ctx.user_ns.get(a.target), dp) for a in src.assigns
                        if c.node in ast.walk(a.value)):
                inner = src.segment(c.args[0])
                yield Evidence(line=c.line, at=c.line, code=src.segment(c.node),
                               what=f"`nn.DataParallel` with {n_gpu} GPU(s) available "
                                    "splits nothing and only adds overhead.",
                               plain=("`nn.DataParallel` spreads each batch over several "
                                      f"GPUs. This machine has {n_gpu}, so the wrapper does "
                                      "no good, and it changes the names in the saved "
                                      "weights (they get a `module.` prefix). Use the model "
                                      "directly."),
                               fixed=f"model = {inner}.to(device)   # no DataParallel "
                                     "wrapper with fewer than 2 GPUs")
                continue
            if c.attr == "state_dict" and c.receiver and \
                    isinstance(ctx.user_ns.get(c.receiver), dp) and any(
                        s.attr == "save" and c.node in ast.walk(s.node) for s in src.calls):
                yield Evidence(line=c.line, at=c.line, subject=c.receiver,
                               code=src.segment(c.node),
                               what=(f"`{c.receiver}` is an `nn.DataParallel` wrapper, so "
                                     "every saved key starts with `module.`."),
                               plain=(f"Saving `{c.receiver}.state_dict()` stores the "
                                      "weights under names starting with `module.`, and "
                                      "loading them into a normal (unwrapped) model later "
                                      "fails with missing/unexpected keys. Save "
                                      f"`{c.receiver}.module.state_dict()` instead."),
                               fixed=f"torch.save({c.receiver}.module.state_dict(), path)")


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
    from .. import frameworks

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
    known_false_alarms = ("Models kept on the CPU when the check cannot see where they are; "
                          "small models where the sync is negligible.")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from .. import frameworks

        t = frameworks.get("torch")
        src = ctx.source
        mem = remember_moves(ctx)
        gpu = _on_gpu(ctx, mem)
        if not gpu:
            return
        seen: set[int] = set()
        for c in src.calls:
            if c.attr not in _SYNC or not c.loops or not c.receiver:
                continue
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
                where = "are on the GPU" if plural else "is on the GPU"
            else:   # moved to `device`, which is the CPU on this machine
                dev = sorted(mem["cuda_names"])[0] if mem["cuda_names"] else "device"
                where = (f"{'are' if plural else 'is'} moved to `{dev}` (the GPU when there "
                         "is one)")
            yield Evidence(line=c.line, at=c.line, subject=c.receiver_root,
                           code=src.segment(c.node) or f"{c.receiver}.{c.attr}()",
                           attr=c.attr, loop_line=loop.line, model=called[0],
                           models=", ".join(f"`{m}`" for m in called), where=where,
                           recv=c.receiver)


@register
class ModelNotMovedToDevice(Rule):
    id = "DLF-G006"
    name = "model-not-moved-to-device"
    title = "The batches are moved to the GPU, but the model is not"
    taxonomy = "gpu"
    severity = "warning"
    silent = False
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{batch}` is moved to `{dev}` (line {moved_at}), but `{model}` is never moved "
               "there: `{call}` (line {at}) fails on a GPU with \"Expected all tensors to be "
               "on the same device\".")
    beginner = """The batch goes to the GPU when there is one, but the model `{model}` stays
in the computer's main memory (CPU): its weights were never sent with
`{model}.to({dev})`. Here it may run only because no GPU is present, so the bug stays
hidden until you move to one. Move the model once, right after creating it (and before
creating the optimizer)."""
    expert = """`Tensor.to(device)` returns a device copy of the batch while `{model}`'s
parameters stay on the CPU; the first kernel (`addmm`/`conv`) with a `cuda:0` input and
`cpu` weights raises a device-mismatch RuntimeError. Move the module in place with
`{model}.to({dev})` before building the optimizer, so optimizer state is created on the
same device."""
    fix = """{model} = {model}.to({dev})      # once, before the optimizer is created
optimizer = torch.optim.SGD({model}.parameters(), lr=...)"""
    known_false_alarms = ("A model moved to the device inside a helper the check cannot "
                          "see (models built by a function are not judged).")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        import torch

        src = ctx.source
        mem = remember_moves(ctx)
        cuda = mem["cuda_names"]
        if not cuda:
            return
        mine = ctx.remember(self.id)
        direct: set[str] = mine.setdefault("direct", set())
        models = torch_models(ctx)
        from .. import frameworks

        t = frameworks.get("torch")
        for a in src.assigns:
            v = a.value
            if a.target in models and isinstance(v, ast.Call):
                d = dotted(v.func)
                cls = src.resolve(d) if d else None
                if isinstance(cls, type) and issubclass(cls, torch.nn.Module):
                    direct.add(a.target)
                else:
                    direct.discard(a.target)
        if len(direct) > 200:
            direct.clear()
        for loop in src.loops:
            moved_names: dict[str, tuple[int, str]] = {}
            for a in sorted((a for a in src.assigns if loop in a.loops), key=lambda a: a.line):
                for n in ast.walk(a.value):
                    if device_move(src, n, cuda):
                        arg = next((k.value for k in n.keywords if k.arg == "device"),
                                   n.args[0] if n.args else None)
                        moved_names[a.target] = (a.line, src.segment(arg) if arg is not None
                                                 else "cuda")
                        break
            for c in loop.calls:
                m = c.name if c.name in models else None
                if m is None or not c.args or m in mem["moved"] or m not in direct:
                    continue
                if (t.parameters_device(models[m].obj) or "cpu") != "cpu":
                    continue
                names = [n.id for n in ast.walk(c.args[0]) if isinstance(n, ast.Name)]
                hit = next((n for n in names if n in moved_names), None)
                if hit is None:
                    continue
                line, dev = moved_names[hit]
                yield Evidence(line=c.line, at=c.line, subject=m, model=m, batch=hit,
                               dev=dev, moved_at=line,
                               call=src.segment(c.node) or f"{m}(...)")
                return
