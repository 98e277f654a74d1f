from __future__ import annotations

from collections.abc import Iterator

from ...analysis.errors import _CONV_RE, _conv_context, _ints, _line, _msg, module_repr
from ...context import CellContext
from ...frameworks.summary import shape_str
from ...registry import Evidence, Rule, Texts, register


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
input {inp} must equal in_channels × groups = {exp}. In a chain of convolutions, each layer's
in_channels must equal the previous layer's out_channels; `nn.LazyConv2d` infers it on the
first call."""
    fix = """{fix_code}"""
    # A finding is written with the layer's place (found in the model or not) and its case:
    # the user's own input is grayscale for an RGB layer, has another number of channels, or
    # the layer before produced them.
    texts = {
        "at_path": Texts(where="`{path}` ({layer_repr})", conv="{path}",
                         this_layer="{path}"),
        "no_path": Texts(where="A convolution with weight {weight}", conv="the first conv layer",
                         this_layer="it"),
        "grayscale": Texts(
            extra=" `{x}` holds grayscale images.",
            advice="""`{x}` has 1 channel (grayscale) but the layer was built for 3 (RGB).
Build the layer with `in_channels=1`, or, for a pretrained RGB model, repeat the channel:
`{x}.repeat(1, 3, 1, 1)`.""",
            fix_code="""nn.Conv2d(1, {out_channels}, ...)   # in_channels = 1 for grayscale
# or, for a pretrained RGB network:
out = {model}({x}.repeat(1, 3, 1, 1))""",
        ),
        "input_channels": Texts(
            extra="",
            advice="""`{x}` has {got} channels (shape {inp}); set `in_channels={got}` in
{conv}, or check the data's layout.""",
            fix_code="nn.Conv2d({got}, {out_channels}, ...)   # was in_channels={exp}",
        ),
        "previous_layer": Texts(
            extra="",
            advice="""The layer before {this_layer} produces {got} channels, so this layer
must be built with `in_channels={got}` (it must equal the previous conv's `out_channels`).""",
            fix_code="nn.Conv2d({got}, {out_channels}, ...)   # in_channels = previous out_channels",
        ),
    }
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
        direct = c["x_info"] is not None and c["x_info"][0] == inp
        case = ("grayscale" if direct and exp == 3 and got == 1 else
                "input_channels" if direct else "previous_layer")
        yield Evidence(line=_line(ctx), subject=c["model"] or c["x"],
                       variant=("at_path" if path else "no_path", case), path=path,
                       layer_repr=module_repr(c["layer"]) if path else None, weight=list(w), exp=exp, got=got,
                       inp=shape_str(inp), w=shape_str(w), out_channels=w[0], x=c["x"],
                       model=c["model"])
