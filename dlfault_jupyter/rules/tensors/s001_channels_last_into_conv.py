from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.provenance import LAYOUT, kept
from ...analysis.training import _model_call_inputs, _shape_dtype, torch_models
from ...context import CellContext
from ...frameworks import type_name
from ...registry import Evidence, Rule, register
from ...wording import layer as layer_name


@register
class ChannelsLastIntoConv(Rule):
    id = "DLF-S001"
    name = "channels-last-into-conv"
    title = "Image batch in (N, H, W, C) layout fed to a Conv that expects (N, C, H, W)"
    taxonomy = "tensors.input"
    severity = "error"
    silent = False
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{data}` has shape {shape}{origin}, but `{model}`'s first layer {layer} "
               "expects (N, C={c}, H, W): {why}")
    beginner = """PyTorch convolution layers expect images as (batch, channels, height,
width). {plain} Rearrange the axes before the model with
`{data}.permute(0, 3, 1, 2)` (for NumPy: `{data}.transpose(0, 3, 1, 2)`), or, when
building the data, keep the channel axis second."""
    expert = """`nn.Conv2d` reads dim 1 as channels (`weight` is (out, in, kH, kW)), so an
(N, H, W, C) tensor is interpreted as H input channels of size W×C; the forward raises
"expected input ... to have {c} channels". TensorFlow/Keras, PIL and NumPy image code
use NHWC; PyTorch's `memory_format=torch.channels_last` changes strides, not the logical
NCHW shape."""
    fix = """{data_fixed} = {data}.permute(0, 3, 1, 2)   # (N, H, W, C) -> (N, C, H, W)
out = {model}({data_fixed})"""

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        t = frameworks.get("torch")
        done: set[tuple[str, str]] = set()
        for m, c, name, wr, obj, from_ds in _model_call_inputs(ctx):
            if (m, name) in done or LAYOUT not in kept(wr):
                continue
            if ctx.error is not None and ctx.error.line == c.line:
                continue  # it raised here: the exception explainers say it
            first = t.first_weight_layer(torch_models(ctx)[m].obj)
            if first is None or type_name(first[1]) != "Conv2d":
                continue
            sd = _shape_dtype(obj)
            if sd is None or len(sd[0]) != 4:
                continue
            shape = sd[0]
            cin = int(first[1].in_channels)
            if shape[1] == cin:
                continue
            if t.forward_moves_axes(torch_models(ctx)[m].obj):
                continue   # its forward rearranges the axes before the first layer
            if shape[3] == cin:
                why = (f"the channels ({cin}) are on the last axis (channels-last), so "
                       f"the layer would read {shape[1]} channels.")
                plain = (f"`{name}` has its {cin} colour channels last, (N, H, W, C), so "
                         f"the layer sees {shape[1]} channels instead of {cin}: the cell "
                         "fails with a channel error.")
            else:
                why = f"no axis has {cin} channels at dim 1 (it has {shape[1]})."
                plain = (f"`{name}` has {shape[1]} values on the channel axis but "
                         f"{layer_name(m, first[0], first[1])} was built for {cin} channels "
                         "(`in_channels`).")
            done.add((m, name))
            yield Evidence(line=c.line, subject=m, data=name, shape=shape, model=m,
                           layer=layer_name(m, first[0], first[1]), c=cin, why=why,
                           plain=plain,
                           origin=" (its dataset tensor)" if from_ds else "",
                           data_fixed=f"{name}_nchw")
