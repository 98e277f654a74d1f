"""Framework-neutral summary of an array's values, computed on a bounded sample.

The cost of a summary never grows with the size of the data: at most ``SAMPLE`` elements
are read, spread evenly over the flat array.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

SAMPLE = 4096


@dataclass(frozen=True)
class ArraySummary:
    shape: tuple[int, ...]
    dtype: str            # framework-neutral: "float32", "int64", "uint8", "bool", ...
    device: str           # "cpu", "cuda:0", ...
    size: int
    sampled: int          # number of elements read (0 when values were not read)
    exact: bool           # every element was read
    min: float | None
    max: float | None
    mean: float | None
    std: float | None
    n_nan: int
    n_inf: int
    integral: bool        # all sampled finite values are whole numbers
    uniques: tuple[float, ...] | None  # sorted distinct sampled values if ≤ 64 of them

    @property
    def is_float(self) -> bool:
        return self.dtype.startswith(("float", "bfloat", "half", "double"))

    @property
    def is_int(self) -> bool:
        return self.dtype.startswith(("int", "uint", "long", "short"))

    @property
    def has_values(self) -> bool:
        return self.sampled > 0


def from_numpy_sample(np, shape, dtype: str, device: str, size: int, sample) -> ArraySummary:
    """Build a summary from a 1-D numpy sample of the array's values."""
    s = sample
    n = int(s.size)
    if n == 0 or s.dtype.kind not in "biuf":
        return ArraySummary(tuple(shape), dtype, device, size, 0, False, None, None, None,
                            None, 0, 0, False, None)
    if s.dtype.kind == "b":
        s = s.astype("uint8")
    if s.dtype.kind == "f":
        nan = np.isnan(s)
        inf = np.isinf(s)
        n_nan, n_inf = int(nan.sum()), int(inf.sum())
        fin = s[~(nan | inf)]
    else:
        n_nan = n_inf = 0
        fin = s
    mn: float | None
    mx: float | None
    mean: float | None
    std: float | None
    if fin.size:
        f64 = fin.astype("float64")
        mn, mx = float(f64.min()), float(f64.max())
        mean, std = float(f64.mean()), float(f64.std())
        integral = bool(np.all(np.floor(f64) == f64))
        u = np.unique(f64)
        uniques = tuple(float(x) for x in u) if u.size <= 64 else None
    else:
        mn = mx = mean = std = None
        integral = False
        uniques = None
    return ArraySummary(tuple(int(d) for d in shape), dtype, device, int(size), n, n >= size,
                        mn, mx, mean, std, n_nan, n_inf, integral, uniques)


def shape_str(shape: Any) -> str:
    """``(64, 1, 28, 28)``, ``(10,)``; unknown dimensions (None or -1) as ``None``."""
    dims = tuple(shape)
    if len(dims) == 1:
        return f"({dims[0]},)"
    return "(" + ", ".join("None" if d is None or d == -1 else str(d) for d in dims) + ")"


def sample_indices(np, size: int, k: int = SAMPLE):
    if size <= k:
        return np.arange(size)
    return np.linspace(0, size - 1, k).astype("int64")
