from __future__ import annotations

import ast
from collections.abc import Iterator

from ... import frameworks
from ...context import CellContext
from ...frameworks import type_name
from ...registry import Evidence, Rule, register


@register
class SaveWholeModel(Rule):
    id = "DLF-A006"
    name = "save-whole-model"
    title = "torch.save(model) pickles the whole model instead of its state_dict"
    taxonomy = "api"
    severity = "info"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{code}` saves the whole `{model}` object ({kind}) with pickle rather than "
               "`{model}.state_dict()`.")
    beginner = """Saving the model object itself works only as long as the exact same class
code (`{kind}`) is importable in the same place when loading: after renaming or changing
the class, or in another notebook, loading fails. And since PyTorch 2.6 `torch.load` only
loads plain tensors by default (`weights_only=True`), so loading such a file needs extra
steps. Save the weights with `torch.save({model}.state_dict(), ...)` and load them into a
freshly created model."""
    expert = """`torch.save(module)` pickles the module by reference to its class
(`__module__.__qualname__`); unpickling needs that class importable (notebook classes
live in `__main__`) and executes arbitrary pickle opcodes, which is why
`weights_only=True` (the default since 2.6) refuses it. A `state_dict` is an
`OrderedDict[str, Tensor]` that loads safely anywhere."""
    fix = """torch.save({model}.state_dict(), {path})
# later:
{model} = {kind}(...)
{model}.load_state_dict(torch.load({path}))"""

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        models = {v.name: v for v in ctx.ns.models("torch")}
        save = None
        for c in src.calls_to("save"):
            if save is None:
                save = frameworks.get("torch").api("torch.save")
            if src.resolve(c.name) is not save or not c.args:
                continue
            a = c.args[0]
            if isinstance(a, ast.Name) and a.id in models:
                path = src.segment(c.args[1]) if len(c.args) > 1 else '"model.pt"'
                yield Evidence(line=c.line, subject=a.id, model=a.id, code=src.segment(c.node),
                               kind=type_name(models[a.id].obj), path=path)
