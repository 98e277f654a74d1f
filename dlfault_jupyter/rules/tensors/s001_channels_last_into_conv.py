from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.provenance import LAYOUT, kept
from ...analysis.training import _model_call_inputs, _shape_dtype, torch_models
from ...context import CellContext
from ...frameworks.base import LayerKind
from ...registry import Evidence, Rule, Texts, register
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
    texts = {
        # -- where the tensor comes from
        "from_dataset": Texts(origin=" (its dataset tensor)"),
        "from_variable": Texts(origin=""),
        # -- what is on dim 1 instead of the channels
        "channels_last": Texts(
            why="""the channels ({c}) are on the last axis (channels-last), so the layer would
read {dim1} channels.""",
            plain="""`{data}` has its {c} colour channels last, (N, H, W, C), so the layer sees
{dim1} channels instead of {c}: the cell fails with a channel error.""",
        ),
        "wrong_channel_count": Texts(
            why="no axis has {c} channels at dim 1 (it has {dim1}).",
            plain="""`{data}` has {dim1} values on the channel axis but {layer} was built for {c}
channels (`in_channels`).""",
        ),
    }

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        t = frameworks.get("torch")
        done: set[tuple[str, str]] = set()
        for m, c, name, wr, obj, from_ds in _model_call_inputs(ctx):
            if (m, name) in done or LAYOUT not in kept(wr):
                continue
            if ctx.error is not None and ctx.error.line == c.line:
                continue  # it raised here: the exception explainers say it
            first = t.first_weight_layer(torch_models(ctx)[m].obj)
            if first is None or t.layer_kind(first[1]) is not LayerKind.CONV or \
                    t.framework_name(first[1]) not in t.vocab.IMAGE_MAP_LAYERS:
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
            done.add((m, name))
            yield Evidence(line=c.line, subject=m, data=name, shape=shape, model=m,
                           variant=("channels_last" if shape[3] == cin else "wrong_channel_count",
                                    "from_dataset" if from_ds else "from_variable"),
                           layer=layer_name(m, first[0], first[1]), c=cin, dim1=shape[1],
                           data_fixed=f"{name}_nchw")
