from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...analysis.provenance import VALUES, Provenance
from ...context import CellContext
from ...registry import Evidence, Rule, register


def _dim(call: ast.Call, method: bool) -> Any:
    """The constant ``dim`` of ``torch.argmax(x, dim)`` / ``x.argmax(dim)`` (``...`` when
    not a constant, None when not given: the flattened argmax)."""
    for k in call.keywords:
        if k.arg == "dim":
            return k.value.value if isinstance(k.value, ast.Constant) else ...
    pos = 0 if method else 1
    if len(call.args) > pos:
        a = call.args[pos]
        return a.value if isinstance(a, ast.Constant) else ...
    return None


def _operand(ctx: CellContext, call: ast.Call) -> tuple[ast.expr, bool] | None:
    """The tensor an argmax call reduces, and whether it is written as a method."""
    f = call.func
    if not isinstance(f, ast.Attribute) or f.attr != "argmax":
        return None
    if ctx.analysis.names.matches(f, "torch.argmax"):
        return (call.args[0], False) if call.args else None
    return f.value, True


@register
class ArgmaxOverBatchAxis(Rule):
    id = "DLF-S005"
    name = "argmax-over-batch-axis"
    title = "Predicted classes taken with argmax over dim 0, the batch"
    taxonomy = "tensors.shape"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{code}` takes the argmax of `{model}`'s output over dim 0, the batch of "
               "`{loader}`: it gives, for each class, the sample with the highest score, "
               "not each sample's class.")
    beginner = """The model's output has one row per sample and one column per class, so
each sample's predicted class is the largest value of its row: `argmax(dim=1)`. Over
`dim=0` the result has one entry per class (the index of a sample in the batch), and
comparing it with the labels measures nothing: the accuracy is wrong while training may
be fine."""
    expert = """For logits z ∈ ℝ^{{N×C}} (batches of `{loader}`), `argmax(z, 0)` ∈
{{0..N-1}}^C indexes samples, not classes; compared with the labels it broadcasts or is
sliced to fit and yields a meaningless accuracy. The class axis is 1 (or -1)."""
    fix = """{fixed}"""
    known_false_alarms = ("A model whose output is class-first (classes on dim 0), "
                          "e.g. a sequence-first layout on purpose.")
    references = ("https://pytorch.org/docs/stable/generated/torch.argmax.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        t = frameworks.get("torch")
        if t is None or not ctx.source.ok:
            return
        models = {v.name for v in ctx.ns.models("torch")}
        loaders = {v.name for v in ctx.ns.of_kind("loader", framework="torch")}
        seen: set[tuple] = set()
        for e in ctx.analysis.events:
            if e.attr != "argmax" or e.call is None or not isinstance(e.call.node, ast.Call):
                continue
            op = _operand(ctx, e.call.node)
            if op is None or _dim(e.call.node, op[1]) != 0:
                continue
            # predictions per batch of a DataLoader: dim 0 is the batch
            loader = next((f.iterable for f in reversed(e.loops) if f.iterable in loaders),
                          None)
            if loader is None:
                continue
            scope = e.scope
            fn = scope.fn if scope is not None else None
            facts = fn.facts if fn is not None else ctx.source
            local = {c.name for c in facts.calls if c.receiver is None and c.name
                     and "." not in c.name
                     and (scope.map(c.name) if scope is not None else c.name) in models}
            o = Provenance(facts).origin(op[0], e.call.line, keep=(VALUES,), models=local)
            if o is None or o.kind != "call" or not o.exact:
                continue
            model = scope.map(o.root) if scope is not None else o.root
            code = " ".join(facts.segment(e.call.node).split())
            key = (e.path, e.call.line)
            if key in seen:
                continue
            seen.add(key)
            fixed = code.replace("dim=0", "dim=1") if "dim=0" in code else \
                code[:code.rfind("0")] + "1" + code[code.rfind("0") + 1:]
            yield Evidence(line=e.line, subject=model, key=key, code=code, model=model,
                           loader=loader, fixed=fixed)
