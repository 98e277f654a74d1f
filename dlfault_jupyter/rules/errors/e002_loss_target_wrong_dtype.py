from __future__ import annotations

import re
from collections.abc import Iterator

from ... import frameworks
from ...analysis.errors import _line, _msg, arg, code_of, loss_call, ns_obj, tensor_info
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register

CLASS_INDEX_LOSSES = ("CrossEntropyLoss", "NLLLoss", "MultiMarginLoss")


# --------------------------------------------------------------------------------------
@register
class LossTargetDtype(Rule):
    id = "DLF-E002"
    name = "loss-target-wrong-dtype"
    title = "Loss targets of the wrong dtype (class indices must be Long, BCE/MSE targets float)"
    taxonomy = "tensors.input"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = "Wrong dtype of the loss target: {summary}"
    beginner = """Each loss expects its targets in a specific dtype. {advice}"""
    expert = """Loss kernels do not promote the target's dtype. {mechanism}"""
    fix = """{fix_code}"""
    # A finding is written with its case (long: class indices; float: BCE/MSE targets),
    # how the loss and the target are named, and the details of a class-index target.
    texts = {
        "long": Texts(
            summary="""{loss} needs class-index targets of dtype torch.long (int64), but
{target} is {got}{stored}: {remedy}.""",
            stored="",
            remedy="use `{tn}.long()`",
            advice="""{kind} wants, for every sample, the number of its class (0, 1, 2, …) as
an integer tensor of type long. `{shown}` is {got}. {already} Convert it with `{tn}.long()`
(or create the labels with `dtype=torch.long`; labels built from a float numpy array come out
as float).""",
            already="",
            mechanism="""nll_loss gathers `-log p[target]` per sample: the target is an index,
so its kernel only accepts int64 (or uint8) class indices. A floating target is accepted by
CrossEntropyLoss only as class probabilities with the same shape as the input (N, C).""",
            fix_code="""loss = {fn}({out}, {tn}.long())
# or once: {tn} = {tn}.long()""",
        ),
        "whole_numbers": Texts(stored=" (whole numbers {lo}..{hi} stored as {got})"),
        "already_int64": Texts(
            remedy="pass `{tn}` itself, it is already int64",
            already="`{tn}` itself is already int64: pass it without `{conversion}`.",
            fix_code="loss = {fn}({out}, {tn})   # `{tn}` is already int64: drop the conversion",
        ),
        "float": Texts(
            summary="""{loss} needs floating-point targets, but {target} is {got}: use
`{tn}.float()`.""",
            advice="""{kind} compares the model's output, a float, with the target value, so
the target must be a float tensor too (0.0 / 1.0 for binary labels). Convert it with
`{tn}.float()`.""",
            mechanism="""{kind} computes an element-wise formula of input and target; the
result is float and the kernel needs the target in the input's dtype (integer {got} labels are
not promoted here).""",
            fix_code="""loss = {fn}({out}, {tn}.float())
# or once: {tn} = {tn}.float()""",
        ),
        "loss_named": Texts(loss="`{loss_var}` ({loss_cls})", kind="{loss_cls}"),
        "loss_class": Texts(loss="{loss_cls}", kind="{loss_cls}"),
        "loss_unknown": Texts(loss="the loss", kind="CrossEntropyLoss / NLLLoss"),
        "target_named": Texts(target="`{shown}`"),
        "target_unknown": Texts(target="the target"),
    }
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html",
                  "https://pytorch.org/docs/stable/generated/torch.nn.BCEWithLogitsLoss.html")

    LONG_RE = (r"expected target dtype to be Long or Byte, but got (\w+)",
               r"expected scalar type Long but found (\w+)")
    FLOAT_RE = (r"Found dtype (Long|Int|Short|Byte|Bool|Char) but expected Float",
                r"result type Float can't be cast to the desired output type (Long|Int|Short|Byte|Bool|Char)")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        ml = _msg(ctx, *self.LONG_RE)
        mf = None if ml else _msg(ctx, *self.FLOAT_RE)
        if not ml and not mf:
            return
        call, loss_var, loss_cls = loss_call(ctx)
        if mf and loss_cls is None:
            return  # "can't be cast" also comes from in-place ops on integer tensors
        if ml and loss_cls is not None and loss_cls not in CLASS_INDEX_LOSSES:
            return
        tname, tobj = ns_obj(ctx, arg(call, 1, "target") if call else None)
        if tname is None and call is not None and len(call.node.args) > 1:
            tname = code_of(ctx, call.node.args[1])
        conv = None
        if tname and tobj is None:
            mm = re.match(r"^([\w.\[\]]+)\.(float|double|half|long|int|to)\(.*\)$", tname)
            if mm:
                conv, tname = tname, mm.group(1)
                v = ctx.ns.get(tname)
                tobj = v.obj if v is not None else None
        tinfo = tensor_info(tobj)
        tn = tname or "y"
        shown = conv or tname
        variant = ["long" if ml else "float",
                   "loss_named" if loss_var else "loss_class" if loss_cls else "loss_unknown",
                   "target_named" if shown else "target_unknown"]
        fields = dict(loss_var=loss_var, loss_cls=loss_cls, got=(ml or mf).group(1).lower(),
                      shown=shown or tn, tn=tn, fn=loss_var or "loss_fn",
                      out=(code_of(ctx, arg(call, 0, "input")) if call else None) or "output")
        if ml:
            if tinfo is not None:
                s = frameworks.get("torch").summary(tobj)
                if s.has_values and s.integral and s.min is not None and s.min >= 0:
                    variant.append("whole_numbers")
                    fields.update(lo=f"{s.min:g}", hi=f"{s.max:g}")
            if conv and tinfo is not None and tinfo[1] == "int64":
                variant.append("already_int64")
                fields.update(conversion=conv[len(tn):])
        yield Evidence(line=_line(ctx), subject=tname, variant=tuple(variant), **fields)
