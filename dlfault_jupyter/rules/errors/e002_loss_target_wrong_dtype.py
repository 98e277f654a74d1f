from __future__ import annotations

import re
from collections.abc import Iterator

from ... import frameworks
from ...analysis.errors import _line, _msg, arg, code_of, lc, loss_call, ns_obj, tensor_info
from ...context import CellContext
from ...registry import Evidence, Rule, register

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
        got = (ml or mf).group(1)
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
        lossd = f"`{loss_var}` ({loss_cls})" if loss_var else (f"{loss_cls}" if loss_cls
                                                             else "the loss")
        out_code = code_of(ctx, arg(call, 0, "input")) if call else None
        lcall = f"{loss_var or 'loss_fn'}({out_code or 'output'}, {tn}"
        if ml:
            uniq = None
            t = frameworks.get("torch")
            if tinfo is not None:
                s = t.summary(tobj)
                if s.has_values and s.integral and s.min is not None and s.min >= 0:
                    uniq = f"whole numbers {s.min:g}..{s.max:g}"
            shown = conv or tname
            summary = (f"{lossd} needs class-index targets of dtype torch.long (int64), but "
                       f"{'`' + shown + '`' if shown else 'the target'} is {got.lower()}"
                       + (f" ({uniq} stored as {got.lower()})" if uniq else "")
                       + (f": pass `{tn}` itself, it is already int64." if conv and tinfo
                          is not None and tinfo[1] == "int64" else f": use `{tn}.long()`."))
            advice = (f"{loss_cls or 'CrossEntropyLoss / NLLLoss'} wants, for every sample, the "
                      f"number of its class (0, 1, 2, …) as an integer tensor of type long. "
                      f"`{shown or tn}` is {got.lower()}. "
                      + (f"`{tn}` itself is already int64: pass it without `{conv[len(tn):]}`. "
                         if conv and tinfo is not None and tinfo[1] == "int64" else "")
                      + f"Convert it with `{tn}.long()` (or create the "
                      f"labels with `dtype=torch.long`; labels built from a float numpy array "
                      f"come out as float).")
            mechanism = ("nll_loss gathers `-log p[target]` per sample: the target is an index, "
                         "so its kernel only accepts int64 (or uint8) class indices. A floating "
                         "target is accepted by CrossEntropyLoss only as class probabilities with "
                         "the same shape as the input (N, C).")
            fix_code = f"loss = {lcall}.long())\n# or once: {tn} = {tn}.long()"
            if conv and tinfo is not None and tinfo[1] == "int64":
                fix_code = f"loss = {lcall})   # `{tn}` is already int64: drop the conversion"
        else:
            shown = conv or tname
            summary = (f"{lossd} needs floating-point targets, but "
                       f"{'`' + shown + '`' if shown else 'the target'} is {got.lower()}: use "
                       f"`{tn}.float()`.")
            advice = (f"{loss_cls} compares the model's output, a float, with the target "
                      f"value, so the target must be a float tensor too (0.0 / 1.0 for binary "
                      f"labels). Convert it with `{tn}.float()`.")
            mechanism = (f"{loss_cls} computes an element-wise formula of input and target; "
                         f"the result is float and the kernel needs the target in the input's "
                         f"dtype (integer {got.lower()} labels are not promoted here).")
            fix_code = f"loss = {lcall}.float())\n# or once: {tn} = {tn}.float()"
        yield Evidence(line=_line(ctx), subject=tname, summary=lc(summary), advice=advice,
                       mechanism=mechanism, fix_code=fix_code)
