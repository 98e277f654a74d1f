from __future__ import annotations

from collections.abc import Iterator

from ...analysis.errors import _ints, _line, _msg, arg, code_of, lc, loss_call
from ...context import CellContext
from ...frameworks.summary import shape_str
from ...registry import Evidence, Rule, register


# --------------------------------------------------------------------------------------
def _size_tuple(s: str) -> tuple[int, ...]:
    return _ints(s)


@register
class BinaryTargetSizeMismatch(Rule):
    id = "DLF-E007"
    name = "bce-target-size-mismatch"
    title = "Target size must be the same as input size (BCE / BCEWithLogits)"
    taxonomy = "tensors.shape"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = "Loss target shape mismatch: {summary}"
    beginner = """Binary cross-entropy compares each output number with one target number, so
output and target must have exactly the same shape. {advice}"""
    expert = """BCELoss/BCEWithLogitsLoss are element-wise and do not broadcast (by design: a
silent (N,1) vs (N,) broadcast would give an (N, N) loss). {mechanism}"""
    fix = """{fix_code}"""
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.BCEWithLogitsLoss.html",)

    PATTERNS = (r"Target size \(torch\.Size\(\[(?P<t>[\d, ]*)\]\)\) must be the same as input "
                r"size \(torch\.Size\(\[(?P<i>[\d, ]*)\]\)\)",
                r"Using a target size \(torch\.Size\(\[(?P<t>[\d, ]*)\]\)\) that is different to "
                r"the input size \(torch\.Size\(\[(?P<i>[\d, ]*)\]\)\)")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, *self.PATTERNS)
        if not m:
            return
        ts, ins = _size_tuple(m.group("t")), _size_tuple(m.group("i"))
        call, loss_var, loss_cls = loss_call(ctx)
        out_code = code_of(ctx, arg(call, 0, "input")) if call else None
        tname = code_of(ctx, arg(call, 1, "target")) if call else None
        o, y = out_code or "output", tname or "y"
        lv = loss_var or "loss_fn"
        lossd = f"`{loss_var}` ({loss_cls})" if loss_var else (loss_cls or "The loss")
        summary = (f"{lossd}: the target {'`' + y + '` ' if tname else ''}has shape "
                   f"{shape_str(ts)} but the output {'`' + o + '` ' if out_code else ''}has "
                   f"shape {shape_str(ins)}.")
        if len(ins) == len(ts) + 1 and ins[-1] == 1 and ins[:-1] == ts:
            advice = (f"The model gives one column per sample {shape_str(ins)}, the labels are a "
                      f"flat vector {shape_str(ts)}: add the column axis to the labels with "
                      f"`{y}.unsqueeze(1)` (and make them float), or squeeze the output.")
            mechanism = f"Fix the rank: `{y}.unsqueeze(1).float()` or `{o}.squeeze(1)`."
            fix_code = (f"loss = {lv}({o}, {y}.unsqueeze(1).float())\n"
                        f"# or: loss = {lv}({o}.squeeze(1), {y}.float())")
        elif len(ts) == len(ins) + 1 and ts[-1] == 1 and ts[:-1] == ins:
            advice = f"The labels have an extra column axis: use `{y}.squeeze(1)`."
            mechanism = f"Fix the rank: `{y}.squeeze(1)` or `{o}.unsqueeze(1)`."
            fix_code = f"loss = {lv}({o}, {y}.squeeze(1).float())"
        elif len(ins) == 2 and ins[1] > 1 and len(ts) == 1 and ins[0] == ts[0]:
            advice = (f"The model outputs {ins[1]} numbers per sample but each label is one "
                      f"class number. For {ins[1]} classes use `nn.CrossEntropyLoss()` with the "
                      f"labels as class indices (long); for a yes/no task give the model one "
                      f"output unit.")
            mechanism = ("(N, C) outputs with (N,) class indices is the CrossEntropyLoss "
                         "contract; BCE wants one probability/logit per target element.")
            fix_code = (f"{lv} = nn.CrossEntropyLoss()\nloss = {lv}({o}, {y}.long())\n"
                        f"# or, for a binary task: last layer nn.Linear(..., 1)")
        else:
            advice = "Make the output and the target the same shape (check the last layer's units and how the labels were built)."
            mechanism = "Print both shapes right before the loss and align them with reshape/unsqueeze."
            fix_code = f"print({o}.shape, {y}.shape)   # must be equal"
        yield Evidence(line=_line(ctx), subject=tname if tname and tname.isidentifier() else None,
                       summary=lc(summary), advice=advice, mechanism=mechanism, fix_code=fix_code)
