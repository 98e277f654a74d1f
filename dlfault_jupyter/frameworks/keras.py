"""Keras / TensorFlow adapter. Imported only when the user has imported keras or
tensorflow (``import tensorflow`` alone loads Keras 3 lazily as ``tf.keras``).

Nothing here builds, compiles, fits or calls a model.
"""

from __future__ import annotations

import sys
from typing import Any

import numpy as np

from .base import BaseAdapter, Kind, LayerKind, Vocab
from .summary import ArraySummary, from_numpy_sample, sample_indices


def _keras() -> Any:
    """The Keras module in use, without importing anything the user has not imported."""
    k = sys.modules.get("keras")
    if k is not None and hasattr(k, "Model"):
        return k
    tf = sys.modules.get("tensorflow")
    if tf is not None:
        try:
            return tf.keras  # resolves to Keras 3 (already imported by tensorflow)
        except Exception:  # noqa: BLE001
            return None
    return None


def _tf() -> Any:
    return sys.modules.get("tensorflow")


def is_model(obj: Any) -> bool:
    k = _keras()
    return k is not None and isinstance(obj, k.Model)


def is_layer(obj: Any) -> bool:
    k = _keras()
    return k is not None and isinstance(obj, k.layers.Layer)


def is_tensor(obj: Any) -> bool:
    tf = _tf()
    if tf is None:
        return False
    return isinstance(obj, (tf.Tensor, tf.Variable)) and not isinstance(obj, tf.RaggedTensor)


def is_dataset(obj: Any) -> bool:
    tf = _tf()
    return tf is not None and isinstance(obj, tf.data.Dataset)


def is_optimizer(obj: Any) -> bool:
    k = _keras()
    return k is not None and isinstance(obj, k.optimizers.Optimizer)


def is_loss(obj: Any) -> bool:
    k = _keras()
    return k is not None and isinstance(obj, k.losses.Loss)


def summary(t: Any) -> ArraySummary:
    """Sampled summary of a TF tensor or variable (at most SAMPLE elements gathered)."""
    tf = _tf()
    shape = tuple(int(d) if d is not None else -1 for d in t.shape)
    dt = t.dtype.name
    dev = "gpu" if "GPU" in (getattr(t, "device", "") or "") else "cpu"
    size = 1
    for d in shape:
        size *= max(d, 0)
    if size == 0 or not (t.dtype.is_floating or t.dtype.is_integer or t.dtype.is_bool) \
            or dev != "cpu":
        return from_numpy_sample(np, shape, dt, dev, size, np.empty(0))
    flat = tf.reshape(t, [-1])
    s = tf.gather(flat, sample_indices(np, size)).numpy()
    return from_numpy_sample(np, shape, dt, dev, size, np.asarray(s))


def last_activation(model: Any) -> str | None:
    """Name of the activation applied by the model's last layer that has one ('softmax',
    'sigmoid', 'linear', ...), looking through Activation/Softmax layers."""
    layers = getattr(model, "layers", None) or []
    for layer in reversed(layers):
        cls = type(layer).__name__
        if cls == "Softmax":
            return "softmax"
        if cls in ("Dropout", "Reshape", "Flatten", "ActivityRegularization"):
            continue
        act = getattr(layer, "activation", None)
        if act is not None:
            return getattr(act, "__name__", None) or str(act)
        if cls == "Activation":
            return getattr(getattr(layer, "activation", None), "__name__", None)
        return None
    return None


# -- compile state, output head, layer chains (read only; never builds or calls) ------------

_LOSS_ALIASES = {
    "mse": "mean_squared_error", "mae": "mean_absolute_error",
    "mape": "mean_absolute_percentage_error", "msle": "mean_squared_logarithmic_error",
    "kld": "kl_divergence", "kullback_leibler_divergence": "kl_divergence",
    "logcosh": "log_cosh", "huber_loss": "huber",
}
PROBABILITY_LOSSES = frozenset({
    "categorical_crossentropy", "sparse_categorical_crossentropy", "binary_crossentropy",
    "binary_focal_crossentropy", "categorical_focal_crossentropy",
    "sparse_categorical_focal_crossentropy"})
REGRESSION_LOSSES = frozenset({
    "mean_squared_error", "mean_absolute_error", "mean_absolute_percentage_error",
    "mean_squared_logarithmic_error", "huber", "log_cosh"})


