from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.training import keras_models
from ...context import CellContext
from ...frameworks.base import LayerKind
from ...registry import Evidence, Rule, register


@register
class ChannelsFirstInput(Rule):
    id = "DLF-S102"
    name = "channels-first-input"
    title = "Image input declared channels-first for a channels-last Conv2D"
    taxonomy = "tensors.input"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}` takes inputs of shape {shape}: {c} looks like the colour channels, "
               "but `{conv}` reads the LAST axis ({last}) as channels (channels_last).")
    beginner = """Keras convolutions expect images as (height, width, channels), e.g.
(32, 32, 3). `{model}` was declared with {shape}, which looks like (channels, height,
width), the PyTorch order. Keras then treats the {c} colour channels as the image height
and the {last} image columns as channels: the model trains on scrambled images and no error
appears. Move the channel axis last (`x = x.transpose(0, 2, 3, 1)`) and declare
`keras.Input(shape={fixed})`."""
    expert = """`{conv}` has data_format="channels_last", so its kernel spans the last axis
as C_in = {last} and convolves over the ({c}, {h}) "spatial" plane. With NCHW data, spatial
structure along one image axis is mixed into the channel dimension and the receptive field
covers the colour axis: the inductive bias of the convolution is lost. Transpose to NHWC
(or pass data_format="channels_first" everywhere, which CPU kernels support poorly)."""
    fix = """x_train = x_train.transpose(0, 2, 3, 1)        # NCHW -> NHWC
{model} = keras.Sequential([keras.Input(shape={fixed}), ...])"""
    known_false_alarms = "Images that are genuinely 1-3 pixels high with many channels."
    references = ("https://keras.io/api/layers/convolution_layers/convolution2d/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        k = frameworks.get("keras")
        for v in keras_models(ctx):
            if not k.is_graph_model(v.obj):
                continue
            layers = k.layers_of(v.obj)
            first = next((la for la in layers
                          if k.layer_kind(la) is not LayerKind.PREPROCESSING
                          and k.framework_name(la) not in k.vocab.IMAGE_AUGMENTATION), None)
            if first is None or k.layer_kind(first) is not LayerKind.CONV or \
                    k.framework_name(first) not in k.vocab.IMAGE_MAP_LAYERS:
                continue
            if getattr(first, "data_format", "channels_last") != "channels_last":
                continue
            shape = k.input_shape(v.obj)
            if shape is None or len(shape) != 4:
                continue
            c, h, w = shape[1], shape[2], shape[3]
            if c in (1, 3, 4) and isinstance(h, int) and isinstance(w, int) and \
                    h == w and w >= 8:
                yield Evidence(subject=v.name, model=v.name, shape=tuple(shape[1:]), c=c,
                               h=h, last=w, conv=first.name, fixed=(h, w, c))
