"""Class strings that are one class written several ways.

``split_spellings(ctx)`` finds this cell's encodings of string values into classes —
``LabelEncoder().fit(y)`` / ``fit_transform``, ``pd.factorize(y)`` / ``y.factorize()``,
``pd.get_dummies(y)``, ``pd.Categorical(y)``, ``y.astype("category")``,
``np.unique(y, return_inverse=True)`` — where ``y`` is a variable, a DataFrame column
(``df.label`` / ``df["label"]``), a NumPy array of strings or a list, and reads a bounded
sample of its values (the adapters' ``string_sample``: at most 4096 evenly spaced values,
whatever the data's size). Spellings that are equal once surrounding spaces are stripped,
inner runs of spaces collapsed and case folded (``"cat"``, ``"Cat"``, ``"cat "``) become
separate classes: those groups are returned with their counts in the sample.
"""

from __future__ import annotations

import ast
import sys
from collections import Counter
from dataclasses import dataclass
from typing import Any

from .. import frameworks
from ..context import CellContext
from ..frameworks import type_name

SAMPLE = 4096
MAX_CLASSES = 1000        # more distinct strings than this: not a label column
_FUNCS = ("pandas.factorize", "pandas.get_dummies", "pandas.Categorical", "numpy.unique")
_ENCODERS = ("sklearn.preprocessing.LabelEncoder", "sklearn.preprocessing.OrdinalEncoder")


@dataclass(frozen=True)
class SplitSpellings:
    call: ast.Call
    line: int
    data: str                                   # the encoded expression, as written
    store: str                                  # where to write cleaned values back
    subject: str | None                         # its variable
    groups: tuple[tuple[tuple[str, int], ...], ...]   # spellings of one class, with counts
    distinct: int                               # distinct strings in the sample
    classes: int                                # ... after normalisation
    sampled: int                                # values read
    total: int                                  # values in the data


def normal(s: str) -> str:
    """The spelling-independent form of a class string."""
    return " ".join(s.split()).casefold()


def _is_encoder(ctx: CellContext, recv: ast.expr) -> bool:
    if isinstance(recv, ast.Call):
        return ctx.analysis.names.matches(recv.func, *_ENCODERS)
    if isinstance(recv, ast.Name):
        obj = ctx.user_ns.get(recv.id)
        return type_name(obj) in ("LabelEncoder", "OrdinalEncoder") and str(
            getattr(type(obj), "__module__", "")).startswith("sklearn")
    return False


def _encoded(ctx: CellContext, c: Any) -> ast.expr | None:
    """The expression an encoding call turns into classes, or None."""
    node, f = c.node, c.node.func
    if isinstance(f, ast.Attribute) and f.attr in ("fit", "fit_transform") and node.args \
            and _is_encoder(ctx, f.value):
        return node.args[0]
    if node.args and ctx.analysis.names.matches(f, *_FUNCS):
        if ctx.analysis.names.matches(f, "numpy.unique") and not any(
                k.arg == "return_inverse" for k in node.keywords):
            return None
        return node.args[0]
    if isinstance(f, ast.Attribute) and f.attr == "factorize" and not node.args:
        return f.value
    if isinstance(f, ast.Attribute) and f.attr == "astype" and node.args and \
            isinstance(node.args[0], ast.Constant) and node.args[0].value == "category":
        return f.value
    return None


def _value(ctx: CellContext, e: ast.expr) -> tuple[Any, str | None, str]:
    """(the value of a name or a DataFrame column, its variable, the code naming it for an
    assignment: ``df["label"]`` for ``df.label``) — nothing is evaluated."""
    if isinstance(e, ast.Name):
        return ctx.user_ns.get(e.id), e.id, e.id
    base, key = None, None
    if isinstance(e, ast.Attribute) and isinstance(e.value, ast.Name):
        base, key = e.value.id, e.attr
    elif isinstance(e, ast.Subscript) and isinstance(e.value, ast.Name) and \
            isinstance(e.slice, ast.Constant) and isinstance(e.slice.value, str):
        base, key = e.value.id, e.slice.value
    if base is None or "pandas" not in sys.modules:
        return None, None, ""
    from ..frameworks import pandas as pda
    return pda.column(ctx.user_ns.get(base), key), base, f'{base}["{key}"]'


def _sample(obj: Any) -> tuple[list[str], int] | None:
    if isinstance(obj, list):
        n = len(obj)
        step = max(n // SAMPLE, 1)
        vals = obj[::step][:SAMPLE]
        return [str(v) for v in vals if isinstance(v, str)], n
    mod = str(getattr(type(obj), "__module__", ""))
    if mod.startswith("pandas") and "pandas" in sys.modules:
        from ..frameworks import pandas as pda
        return pda.string_sample(obj, SAMPLE)
    if mod.startswith("numpy") and frameworks.get("numpy") is not None:
        from ..frameworks import numpy as npa
        return npa.string_sample(obj, SAMPLE)
    return None


def split_spellings(ctx: CellContext) -> list[SplitSpellings]:
    """This cell's encodings of class strings where one class has several spellings."""
    src = ctx.source
    if not src.ok:
        return []
    out: list[SplitSpellings] = []
    for c in src.calls:
        e = _encoded(ctx, c)
        if e is None:
            continue
        obj, subject, store = _value(ctx, e)
        got = _sample(obj) if obj is not None else None
        if not got or not got[0]:
            continue
        vals, total = got
        counts = Counter(vals)
        if len(counts) > MAX_CLASSES:
            continue
        by: dict[str, list[tuple[str, int]]] = {}
        for v, k in counts.most_common():
            by.setdefault(normal(v), []).append((v, k))
        groups = tuple(tuple(g) for g in by.values() if len(g) > 1)
        if groups:
            out.append(SplitSpellings(c.node, c.line, src.segment(e), store, subject, groups,
                                      len(counts), len(by), len(vals), total))
    return out
