"""pandas adapter. Imported only when the user has imported pandas.

Only plain ``pandas.DataFrame`` / ``pandas.Series`` objects are read (subclasses are user
code: their indexing may do anything). The statistics read only numeric columns (numpy
numbers and bools, pandas' own nullable Int/Float/boolean); object, string and categorical
columns are read only by ``string_sample`` (the spellings of class labels, one bounded
``iloc``), datetime columns never. Every read selects a bounded set of rows and columns
(``iloc`` with ≤ 4096 positions): its cost does not grow with the number of rows, and the
frame is never converted as a whole (no ``.values`` / ``.to_numpy()`` of the frame).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from .base import BaseAdapter, Kind
from .summary import SAMPLE, ArraySummary, from_numpy_sample, sample_indices

MAX_COLUMNS = 256     # columns whose dtype is looked at, evenly spaced


def is_frame(obj: Any) -> bool:
    return type(obj) is pd.DataFrame


def is_series(obj: Any) -> bool:
    return type(obj) is pd.Series


def is_data(obj: Any) -> bool:
    """A plain DataFrame or Series (never a subclass)."""
    t = type(obj)
    return t is pd.DataFrame or t is pd.Series


def _numeric(dtype: Any) -> bool:
    """A numeric dtype whose values numpy/pandas themselves produce (no third-party
    extension array, whose code could run on a read)."""
    if isinstance(dtype, np.dtype):
        return dtype.kind in "biuf"
    mod = type(dtype).__module__ or ""
    return mod.startswith("pandas") and getattr(dtype, "kind", "") in "biuf" and \
        type(dtype).__name__ in ("Int8Dtype", "Int16Dtype", "Int32Dtype", "Int64Dtype",
                                 "UInt8Dtype", "UInt16Dtype", "UInt32Dtype", "UInt64Dtype",
                                 "Float32Dtype", "Float64Dtype", "BooleanDtype")


def _dtype_name(dtype: Any) -> str:
    if getattr(dtype, "kind", "") == "b":
        return "bool"
    return str(dtype).lower()


def numeric_columns(df: pd.DataFrame, limit: int = MAX_COLUMNS) -> tuple[list[int], bool]:
    """(positions of numeric columns among at most ``limit`` evenly spaced ones, whether
    every column of the frame is numeric)."""
    ncols = df.shape[1]
    cols = sample_indices(np, ncols, limit)
    dtypes = df.dtypes.to_numpy()   # one entry per column (metadata, no values read)
    kinds = set(dtypes.tolist())    # a few distinct dtypes, however many columns
    numeric = {d for d in kinds if _numeric(d)}
    pos = [int(j) for j in cols if dtypes[int(j)] in numeric]
    return pos, len(numeric) == len(kinds)


def _common_dtype(df: pd.DataFrame, pos: list[int], all_numeric: bool) -> str:
    if not pos:
        return "object"
    if not all_numeric:
        return "object"     # a frame with text/categorical columns is not a numeric matrix
    dtypes = df.dtypes.to_numpy()
    dts = {dtypes[j] for j in pos}
    if len(dts) == 1:
        return _dtype_name(next(iter(dts)))
    try:
        npd = [d if isinstance(d, np.dtype) else np.dtype(d.numpy_dtype) for d in dts]
        return str(np.result_type(*npd))
    except Exception:  # noqa: BLE001
        return "float64"


def matrix(obj: Any, rows: Any, cols: list[int] | None = None) -> np.ndarray | None:
    """float64 matrix of the given row positions × numeric column positions (NaN for
    missing values); a Series gives one column. ``None`` when nothing numeric."""
    ri = np.asarray(rows, dtype="int64")
    if type(obj) is pd.Series:
        if not _numeric(obj.dtype):
            return None
        v = obj.iloc[ri].to_numpy(dtype="float64", na_value=np.nan)
        return v.reshape(-1, 1)
    if not cols:
        return None
    # rows first: ``iloc[rows, cols]`` with irregular columns takes the columns first,
    # which copies them whole (O(rows of the frame)); this copies len(rows) x columns
    part = obj.iloc[ri].iloc[:, cols]
    return np.asarray(part.to_numpy(dtype="float64", na_value=np.nan), dtype="float64")


def summary(obj: Any) -> ArraySummary:
    """Sampled summary on numeric values only; reads at most SAMPLE values."""
    shape = tuple(int(d) for d in obj.shape)
    n = shape[0]
    if type(obj) is pd.Series:
        dtype = _dtype_name(obj.dtype)
        size = n
        if n == 0 or not _numeric(obj.dtype):
            return from_numpy_sample(np, shape, dtype, "cpu", size, np.empty(0))
        m = matrix(obj, sample_indices(np, n, SAMPLE))
        assert m is not None  # a numeric Series
        if dtype.startswith(("int", "uint", "bool")) and np.isnan(m).any():
            dtype = "float64"   # a missing value in a nullable integer column
        return from_numpy_sample(np, shape, dtype, "cpu", size, m.reshape(-1))
    size = n * shape[1]
    pos, all_numeric = numeric_columns(obj)
    dtype = _common_dtype(obj, pos, all_numeric)
    if n == 0 or not pos:
        return from_numpy_sample(np, shape, dtype, "cpu", size, np.empty(0))
    cols = [pos[int(i)] for i in sample_indices(np, len(pos), 64)]
    k = max(1, SAMPLE // len(cols))
    m = matrix(obj, sample_indices(np, n, k), cols)
    assert m is not None  # numeric columns were found
    s = from_numpy_sample(np, shape, dtype, "cpu", size, m.reshape(-1))
    if dtype.startswith(("int", "uint", "bool")) and s.n_nan:
        # a missing value in a nullable integer column: the frame is not an int matrix
        s = from_numpy_sample(np, shape, "float64", "cpu", size, m.reshape(-1))
    return s


def column_labels(df: pd.DataFrame, pos: list[int]) -> list[str]:
    out = []
    for j in pos:
        c = df.columns[j]
        out.append(repr(c) if isinstance(c, str) else str(c))
    return out


class PandasAdapter(BaseAdapter):
    """Plain DataFrames and Series only (subclasses are user code)."""

    name = "pandas"
    modules = ("pandas",)

    def classify(self, obj: Any) -> Kind | None:
        t = type(obj)
        if t is pd.DataFrame:
            return Kind.DATAFRAME
        if t is pd.Series:
            return Kind.SERIES
        return None

    def summary(self, obj: Any) -> ArraySummary:
        return summary(obj)


ADAPTER = PandasAdapter()


def column(df: Any, key: Any) -> Any:
    """The column ``key`` of a plain DataFrame (``df[key]``, no copy), else None."""
    if type(df) is not pd.DataFrame or not isinstance(key, str):
        return None
    try:
        if key not in df.columns or not df.columns.is_unique:
            return None
        col = df[key]
    except (TypeError, KeyError, ValueError):
        return None
    return col if type(col) is pd.Series else None


def string_sample(obj: Any, k: int = SAMPLE) -> tuple[list[str], int] | None:
    """The strings among at most ``k`` evenly spaced values of a plain Series of object,
    string or categorical dtype, and the Series' length (one ``iloc`` of ``k`` positions:
    the only read of non-numeric values in this adapter; only ``str`` values are kept,
    nothing of the other objects is called). None for any other object."""
    if type(obj) is not pd.Series:
        return None
    dt = obj.dtype
    if not ((isinstance(dt, np.dtype) and dt.kind == "O") or
            isinstance(dt, (pd.StringDtype, pd.CategoricalDtype))):
        return None
    n = len(obj)
    vals = obj.iloc[sample_indices(np, n, k)].tolist()
    return [str(v) for v in vals if isinstance(v, str)], n
