from __future__ import annotations

from collections.abc import Iterator

from ...analysis.errors import _CONV_RE, _conv_context, _ints, _line, _msg, module_repr
from ...context import CellContext
from ...frameworks.summary import shape_str
from ...registry import Evidence, Rule, register


@register
class ConvInChannelsMismatch(Rule):
    id = "DLF-E005"
    name = "conv-in-channels-mismatch"
    title = "A Conv layer's in_channels differs from the channels of its input"
    taxonomy = "model.layers.properties"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = "{where} expects {exp} input channels, but its input {inp} has {got}.{extra}"
    beginner = """Each convolution layer is built for a fixed number of input channels
(`in_channels`): 1 for grayscale images, 3 for RGB, or the `out_channels` of the conv layer
before it. {advice}"""
    expert = """The weight {w} is (out_channels, in_channels/groups, *kernel); dim 1 of the
input {inp} must equal in_channels × groups = {exp}. {mechanism}"""
    fix = """{fix_code}"""
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.Conv2d.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, _CONV_RE)
        if not m:
            return
        inp = _ints(m.group("i"))
        exp, got = int(m.group("exp")), int(m.group("got"))
        if len(inp) == 4 and inp[-1] == exp and inp[1] != exp:
            return  # channels last: DLF-E004
        c = _conv_context(ctx, m)
        w = _ints(m.group("w"))
        path = c["path"]
        where = f"`{path}` ({module_repr(c['layer'])})" if path else \
            f"A convolution with weight {list(w)}"
        direct = c["x_info"] is not None and c["x_info"][0] == inp
        extra = ""
        if direct and exp == 3 and got == 1:
            extra = f" `{c['x']}` holds grayscale images."
            advice = (f"`{c['x']}` has 1 channel (grayscale) but the layer was built for 3 "
                      f"(RGB). Build the layer with `in_channels=1`, or, for a pretrained RGB "
                      f"model, repeat the channel: `{c['x']}.repeat(1, 3, 1, 1)`.")
            fix_code = (f"nn.Conv2d(1, {w[0]}, ...)   # in_channels = 1 for grayscale\n"
                        f"# or, for a pretrained RGB network:\n"
                        f"out = {c['model']}({c['x']}.repeat(1, 3, 1, 1))")
        elif direct:
            advice = (f"`{c['x']}` has {got} channels (shape {shape_str(inp)}); set "
                      f"`in_channels={got}` in {path or 'the first conv layer'}, or check "
                      f"the data's layout.")
            fix_code = f"nn.Conv2d({got}, {w[0]}, ...)   # was in_channels={exp}"
        else:
            advice = (f"The layer before {path or 'it'} produces {got} channels, so this layer "
                      f"must be built with `in_channels={got}` (it must equal the previous "
                      f"conv's `out_channels`).")
            fix_code = f"nn.Conv2d({got}, {w[0]}, ...)   # in_channels = previous out_channels"
        mechanism = ("In a chain of convolutions, each layer's in_channels must equal the "
                     "previous layer's out_channels; `nn.LazyConv2d` infers it on the first call.")
        yield Evidence(line=_line(ctx), subject=c["model"] or c["x"], where=where, exp=exp,
                       got=got, inp=shape_str(inp), extra=extra, advice=advice,
                       mechanism=mechanism, fix_code=fix_code, w=shape_str(w))
