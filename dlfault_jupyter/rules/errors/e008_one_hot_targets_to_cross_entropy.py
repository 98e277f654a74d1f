from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.errors import _line, _msg, arg, code_of, lc, loss_call, ns_obj, tensor_info
from ...context import CellContext
from ...frameworks.summary import shape_str
from ...registry import Evidence, Rule, register


# --------------------------------------------------------------------------------------
@register
class OneHotTargetsToClassIndexLoss(Rule):
    id = "DLF-E008"
    name = "one-hot-targets-to-cross-entropy"
    title = "One-hot (or 2-D) targets given to a loss that wants class indices"
    taxonomy = "training.preprocessing"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = "Targets are not class indices: {summary}"
    beginner = """{loss_cls} wants one class number per sample (a 1-D tensor like
`tensor([2, 0, 1])`), not a 2-D tensor such as `[[2], [0], [1]]` or one-hot rows like
`[[0, 0, 1], ...]`. {advice}"""
    expert = """`nll_loss` takes targets of shape (N,) with int64 class indices in [0, C).
CrossEntropyLoss also accepts (N, C) floating class probabilities, but not integer one-hot
rows; NLLLoss never does. An (N, 1) column of indices loses its extra axis with
`squeeze(1)`; only true one-hot rows (a single 1 per row) are turned into indices with
`argmax(1)` — on an (N, 1) column `argmax(1)` would make every label 0. For soft labels pass
float probabilities to CrossEntropyLoss; for several labels per sample use BCEWithLogitsLoss."""
    fix = """{fix_code}"""
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html",)

    PATTERNS = (r"0D or 1D target tensor expected, multi-target not supported",
                r"multi-target not supported",
                r"Expected floating point type for target with class probabilities, got (\w+)")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, *self.PATTERNS)
        if not m:
            return
        call, loss_var, loss_cls = loss_call(ctx)
        y, yobj = ns_obj(ctx, arg(call, 1, "target")) if call else (None, None)
        info = tensor_info(yobj)
        o = code_of(ctx, arg(call, 0, "input")) if call else None
        lv, yv, ov = loss_var or "loss_fn", y or "y", o or "output"
        who = (f"`{loss_var}` ({loss_cls})" if loss_var and loss_cls else
               f"`{loss_var}`" if loss_var else loss_cls or "the loss")
        kind = "unknown"
        if info is not None and len(info[0]) == 2:
            s = frameworks.get("torch").summary(yobj)
            cols = int(info[0][1])
            if cols == 1:
                kind = "column"
            elif s.uniques is not None and set(s.uniques) <= {0.0, 1.0} and \
                    s.mean is not None and abs(s.mean * cols - 1.0) < 0.05:
                kind = "onehot"   # 0/1 values, on average one 1 per row
            elif s.uniques is not None and set(s.uniques) <= {0.0, 1.0}:
                kind = "multihot"
        to_long = "" if info is None or "int64" in str(info[1]) or "long" in str(info[1]) \
            else ".long()"
        if kind == "column":
            shape = shape_str(info[0])
            summary = (f"`{yv}` has shape {shape}, one class index per row in an extra axis, "
                       f"but {who} wants shape ({info[0][0]},): use `{yv}.squeeze(1)`.")
            advice = f"Drop the extra axis of size 1 with `{yv}.squeeze(1)`."
            fix_code = f"loss = {lv}({ov}, {yv}.squeeze(1){to_long})   # ({info[0][0]}, 1) -> ({info[0][0]},)"
        elif kind == "onehot":
            summary = (f"`{yv}` has shape {shape_str(info[0])} (one-hot rows, {info[0][1]} "
                       f"classes), but {who} wants class indices of shape ({info[0][0]},): "
                       f"use `{yv}.argmax(dim=1)`.")
            advice = f"Turn the one-hot rows into class numbers with `{yv}.argmax(dim=1)`."
            fix_code = f"loss = {lv}({ov}, {yv}.argmax(dim=1))   # one-hot rows -> class indices"
        elif kind == "multihot":
            summary = (f"`{yv}` has shape {shape_str(info[0])} with several 1s in some rows "
                       f"(several labels per sample?), but {who} wants one class index per "
                       f"sample.")
            advice = ("With several labels per sample, use `nn.BCEWithLogitsLoss` with float "
                      "targets; with one label per sample, pass its class index.")
            fix_code = (f"{lv} = nn.BCEWithLogitsLoss()   # several labels per sample\n"
                        f"loss = {lv}({ov}, {yv}.float())")
        else:
            got = f"`{yv}` has shape {shape_str(info[0])}" if info else f"{who} got a 2-D target"
            summary = (f"{got}, but {who} wants one class index per sample.")
            advice = (f"If `{yv}` is an (N, 1) column of indices, use `{yv}.squeeze(1)`; only "
                      f"if its rows are one-hot, use `{yv}.argmax(dim=1)`.")
            fix_code = (f"loss = {lv}({ov}, {yv}.squeeze(1))       # (N, 1) class indices\n"
                        f"# or, only for one-hot rows: loss = {lv}({ov}, {yv}.argmax(dim=1))")
        yield Evidence(line=_line(ctx), subject=y if info else None, summary=lc(summary),
                       loss_cls=loss_cls or "CrossEntropyLoss / NLLLoss", y=yv, lv=lv, o=ov,
                       advice=advice, fix_code=fix_code)
