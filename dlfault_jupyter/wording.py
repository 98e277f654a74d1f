"""Names and numbers as people read them in a finding's message.

* a layer by the name the user types and a short description:
  ``deep[0] (Linear 10→64)``, not ``0: Linear(in_features=10, out_features=64, bias=True)``;
* numbers without exponent notation where possible: ``0.0012``, ``12,300``, ``4.2 million``,
  ``6.3 × 10⁻⁸``; and ratios as ``16 million times``, not ``1.6e+07×``.

Layers are described from their public attributes (``in_features``, ``out_channels``, ...),
so this module needs no framework type and imports none.
"""

from __future__ import annotations

import math
from typing import Any

_SUP = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def layer_path(model: str | None, qualname: str) -> str:
    """``deep`` + ``"0"`` -> ``deep[0]``; ``net`` + ``"encoder.0.fc"`` ->
    ``net.encoder[0].fc``; ``self.fc1`` stays as it is."""
    if qualname.startswith("self.") or not model:
        return qualname
    out = model
    for part in qualname.split(".") if qualname else ():
        out += f"[{part}]" if part.isdigit() else f".{part}"
    return out


def _pair(v: Any) -> str:
    try:
        t = tuple(int(x) for x in v)
    except TypeError:
        return str(v)
    return "×".join(str(x) for x in t)


def describe(m: Any) -> str:
    """``Linear 10→64``, ``Conv2d 3→16, 3×3``, ``BatchNorm2d 16``, ``Dropout p=0.5``,
    ``LSTM 10→32``, ``Embedding 1000→64``; otherwise the class name."""
    cls = type(m).__name__
    g = lambda a: getattr(m, a, None)  # noqa: E731
    try:
        if g("in_features") is not None and g("out_features") is not None:
            return f"{cls} {g('in_features')}→{g('out_features')}"
        if g("in_channels") is not None and g("out_channels") is not None:
            k = g("kernel_size")
            return f"{cls} {g('in_channels')}→{g('out_channels')}" + (f", {_pair(k)}" if k else "")
        if g("num_embeddings") is not None and g("embedding_dim") is not None:
            return f"{cls} {g('num_embeddings')}→{g('embedding_dim')}"
        if g("input_size") is not None and g("hidden_size") is not None:
            return f"{cls} {g('input_size')}→{g('hidden_size')}"
        if g("num_features") is not None:
            return f"{cls} {g('num_features')}"
        if cls.endswith("Dropout") and isinstance(g("p"), (int, float)):
            return f"{cls} p={g('p'):g}"
        if isinstance(g("units"), int):                       # Keras Dense
            return f"{cls} {g('units')} units"
    except Exception:  # noqa: BLE001 - an odd module: its class name is enough
        pass
    return cls


def layer(model: str | None, qualname: str, m: Any) -> str:
    """```deep[0]` (Linear 10→64)`` (the path in backticks, for the renderers)."""
    return f"`{layer_path(model, qualname)}` ({describe(m)})"


def layer_label(model: str | None, label: str) -> str:
    """``"3: Softmax"`` (a framework adapter's label of a Sequential child) ->
    ``deep[3]`` (the class is said next to it); other labels (``F.softmax(...)``,
    ``self.fc2``) stay as they are."""
    name, sep, cls = label.partition(": ")
    if sep and cls.isidentifier() and " " not in name:
        return layer_path(model, name)
    return label


def num(v: float | int | None, digits: int = 4) -> str:
    """A number to read: ``0.6905``, ``345.3``, ``12,300``, ``4.2 million``,
    ``6.3 × 10⁻⁸``; ``nan``/``inf`` as they are."""
    if v is None:
        return "?"
    v = float(v)
    if not math.isfinite(v) or v == 0:
        return f"{v:g}"
    a = abs(v)
    if 1e-4 <= a < 1e5:
        s = f"{v:.{digits}g}"
        if "e" in s:                      # 12345.6 with 4 digits -> 1.235e+04
            s = f"{v:,.0f}"
        elif a >= 1e4:
            s = f"{v:,.0f}"
        return s
    for big, word in ((1e12, "trillion"), (1e9, "billion"), (1e6, "million")):
        if big <= a < big * 1000:
            return f"{v / big:.2g} {word}" if v / big < 10 else f"{v / big:.3g} {word}"
    if 1e5 <= a < 1e6:
        return f"{v:,.0f}"
    e = math.floor(math.log10(a))
    mant = v / 10 ** e
    return f"{mant:.2g} × 10{str(e).translate(_SUP)}"


def times(ratio: float | None) -> str:
    """A factor ≥ 1 in words: ``4.2 times``, ``1,300 times``, ``16 million times``."""
    return f"{num(ratio, 2 if ratio is not None and abs(ratio) < 10 else 3)} times"