def _snake(name: str) -> str:
    out = []
    for i, ch in enumerate(name):
        if ch.isupper() and i and (not name[i - 1].isupper() or
                                   (i + 1 < len(name) and name[i + 1].islower())):
            out.append("_")
        out.append(ch.lower())
    return "".join(out)


def loss_name(loss: Any) -> str | None:
    """Canonical snake-case name of a Keras loss given as a string, a Loss object or a loss
    function ('mse' → 'mean_squared_error'); None when unknown or a dict/list."""
    if isinstance(loss, str):
        n = loss.strip().lower()
    elif isinstance(loss, (list, tuple, dict)) or loss is None:
        return None
    else:
        cls = type(loss).__name__
        if cls == "LossFunctionWrapper":
            fn = getattr(loss, "fn", None)
            n = getattr(fn, "__name__", "") or ""
        elif callable(loss) and hasattr(loss, "__name__") and not is_loss(loss):
            n = loss.__name__
        else:
            n = _snake(cls)
    n = n.replace("crossentropy_loss", "crossentropy")
    return _LOSS_ALIASES.get(n, n) or None


def loss_from_logits(loss: Any) -> bool:
    """``from_logits`` of a loss (False for strings and plain functions)."""
    if isinstance(loss, str) or loss is None:
        return False
    v = getattr(loss, "from_logits", None)
    if isinstance(v, bool):
        return v
    kw = getattr(loss, "_fn_kwargs", None)
    if isinstance(kw, dict) and isinstance(kw.get("from_logits"), bool):
        return kw["from_logits"]
    return False


def compile_config(model: Any) -> dict[str, Any] | None:
    """What ``model.compile`` received (loss, metrics, optimizer...), or None when the model
    is not compiled. Reads stored attributes only."""
    if not getattr(model, "compiled", False):
        return None
    cc = getattr(model, "_compile_config", None)
    cfg = getattr(cc, "config", None)
    if isinstance(cfg, dict):
        return dict(cfg)
    return {"loss": getattr(model, "loss", None), "metrics": None,
            "optimizer": getattr(model, "optimizer", None)}


def is_graph_model(model: Any) -> bool:
    """Sequential or functional model: ``model.layers`` is in call order."""
    return any(c.__name__ in ("Sequential", "Functional") for c in type(model).__mro__)


def layers_of(model: Any) -> list[Any]:
    """Layers of a Sequential/functional model in order, without InputLayer."""
    try:
        layers = list(getattr(model, "layers", None) or [])
    except Exception:  # noqa: BLE001
        return []
    return [la for la in layers if type(la).__name__ != "InputLayer"]


def activation_name(act: Any) -> str | None:
    if act is None:
        return None
    n = getattr(act, "__name__", None)
    if n is None:
        n = type(act).__name__
        n = _snake(n)
    n = str(n).lower()
    if n.endswith("_v2"):
        n = n[:-3]
    return n


_PASS_THROUGH = ("Dropout", "AlphaDropout", "GaussianDropout", "GaussianNoise",
                 "ActivityRegularization", "BatchNormalization", "Reshape", "Flatten",
                 "SpatialDropout1D", "SpatialDropout2D")


class Head:
    """The output layer of a single-output Sequential/functional model."""

    __slots__ = ("layer", "name", "units", "activation", "trailing")

    def __init__(self, layer: Any, units: int, activation: str | None, trailing: list[Any]):
        self.layer, self.name, self.units = layer, getattr(layer, "name", "?"), units
        self.activation, self.trailing = activation, trailing


def single_output(model: Any) -> bool:
    try:
        outs = getattr(model, "outputs", None)
    except Exception:  # noqa: BLE001
        return False
    return outs is None or len(outs) == 1


