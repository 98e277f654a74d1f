from __future__ import annotations

import ast
from collections.abc import Iterator

from ... import frameworks
from ...analysis.errors import _line, _msg, error_calls, locate, tb_modules
from ...context import CellContext
from ...registry import Evidence, Items, Rule, Texts, register


# --------------------------------------------------------------------------------------
@register
class TensorsOnDifferentDevices(Rule):
    id = "DLF-E003"
    name = "tensors-on-different-devices"
    title = "Expected all tensors to be on the same device"
    taxonomy = "gpu"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = """Device mismatch (CPU/GPU): tensors on different devices ({dev_a} and {dev_b})
met in one operation.{placed_here}"""
    beginner = """An operation mixed tensors on {dev_a} and {dev_b}: PyTorch never moves data
between the CPU and the GPU by itself. Move the model once (`model.to(device)`) and every batch
you give it (inputs and labels) to the same device.{listing}"""
    expert = """Dispatch needs all operands of a kernel on one device ({dev_a} and {dev_b}); there
is no implicit host↔device copy. `module.to(device)` moves parameters and buffers in place;
tensors need `t = t.to(device)` (not in place). Tensors created inside `forward` (e.g.
`torch.zeros(n)`) need `device=x.device`.{listing}"""
    fix = """device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
{model} = {model}.to(device)          # once, before creating the optimizer
{batch} = {moved}   # every batch, inside the loop"""
    texts = {
        # the error line and the traceback name models or tensors of the notebook
        "placed": Texts(placed_here=" {placed}.", listing=" In your notebook now: {placed}."),
        "none_placed": Texts(placed_here="", listing=""),
        # each model or tensor named is one clause of {placed} ("; " between them)
        "model_on": Texts(placement="`{name}` (parameters) is on {device}"),
        "tensor_on": Texts(placement="`{name}` is on {device}"),
    }
    references = ("https://pytorch.org/docs/stable/notes/cuda.html",)

    PATTERNS = (
        r"Expected all tensors to be on the same device, but found at least two devices, "
        r"(?P<a>[\w:]+) and (?P<b>[\w:]+)",
        r"Expected all tensors to be on the same device, but got (?P<arg>\w+) is on "
        r"(?P<a>[\w:]+), different from other tensors on (?P<b>[\w:]+)",
        r"Tensor on device (?P<a>[\w:]+) is not on the expected device (?P<b>[\w:]+)",
        r"Expected all tensors to be on the same device\. \w+:? expected '(?P<arg>\w+)' to be "
        r"a? ?(?P<b>CPU|CUDA) tensor, but got tensor on (?P<a>[\w:]+)",
        r"Input type \((?P<a>torch\.cuda\.\w+|CUDA\w+)\) and weight type \((?P<b>torch\.\w+|CPU\w+)\)",
        r"Input type \((?P<a>torch\.\w+|CPU\w+)\) and weight type \((?P<b>torch\.cuda\.\w+|CUDA\w+)\)",
    )

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, *self.PATTERNS)
        if not m:
            return
        a, b = m.group("a"), m.group("b")
        dev = {x: (x if ":" in x or x in ("cpu", "cuda", "mps", "meta") else
                   "cuda" if "cuda" in x.lower() else "cpu") for x in (a, b)}
        t = frameworks.get("torch")
        # objects of the error line and the module that raised
        seen: dict[str, tuple[str, dict[str, object]]] = {}   # name -> (clause, its fields)
        for mod, _fr in tb_modules(ctx.error.exc):
            name, _ = locate(ctx, mod)
            if name and name not in seen and t.is_model(ctx.ns.get(name).obj):
                d = t.parameters_device(ctx.ns.get(name).obj)
                if d:
                    seen[name] = ("model_on", {"name": name, "device": d})
        names: list[str] = []
        for c in error_calls(ctx):
            cands = [c.name if c.receiver is None else c.receiver_root]
            cands += [x.id for x in [*c.node.args, *(k.value for k in c.node.keywords)]
                      if isinstance(x, ast.Name)]
            for n in cands:
                if n and n not in names:
                    names.append(n)
        tensors_named: list[str] = []
        models_named: list[str] = []
        for n in names:
            v = ctx.ns.get(n)
            if v is None or v.framework != "torch" or n in seen:
                continue
            if v.kind == "model":
                d = t.parameters_device(v.obj)
                if d:
                    seen[n] = ("model_on", {"name": n, "device": d})
                    models_named.append(n)
            elif v.kind == "tensor":
                seen[n] = ("tensor_on", {"name": n, "device": v.obj.device})
                tensors_named.append(n)
        models_named = [n for n in seen if ctx.ns.get(n) is not None
                        and ctx.ns.get(n).kind == "model"]
        mdl = models_named[0] if models_named else "model"
        tl = tensors_named or ["x", "y"]
        yield Evidence(line=_line(ctx), subject=(models_named or tensors_named or [None])[0],
                       variant="placed" if seen else "none_placed", dev_a=dev[a], dev_b=dev[b],
                       placed=Items("placement", seen.values(), sep="; "), model=mdl,
                       batch=", ".join(tl),
                       moved=", ".join(f"{x}.to(device)" for x in tl))
