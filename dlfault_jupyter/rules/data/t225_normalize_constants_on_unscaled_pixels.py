from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...analysis.datasets import item_normalisation, resolve_constant
from ...analysis.roles import _fmt
from ...context import CellContext
from ...frameworks import type_name
from ...frameworks.base import Kind
from ...registry import Evidence, Rule, register


def _pixels(s: Any) -> bool:
    """Whole numbers from 0 up to 64..255: raw 8-bit pixel values (cast or not)."""
    return bool(s.has_values and not s.n_nan and not s.n_inf and s.min is not None
                and s.min >= 0 and 64 <= s.max <= 255 and s.integral
                and (s.uniques is None or len(s.uniques) > 16))


def _summary(obj: Any) -> Any:
    """The sampled summary of a stored array or tensor (None for anything else)."""
    if obj is None:
        return None
    for a in frameworks.loaded_adapters():
        if a.classify(obj) in (Kind.TENSOR, Kind.ARRAY):
            return a.summary(obj)
    return None


def _fmt_const(vals: tuple[float, ...]) -> str:
    return _fmt(vals[0]) if len(vals) == 1 else "(" + ", ".join(_fmt(v) for v in vals) + ")"


@register
class NormalizeConstantsOnUnscaledPixels(Rule):
    id = "DLF-T225"
    name = "normalize-constants-on-unscaled-pixels"
    title = "Normalisation constants meant for [0, 1] applied to raw 0–255 pixels"
    taxonomy = "training.preprocessing"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("`{cls}.__getitem__` normalises `self.{attr}` (pixel values {lo}–{hi}) with "
               "mean={mean}, std={std}, constants for inputs in [0, 1]: the items of "
               "`{data}` reach the model in {out_lo}…{out_hi} instead of about −1…1.")
    beginner = """Normalisation constants such as mean=0.5, std=0.5 (or the ImageNet
0.485/0.229) are meant for images already scaled to [0, 1]. Here
the pixels are still whole numbers up to {hi}, so subtracting {mean} and dividing by {std}
makes them larger, up to {out_hi}: the model gets huge inputs, and training is unstable
or stalls without any error. Divide by 255 first, then normalise."""
    expert = """`({expr})` on values in [{lo}, {hi}] gives [{out_lo}, {out_hi}]: the
constants (mean {mean}, std {std}) are statistics of [0, 1]-scaled data, so the result is
neither standardised nor bounded. Scale to [0, 1] before subtracting them (as an image
pipeline's to-tensor conversion of uint8 images does before its `Normalize`), or use the
mean/std of the raw 0–255 data."""
    fix = """# in {cls}.__getitem__: scale to [0, 1] before normalising
x = {scaled}"""
    known_false_alarms = ("Constants that are truly the statistics of the raw data (a mean "
                          "below 1 on 0–255 pixels is not).")
    references = ("https://pytorch.org/vision/stable/generated/torchvision.transforms.Normalize.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        t = frameworks.get("torch")
        if t is None:
            return
        seen: set[int] = set()
        done: set[tuple[type, str]] = set()   # one finding per class and field (train/test)
        for v in ctx.ns.touched("loader", "dataset", framework="torch"):
            ds = getattr(v.obj, "dataset", None) if t.is_loader(v.obj) else v.obj
            if ds is None or id(ds) in seen or not t.is_dataset(ds):
                continue
            seen.add(id(ds))
            for n in item_normalisation(type(ds)):
                if (type(ds), n.attr) in done:
                    continue
                ev = self._one(ctx, v.name, ds, n)
                if ev is not None:
                    done.add((type(ds), n.attr))
                    yield ev

    @staticmethod
    def _one(ctx: CellContext, name: str, ds: Any, n: Any) -> Evidence | None:
        mean, std = resolve_constant(ds, n.mean), resolve_constant(ds, n.std)
        if mean is None or std is None:
            return None
        if not all(0 <= m <= 1 for m in mean) or not all(0 < s <= 1 for s in std):
            return None
        d = getattr(ds, "__dict__", None)
        arr = d.get(n.attr) if isinstance(d, dict) else None
        s = _summary(arr)
        if s is None or not _pixels(s):
            return None
        lo, hi = s.min, s.max
        pairs = list(zip(mean, std, strict=True)) if len(mean) == len(std) else \
            [(m, sd) for m in mean for sd in std]
        out_lo = min((lo - m) / sd for m, sd in pairs)
        out_hi = max((hi - m) / sd for m, sd in pairs)
        return Evidence(subject=name, key=(type_name(ds), n.attr), cls=type_name(ds),
                        attr=n.attr, data=name, lo=_fmt(lo), hi=_fmt(hi),
                        mean=_fmt_const(mean), std=_fmt_const(std), out_lo=_fmt(out_lo),
                        out_hi=_fmt(out_hi), expr=n.text, scaled=n.scaled)