def output_head(model: Any) -> Head | None:
    """The last unit-bearing layer (Dense) of a Sequential/functional single-output model,
    its effective activation (through Activation/Softmax layers after it) and the layers
    between it and the output; None when the head is not a Dense-like layer."""
    if not is_graph_model(model) or not single_output(model):
        return None
    layers = layers_of(model)
    if type(model).__name__ != "Sequential" and "Sequential" not in [
            c.__name__ for c in type(model).__mro__]:
        try:  # functional: the last listed layer must produce the output
            hist = getattr(model.outputs[0], "_keras_history", None)
            if hist is None or hist[0] is not layers[-1]:
                return None
        except Exception:  # noqa: BLE001
            return None
    act: str | None = None
    trailing: list[Any] = []
    for layer in reversed(layers):
        cls = type(layer).__name__
        if cls == "Softmax":
            act = act or "softmax"
            continue
        if cls == "Activation":
            act = act or activation_name(getattr(layer, "activation", None))
            continue
        if cls in _PASS_THROUGH:
            if act is None:  # only layers after the final activation
                trailing.append(layer)
            continue
        if is_graph_model(layer):  # a nested Sequential/functional model is the output
            inner = output_head(layer)
            if inner is None:
                return None
            eff = act if act is not None and inner.activation == "linear" else \
                inner.activation
            h = Head(inner.layer, inner.units, eff, inner.trailing + list(reversed(trailing)))
            h.name = f"{getattr(layer, 'name', '?')}/{inner.name}"
            return h
        units = getattr(layer, "units", None)
        if not isinstance(units, int) or cls not in ("Dense", "EinsumDense"):
            return None
        own = activation_name(getattr(layer, "activation", None)) or "linear"
        eff = act if act is not None and own == "linear" else own
        return Head(layer, units, eff, list(reversed(trailing)))
    return None


def built(obj: Any) -> bool:
    return bool(getattr(obj, "built", False))


def input_shape(model: Any) -> tuple[int | None, ...] | None:
    """``model.input_shape`` of a built single-input model, else None."""
    if not built(model):
        return None
    try:
        s = model.input_shape
    except Exception:  # noqa: BLE001
        return None
    if isinstance(s, tuple) and all(d is None or isinstance(d, int) for d in s):
        return s
    return None


def output_shape(model: Any) -> tuple[int | None, ...] | None:
    if not built(model):
        return None
    try:
        s = model.output_shape
    except Exception:  # noqa: BLE001
        return None
    if isinstance(s, tuple) and all(d is None or isinstance(d, int) for d in s):
        return s
    return None


def kernel_summary(layer: Any) -> ArraySummary | None:
    """Sampled summary of a built layer's kernel variable (no copy of the whole kernel)."""
    if not built(layer):
        return None
    try:
        k = getattr(layer, "kernel", None)
    except Exception:  # noqa: BLE001
        return None
    if k is None:
        return None
    v = getattr(k, "value", k)  # keras Variable → backend variable
    try:
        return summary(v)
    except Exception:  # noqa: BLE001
        return None


def unwrap_optimizer(opt: Any) -> Any:
    """The optimizer doing the updates: a ``LossScaleOptimizer`` (which ``compile`` puts
    around the optimizer under a ``mixed_float16`` policy) holds its own, unused
    ``learning_rate`` variable (0.0); the inner optimizer's settings are the real ones."""
    for _ in range(4):
        inner = getattr(opt, "inner_optimizer", None)
        if inner is None or inner is opt:
            break
        opt = inner
    return opt


def learning_rate(opt: Any) -> float | None:
    """The optimizer's constant learning rate; None for a schedule or when unknown."""
    lr = getattr(unwrap_optimizer(opt), "_learning_rate", None)
    k = _keras()
    if lr is None or callable(lr) or (k is not None and isinstance(
            lr, k.optimizers.schedules.LearningRateSchedule)):
        return None
    try:
        return float(np.asarray(lr.numpy() if hasattr(lr, "numpy") else lr))
    except Exception:  # noqa: BLE001
        return None


def first_axis_labels(obj: Any, k: int = 512) -> Any:
    """Class labels of up to ``k`` evenly spaced samples along axis 0, in order: integer
    vectors as they are, one-hot / probability rows by argmax. None when not labels."""
    try:
        shape = tuple(int(d) for d in obj.shape)
    except Exception:  # noqa: BLE001
        return None
    if not shape or shape[0] < 2:
        return None
    idx = sample_indices(np, shape[0], k)
    tf = _tf()
    try:
        if isinstance(obj, np.ndarray):
            s = obj[idx]
        elif tf is not None and is_tensor(obj) and "GPU" not in (getattr(obj, "device", "")
                                                                  or ""):
            s = tf.gather(obj, idx).numpy()
        else:
            return None
    except Exception:  # noqa: BLE001
        return None
    s = np.asarray(s)
    if s.dtype.kind not in "biuf":
        return None
    if s.ndim == 2 and s.shape[1] == 1:
        s = s[:, 0]
    if s.ndim == 2 and s.shape[1] > 1:
        return s.argmax(axis=1)
    if s.ndim != 1:
        return None
    if s.dtype.kind == "f" and not np.all(np.isfinite(s) & (np.floor(s) == s)):
        return None
    return s.astype("int64")


