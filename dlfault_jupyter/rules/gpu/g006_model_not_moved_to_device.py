from __future__ import annotations

import ast
from collections.abc import Iterator

from ...analysis.gpu import device_move, remember_moves
from ...analysis.model_facts import rewraps
from ...analysis.training import torch_models
from ...context import CellContext
from ...registry import Evidence, Rule, register
from ...source.facts import dotted


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
        src = ctx.source
        mem = remember_moves(ctx)
        cuda = mem["cuda_names"]
        if not cuda:
            return
        mine = ctx.remember(self.id)
        direct: set[str] = mine.setdefault("direct", set())
        models = torch_models(ctx)
        from ... import frameworks

        t = frameworks.get("torch")
        for a in src.assigns:
            v = a.value
            if rewraps(src, a.target, v):
                continue    # model = torch.compile(model): the same model, as built
            if a.target in models and isinstance(v, ast.Call):
                d = dotted(v.func)
                cls = src.resolve(d) if d else None
                if t.is_module_class(cls):
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
