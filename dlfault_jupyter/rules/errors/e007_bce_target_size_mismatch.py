from __future__ import annotations

from collections.abc import Iterator

from ...analysis.errors import _ints, _line, _msg, arg, code_of, loss_call
from ...context import CellContext
from ...frameworks.summary import shape_str
from ...registry import Evidence, Rule, Texts, register


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
    message = """Loss target shape mismatch: {loss}: {target} has shape {ts} but {output} has
shape {ins}."""
    beginner = """Binary cross-entropy compares each output number with one target number, so
output and target must have exactly the same shape. {advice}"""
    expert = """BCELoss/BCEWithLogitsLoss are element-wise and do not broadcast (by design: a
silent (N,1) vs (N,) broadcast would give an (N, N) loss). {mechanism}"""
    fix = """{fix_code}"""
    # A finding is written with how the loss, the target and the output are named and the
    # case of the two shapes.
    texts = {
        "loss_named": Texts(loss="`{loss_var}` ({loss_cls})"),
        "loss_class": Texts(loss="{loss_cls}"),
        "loss_unknown": Texts(loss="the loss"),
        "target_named": Texts(target="the target `{y}`"),
        "target_unnamed": Texts(target="the target"),
        "output_named": Texts(output="the output `{o}`"),
        "output_unnamed": Texts(output="the output"),
        "target_lacks_column": Texts(
            advice="""The model gives one column per sample {ins}, the labels are a flat
vector {ts}: add the column axis to the labels with `{y}.unsqueeze(1)` (and make them float),
or squeeze the output.""",
            mechanism="Fix the rank: `{y}.unsqueeze(1).float()` or `{o}.squeeze(1)`.",
            fix_code="""loss = {lv}({o}, {y}.unsqueeze(1).float())
# or: loss = {lv}({o}.squeeze(1), {y}.float())""",
        ),
        "target_extra_column": Texts(
            advice="The labels have an extra column axis: use `{y}.squeeze(1)`.",
            mechanism="Fix the rank: `{y}.squeeze(1)` or `{o}.unsqueeze(1)`.",
            fix_code="loss = {lv}({o}, {y}.squeeze(1).float())",
        ),
        "class_outputs": Texts(
            advice="""The model outputs {classes} numbers per sample but each label is one
class number. For {classes} classes use `nn.CrossEntropyLoss()` with the labels as class
indices (long); for a yes/no task give the model one output unit.""",
            mechanism="""(N, C) outputs with (N,) class indices is the CrossEntropyLoss
contract; BCE wants one probability/logit per target element.""",
            fix_code="""{lv} = nn.CrossEntropyLoss()
loss = {lv}({o}, {y}.long())
# or, for a binary task: last layer nn.Linear(..., 1)""",
        ),
        "other_shapes": Texts(
            advice="""Make the output and the target the same shape (check the last layer's
units and how the labels were built).""",
            mechanism="""Print both shapes right before the loss and align them with
reshape/unsqueeze.""",
            fix_code="print({o}.shape, {y}.shape)   # must be equal",
        ),
    }
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
        if len(ins) == len(ts) + 1 and ins[-1] == 1 and ins[:-1] == ts:
            case = "target_lacks_column"
        elif len(ts) == len(ins) + 1 and ts[-1] == 1 and ts[:-1] == ins:
            case = "target_extra_column"
        elif len(ins) == 2 and ins[1] > 1 and len(ts) == 1 and ins[0] == ts[0]:
            case = "class_outputs"
        else:
            case = "other_shapes"
        variant = ("loss_named" if loss_var else "loss_class" if loss_cls else "loss_unknown",
                   "target_named" if tname else "target_unnamed",
                   "output_named" if out_code else "output_unnamed", case)
        yield Evidence(line=_line(ctx), subject=tname if tname and tname.isidentifier() else None,
                       variant=variant, loss_var=loss_var, loss_cls=loss_cls, y=y, o=o,
                       lv=loss_var or "loss_fn", ts=shape_str(ts), ins=shape_str(ins),
                       classes=ins[1] if len(ins) == 2 else None)