def model_state(model: Any) -> tuple[int, int, int, Any, int | None]:
    """(layers, weight variables, weight elements, weights mark, optimizer steps) of a model:
    its structure, a mark that moves when the weights are written — the sampled moments of
    its first and last kernels (training, set_weights, loading) — and the compiled
    optimizer's step count."""
    layers = layers_of(model)
    n_w = n_el = 0
    if built(model):
        try:
            for w in model.weights:
                n_w += 1
                size = 1
                for d in w.shape:
                    size *= int(d or 0)
                n_el += size
        except Exception:  # noqa: BLE001
            pass
    mark: Any = None  # the optimizer's step count, or the weights' sampled moments
    steps: int | None = None
    opt = getattr(model, "optimizer", None) if getattr(model, "compiled", False) else None
    it = getattr(opt, "iterations", None)
    if it is not None:
        try:
            mark = float(np.asarray(it.numpy() if hasattr(it, "numpy") else it))
            steps = int(mark)
        except Exception:  # noqa: BLE001
            mark = None
    # the mark: sampled moments of the first and the last kernel (re-compiling resets the
    # optimizer's step count, not the weights)
    marks = []
    for group in (layers, list(reversed(layers))):
        for la in group:
            ks = kernel_summary(la)
            if ks is not None and ks.mean is not None:
                marks += [ks.mean, ks.std]
                break
    mark = tuple(marks) if marks else mark
    return len(layers), n_w, n_el, mark, steps


# -- the adapter (frameworks.base.Adapter) -----------------------------------------------

VOCAB = Vocab(
    CLASSIFICATION_LOSSES=frozenset({
        "sparse_categorical_crossentropy", "categorical_crossentropy",
        "binary_crossentropy", "binary_focal_crossentropy", "categorical_focal_crossentropy",
        "sparse_categorical_focal_crossentropy"}),
    CLASS_INDEX_LOSSES=frozenset({"sparse_categorical_crossentropy",
                                  "sparse_categorical_focal_crossentropy"}),
    REGRESSION_LOSSES=REGRESSION_LOSSES,
    FLOAT_TARGET_LOSSES=REGRESSION_LOSSES | frozenset({
        "binary_crossentropy", "binary_focal_crossentropy", "kl_divergence"}),
    PROBABILITY_LOSSES=PROBABILITY_LOSSES,
    OPTIMIZERS=frozenset({"SGD", "Adam", "AdamW", "Adamax", "Nadam", "RMSprop", "Adagrad",
                          "Adadelta", "Ftrl", "Lion", "Adafactor", "Lamb", "Muon"}),
    ADAPTIVE_OPTIMIZERS=frozenset({"Adam", "AdamW", "Adamax", "Nadam", "RMSprop", "Lion",
                                   "Lamb"}),
    NORMALISERS=frozenset({"Normalization", "BatchNormalization", "LayerNormalization",
                           "GroupNormalization", "UnitNormalization", "Rescaling"}),
    ACTIVATIONS=frozenset({"Activation", "ReLU", "LeakyReLU", "PReLU", "ELU", "Softmax"}),
    # layers with a ``kernel_initializer`` (separable/depthwise 1D ones have other names)
    WEIGHT_LAYERS=frozenset({"Dense", "Conv1D", "Conv2D", "Conv3D", "Conv1DTranspose",
                             "Conv2DTranspose", "Conv3DTranspose", "SeparableConv2D",
                             "DepthwiseConv2D", "EinsumDense"}),
    MODE_LAYERS=frozenset({"Dropout", "SpatialDropout1D", "SpatialDropout2D",
                           "SpatialDropout3D", "GaussianDropout", "AlphaDropout",
                           "GaussianNoise", "BatchNormalization"}),
    EPSILON_OPTIMIZERS=frozenset({"Adam", "AdamW", "Adamax", "Nadam", "RMSprop", "Adagrad",
                                  "Adadelta", "Lamb", "Adafactor"}),
    PLAIN_SGD=frozenset({"SGD"}),
    SEQUENTIAL_CONTAINERS=frozenset({"Sequential"}),
    FIT_HISTORIES=frozenset({"History"}),
    ZERO_INITIALIZERS=frozenset({"Zeros"}),
    CONSTANT_INITIALIZERS=frozenset({"Zeros", "Ones", "Constant"}),
    NOISE_LAYERS=frozenset({"GaussianNoise"}),
    MASKING_LAYERS=frozenset({"Masking"}),
    FUNCTION_LAYERS=frozenset({"Lambda"}),
    FEATURE_STANDARDISERS=frozenset({"Normalization"}),
    IMAGE_AUGMENTATION=frozenset({"RandomFlip", "RandomRotation", "RandomZoom", "RandomCrop",
                                  "RandomTranslation", "Resizing"}),
    IMAGE_MAP_LAYERS=frozenset({"Conv2D", "SeparableConv2D", "DepthwiseConv2D",
                                "Conv2DTranspose", "MaxPooling2D", "AveragePooling2D"}),
    SEQUENCE_CONVS=frozenset({"Conv1D", "SeparableConv1D", "DepthwiseConv1D"}),
)

