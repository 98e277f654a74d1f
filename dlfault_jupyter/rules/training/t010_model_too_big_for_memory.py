from __future__ import annotations

from collections.abc import Iterator

from ...context import CellContext
from ...frameworks import type_name
from ...registry import Evidence, Rule, register


def _gib(n: int) -> str:
    return f"{n / (1 << 30):.1f} GiB"


@register
class ModelTooBigForMemory(Rule):
    id = "DLF-T010"
    expensive = True
    name = "model-too-big-for-memory"
    title = "Training this model needs more memory than is available"
    taxonomy = "training.process"
    severity = "warning"
    silent = False
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("`{model}` has {params} parameters ({dtype}, on {device}): training it with "
               "{opt_kind} needs about {need} (weights, gradients{state}), but only {avail} "
               "of memory is free.")
    beginner = """Training keeps several copies of every weight in memory: the weights,
their gradients, and for optimizers like Adam two more running averages. For `{model}`
that is about {need}, more than the {avail} this machine has free, so training will
crash with an out-of-memory error (or make the computer swap and freeze). Use a smaller
model, fewer or narrower layers, or train on a machine with more memory."""
    expert = """Lower bound, activations excluded: params × bytes × (1 weight + 1 grad
+ k optimiser states; k = 2 for Adam/AdamW, 1 for SGD with momentum) = {need} at
{bytes} B per element. Mixed precision, sharded optimisers (ZeRO/FSDP), gradient
checkpointing or 8-bit optimiser states reduce it; parameter-efficient fine-tuning
(freezing most weights) removes grads and states for frozen parameters."""
    fix = """# e.g. a narrower model (fewer units in its widest layers), or train only a part of it:
for p in list({model}.parameters())[:-2]:   # all but the last layer's weight and bias
    p.requires_grad_(False)"""

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        try:
            import psutil
        except Exception:  # noqa: BLE001 - optional dependency
            return
        from ... import frameworks

        t = frameworks.get("torch")
        # the models this cell created, rebound or named (``.to(...)``, an optimizer built
        # over it): an unchanged model was measured when it last changed, and walking the
        # parameters of a large model on every cell is the hook's largest cost at scale
        models = ctx.ns.touched("model", framework="torch")
        if not models:
            return
        avail = psutil.virtual_memory().available
        opts = ctx.ns.of_kind("optimizer", framework="torch")
        for v in models:
            total = 0
            train = 0
            size = 4
            device = None
            params = list(v.obj.parameters())
            if any(t.is_uninitialized(p) for p in params):
                continue  # a lazy module: its size is not known yet
            for p in params:
                n = p.numel()
                total += n
                if p.requires_grad:
                    train += n
                size = p.element_size()
                device = str(p.device)
            if not total or device not in ("cpu", "meta") or total * size < 1 << 30:
                continue
            ids = t.trainable_param_ids(v.obj)
            opt = next((o for o in opts if ids & t.optimizer_param_ids(o.obj)), None)
            kind = type_name(opt.obj) if opt else "Adam"
            k = 2 if kind in ("Adam", "AdamW", "NAdam", "RAdam", "Adamax") else 1
            allocated = total * size if device == "cpu" else 0
            need = total * size + train * size * (1 + k)
            if need - allocated <= avail * 1.1:
                continue
            yield Evidence(subject=v.name, key=(total, device), model=v.name,
                           params=f"{total:,}", dtype=str(next(v.obj.parameters()).dtype)
                           .replace("torch.", ""), device=device,
                           opt_kind=f"`{opt.name}` ({kind})" if opt else "Adam",
                           need=_gib(need), avail=_gib(avail), bytes=size,
                           state=f", {k} optimiser state(s)" if k else "")
