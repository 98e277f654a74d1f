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