#: Keras layer classes (public names under ``keras.layers``) by kind, in asking order
_LAYER_NAMES: tuple[tuple[tuple[str, ...], LayerKind], ...] = (
    (("InputLayer",), LayerKind.INPUT),
    (("Dense", "EinsumDense"), LayerKind.LINEAR),
    (("Conv1DTranspose", "Conv2DTranspose", "Conv3DTranspose"), LayerKind.CONV_TRANSPOSE),
    (("Conv1D", "Conv2D", "Conv3D", "SeparableConv1D", "SeparableConv2D", "DepthwiseConv1D",
      "DepthwiseConv2D"), LayerKind.CONV),
    (("RNN", "LSTM", "GRU", "SimpleRNN", "Bidirectional", "ConvLSTM1D", "ConvLSTM2D",
      "ConvLSTM3D"), LayerKind.RNN),
    (("Embedding",), LayerKind.EMBEDDING),
    (("BatchNormalization",), LayerKind.BATCH_NORM),
    (("LayerNormalization", "GroupNormalization", "UnitNormalization"), LayerKind.NORM),
    (("Normalization", "Rescaling", "Discretization", "CategoryEncoding", "Hashing",
      "StringLookup", "IntegerLookup", "TextVectorization"), LayerKind.PREPROCESSING),
    (("Dropout", "SpatialDropout1D", "SpatialDropout2D", "SpatialDropout3D",
      "GaussianDropout", "AlphaDropout", "GaussianNoise"), LayerKind.DROPOUT),
    (("Softmax",), LayerKind.SOFTMAX),
    (("Activation", "ReLU", "LeakyReLU", "PReLU", "ELU"), LayerKind.ACTIVATION),
    (("MaxPooling1D", "MaxPooling2D", "MaxPooling3D", "AveragePooling1D", "AveragePooling2D",
      "AveragePooling3D", "GlobalMaxPooling1D", "GlobalMaxPooling2D", "GlobalMaxPooling3D",
      "GlobalAveragePooling1D", "GlobalAveragePooling2D", "GlobalAveragePooling3D"),
     LayerKind.POOL),
    (("Flatten", "Reshape"), LayerKind.FLATTEN),
    (("Identity", "ActivityRegularization"), LayerKind.IDENTITY),
    (("MultiHeadAttention", "Attention", "AdditiveAttention", "GroupQueryAttention"),
     LayerKind.ATTENTION),
)
_LAYER_CLASSES: dict[int, tuple[tuple[Any, LayerKind], ...]] = {}


def _layer_classes(k: Any) -> tuple[tuple[Any, LayerKind], ...]:
    hit = _LAYER_CLASSES.get(id(k))
    if hit is None:
        out = []
        for names, kind in _LAYER_NAMES:
            classes = tuple(c for c in (getattr(k.layers, n, None) for n in names)
                            if isinstance(c, type))
            if classes:
                out.append((classes, kind))
        hit = _LAYER_CLASSES[id(k)] = tuple(out)
    return hit


