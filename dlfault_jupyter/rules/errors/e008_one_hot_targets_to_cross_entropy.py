from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.errors import _line, _msg, arg, code_of, loss_call, ns_obj, tensor_info
from ...context import CellContext
from ...frameworks.summary import shape_str
from ...registry import Evidence, Rule, Texts, register


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
    beginner = """{kind} wants one class number per sample (a 1-D tensor like
`tensor([2, 0, 1])`), not a 2-D tensor such as `[[2], [0], [1]]` or one-hot rows like
`[[0, 0, 1], ...]`. {advice}"""
    expert = """`nll_loss` takes targets of shape (N,) with int64 class indices in [0, C).
CrossEntropyLoss also accepts (N, C) floating class probabilities, but not integer one-hot
rows; NLLLoss never does. An (N, 1) column of indices loses its extra axis with
`squeeze(1)`; only true one-hot rows (a single 1 per row) are turned into indices with
`argmax(1)` — on an (N, 1) column `argmax(1)` would make every label 0. For soft labels pass
float probabilities to CrossEntropyLoss; for several labels per sample use BCEWithLogitsLoss."""
    fix = """{fix_code}"""
    # A finding is written with how the loss is named and what the 2-D target holds.
    texts = {
        "loss_named": Texts(who="`{loss_var}` ({loss_cls})", kind="{loss_cls}"),
        "loss_class": Texts(who="{loss_cls}", kind="{loss_cls}"),
        "loss_unknown": Texts(who="the loss", kind="CrossEntropyLoss / NLLLoss"),
        "column": Texts(
            summary="""`{y}` has shape {shape}, one class index per row in an extra axis, but
{who} wants shape ({n},): use `{y}.squeeze(1)`.""",
            advice="Drop the extra axis of size 1 with `{y}.squeeze(1)`.",
            fix_code="loss = {lv}({o}, {y}.squeeze(1){to_long})   # ({n}, 1) -> ({n},)",
        ),
        "onehot": Texts(
            summary="""`{y}` has shape {shape} (one-hot rows, {classes} classes), but {who}
wants class indices of shape ({n},): use `{y}.argmax(dim=1)`.""",
            advice="Turn the one-hot rows into class numbers with `{y}.argmax(dim=1)`.",
            fix_code="loss = {lv}({o}, {y}.argmax(dim=1))   # one-hot rows -> class indices",
        ),
        "multihot": Texts(
            summary="""`{y}` has shape {shape} with several 1s in some rows (several labels
per sample?), but {who} wants one class index per sample.""",
            advice="""With several labels per sample, use `nn.BCEWithLogitsLoss` with float
targets; with one label per sample, pass its class index.""",
            fix_code="""{lv} = nn.BCEWithLogitsLoss()   # several labels per sample
loss = {lv}({o}, {y}.float())""",
        ),
        "unclear": Texts(
            summary="{got}, but {who} wants one class index per sample.",
            advice="""If `{y}` is an (N, 1) column of indices, use `{y}.squeeze(1)`; only if
its rows are one-hot, use `{y}.argmax(dim=1)`.""",
            fix_code="""loss = {lv}({o}, {y}.squeeze(1))       # (N, 1) class indices
# or, only for one-hot rows: loss = {lv}({o}, {y}.argmax(dim=1))""",
        ),
        "target_seen": Texts(got="`{y}` has shape {shape}"),
        "target_unseen": Texts(got="{who} got a 2-D target"),
    }
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
        variant = ["loss_named" if loss_var else "loss_class" if loss_cls else "loss_unknown",
                   "unclear" if kind == "unknown" else kind]
        if kind == "unknown":
            variant.append("target_seen" if info else "target_unseen")
        yield Evidence(line=_line(ctx), subject=y if info else None, variant=tuple(variant),
                       loss_var=loss_var, loss_cls=loss_cls, y=y or "y", lv=loss_var or "loss_fn",
                       o=o or "output", to_long=to_long,
                       shape=shape_str(info[0]) if info else None,
                       n=info[0][0] if info else None, classes=info[0][1] if info else None)
