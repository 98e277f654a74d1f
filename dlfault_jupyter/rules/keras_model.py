"""Keras / tf.keras model, layer and activation rules (namespace and source evidence).
Nothing here builds, compiles, fits or calls a model."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from .. import frameworks
from ..context import CellContext
from . import Evidence, Rule, register
from .data import _arg
from .keras_training import keras_models

_WEIGHTED = ("Dense", "Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose", "Conv2DTranspose",
             "Conv3DTranspose", "SeparableConv2D", "DepthwiseConv2D", "EinsumDense")
_CONST_INITS = ("Zeros", "Ones", "Constant")


@register
class ConstantKernelInit(Rule):
    id = "DLF-M101"
    name = "constant-kernel-initialisation"
    title = "Hidden layer initialised with constant (e.g. all-zero) weights"
    taxonomy = "model.type"
    severity = "error"
    silent = True
    evidence = "namespace"
    frameworks = ("keras", "tensorflow")
    message = ("Layer `{layer}` of `{model}` ({cls}, {units}) {how}: all its units start "
               "identical and stay identical during training.")
    beginner = """Every unit of `{layer}` starts with exactly the same weights. They then
compute the same output and receive the same gradient, so they stay copies of each other
for ever: the layer behaves like a layer with a single unit, and the model cannot learn
much. No error is raised. Use a random initialiser (the default, Glorot uniform, or
`"he_normal"` before ReLU) for hidden layers."""
    expert = """Constant initialisation does not break the symmetry between units: with
W = c·1, every unit of `{layer}` has the same pre-activation, the backward pass gives every
column of W the same gradient, and the update preserves W's column equality (with zeros and
ReLU/tanh the gradients of earlier layers are even exactly zero). The effective width is 1.
Zero-initialising only the output layer is harmless; hidden layers need random
initialisation."""
    fix = """keras.layers.{cls}(..., kernel_initializer="glorot_uniform")  # the default