def _root(obj: Any) -> str:
    mod = getattr(type(obj), "__module__", None)
    return mod.split(".", 1)[0] if isinstance(mod, str) else ""


def is_schedule(obj: Any) -> bool:
    k = _keras()
    return k is not None and isinstance(obj, k.optimizers.schedules.LearningRateSchedule)


def is_layer_class(obj: Any) -> bool:
    """A class deriving from ``keras.layers.Layer`` (``keras.Model`` included)."""
    k = _keras()
    try:
        return k is not None and isinstance(obj, type) and issubclass(obj, k.layers.Layer)
    except Exception:  # noqa: BLE001
        return False


def global_policy_name() -> str | None:
    """``keras.mixed_precision.global_policy().name`` ("mixed_float16", "float32"...)."""
    k = _keras()
    try:
        return str(k.mixed_precision.global_policy().name) if k is not None else None
    except Exception:  # noqa: BLE001
        return None


def is_loss_scale_optimizer(opt: Any) -> bool:
    k = _keras()
    cls = getattr(getattr(k, "optimizers", None), "LossScaleOptimizer", None)
    return cls is not None and isinstance(opt, cls)


def is_reduce_lr_on_plateau(obj: Any) -> bool:
    k = _keras()
    cls = getattr(getattr(k, "callbacks", None), "ReduceLROnPlateau", None)
    return cls is not None and isinstance(obj, cls)


def float16_weights(model: Any) -> set[int]:
    """ids of the trainable variables of the model's layers that compute in float16."""
    out: set[int] = set()
    try:
        for layer in model._flatten_layers(include_self=False):
            if getattr(layer, "compute_dtype", None) == "float16":
                out.update(id(w) for w in layer.trainable_weights)
    except Exception:  # noqa: BLE001
        return out
    return out


def optimizer_variables(opt: Any) -> list[Any]:
    """The model variables an optimizer was built for (empty before its first update)."""
    try:
        return list(getattr(unwrap_optimizer(opt), "_trainable_variables", None) or [])
    except Exception:  # noqa: BLE001
        return []


_ATTENTION = ("MultiHeadAttention", "GroupedQueryAttention", "Attention",
              "AdditiveAttention")


def attention_layers(model: Any) -> list[Any]:
    """The attention layers inside a model (nested models and custom layers included)."""
    try:
        return [la for la in model._flatten_layers(include_self=False)
                if type(la).__name__ in _ATTENTION]
    except Exception:  # noqa: BLE001
        return []


def future_dependence(model: Any, ids: Any) -> float | None:
    """Largest change of the model's per-position outputs at positions 0..T-2 when only
    the last token of each row changes (inference call, a few rows): > 0 means an output
    sees a later token. None when the output is not (rows, T, ...)."""
    x = np.array(ids[:4])
    if x.ndim != 2 or x.shape[1] < 3 or x.dtype.kind not in "iu":
        return None
    x2 = x.copy()
    x2[:, -1] = np.where(x[:, -2] != x[:, -1], x[:, -2], x[:, 0])
    if np.array_equal(x, x2) or not _pure_inference(model):
        return None
    try:
        a = np.asarray(model(x, training=False))
        b = np.asarray(model(x2, training=False))
    except Exception:  # noqa: BLE001
        return None
    if a.ndim < 3 or a.shape[:2] != x.shape or not np.all(np.isfinite(a)):
        return None
    return float(np.max(np.abs(a[:, :-1] - b[:, :-1])))


def graphs_built_into(layer: Any) -> int:
    """How many Keras graphs (models) a layer was built into: its inbound nodes (one per
    symbolic call; a Sequential model calls each of its layers once)."""
    try:
        return len(vars(layer).get("_inbound_nodes") or ())
    except Exception:  # noqa: BLE001 - a layer without the usual attributes
        return 0


def _pure_inference(model: Any) -> bool:
    """Whether calling ``model`` leaves every state as it was: a built model with no layer
    that draws random numbers (a seed generator: Dropout, noise, random augmentation; a
    ``call`` may hard-code ``training=True``), keeps state between calls (stateful RNN) or
    moves statistics (BatchNormalization, if ``training`` is forced on)."""
    try:
        if not getattr(model, "built", False):
            return False
        for layer in model._flatten_layers(include_self=True):
            draws = getattr(layer, "seed_generator", None) is not None or \
                bool(getattr(layer, "_seed_generators", None))
            if getattr(layer, "rate", None) == 0:     # Dropout(0): the identity, no draw
                draws = False
            if draws or \
                    getattr(layer, "stateful", False) or \
                    type(layer).__name__ == "BatchNormalization":
                return False
    except Exception:  # noqa: BLE001 - an odd model: do not call it
        return False
    return True


