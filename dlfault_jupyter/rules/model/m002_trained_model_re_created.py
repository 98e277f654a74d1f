from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...analysis.model_facts import is_wrapping_call, rewraps
from ...analysis.training import torch_models
from ...context import CellContext
from ...frameworks import type_name
from ...registry import Evidence, Rule, register
from ...source.facts import SourceFacts, dotted


def _evaluation_like(src: SourceFacts, c: Any, name: str) -> bool:
    """A model call that evaluates or predicts: under ``no_grad``/``inference_mode``, after
    ``name.eval()`` in this cell, or on data named test/val; not a shape check on a
    tensor made inline (``model(torch.randn(1, 3, 32, 32))``)."""
    arg = c.args[0] if c.args else None
    if isinstance(arg, ast.Call):
        d = dotted(arg.func) or ""
        if d.split(".")[-1] in ("randn", "rand", "zeros", "ones", "empty", "randint",
                                "tensor", "full"):
            return False
    if src.inside_with(c.node, "no_grad", "inference_mode"):
        return True
    if any(e.receiver == name and e.attr == "eval" and e.line <= c.line for e in src.calls):
        return True
    root = (dotted(arg) or "").split(".")[0] if arg is not None else ""
    if isinstance(arg, ast.Subscript):
        root = (dotted(arg.value) or "").split(".")[0]
    return any(k in root.lower() for k in ("test", "val", "holdout"))


@register
class ModelReinitialisedAfterTraining(Rule):
    id = "DLF-M002"
    name = "trained-model-re-created"
    title = "A trained model is re-created, then used without training"
    taxonomy = "model.type"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{model}` was trained{trained_where}, but `{build}` (line {build_line}"
               "{build_cell}) replaced it by a fresh, untrained model, and `{use}` (line "
               "{at}) now uses that one.")
    beginner = """Writing `{build}` creates a brand-new network with random weights; it does
not reset or reuse the one you trained. Everything learned in the training loop was in
the old object, which `{model}` no longer refers to. The predictions at line {at} come from
random weights, so the accuracy you see is chance level. Remove the line that re-creates
`{model}` (or re-run the training after it, or load the trained weights)."""
    expert = """`{model} = {cls}(...)` rebinds the name to a new `nn.Module` whose parameters
come from the default initialisers; the trained parameters live in the previous
object (and in the optimizer's `param_groups`, which still point at them). Evaluate the
trained instance, keep a reference / `state_dict()` of it, or `load_state_dict` into the
new one."""
    fix = """# keep the trained model: do not re-create it before evaluating
{model}.eval()
with torch.no_grad():
    out = {use}
# or, to start from saved weights:
# {model} = {cls}(); {model}.load_state_dict(torch.load("model.pt"))"""
    known_false_alarms = ("A fresh model evaluated on purpose as an untrained baseline.",)[0]

    def check(self, ctx: CellContext) -> Iterator[Evidence]:  # noqa: C901 - the rule's chain of evidence, one guard per fact; to shrink as the facts move to analysis/ (issue 12)
        t = frameworks.get("torch")
        src = ctx.source
        if t is None or not src.ok:
            return
        mem = ctx.remember(self.id)
        state: dict[str, str] = mem.setdefault("state", {})     # name -> trained|fresh
        built: dict[str, tuple] = mem.setdefault("built", {})   # name -> (code, line, cell)
        trained_cell: dict[str, int] = mem.setdefault("trained_cell", {})
        models = torch_models(ctx)
        import types

        events: list[tuple[int, int, str, str, Any]] = []
        for c in src.calls:
            if c.function is not None:
                continue
            name = c.name if c.name in models else (
                c.receiver if c.attr in ("forward", "__call__") and c.receiver in models
                else None)
            if name is not None:
                training = any(lf.has_call("backward") for lf in c.loops)
                if training:
                    events.append((c.line, 1, "fit", name, c))
                elif _evaluation_like(src, c, name):
                    events.append((c.line, 1, "use", name, c))
                continue
            if c.receiver in models and c.attr in ("load_state_dict", "load_weights"):
                events.append((c.line, 1, "load", c.receiver, c))
                continue
            if is_wrapping_call(src, c.node):
                continue    # torch.compile(model), nn.DataParallel(model): wraps, trains nothing
            # a model handed to a function (train(model, ...), trainer.fit(model)): may train
            for a in [*c.args, *(k.value for k in c.node.keywords)]:
                if isinstance(a, ast.Name) and a.id in models:
                    fn = ctx.user_ns.get(c.name) if c.name and "." not in c.name else None
                    if c.name in ("print", "len", "type", "str", "repr", "id") or (
                            fn is not None and isinstance(fn, types.BuiltinFunctionType)):
                        continue
                    events.append((c.line, 1, "load", a.id, c))
        for a in src.assigns:
            if a.target not in models or a.augmented or a.loops or \
                    rewraps(src, a.target, a.value):
                continue    # model = torch.compile(model): the same model, wrapped
            v = a.value
            while isinstance(v, ast.Call) and isinstance(v.func, ast.Attribute) and \
                    v.func.attr in ("to", "cuda", "cpu", "float", "double", "train"):
                v = v.func.value
            fresh = False
            if isinstance(v, ast.Call):
                d = dotted(v.func)
                cls = src.resolve(d) if d else None
                fresh = isinstance(cls, type) and t.is_module(models[a.target].obj) and \
                    issubclass(cls, __import__("torch").nn.Module)
            if any(p.line == a.line and p.function is not None for p in src.calls):
                continue
            events.append((a.line, 0, "build" if fresh else "load", a.target, a))
        events.sort(key=lambda e: (e[0], e[1]))
        for line, _, kind, name, obj in events:
            if kind == "build":
                if state.get(name) == "trained":
                    state[name] = "fresh"
                    built[name] = (src.segment(obj.value) or f"{name} = ...", line, ctx.cell)
                else:
                    state.setdefault(name, "new")
            elif kind == "fit":
                state[name] = "trained"
                trained_cell[name] = ctx.cell
            elif kind == "load":
                if state.get(name) == "fresh":
                    state[name] = "trained"   # weights loaded, or trained by a function
            elif kind == "use" and state.get(name) == "fresh":
                code, bline, bcell = built.get(name, (name, line, ctx.cell))
                state[name] = "reported"
                d = dotted(obj.node.func) if isinstance(obj.node, ast.Call) else None
                tc = trained_cell.get(name)
                yield Evidence(line=line, at=line, subject=name, model=name,
                               build=f"{name} = {code}", build_line=bline,
                               build_cell="" if bcell == ctx.cell else f", cell {bcell}",
                               trained_where=(f" (cell {tc})" if tc and tc != ctx.cell
                                              else ""),
                               use=src.segment(obj.node) or f"{d}(...)",
                               cls=type_name(models[name].obj))
        if len(state) > 200:
            state.clear()