# or "he_normal" for ReLU layers; keep zeros only for the output layer if you want"""
    known_false_alarms = ("Deliberate constant initialisation of a layer whose units are "
                          "made different by other means (e.g. set_weights later).")
    references = ("https://keras.io/api/layers/initializers/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        k = frameworks.get("keras")
        for v in keras_models(ctx):
            if not k.is_graph_model(v.obj):
                continue
            layers = [la for la in k.layers_of(v.obj) if type(la).__name__ in _WEIGHTED]
            for layer in layers[:-1]:  # the output layer may be zero-initialised
                cls = type(layer).__name__
                init = getattr(layer, "kernel_initializer", None)
                init_cls = type(init).__name__
                size = getattr(layer, "units", None) or getattr(layer, "filters", None)
                units = f"{size} units" if cls in ("Dense", "EinsumDense") else f"{size} filters"
                if init_cls not in _CONST_INITS:
                    continue
                how = f"uses kernel_initializer={init_cls}"
                # built: confirm the kernel is still constant (training may have changed it)
                s = k.kernel_summary(layer) if k.built(layer) else None
                if s is not None and s.has_values and s.size > 1:
                    if s.std != 0:
                        continue
                    how = f"has a constant kernel (every weight = {s.min:g})"
                if how:
                    yield Evidence(subject=v.name, key=(v.name, layer.name), model=v.name,
                                   layer=layer.name, cls=cls, units=units, how=how)


@register
class SigmoidWithCategoricalCrossentropy(Rule):
    id = "DLF-L101"
    name = "sigmoid-output-with-categorical-crossentropy"
    title = "Sigmoid output on a multi-class model trained with categorical cross-entropy"
    taxonomy = "model.layers.activation"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}`'s output layer `{layer}` has {units} units with `sigmoid`, but the "
               "loss `{loss}` is for one class out of {units}: that needs `softmax`.")
    beginner = """`{loss}` treats the {units} outputs as one probability distribution over
{units} classes (they should add up to 1). `sigmoid` gives each output its own independent
value between 0 and 1, so they do not add up to 1. Keras quietly rescales them, the model
trains worse than it could, and no error appears. For "exactly one class per sample" use
`activation="softmax"`; for "several labels per sample can be true" keep sigmoid and use
`binary_crossentropy`."""
    expert = """Keras' categorical cross-entropy with `from_logits=False` normalises the
prediction by its sum before the log. Independent sigmoids normalised this way are not the
softmax of the pre-activations: the gradient through saturated sigmoids vanishes
(σ'(z) → 0) and the classes are not coupled as in softmax, so optimisation is slower and the
outputs are not calibrated class probabilities."""
    fix = """keras.layers.Dense({units}, activation="softmax"{name_kw})   # one class per sample
# multi-label instead: keep sigmoid and
{model}.compile(optimizer=..., loss="binary_crossentropy")"""
    references = ("https://keras.io/api/losses/probabilistic_losses/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from .keras_training import compiled_head, loss_repr
        for v, head, loss, name, logits in compiled_head(ctx):
            if logits or head.activation != "sigmoid" or head.units < 2:
                continue
            if name not in ("categorical_crossentropy", "sparse_categorical_crossentropy",
                            "categorical_focal_crossentropy"):
                continue
            yield Evidence(subject=v.name, model=v.name, layer=head.name, units=head.units,
                           loss=loss_repr(loss, name))


@register
class SoftmaxOnSingleUnit(Rule):
    id = "DLF-L102"
    name = "softmax-on-single-unit"
    title = "Softmax over a single output unit always gives 1.0"
    taxonomy = "model.layers.activation"
    severity = "error"
    # not silent: Keras 3 warns "The softmax operation will always return the value 1" at
    # the first call (fit/predict), though not when the model is built
    # (tests/test_framework_claims.py)
    silent = False
    evidence = "namespace"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}`'s output layer `{layer}` has 1 unit with `softmax`: the output is "
               "always exactly 1.0, whatever the input.")
    beginner = """Softmax turns several scores into probabilities that add up to 1. With a
single output there is nothing to share: the result is always 1.0, so the model predicts
the same thing for every input and cannot learn. For a yes/no (binary) problem use one
unit with `activation="sigmoid"` and `binary_crossentropy`; for several classes use as many
units as classes with softmax."""
    expert = """softmax(z)_0 = exp(z_0) / exp(z_0) = 1 for a 1-D output: the output is
constant, its Jacobian is zero, so no gradient reaches any weight through this head. The
loss (e.g. binary cross-entropy on a constant 1.0) stays fixed and the model never
changes."""
    fix = """keras.layers.Dense(1, activation="sigmoid"{name_kw})
{model}.compile(optimizer=..., loss="binary_crossentropy", metrics=["accuracy"])"""
    references = ("https://keras.io/api/layers/activations/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        k = frameworks.get("keras")
        for v in keras_models(ctx):
            head = k.output_head(v.obj)
            if head is not None and head.units == 1 and head.activation == "softmax":
                yield Evidence(subject=v.name, model=v.name, layer=head.name)


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
            names = [type(la).__name__ for la in layers]
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


@register
class LayerAfterOutput(Rule):
    id = "DLF-L104"
    name = "layer-after-output"
    title = "Dropout or BatchNormalization after the output layer"
    taxonomy = "model.layers.choice"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}` ends with `{extra}` ({extra_cls}) after its output layer `{layer}`: "
               "{effect}")
    beginner = """Layers like Dropout and BatchNormalization belong between hidden layers.
Placed after the output layer `{layer}`, `{extra}` changes the model's predictions
themselves: {effect} Move `{extra}` before `{layer}` (or remove it)."""
    expert = """Dropout after the output zeroes output units at random and rescales the
others by 1/(1-rate) during training, so the loss sees corrupted predictions (probabilities
above 1 after a softmax/sigmoid) and the train/inference outputs differ in distribution.
BatchNormalization after the output re-centres and re-scales the predictions with batch
statistics, breaking the meaning of probabilities or regression targets."""
    fix = """{model} = keras.Sequential([
    ...,
    keras.layers.{extra_cls}(...),      # regularise the hidden features
    keras.layers.Dense(...),            # output layer last
])"""
    references = ("https://keras.io/api/layers/regularization_layers/dropout/",)

    _EFFECT = {
        "Dropout": "during training it zeroes some outputs and scales up the rest.",
        "BatchNormalization": "it rescales the predictions with batch statistics.",
    }

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        k = frameworks.get("keras")
        for v in keras_models(ctx):
            head = k.output_head(v.obj)
            if head is None:
                continue
            for la in head.trailing:
                cls = type(la).__name__
                eff = self._EFFECT.get(cls) or (
                    self._EFFECT["Dropout"] if "Dropout" in cls else None)
                if eff:
                    yield Evidence(subject=v.name, key=(v.name, la.name), model=v.name,
                                   extra=la.name, extra_cls=cls, layer=head.name, effect=eff)
                    break


_LINEAR_PASS = ("Dropout", "GaussianNoise", "GaussianDropout", "AlphaDropout",
                "ActivityRegularization", "SpatialDropout1D")


def _consumers(layer) -> list | None:
    """Layers that consume ``layer``'s output in the model graph, looking through
    pass-through regularisers (Dropout...); None when that cannot be read."""
    try:
        nodes = list(layer._outbound_nodes)
    except Exception:  # noqa: BLE001
        return None
    out = []
    for n in nodes:
        op = getattr(n, "operation", None)
        if op is None:
            return None
        if type(op).__name__ in _LINEAR_PASS:
            more = _consumers(op)
            if more is None:
                return None
            out += more
        else:
            out.append(op)
    return out


def _is_output(model, layer) -> bool:
    try:
        return any(getattr(o, "_keras_history", (None,))[0] is layer for o in model.outputs)
    except Exception:  # noqa: BLE001
        return True


def linear_dense_pairs(k, model) -> Iterator[tuple]:
    """(a, b): a hidden Dense without activation whose output goes only into Dense layers
    (b is the first), through Dropout-like layers only; Sequential and functional models."""
    if not k.is_graph_model(model):
        return
    for a in k.layers_of(model):
        if type(a).__name__ != "Dense" or \
                k.activation_name(getattr(a, "activation", None)) != "linear":
            continue
        if _is_output(model, a):
            continue
        cons = _consumers(a)
        if not cons or not all(type(b).__name__ == "Dense" for b in cons):
            continue
        layers = k.layers_of(model)
        if not all(any(b is la for la in layers) for b in cons):
            continue   # consumed by another model: not this model's stack
        b = cons[0]
        # a linear layer into a linear layer collapses; into the output layer it makes the
        # model a linear classifier/regressor. A narrow linear code feeding a wider
        # non-linear hidden layer is the autoencoder bottleneck: left alone.
        if k.activation_name(getattr(b, "activation", None)) != "linear" and \
                not _is_output(model, b):
            continue
        yield a, b


@register
class LinearDenseStack(Rule):
    id = "DLF-L108"
    name = "linear-dense-stack"
    title = "Hidden Dense layer without activation: it collapses into the next layer"
    taxonomy = "model.layers.activation"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("keras", "tensorflow")
    message = ("In `{model}`, the hidden Dense layer `{layer}` ({units} units) has no "
               "activation and feeds `{next}` directly: together they compute {what}.")
    beginner = """A hidden layer needs an activation function (such as ReLU) to add
anything: without one, `{layer}` followed by `{next}` is no more powerful than `{next}`
alone, because a linear function of a linear function is still linear. The model then
cannot learn curved patterns (circles, interactions between features), and no error tells
you so. Give the hidden layer a non-linearity, e.g.
`keras.layers.Dense({units}, activation="relu")`."""
    expert = """Dense(W2)∘Dense(W1) with identity activation equals Dense(W2·W1, W2·b1+b2):
`{layer}` only adds a rank-{units} factorisation of one affine map{after}. A non-linearity
(ReLU, GELU, tanh) between them is needed for the composition to be more expressive than a
single layer (universal approximation needs it)."""
    fix = """keras.layers.Dense({units}, activation="relu"{name_kw})"""
    known_false_alarms = ("A deliberate linear bottleneck (low-rank factorisation, linear "
                          "projection of embeddings). Dense → BatchNormalization → "
                          "Activation is recognised as having an activation.")
    references = ("https://keras.io/api/layers/core_layers/dense/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        k = frameworks.get("keras")
        for v in keras_models(ctx):
            inp, out = k.input_shape(v.obj), k.output_shape(v.obj)
            for a, b in linear_dense_pairs(k, v.obj):
                if inp is not None and inp == out and isinstance(inp[-1], int) and \
                        a.units < inp[-1]:
                    continue   # a linear autoencoder (PCA): the narrow code is the point
                act = k.activation_name(getattr(b, "activation", None)) or "linear"
                what = ("one linear map" if act == "linear" else
                        f"`{act}` of one linear map (a model no more expressive than a single "
                        f"layer)")
                after = "" if act == "linear" else f", before `{act}`"
                yield Evidence(subject=v.name, key=(v.name, a.name), model=v.name,
                               layer=a.name, units=a.units, next=b.name, what=what,
                               after=after)
                break


@register
class OutputUnitsFewerThanClasses(Rule):
    id = "DLF-L105"
    name = "output-units-fewer-than-classes"
    title = "Output layer has fewer units than there are classes in the labels"
    taxonomy = "model.layers.properties"
    severity = "error"
    silent = False
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}`'s output layer `{layer}` has {units} units, but `{y}` passed to "
               "`fit` contains class {max_label}, so at least {n} classes are needed.")
    beginner = """The output layer needs one unit per class. `{y}` contains class numbers up
to {max_label} (counting from 0, that is {n} classes), but `{layer}` only has {units}. On a
CPU Keras stops with "label value outside the valid range"; on a GPU the loss can silently
become NaN. Set the number of units to the number of classes: `Dense({n}, ...)`."""
    expert = """sparse_categorical_crossentropy gathers log p[y] from a (N, {units}) output;
a label ≥ {units} indexes out of range (CPU kernels raise InvalidArgumentError, CUDA kernels
may return NaN/garbage). The number of classes is max(y)+1 = {n} from the labels
sampled here."""
    fix = """keras.layers.Dense({n}, activation="softmax"{name_kw})   # one unit per class"""
    known_false_alarms = "Labels that are not class indices (e.g. a regression target)."
    references = ("https://keras.io/api/losses/probabilistic_losses/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from .keras_training import data_summary, fit_with_head, raised
        if raised(ctx):
            return
        for fc, head, _loss, name in fit_with_head(ctx):
            if fc.y is None or name not in ("sparse_categorical_crossentropy",
                                            "sparse_categorical_focal_crossentropy"):
                continue
            s = data_summary(fc.y)
            if not s.has_values or not s.integral or s.max is None or s.min < 0:
                continue
            if len(s.shape) > 2 or (len(s.shape) == 2 and s.shape[1] != 1):
                continue
            mx = int(s.max)
            from .keras_data import one_based_labels
            if mx + 1 > head.units and not one_based_labels(
                    frameworks.get("keras"), fc.model.obj, fc.y):   # DLF-T117's
                yield Evidence(line=fc.call.line, subject=fc.model.name, model=fc.model.name,
                               layer=head.name, units=head.units, y=fc.y_name,
                               max_label=mx, n=mx + 1)


@register
class BinaryOutputOnMulticlassLabels(Rule):
    id = "DLF-L106"
    name = "binary-output-on-multiclass-labels"
    title = "One-unit binary output trained on labels with more than two classes"
    taxonomy = "model.layers.properties"
    severity = "error"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}` has a single {act} output unit (`{layer}`, loss `{loss}`) but `{y}` "
               "holds {k} different classes ({classes}).")
    beginner = """One output unit with `{loss}` can only answer a yes/no question (labels 0
and 1). `{y}` has {k} classes, so the labels 2 and up are treated as "more than yes": the
loss is computed, training runs, but the model cannot tell the classes apart and no error
appears. Use one output unit per class with softmax and
`sparse_categorical_crossentropy`."""
    expert = """Binary cross-entropy −[y log p + (1−y) log(1−p)] with y ∈ {{{classes}}}
is not a likelihood for y > 1: its minimiser is outside [0, 1] and p saturates at 1 for
every class ≥ 1, merging them. A {k}-way categorical head is needed."""
    fix = """keras.layers.Dense({k}, activation="softmax"{name_kw})
{model}.compile(optimizer=..., loss="sparse_categorical_crossentropy", metrics=["accuracy"])"""
    known_false_alarms = "Targets that are counts or scores on purpose (then use a regression loss)."
    references = ("https://keras.io/api/losses/probabilistic_losses/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from .keras_training import data_summary, fit_with_head, loss_repr
        for fc, head, loss, name in fit_with_head(ctx):
            if fc.y is None or head.units != 1 or name not in (
                    "binary_crossentropy", "binary_focal_crossentropy"):
                continue
            s = data_summary(fc.y)
            if not s.has_values or not s.integral or s.uniques is None:
                continue
            if len(s.uniques) <= 2 or len(s.uniques) > 50 or s.min < 0:
                continue
            cls = ", ".join(str(int(u)) for u in s.uniques[:8]) + (
                ", ..." if len(s.uniques) > 8 else "")
            yield Evidence(line=fc.call.line, subject=fc.model.name, model=fc.model.name,
                           layer=head.name, act=head.activation, loss=loss_repr(loss, name),
                           y=fc.y_name, k=len(s.uniques), classes=cls)


@register
class FitInputShapeMismatch(Rule):
    id = "DLF-S101"
    name = "fit-input-shape-mismatch"
    title = "Training data shape does not match the model's input shape"
    taxonomy = "tensors.input"
    severity = "error"
    silent = False
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}` expects inputs of shape {expected} but `{x}` passed to `{call}` "
               "has shape {got}{hint_short}.")
    beginner = """Each sample given to `{model}` must have exactly the shape declared in its
input layer: {expected} (the first `None` is the batch). `{x}` has samples of shape
{got_sample}. {hint}"""
    expert = """`{model}.input_shape` = {expected}; `{x}.shape[1:]` = {got_sample}. Keras
checks the input spec of the first layer (or fails inside the first op) and raises. {expert_hint}"""
    fix = """{fix_code}"""
    references = ("https://keras.io/guides/sequential_model/#specifying-the-input-shape-in-advance",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from .keras_training import fit_calls, raised
        if raised(ctx):
            return
        k = frameworks.get("keras")
        for fc in fit_calls(ctx, ("fit", "evaluate", "predict")):
            if fc.x is None:
                continue
            exp = k.input_shape(fc.model.obj)
            if exp is None:
                continue
            try:
                got = tuple(int(d) for d in fc.x.shape)
            except Exception:  # noqa: BLE001
                continue
            want = exp[1:]
            sample = got[1:]
            if len(want) == len(sample) and all(w is None or w == g
                                                for w, g in zip(want, sample, strict=True)):
                continue
            if _keras3_adjusts_rank(want, sample):
                continue
            m, x = fc.model.name, fc.x_name
            hint, ehint, fix = ("Reshape the data or change the input layer to match.",
                                "", f"keras.Input(shape={sample})   # or reshape {x}")
            short = ""
            w_size = 1
            for w in want:
                w_size = w_size * w if isinstance(w, int) and w_size else 0
            g_size = 1
            for g in sample:
                g_size *= g
            if w_size and w_size == g_size and len(want) != len(sample):
                # the same values per sample, in another layout (flattened images): reshape
                # the data; changing the input layer would break the layers after it
                fix = (f"{x} = {x}.reshape(len({x}), {', '.join(str(w) for w in want)})"
                       f"   # {sample} -> {tuple(want)} per sample")
            if len(want) == len(sample) + 1 and want[-1] == 1 and \
                    all(w is None or w == g for w, g in zip(want[:-1], sample, strict=True)):
                short = ": the channel axis is missing"
                hint = (f"The images in `{x}` have no channel axis: grayscale images need a "
                        f"last axis of size 1. Add it with `{x} = {x}[..., None]` (or "
                        f"`np.expand_dims({x}, -1)`).")
                ehint = "Conv2D expects NHWC input; a (N, H, W) array lacks C."
                fix = f"{x} = {x}[..., None]          # (N, H, W) -> (N, H, W, 1)"
            elif len(want) == len(sample) == 3 and want[-1] is not None and \
                    sample[0] == want[-1] and tuple(sample[1:]) == tuple(want[:2]):
                short = ": channels first (NCHW) instead of channels last (NHWC)"
                hint = (f"`{x}` stores the colour channels first (N, C, H, W), as PyTorch "
                        f"does; Keras expects them last (N, H, W, C). Use "
                        f"`{x} = {x}.transpose(0, 2, 3, 1)`.")
                ehint = "Keras' default data_format is channels_last."
                fix = f"{x} = {x}.transpose(0, 2, 3, 1)   # NCHW -> NHWC"
            yield Evidence(line=fc.call.line, subject=x, model=m, x=x,
                           call=f"{m}.{fc.call.attr}", expected=exp, got=got,
                           got_sample=sample, hint=hint, hint_short=short,
                           expert_hint=ehint, fix_code=fix)


def _keras3_adjusts_rank(want: tuple, sample: tuple) -> bool:
    """Keras 3 functional/Sequential models add or drop a trailing axis of size 1 by
    themselves (``Functional._adjust_input_rank``): (N, 28, 28) into Input((28, 28, 1)) and
    (N, 10, 1) into Input((10,)) both train fine, so they are not a mismatch."""
    import sys
    km = sys.modules.get("keras")
    ver = str(getattr(km, "__version__", "3"))
    if not ver[:1].isdigit() or int(ver.split(".")[0]) < 3:
        return False

    def same(a, b) -> bool:
        return len(a) == len(b) and all(x is None or y is None or x == y
                                        for x, y in zip(a, b, strict=True))
    if len(want) == len(sample) + 1 and want[-1] == 1:
        return same(want[:-1], sample)
    if len(sample) == len(want) + 1 and sample[-1] == 1:
        return same(want, sample[:-1])
    return False


_LOADERS = ("load_model", "clone_and_load", "from_config_and_weights")
_USES = ("evaluate", "predict", "predict_on_batch", "test_on_batch")


def _function_lines(src) -> list[tuple[int, int]]:
    return [(f.lineno, getattr(f, "end_lineno", f.lineno) or f.lineno)
            for f in src.functions.values()]


@register
class ModelReinitialisedAfterTraining(Rule):
    id = "DLF-M103"
    name = "model-reinitialised-after-training"
    title = "Model rebuilt (fresh random weights) after training, then evaluated"
    taxonomy = "model.type"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}.{use}` runs on a freshly built `{model}` (rebound{where}) that has "
               "not been trained, although an earlier `{model}.fit` trained the previous one.")
    beginner = """`{model}` was trained earlier, but then the name `{model}` was given a
new, freshly created model{where}. The new model starts with random weights, so
`{model}.{use}` measures an untrained model: the scores look like guessing, and no error
tells you why. Run the cell that builds the model only once, before training, or train the
new model (`{model}.fit(...)`) before evaluating it."""
    expert = """Rebinding `{model}` to a newly constructed Keras model (or
`clone_model`) creates new variables with fresh initialiser draws; the trained variables
belong to the old object, which is no longer referenced by `{model}`. Typical in notebooks
when the model-definition cell is re-run after the training cell. `{use}` then evaluates
randomly initialised weights."""
    fix = """# build once, train, then evaluate the same object
{model} = build_model()          # cell 1
{model}.fit(X_train, y_train)    # cell 2
{model}.{use}(X_test, ...)       # cell 3 - do not re-run cell 1 in between"""
    known_false_alarms = ("A rebuilt model whose weights are restored in a way the check "
                          "cannot see (e.g. inside a helper function).")
    references = ("https://keras.io/api/models/model_training_apis/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from ..source.facts import iter_names
        k = frameworks.get("keras")
        src = ctx.source
        if k is None or not src.ok:
            return
        mem = ctx.remember(self.id)
        trained: dict[str, bool] = mem.setdefault("trained", {})
        ever: set[str] = mem.setdefault("ever", set())
        funcs = _function_lines(src)

        def in_func(line: int) -> bool:
            return any(a < line <= b for a, b in funcs)

        names = {v.name for v in keras_models(ctx)}
        events: list[tuple[int, str, str, object]] = []
        for c in src.calls:
            if c.function is not None or c.receiver not in names:
                continue
            if c.attr == "fit":
                events.append((c.line, "fit", c.receiver, c))
            elif c.attr in ("load_weights", "set_weights"):
                events.append((c.line, "load", c.receiver, c))
            elif c.attr in _USES:
                events.append((c.line, "use", c.receiver, c))
        for a in src.assigns:
            if a.target not in names or a.augmented or in_func(a.line):
                continue
            v = a.value
            fname = (v.func.attr if isinstance(v.func, ast.Attribute) else
                     getattr(v.func, "id", None)) if isinstance(v, ast.Call) else None
            fresh = isinstance(v, ast.Call) and fname not in _LOADERS and not any(
                kw.arg == "weights" and not (isinstance(kw.value, ast.Constant)
                                             and kw.value.value is None)
                for kw in v.keywords)  # keras.applications.X(weights="imagenet")
            if fresh and fname != "clone_model" and (
                    set(iter_names(v)) & (ever | {a.target})):
                # keras.Model(model.inputs, model.get_layer("feat").output),
                # Sequential([model, Softmax()]): built from the trained model's layers
                fresh = False
            events.append((a.line, "build" if fresh else "load", a.target, a))
        events.sort(key=lambda e: (e[0], e[1] != "build"))
        flagged: set[str] = set()
        where_line: dict[str, int] = {}
        for line, kind, name, obj in events:
            if kind == "build":
                trained[name] = False
                where_line[name] = line
            elif kind == "fit":
                trained[name] = True
                ever.add(name)
            elif kind == "load":
                trained[name] = True
            elif kind == "use" and name in ever and not trained.get(name, True) \
                    and name not in flagged:
                flagged.add(name)
                wl = where_line.get(name)
                yield Evidence(line=line, subject=name, model=name, use=obj.attr,
                               where=f" at line {wl} of this cell" if wl else
                               " in an earlier cell")


def _safe_to_call(model) -> bool:
    """Built, single input/output, and no custom layer whose code may draw random numbers
    (built-in layers draw none with training=False)."""
    k = frameworks.get("keras")
    if not k.built(model) or not k.single_output(model) or k.input_shape(model) is None:
        return False
    try:
        layers = list(model._flatten_layers(include_self=False))
    except Exception:  # noqa: BLE001
        return False
    return not any(_custom_random(la) for la in layers)


def _custom_random(la) -> bool:
    """Does user code of this layer (methods of its non-Keras classes) mention random
    numbers, or can it not be read? Built-in Keras layers: False."""
    import inspect
    for klass in type(la).__mro__:
        if (klass.__module__ or "").startswith(("keras.", "tensorflow.", "tf_keras.")):
            return False
        for fn in vars(klass).values():
            if not inspect.isfunction(fn):
                continue
            try:
                src = inspect.getsource(fn)
            except (OSError, TypeError):
                return True
            if "random" in src or "Random" in src or "seed" in src:
                return True
    return False


def _infer(model, x):
    """Inference-mode forward pass. Sequential: each layer's ``call`` in turn (cheap, no
    Keras __call__ bookkeeping); other models: ``model(x, training=False)``."""
    import inspect
    if type(model).__name__ == "Sequential":
        k = frameworks.get("keras")
        out = k._keras().ops.convert_to_tensor(x)
        for la in k.layers_of(model):
            try:
                params = inspect.signature(la.call).parameters
            except (TypeError, ValueError):
                params = {}
            out = la.call(out, training=False) if "training" in params else la.call(out)
        return out
    return model(x, training=False)


def _sample_input(ctx: CellContext, shape: tuple) -> tuple[str, object] | None:
    n = frameworks.get("numpy")
    if n is None:
        return None
    want = shape[1:]
    for name, obj in ctx.user_ns.items():
        if name.startswith("_") or not n.is_array(obj) or obj.dtype.kind not in "fiu":
            continue
        s = obj.shape
        if len(s) == len(shape) and s[0] >= 1 and all(
                w is None or w == d for w, d in zip(want, s[1:], strict=True)):
            return name, obj[:2]
    return None


@register
class ReloadedModelDiffers(Rule):
    id = "DLF-M104"
    expensive = True
    name = "reloaded-model-differs"
    title = "A saved and re-loaded model predicts differently from the original"
    taxonomy = "model.type"
    severity = "error"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{loaded}` (re-loaded from `{path}`) and `{orig}` give different outputs for "
               "the same input `{x}[:2]`: largest difference {diff:.3g} (outputs up to "
               "{scale:.3g}).")
    beginner = """The model loaded back from `{path}` should behave exactly like `{orig}`,
which was saved there. On the same two samples of `{x}` (inference mode), they disagree.
Something was not saved: typically a custom layer keeps a value in a plain Python attribute
instead of a weight, or its `get_config` misses an argument, so the re-loaded copy is built
differently. No error is raised, so a deployed model would silently behave differently.
Store such values with `self.add_weight(...)` and add every constructor argument to
`get_config()`."""
    expert = """Compared `{orig}(x, training=False)` and `{loaded}(x, training=False)` on
`{x}[:2]`: max |Δ| = {diff:.3g}. Keras (de)serialises the config (constructor arguments via
`get_config`) and the tracked variables; untracked state (Python attributes, `tf.Variable`s
created outside `add_weight` in a way the tracker misses, closures in Lambda layers) is
lost or re-initialised on load."""
    fix = """class MyLayer(keras.layers.Layer):
    def __init__(self, factor=1.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor                      # constructor argument ...
    def get_config(self):
        return {{**super().get_config(), "factor": self.factor}}   # ... saved in the config
# or keep learned state in a weight: self.w = self.add_weight(shape=(), trainable=False)"""
    known_false_alarms = "Models saved with a deliberately different configuration."
    references = ("https://keras.io/guides/serialization_and_saving/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        k = frameworks.get("keras")
        src = ctx.source
        if k is None or not src.ok or ctx.error is not None:
            return
        saves: dict[str, str] = ctx.remember(self.id).setdefault("saves", {})
        events: list[tuple[int, str, str, str | None]] = []
        for c in src.calls:
            if c.function is not None:
                continue
            if c.attr in ("save", "save_weights") and c.receiver and c.args:
                events.append((c.line, "save", src.segment(c.args[0]), c.receiver))
            elif c.attr == "save_model" and len(c.args) >= 2 and \
                    isinstance(c.args[0], ast.Name):
                events.append((c.line, "save", src.segment(c.args[1]), c.args[0].id))
            elif c.attr == "load_weights" and c.receiver and c.args:
                events.append((c.line, "load", src.segment(c.args[0]), c.receiver))
        for a in src.assigns:
            v = a.value
            if isinstance(v, ast.Call) and v.args and (
                    getattr(v.func, "attr", None) or getattr(v.func, "id", None)) \
                    == "load_model":
                events.append((a.line, "load", src.segment(v.args[0]), a.target))
        events.sort(key=lambda e: e[0])
        for line, kind, path, name in events:
            if not path:
                continue
            if kind == "save":
                saves[path] = name
                continue
            orig = saves.get(path)
            a, b = ctx.ns.get(orig), ctx.ns.get(name)
            if a is None or b is None or a.obj is b.obj or a.kind != "model" or \
                    b.kind != "model" or a.framework != "keras" or b.framework != "keras":
                continue
            if not (_safe_to_call(a.obj) and _safe_to_call(b.obj)):
                continue
            shape = k.input_shape(a.obj)
            if shape != k.input_shape(b.obj):
                continue
            sample = _sample_input(ctx, shape)
            if sample is None:
                continue
            xname, x = sample
            try:
                import numpy as np
                oa = np.asarray(_infer(a.obj, x), dtype="float64")
                ob = np.asarray(_infer(b.obj, x), dtype="float64")
            except Exception:  # noqa: BLE001
                continue
            if oa.shape != ob.shape:
                continue
            diff = float(np.max(np.abs(oa - ob))) if oa.size else 0.0
            scale = float(np.max(np.abs(oa))) if oa.size else 0.0
            if diff > 1e-4 * (1.0 + scale):
                yield Evidence(line=line, subject=name, loaded=name, orig=orig, path=path,
                               x=xname, diff=diff, scale=scale)


def _user_overrides(la, method: str) -> bool:
    for klass in type(la).__mro__:
        if (klass.__module__ or "").startswith(("keras.", "tensorflow.", "tf_keras.")):
            return False
        if method in vars(klass):
            return True
    return False


def _shape_tuple(s) -> tuple | None:
    try:
        t = tuple(None if d is None else int(d) for d in s)
    except Exception:  # noqa: BLE001
        return None
    return t


@register
class CustomLayerOutputShapeWrong(Rule):
    id = "DLF-L107"
    expensive = True
    name = "custom-layer-output-shape-wrong"
    title = "Custom layer's compute_output_shape disagrees with what call() returns"
    taxonomy = "model.layers.properties"
    severity = "error"
    silent = True
    evidence = "namespace"
    frameworks = ("keras", "tensorflow")
    message = ("Custom layer `{layer}` ({cls}) in `{model}` declares output shape {declared} "
               "in `compute_output_shape`, but its `call` returns shape {real} for input "
               "{inp}.")
    beginner = """Keras uses `compute_output_shape` to plan the layers that come after
`{layer}`, without running it. Your `call` actually returns {real}, not {declared}, so the
next layers were built for the wrong size: the model fails later at `fit`/`predict` with a
confusing shape error, or silently computes something else. Make `compute_output_shape`
return exactly what `call` returns (or delete it and let Keras infer the shape)."""
    expert = """When a layer overrides `compute_output_shape`, Keras 3's
`compute_output_spec` trusts it for symbolic (functional/Sequential) construction instead of
tracing `call`. Tracing `{cls}.call` symbolically on a {inp} input gives {real}; the override
gives {declared}. Downstream layers' weights were created from the declared shape."""
    fix = """class {cls}(keras.layers.Layer):
    def compute_output_shape(self, input_shape):
        return {real_code}     # what call() really returns
    # or remove compute_output_shape: Keras then infers it from call()"""
    references = ("https://keras.io/guides/making_new_layers_and_models_via_subclassing/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        import importlib
        import sys
        k = frameworks.get("keras")
        if k is None or "keras" not in sys.modules:
            return
        cache = ctx.remember(self.id)
        for v in keras_models(ctx):
            if not k.built(v.obj) or not k.is_graph_model(v.obj):
                continue
            try:
                layers = list(v.obj._flatten_layers(include_self=False))
            except Exception:  # noqa: BLE001
                continue
            for la in layers:
                if not k.built(la) or not _user_overrides(la, "compute_output_shape"):
                    continue
                key = (id(la), id(v.obj))
                if key not in cache:
                    cache[key] = self._compare(importlib, k, la)
                res = cache[key]
                if res:
                    inp, declared, real = res
                    yield Evidence(subject=v.name, key=(v.name, la.name), model=v.name,
                                   layer=la.name, cls=type(la).__name__, inp=inp,
                                   declared=declared, real=real,
                                   real_code="(input_shape[0], " + ", ".join(
                                       str(d) for d in real[1:]) + ")")

    @staticmethod
    def _compare(importlib, k, la):
        """(input, declared, real) shapes when they disagree. The real shape comes from
        ``la.call`` on a zero batch of one sample (inference mode, no Keras __call__
        machinery, so nothing is built or tracked); layers whose code mentions random
        numbers are skipped."""
        if _custom_random(la):
            return None
        try:
            x = la.input
            if isinstance(x, (list, tuple, dict)):
                return None
            inp = _shape_tuple(x.shape)
            if inp is None or any(d is None for d in inp[1:]) or \
                    _size(inp[1:]) > 65536:
                return None
            declared = _shape_tuple(la.compute_output_shape(x.shape))
            np = importlib.import_module("numpy")
            ops = importlib.import_module("keras").ops
            zeros = ops.convert_to_tensor(np.zeros((1, *inp[1:]), dtype=str(x.dtype)))
            out = la.call(zeros)
            real = _shape_tuple(out.shape)
        except Exception:  # noqa: BLE001
            return None
        if declared is None or real is None or len(declared) != len(real):
            return (inp, declared, real) if declared and real else None
        if all(d is None or r is None or d == r or (i == 0) for i, (d, r) in
               enumerate(zip(declared, real, strict=True))):
            return None
        real = (None, *real[1:])
        return inp, declared, real


def _size(dims) -> int:
    n = 1
    for d in dims:
        n *= d
    return n


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
            first = next((la for la in layers if type(la).__name__ not in (
                "Rescaling", "Normalization", "RandomFlip", "RandomRotation", "RandomZoom",
                "RandomCrop", "RandomTranslation", "Resizing")), None)
            if first is None or type(first).__name__ not in ("Conv2D", "SeparableConv2D",
                                                             "DepthwiseConv2D"):
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


# -- tensor shapes in the user's own code -------------------------------------------------------

_REDUCERS = ("reduce_mean", "reduce_sum", "square", "abs", "mean", "sum", "sqrt",
             "reduce_max", "huber", "log_cosh")


def _shape_of(ctx: CellContext, obj) -> tuple | None:
    n, k = frameworks.get("numpy"), frameworks.get("keras")
    try:
        if (n is not None and n.is_array(obj)) or (k is not None and k.is_tensor(obj)):
            return tuple(int(d) if d is not None else -1 for d in obj.shape)
        tp = type(obj)      # a pandas Series (y_test = df["price"]): by type, no isinstance
        if tp.__name__ == "Series" and (tp.__module__ or "").startswith("pandas."):
            return (int(len(obj)),)
    except Exception:  # noqa: BLE001
        return None
    return None


def _model_output_names(ctx: CellContext) -> dict[str, str]:
    """Names assigned from a call of a Keras model in this cell (``pred = model(xb)``),
    mapped to the model's name."""
    out: dict[str, str] = {}
    for a in ctx.source.assigns:
        v = a.value
        if isinstance(v, ast.Call) and isinstance(v.func, ast.Name):
            var = ctx.ns.get(v.func.id)
            if var is not None and var.kind == "model" and var.framework == "keras":
                out[a.target] = v.func.id
        elif isinstance(v, ast.Call) and isinstance(v.func, ast.Attribute) and \
                v.func.attr in ("predict", "predict_on_batch") and \
                isinstance(v.func.value, ast.Name):   # pred = model.predict(X_test)
            var = ctx.ns.get(v.func.value.id)
            if var is not None and var.kind == "model" and var.framework == "keras":
                out[a.target] = v.func.value.id
    return out


def _in_reduction(src, node: ast.AST) -> bool:
    p = src.parent(node)
    while p is not None and not isinstance(p, ast.stmt):
        if isinstance(p, ast.Call):
            f = p.func
            a = f.attr if isinstance(f, ast.Attribute) else getattr(f, "id", None)
            if a in _REDUCERS:
                return True
        if isinstance(p, ast.BinOp) and isinstance(p.op, ast.Pow):
            return True
        p = src.parent(p)
    return False


@register
class PredictionTargetBroadcast(Rule):
    id = "DLF-S103"
    name = "prediction-target-broadcast"
    title = "Loss computed on predictions (N, 1) and targets (N,): broadcasts to (N, N)"
    taxonomy = "tensors.shape"
    severity = "error"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{expr}` combines `{pred}` {pshape} from `{model}` with `{target}` {tshape}: "
               "the difference broadcasts to {bshape}, comparing every prediction with every "
               "target.")
    beginner = """`{model}` returns one value per sample as a column, shape {pshape}, while
`{target}` is a flat list of values, shape {tshape}. Subtracting them does not pair sample
i with target i: the shapes are stretched against each other into a {bshape} table of all
pairs. The loss is then an average over mostly wrong pairs, the model learns to predict the
mean, and no error is raised. Make the shapes equal, e.g. `tf.squeeze({pred}, axis=-1)`
or `{target}[:, None]`, or use `keras.losses.MeanSquaredError()`, which aligns them."""
    expert = """NumPy/TF broadcasting aligns trailing axes: ({n}, 1) − ({n},) → ({n}, {n}).
The reduced loss becomes mean_ij (p_i − y_j)², whose minimiser is p_i = mean(y) for every
i: the gradient carries no per-sample signal. Keras' built-in losses squeeze or expand the
last axis to the same rank (`squeeze_or_expand_to_same_rank`), which is why the bug
appears in hand-written losses."""
    fix = """{pred} = tf.squeeze({pred}, axis=-1)             # ({n}, 1) -> ({n},)
loss = tf.reduce_mean(tf.square({pred} - {target}))
# or: loss = keras.losses.MeanSquaredError()({target}, {pred})"""
    known_false_alarms = ("Deliberate all-pairs computations (pairwise distances), which are "
                          "rarely written as a model output minus a target.")
    references = ("https://numpy.org/doc/stable/user/basics.broadcasting.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        if frameworks.get("keras") is None or not src.ok:
            return
        outs = _model_output_names(ctx)
        if not outs:
            return
        seen: set[int] = set()
        for node in ast.walk(src.tree):
            if not isinstance(node, ast.BinOp) or not isinstance(node.op, (ast.Sub, ast.Add)):
                continue
            sides = [node.left, node.right]
            names = [s.id if isinstance(s, ast.Name) else None for s in sides]
            if None in names:
                continue
            pi = next((i for i, nm in enumerate(names) if nm in outs), None)
            if pi is None or names[1 - pi] in outs:
                continue
            pred, target = names[pi], names[1 - pi]
            ps, ts = _shape_of(ctx, ctx.user_ns.get(pred)), _shape_of(ctx, ctx.user_ns.get(target))
            if ps is None or ts is None or len(ps) != 2 or ps[1] != 1 or len(ts) != 1:
                continue
            if ps[0] != ts[0] or ts[0] < 2 or not _in_reduction(src, node):
                continue
            if node.lineno in seen:
                continue
            seen.add(node.lineno)
            n = ts[0]
            yield Evidence(line=node.lineno, subject=target, expr=src.segment(node) or
                           f"{pred} - {target}", pred=pred, target=target, model=outs[pred],
                           pshape=f"({n}, 1)", tshape=f"({n},)", bshape=f"({n}, {n})", n=n)


def _dim_value(ctx: CellContext, node: ast.AST) -> int | None:
    """An int dimension written in the source: a literal, -1, a name bound to an int,
    ``len(a)`` or ``a.shape[i]`` of a namespace array."""
    if isinstance(node, ast.Constant) and isinstance(node.value, int) and \
            not isinstance(node.value, bool):
        return node.value
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub) and \
            isinstance(node.operand, ast.Constant) and node.operand.value == 1:
        return -1
    if isinstance(node, ast.Name):
        v = ctx.user_ns.get(node.id)
        return v if isinstance(v, int) and not isinstance(v, bool) else None
    if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "len" and \
            len(node.args) == 1 and isinstance(node.args[0], ast.Name):
        s = _shape_of(ctx, ctx.user_ns.get(node.args[0].id))
        return s[0] if s else None
    if isinstance(node, ast.Subscript) and isinstance(node.value, ast.Attribute) and \
            node.value.attr == "shape" and isinstance(node.value.value, ast.Name) and \
            isinstance(node.slice, ast.Constant) and isinstance(node.slice.value, int):
        s = _shape_of(ctx, ctx.user_ns.get(node.value.value.id))
        try:
            return s[node.slice.value] if s else None
        except IndexError:
            return None
    return None


def _target_shape(ctx: CellContext, args: list[ast.AST], size: int) -> tuple | None:
    if len(args) == 1 and isinstance(args[0], (ast.Tuple, ast.List)):
        args = list(args[0].elts)
    dims = [_dim_value(ctx, a) for a in args]
    if not dims or any(d is None for d in dims) or dims.count(-1) > 1:
        return None
    known = 1
    for d in dims:
        if d != -1:
            known *= d
    if -1 in dims:
        if known <= 0 or size % known:
            return None
        dims[dims.index(-1)] = size // known
    return tuple(dims)


def _permutation(src_shape: tuple, dst: tuple) -> tuple | None:
    """Axes of ``src_shape`` in the order of ``dst``, keeping equal sizes in order."""
    used: set[int] = set()
    perm = []
    for d in dst:
        i = next((i for i, s in enumerate(src_shape) if s == d and i not in used), None)
        if i is None:
            return None
        used.add(i)
        perm.append(i)
    return tuple(perm)


_ARRAY_MODULES = ("np", "numpy", "tf", "tensorflow", "ops", "jnp", "torch")


def _layout_source(e: ast.AST | None) -> str | None:
    """The variable whose values ``e`` holds in the same order (through length- and
    layout-keeping conversions: ``torch.from_numpy(x)``, ``x.float()``, ``np.asarray(x)``)."""
    name, how = _arg(e)
    return name if how == "exact" else None


def _torch_shape(obj: Any) -> tuple | None:
    """The shape of a torch tensor (by its type's module: torch is never imported here)."""
    if not (type(obj).__module__ or "").startswith("torch"):
        return None
    t = frameworks.get("torch")
    try:
        return tuple(int(d) for d in obj.shape) if t is not None and t.is_tensor(obj) else None
    except Exception:  # noqa: BLE001
        return None


@register
class ReshapePermutesAxes(Rule):
    id = "DLF-S104"
    name = "reshape-instead-of-transpose"
    title = "reshape to a permutation of the array's own axes (a transpose was meant)"
    taxonomy = "tensors.shape"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow", "torch")
    message = ("`{call}` turns `{src}` of shape {old} into {new}, the same axes in another "
               "order: reshape does not move the axes, it scrambles the values.")
    beginner = """`reshape` keeps the values in their memory order and only cuts them into
a new shape. Going from {old} to {new} therefore does not swap the axes: every image (or
sequence) ends up as a mix of pieces of its channels/rows, and the model trains on
scrambled data without any error. To reorder axes use `{how}`:
`{code}.{how}{perm}`."""
    expert = """The target shape {new} is a non-trivial permutation {perm} of {old} (axes
of size > 1 change order). Reshape is a view over the row-major buffer, so element
[i, j, k, l] of the result is not element [perm⁻¹(i, j, k, l)] of the source: spatial and
channel axes are interleaved. `np.transpose`/`tf.transpose` (or `np.moveaxis`) reorders
axes; reshape only regroups them."""
    fix = """{dst} = {code}.{how}{perm}        # {old} -> {new}
{alt}"""
    known_false_alarms = ("Data stored in one layout but labelled with the shape of another "
                          "(rare: the source shape is normally the true layout).")
    references = ("https://numpy.org/doc/stable/reference/generated/numpy.transpose.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        if not src.ok:
            return
        for c in src.calls_to("reshape", "view"):
            f = c.node.func
            if not isinstance(f, ast.Attribute):
                continue
            if isinstance(f.value, ast.Name) and f.value.id in _ARRAY_MODULES:
                # np.reshape(x, shape), tf.reshape(x, shape), torch.reshape(x, shape)
                if c.attr != "reshape" or not c.args:
                    continue
                name = _layout_source(c.args[0])
                shp = c.kwarg("shape", 1) or c.kwarg("newshape", 1)
                args = [shp] if shp is not None else []
            else:
                # x.reshape(...), torch.from_numpy(x).view(...), x.float().reshape(...)
                name, args = _layout_source(f.value), list(c.args)
            if name is None or ctx.user_ns.get(name) is None:
                continue
            if not args or any(isinstance(a, ast.Starred) for a in args):
                continue
            if any(a.line >= c.line or a.loops for a in src.assignments_to(name)):
                continue    # rebound at/after the reshape: its shape now is not the one reshaped
            obj = ctx.user_ns.get(name)
            old = _shape_of(ctx, obj) or _torch_shape(obj)
            if old is None or len(old) < 3 or -1 in old:
                continue
            size = 1
            for d in old:
                size *= d
            new = _target_shape(ctx, args, size)
            if new is None or len(new) != len(old) or new == old or \
                    sorted(new) != sorted(old):
                continue
            if [d for d in old if d != 1] == [d for d in new if d != 1]:
                continue    # only size-1 axes move: same memory layout, reshape is fine
            perm = _permutation(old, new)
            if perm is None:
                continue
            dst = next((a.target for a in src.assigns if a.value is c.node), name)
            torchy = _torch_shape(obj) is not None or c.attr == "view" or \
                "torch" in ast.unparse(f.value)
            code = ast.unparse(c.args[0] if f.value is not None and isinstance(
                f.value, ast.Name) and f.value.id in _ARRAY_MODULES else f.value)
            yield Evidence(line=c.line, subject=name, call=src.segment(c.node) or
                           f"{name}.reshape(...)", src=name, dst=dst, old=old, new=new,
                           perm=perm, perm_list=list(perm), code=code,
                           how="permute" if torchy else "transpose",
                           alt=("# (.contiguous() after it where a contiguous tensor is "
                                "needed)") if torchy else
                           f"# (tf.transpose({name}, perm={list(perm)}) for tensors)")