_SEQUENCE_SOURCES = ("Embedding", "MultiHeadAttention", "LSTM", "GRU", "SimpleRNN",
                     "Bidirectional", "Conv1D", "TransformerEncoder")


def sequence_input(layer: Any) -> tuple[str, tuple, tuple] | None:
    """(producing layer's name, input shape, output shape) when a layer of a built
    functional/Sequential graph takes a (batch, steps, features) sequence from an
    Embedding / recurrent / attention / Conv1D layer."""
    try:
        src = layer.input._keras_history[0]
        ins, outs = tuple(layer.input.shape), tuple(layer.output.shape)
    except Exception:  # noqa: BLE001
        return None
    if type(src).__name__ not in _SEQUENCE_SOURCES or len(ins) != 3:
        return None
    return getattr(src, "name", "?"), ins, outs


def is_reduce_lr_on_plateau_class(obj: Any) -> bool:
    k = _keras()
    cls = getattr(getattr(k, "callbacks", None), "ReduceLROnPlateau", None)
    try:
        return cls is not None and isinstance(obj, type) and issubclass(obj, cls)
    except Exception:  # noqa: BLE001
        return False


def lr_schedule(opt: Any) -> Any:
    """The ``LearningRateSchedule`` driving an optimizer (inner one of a loss-scale
    wrapper), or None for a constant learning rate."""
    lr = getattr(unwrap_optimizer(opt), "_learning_rate", None)
    return lr if is_schedule(lr) else None


def schedule_value(schedule: Any, step: int) -> float | None:
    """The learning rate a schedule gives at ``step`` (a pure function of the step)."""
    try:
        v = schedule(step)
        return float(np.asarray(v.numpy() if hasattr(v, "numpy") else v))
    except Exception:  # noqa: BLE001
        return None


def iterations(opt: Any) -> int | None:
    """How many updates the optimizer has applied."""
    it = getattr(unwrap_optimizer(opt), "iterations", None)
    if it is None:
        return None
    try:
        return int(np.asarray(it.numpy() if hasattr(it, "numpy") else it))
    except Exception:  # noqa: BLE001
        return None


class KerasAdapter(BaseAdapter):
    name = "keras"
    modules = ("keras", "tensorflow")
    vocab = VOCAB
    names = {Kind.TENSOR: "tensorflow", Kind.LOADER: "tensorflow"}

    def classify(self, obj: Any) -> Kind | None:
        if is_model(obj):   # user subclasses of keras.Model live in __main__
            return Kind.MODEL
        if _root(obj) not in ("tensorflow", "keras"):
            return None     # other objects are not probed
        if is_tensor(obj):
            return Kind.TENSOR
        if is_dataset(obj):
            return Kind.LOADER
        if is_optimizer(obj):
            return Kind.OPTIMIZER
        if is_loss(obj):
            return Kind.LOSS
        if is_layer(obj):
            return Kind.LAYER
        if is_schedule(obj):
            return Kind.SCHEDULER
        return None

    def layer_kind(self, obj: Any) -> LayerKind | None:
        k = _keras()
        if k is None:
            return None
        if isinstance(obj, k.Model):
            return LayerKind.CONTAINER
        if not isinstance(obj, k.layers.Layer):
            return None
        for classes, kind in _layer_classes(k):
            if isinstance(obj, classes):
                return kind
        return None

    def summary(self, obj: Any) -> ArraySummary:
        return summary(obj)

    def probe(self) -> type | None:
        if "keras" not in sys.modules:   # tensorflow alone: no Keras probe (as before)
            return None
        from ..runtime.keras_probe import KerasProbe

        return KerasProbe


ADAPTER = KerasAdapter()

# module-level access, for code that holds the adapter module (``frameworks.get("keras")``)
classify = ADAPTER.classify
layer_kind = ADAPTER.layer_kind
type_name = ADAPTER.type_name
framework_name = ADAPTER.framework_name
vocab = VOCAB
