from __future__ import annotations

from collections.abc import Iterator

from ...analysis.errors import _line, _msg, arg, code_of, loss_call, ns_obj, tensor_info
from ...context import CellContext
from ...frameworks.summary import shape_str
from ...registry import Evidence, Rule, register


def _ints(s: str) -> tuple[int, ...]:
    return tuple(int(p) for p in s.replace(" ", "").split(",") if p.strip().lstrip("-").isdigit())


@register
class ClassDimLastIntoCrossEntropy(Rule):
    id = "DLF-E134"
    name = "class-dim-last-into-cross-entropy"
    title = "Sequence logits (N, L, C) given to a loss that wants the classes in dim 1: (N, C, L)"
    taxonomy = "tensors.shape"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = ("`{inp}` has shape {ishape} and the targets {tshape}: `{loss}` reads dim 1 "
               "({wrong}) as the classes, but the {classes} classes are in the last dim.")
    beginner = """For more than one prediction per sample (a sequence, an image), PyTorch's
classification losses want the class scores in the second position: (batch, classes,
positions...). `{inp}` keeps them last, as a Linear layer produces them, so the loss takes
the {wrong} positions for classes and the shapes no longer match. Move the class dim to
position 1 (`{inp}.permute(0, 2, 1)` / `movedim(-1, 1)`), or flatten both to (N·L, C) and
(N·L,)."""
    expert = """`cross_entropy`/`nll_loss` accept input (N, C, d1, ..., dk) with target
(N, d1, ..., dk). An (N, L, C) tensor is read as C'=L classes over k=1 positions of size C,
hence "Expected target size [N, C], got [N, L]". `input.movedim(-1, 1)` (no copy needed)
or `input.reshape(-1, C)` with `target.reshape(-1)` give the same mean loss."""
    fix = """{fix_code}"""
    known_false_alarms = ""
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.functional.cross_entropy.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, r"Expected target size \[([\d, ]+)\], got \[([\d, ]+)\]",
                 r"size mismatch \(got input: \[([\d, ]+)\] ?, target: \[([\d, ]+)\]")
        if not m:
            return
        c, var, kind = loss_call(ctx)
        if c is None:
            return
        inp_node, tgt_node = arg(c, 0), arg(c, 1)
        iname, iobj = ns_obj(ctx, inp_node)
        _tname, tobj = ns_obj(ctx, tgt_node)
        ii, ti = tensor_info(iobj), tensor_info(tobj)
        a, b = _ints(m.group(1)), _ints(m.group(2))
        if ii and ti:
            ishape, tshape = ii[0], ti[0]
        elif m.re.pattern.startswith("size"):
            ishape, tshape = a, b
        elif len(a) == 2 and len(b) == 2:       # (N, L, C) read as N, classes L, 1 position C
            ishape, tshape = (b[0], b[1], a[1]), b
        else:
            return
        if len(ishape) < 3 or tuple(tshape) != tuple(ishape[:-1]):
            return
        inp = iname or code_of(ctx, inp_node) or "logits"
        tgt = code_of(ctx, tgt_node) or "target"
        call = ctx.source.segment(c.node) or ""
        stmt = ctx.source.line_text(c.line).split("#")[0].strip()
        if call and call in stmt:
            call = stmt                     # the whole statement: `loss = F.cross_entropy(...)`
        moved = f"{inp}.movedim(-1, 1)" if len(ishape) > 3 else f"{inp}.permute(0, 2, 1)"
        fix_code = call.replace(ctx.source.segment(inp_node), moved, 1) \
            if call and inp_node is not None and ctx.source.segment(inp_node) else \
            f"loss = {var or 'criterion'}({moved}, {tgt})"
        yield Evidence(line=_line(ctx), subject=iname, inp=inp, loss=var or kind or "the loss",
                       ishape=shape_str(ishape), tshape=shape_str(tshape), wrong=ishape[1],
                       classes=ishape[-1], fix_code=fix_code + "   # classes in dim 1")
