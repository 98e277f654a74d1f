from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...analysis.errors import (
    _line,
    _local,
    _msg,
    _out_units,
    arg,
    loss_call,
    ns_obj,
    tb_modules,
    tensor_info,
)
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


@register
class TargetOutOfBounds(Rule):
    id = "DLF-E014"
    name = "class-label-out-of-range"
    title = "IndexError: Target N is out of bounds (labels ≥ number of output units)"
    taxonomy = "model.layers.properties"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = "Class label out of range: {summary}"
    beginner = """With {n} output units the model can only predict classes 0 to {last}. A label
of {label} has no output unit. {advice}"""
    expert = """`nll_loss` indexes the log-probabilities with the target: valid targets are
[0, C) with C = input.size(1) = {n} (`ignore_index`, default -100, excepted). Out-of-range
targets raise IndexError on the CPU and a device-side assert on CUDA."""
    fix = """{fix_code}"""
    # A finding is written with what is known of the number of classes (the last layer, the
    # labels seen) and what the labels look like.
    texts = {
        "classes_known": Texts(summary="""label {label} is out of range for {n}
classes{layer_said}{labels_said}."""),
        "classes_unknown": Texts(summary="""label {label} is out of range for the number of
outputs of the model."""),
        "layer_found": Texts(layer_said=": the last layer of `{mname}`, `{path}`, has "
                                        "out_features={n}", layer="{path}"),
        "layer_not_found": Texts(layer_said="", layer="the last layer"),
        "labels_seen": Texts(labels_said=", but `{y}` has labels {lo}..{hi}{sampled}",
                             sampled=""),
        "labels_sampled": Texts(sampled=" (sampled)"),
        "labels_unseen": Texts(labels_said=""),
        "one_based": Texts(
            advice="""The labels run 1..{n}: they look 1-based; use `{y} - 1` so they run
0..{last}.""",
            fix_code="{y} = {y} - 1   # classes 0..{last}",
        ),
        "too_few_units": Texts(
            advice="""The labels need {k} classes: give the last layer {k} output units (or
remap the labels to 0..{last}).""",
            fix_code="nn.Linear(..., {k})   # in {layer}: one output per class 0..{k_last}",
        ),
        "negative_label": Texts(
            advice="""Negative labels are not class indices (only `ignore_index`, default
-100, may be negative): remap them to 0..C-1.""",
            fix_code="y = y - y.min()   # or map each label to its index",
        ),
        "unclear": Texts(
            advice="""Either the last layer needs more output units (one per class), or the
labels must be remapped to 0..C-1 (labels counted from 1 are a common cause).""",
            fix_code="""print({yv}.min(), {yv}.max())   # must be within 0..C-1
nn.Linear(..., num_classes)   # last layer""",
        ),
    }
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, r"Target (-?\d+) is out of bounds")
        if not m:
            return
        label = int(m.group(1))
        call, loss_var, loss_cls = loss_call(ctx)
        y, yobj = ns_obj(ctx, arg(call, 1, "target")) if call else (None, None)
        # number of classes = the input's dim 1, from the loss frame if possible
        n = None
        for mod, fr in reversed(tb_modules(ctx.error.exc)):
            inp = tensor_info(_local(fr, "input"))
            if frameworks.get("torch").is_loss(mod) and inp and len(inp[0]) >= 2:
                n = inp[0][1]
                break
        model = None
        if call is not None:
            for c in ctx.source.calls:
                if c.receiver is None and ctx.ns.get(c.name) is not None and \
                        ctx.ns.get(c.name).kind == "model" and c.line == call.line:
                    model = c.name
        if model is None and loss_var:
            used = [u for u in ctx.used_with(loss_var) if ctx.ns.get(u) is not None
                    and ctx.ns.get(u).kind == "model"]
            model = used[0] if len(used) == 1 else None
        mname, units, path = _out_units(ctx, model) if model else (None, None, None)
        if n is not None and units is not None and units != n:
            mname = units = path = None
        n = n or units
        s = frameworks.get("torch").summary(yobj) if tensor_info(yobj) else None
        seen = s is not None and s.has_values
        fields: dict[str, Any] = dict(label=label, n=n if n is not None else "C",
                                      last=(n - 1) if n is not None else "C-1", y=y,
                                      yv=y or "y", mname=mname, path=path)
        if n is not None:
            variant = ["classes_known", "layer_found" if path else "layer_not_found"]
            if seen:
                variant += ["labels_seen"] + ([] if s.exact else ["labels_sampled"])
                fields.update(lo=f"{s.min:g}", hi=f"{s.max:g}")
            else:
                variant.append("labels_unseen")
        else:
            variant = ["classes_unknown"]
        if seen and n is not None and s.max is not None:
            if s.min >= 1 and s.max == n:
                variant.append("one_based")
            else:
                variant.append("too_few_units")
                fields.update(k=int(s.max) + 1, k_last=int(s.max))
        elif label < 0:
            variant.append("negative_label")
        else:
            variant.append("unclear")
        yield Evidence(line=_line(ctx), subject=y if y and y.isidentifier() else mname,
                       variant=tuple(variant), **fields)
