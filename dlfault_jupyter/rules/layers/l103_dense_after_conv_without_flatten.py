from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.training import keras_models
from ...context import CellContext
from ...frameworks import type_name
from ...registry import Evidence, Rule, register

_SPATIAL = ("Conv2D", "Conv3D", "Conv2DTranspose", "Conv3DTranspose", "SeparableConv2D",
            "DepthwiseConv2D", "MaxPooling2D", "AveragePooling2D", "MaxPooling3D",
            "AveragePooling3D", "UpSampling2D", "ZeroPadding2D", "Cropping2D",
            "MaxPool2D", "AvgPool2D")


_SEQUENCE = ("Embedding", "LSTM", "GRU", "SimpleRNN", "Bidirectional", "Conv1D",
             "MultiHeadAttention", "Attention", "TimeDistributed", "RNN", "ConvLSTM2D")


_FLATTENERS = ("Flatten", "GlobalAveragePooling2D", "GlobalMaxPooling2D",
               "GlobalAveragePooling3D", "GlobalMaxPooling3D", "GlobalAvgPool2D",
               "GlobalMaxPool2D", "Reshape", "Lambda", "TimeDistributed")


@register
class DenseAfterConvWithoutFlatten(Rule):
    id = "DLF-L103"
    name = "dense-after-conv-without-flatten"
    title = "Dense layer applied to image feature maps without Flatten/global pooling"
    taxonomy = "model.layers.choice"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("keras", "tensorflow")
    message = ("In `{model}`, Dense layer `{dense}` follows `{prev}` ({prev_cls}) directly and "
               "nothing flattens the feature maps: the model outputs {out} instead of one "
               "vector per sample.")
    beginner = """A Dense layer in Keras works on the last axis only. Put right after
`{prev}`, it is applied to every pixel position separately, so `{model}` predicts one
result per pixel ({out}) instead of one per image. Keras does not complain. Add
`keras.layers.Flatten()` (or `GlobalAveragePooling2D()`) between `{prev}` and `{dense}`."""
    expert = """`Dense` on a rank-4 input contracts only the channel axis (a 1×1
convolution), so the spatial axes survive to the output ({out}). Losses then either raise a
shape error or, worse, broadcast the labels over the spatial positions, training a per-pixel
classifier whose output is not comparable to per-image labels."""
    fix = """{model} = keras.Sequential([
    ...,
    {prev_ctor},
    keras.layers.Flatten(),          # or keras.layers.GlobalAveragePooling2D()
    keras.layers.Dense(...),
])"""
    known_false_alarms = ("Deliberate per-pixel dense layers (a segmentation head written "
                          "with Dense instead of a 1×1 Conv2D).")
    references = ("https://keras.io/api/layers/core_layers/dense/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        k = frameworks.get("keras")
        for v in keras_models(ctx):
            if not k.is_graph_model(v.obj) or not k.single_output(v.obj):
                continue
            layers = k.layers_of(v.obj)
            names = [type_name(la) for la in layers]
            if any(n in _FLATTENERS for n in names):
                continue
            found = False
            for i in range(1, len(layers)):
                j = i - 1
                while j >= 0 and names[j] in ("Dropout", "BatchNormalization", "Activation",
                                              "SpatialDropout2D", "ReLU", "LeakyReLU"):
                    j -= 1
                if names[i] == "Dense" and j >= 0 and names[j] in _SPATIAL:
                    out = k.output_shape(v.obj)
                    out_s = f"shape {tuple(out)}" if out else "a 4-D tensor per sample"
                    yield Evidence(subject=v.name, model=v.name, dense=layers[i].name,
                                   prev=layers[j].name, prev_cls=names[j], out=out_s,
                                   prev_ctor=f"keras.layers.{names[j]}(...)")
                    found = True
                    break
            if found or not layers or names[0] != "Dense":
                continue
            # images straight into Dense: Input((28, 28)) -> Dense(...) -> ... classifier
            inp, out = k.input_shape(v.obj), k.output_shape(v.obj)
            head = k.output_head(v.obj)
            cfg = k.compile_config(v.obj) or {}
            if inp is None or out is None or head is None or len(inp) < 3 or len(out) < 3:
                continue
            if any(n in _SEQUENCE for n in names):
                continue
            if k.loss_name(cfg.get("loss")) not in k.PROBABILITY_LOSSES and \
                    head.activation != "softmax":
                continue
            yield Evidence(subject=v.name, model=v.name, dense=layers[0].name,
                           prev="the input", prev_cls=f"input shape {tuple(inp[1:])}",
                           out=f"shape {tuple(out)}", prev_ctor=f"keras.Input({inp[1:]})")
