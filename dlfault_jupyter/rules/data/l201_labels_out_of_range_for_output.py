from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...analysis.roles import _line, data_of, summary
from ...context import CellContext
from ...frameworks import type_name
from ...frameworks.base import LayerKind
from ...registry import Evidence, Rule, register


def _last_linear(t: Any, model: Any) -> tuple[str, Any] | None:
    """(name, module) of the model's output Linear: the last of a (nested) Sequential
    chain, or — for custom models — the last registered leaf when it is a Linear."""
    chain = t.sequential_chain(model)
    skip = (LayerKind.DROPOUT, LayerKind.IDENTITY, LayerKind.SOFTMAX, LayerKind.FLATTEN)
    if chain is None:
        chain = t.leaf_modules(model)
        tail = [(n, m) for n, m in chain if t.layer_kind(m) not in skip
                and any(True for _ in m.parameters(recurse=False))]
    else:
        tail = [(n, m) for n, m in chain if t.layer_kind(m) not in skip]
    if not tail:
        return None
    n, m = tail[-1]
    if t.layer_kind(m) is LayerKind.LINEAR and isinstance(getattr(m, "out_features", None), int):
        return n, m
    return None


@register
class LabelsOutOfRangeForOutput(Rule):
    id = "DLF-L201"
    name = "labels-out-of-range-for-output"
    title = "Class labels go beyond the number of output units"
    taxonomy = "model.layers.properties"
    severity = "error"
    silent = False
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("`{labels}` holds class indices up to {max} (sampled), but `{model}` ends with "
               "`{layer}` with {units} output units (classes 0–{last}) for `{loss}` ({loss_cls}).")
    beginner = """The model has one output per class: {units} outputs means classes 0 to
{last}. Your labels contain class {max}, which the model cannot predict. On the CPU the
loss crashes with "Target {max} is out of bounds"; on a GPU it crashes with a cryptic
"device-side assert triggered". Make the last layer as wide as the number of classes
(here at least {need}), or check that the labels are numbered from 0."""
    expert = """`{loss_cls}` indexes the logits with the target (`logits[i, y_i]`), so every
label must lie in [0, C) with C = `{layer}.out_features` = {units}. A sampled label max
of {max} proves the range is exceeded (the true max can only be larger): NLL gathers out
of bounds → `IndexError` on CPU, `cudaErrorAssert` (asynchronous, reported at a later
op) on CUDA. Labels numbered from 1 (1..C) are the usual cause; otherwise the head is too
narrow."""
    fix = """# either make the output layer as wide as the number of classes
{layer} = nn.Linear({in_f}, {need})
# or, if the labels are numbered from 1, shift them to start at 0
{labels} = {labels} - 1"""
    known_false_alarms = ("A custom model whose output layer is not the last registered "
                          "Linear module.")
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        t = frameworks.get("torch")
        ce = [v for v in ctx.ns.of_kind("loss", framework="torch")
              if t.framework_name(v.obj) in t.vocab.CLASSIFICATION_LOSSES]
        models = [m for m in ctx.ns.models("torch") if not t.is_loss(m.obj)]
        if not models:
            return
        for d in data_of(ctx, "y"):
            model = d.use.model
            loss = None
            if model:
                loss = next((v for v in ce if model in ctx.used_with(v.name)), None)
                if loss is None and d.use.how == "loss":
                    continue  # a loss of another kind (e.g. functional or regression)
            else:
                # a TensorDataset's labels: only when model and loss are unambiguous
                if len(models) != 1 or len(ce) != 1:
                    continue
                model, loss = models[0].name, ce[0]
            if loss is None:
                if len(ce) != 1:
                    continue
                loss = ce[0]
            mv = ctx.ns.get(model)
            if mv is None or mv.framework != "torch":
                continue
            s = summary(d)
            if s is None or not s.has_values or not s.is_int or len(s.shape) != 1:
                continue
            last = _last_linear(t, mv.obj)
            if last is None:
                continue
            lname, lin = last
            units = int(lin.out_features)
            mx = int(s.max)
            if units < 2 or mx < units:
                continue
            expr = model + "".join(f"[{p}]" if p.isdigit() else f".{p}"
                                   for p in lname.split(".")) if lname != "Linear" else model
            yield Evidence(line=_line(d), subject=d.subject, key=("range", units),
                           labels=d.label, max=mx, model=model, layer=expr,
                           in_f=int(lin.in_features), units=units, last=units - 1,
                           need=mx + 1, loss=loss.name,
                           loss_cls=type_name(loss.obj))
