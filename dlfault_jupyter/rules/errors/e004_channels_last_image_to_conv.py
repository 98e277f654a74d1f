from __future__ import annotations

from collections.abc import Iterator

from ...analysis.errors import _CONV_RE, _conv_context, _ints, _line, _msg, module_repr
from ...context import CellContext
from ...frameworks.summary import shape_str
from ...registry import Evidence, Rule, register


@register
class ChannelsLastImageInput(Rule):
    id = "DLF-E004"
    name = "channels-last-image-to-conv"
    title = "Image batch in NHWC (channels last) given to a Conv layer that expects NCHW"
    taxonomy = "tensors.input"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = ("{where} expects {exp} input channels in dimension 1, but the input {inp} has "
               "them last: it is NHWC (channels last); PyTorch wants NCHW: use "
               "`{x}.permute(0, 3, 1, 2)`.")
    beginner = """PyTorch convolution layers expect image batches ordered as (batch, channels,
height, width). Your images are ordered (batch, height, width, channels), the usual order of
numpy / PIL / matplotlib / Keras, so PyTorch reads the height ({h}) as the number of
channels. Reorder the axes with `{x}.permute(0, 3, 1, 2)` (or use
`torchvision.transforms.ToTensor()`, which does it for single images)."""
    expert = """Conv{nd}d weights are (out_channels, in_channels/groups, *kernel) = {w}; the
input's dim 1 must equal in_channels. The input {inp} has {exp} in its last dim: it is
channels-last. `permute(0, 3, 1, 2)` gives a non-contiguous NCHW view; call `.contiguous()`
if you later `.view` it (or keep channels_last memory format deliberately with
`x.to(memory_format=torch.channels_last)` on an NCHW-shaped tensor)."""
    fix = """{x} = {x}.permute(0, 3, 1, 2)   # (N, H, W, C) -> (N, C, H, W)
out = {model}({x})"""
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.Conv2d.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, _CONV_RE)
        if not m:
            return
        inp = _ints(m.group("i"))
        exp = int(m.group("exp"))
        if len(inp) != 4 or inp[-1] != exp or inp[1] == exp:
            return
        c = _conv_context(ctx, m)
        where = (f"`{c['path']}` ({module_repr(c['layer'])})" if c["path"]
                 else f"A Conv2d layer with weight {list(_ints(m.group('w')))}")
        x = c["x"] if c["x_info"] is not None and c["x_info"][0] == inp else "x"
        yield Evidence(line=_line(ctx), subject=c["x"] if x != "x" else c["model"],
                       where=where, exp=exp, inp=shape_str(inp), x=x, h=inp[1],
                       model=c["model"] or "model", w=shape_str(_ints(m.group("w"))),
                       nd=len(inp) - 2)
