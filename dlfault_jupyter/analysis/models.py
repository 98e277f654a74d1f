"""Shared by several rules (moved from rules/keras_model.py)."""

from __future__ import annotations

from .. import frameworks
from ..context import CellContext


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
