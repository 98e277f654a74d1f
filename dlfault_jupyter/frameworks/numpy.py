"""numpy adapter. Imported only when the user has imported numpy."""

from __future__ import annotations

from typing import Any

import numpy as np

from .base import BaseAdapter, Kind
from .summary import ArraySummary, from_numpy_sample, sample_indices


def is_array(obj: Any) -> bool:
    return type(obj) is np.ndarray or (isinstance(obj, np.ndarray)
                                       and type(obj).__module__.startswith("numpy"))


def summary(a: np.ndarray) -> ArraySummary:
    """Sampled summary; reads at most SAMPLE elements whatever the array's size."""
    size = int(a.size)
    if a.dtype.kind not in "biuf" or size == 0:
        sample = np.empty(0)
    else:
        idx = sample_indices(np, size)
        sample = a.reshape(-1)[idx] if a.flags.c_contiguous else a.flat[idx]
    return from_numpy_sample(np, a.shape, str(a.dtype), "cpu", size, np.asarray(sample))


def row_hashes(a: np.ndarray, rows: Any) -> list[int]:
    """Hashes of the given rows (samples along axis 0); each reads one sample only."""
    out = []
    for i in rows:
        r = np.ascontiguousarray(a[int(i)])
        out.append(hash((r.shape, r.dtype.str, r.tobytes())))
    return out


def string_sample(a: Any, k: int = 4096) -> tuple[list[str], int] | None:
    """The strings among at most ``k`` evenly spaced items of a 1-D array of ``str``
    (dtype ``U``) or of objects, and its length; None for any other array."""
    if not is_array(a) or a.ndim != 1 or a.dtype.kind not in "UO":
        return None
    n = int(a.shape[0])
    vals = a[sample_indices(np, n, k)].tolist()
    return [str(v) for v in vals if isinstance(v, str)], n


class NumpyAdapter(BaseAdapter):
    name = "numpy"
    modules = ("numpy",)

    def classify(self, obj: Any) -> Kind | None:
        mod = getattr(type(obj), "__module__", None)
        if isinstance(mod, str) and mod.split(".", 1)[0] == "numpy" and is_array(obj):
            return Kind.ARRAY
        return None

    def summary(self, obj: Any) -> ArraySummary:
        return summary(obj)


ADAPTER = NumpyAdapter()
