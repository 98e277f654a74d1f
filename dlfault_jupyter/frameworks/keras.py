"""Keras / TensorFlow adapter. Imported only when the user has imported keras or
tensorflow (``import tensorflow`` alone loads Keras 3 lazily as ``tf.keras``).

Nothing here builds, compiles, fits or calls a model.
"""

from __future__ import annotations

import sys
from typing import Any

import numpy as np

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
