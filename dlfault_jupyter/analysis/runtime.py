"""Shared by several rules (moved from rules/runtime_rules.py)."""

from __future__ import annotations

import math
from collections.abc import Iterator
from statistics import median
from typing import Any

from ..context import CellContext
from ..frameworks import type_name
from ..registry import Evidence, Rule
from ..wording import describe, layer_path, num
from .lr import keras_lr_fix, torch_lr_fix


def _fmt(v: float | None) -> str:
    """A number people read (wording.num): ``0.6905``, ``12,300``, ``6.3 × 10⁻⁸``."""
    return num(v)


def _mean(xs: list[float]) -> float:
    return sum(xs) / len(xs) if xs else float("nan")


def keras_run(tr: Any) -> bool:
    """The run was a Keras ``fit`` (no PyTorch step or backward was seen)."""
    return tr is not None and "keras" in tr.frameworks and not tr.step_calls and \
        not tr.backward_calls


def framework(tr: Any) -> str:
    """"keras" or "torch": the framework whose words a finding on this run speaks."""
    return "keras" if keras_run(tr) else "torch"


def _model(tr: Any) -> str:
    """The variable of the model this run trained (not another model of the namespace)."""
    if keras_run(tr):
        if tr.keras_models:
            return tr.keras_models[0]
    else:
        for ls in tr.param_layers():     # the model whose layers were probed
            base = ls.name.split(".")[0]
            if not base.startswith("<"):
                return base
    return tr.models[0] if tr.models else "model"


def _lname(ctx: CellContext, ls: Any, kind: str | None = None) -> str:
    """```deep[4]` (Linear 64→2)``: a probed layer (its stats, or its dotted name) by the
    path the user types and a short description of the module (wording.py)."""
    name = ls if isinstance(ls, str) else ls.name
    kind = kind or getattr(ls, "kind", None)
    base, _, rest = name.partition(".")
    if base.startswith("<") or not base.isidentifier():
        return f"`{name}`" + (f" ({kind})" if kind else "")
    obj: Any = ctx.user_ns.get(base)
    for part in rest.split(".") if rest else ():
        obj = getattr(obj, part, None) if obj is not None else None
    desc = describe(obj) if obj is not None and (kind is None or type_name(obj) == kind) \
        else kind
    return f"`{layer_path(base, rest)}`" + (f" ({desc})" if desc else "")


def _lr_line(ctx: CellContext, tr: Any, direction: str) -> str:
    """The learning-rate fix every learning-rate finding shares (rules/_lr.py)."""
    if keras_run(tr):
        return keras_lr_fix(ctx, _model(tr), direction)
    return torch_lr_fix(ctx, _opt(tr), _model(tr), direction)[0]


def _opt(tr: Any) -> str:
    if keras_run(tr):
        return f"{_model(tr)}.optimizer"
    return tr.optimizers[0] if tr.optimizers else "optimizer"


def _keras_loss(tr: Any) -> str:
    """The Keras cross-entropy of the run's loss, on raw scores (for a fix)."""
    name = (tr.loss_name or "").lower().replace("_", "")
    if name and "crossentropy" not in name:
        return "..."
    cls = ("SparseCategoricalCrossentropy" if "sparse" in name else
           "CategoricalCrossentropy" if "categorical" in name else
           "BinaryCrossentropy" if "binary" in name else
           "SparseCategoricalCrossentropy")
    return f"keras.losses.{cls}(from_logits=True)"


def _finite_prefix(tr: Any) -> list[float]:
    """Loss values up to the first non-finite one."""
    out = []
    for _s, v in tr.losses.points:
        if not math.isfinite(v):
            break
        out.append(v)
    return out


def _windows(vals: list[float]) -> tuple[float, float, int]:
    w = max(2, len(vals) // 10)
    return _mean(vals[:w]), _mean(vals[-w:]), w


def diverges(tr: Any) -> dict[str, Any] | None:
    """The loss grew far above where it started (before any NaN)."""
    vals = _finite_prefix(tr)
    n = len(vals)
    if n < 5 or vals[0] <= 0:
        return None
    l0, lo, hi = vals[0], min(vals), max(vals)
    went_bad = tr.losses.first_bad is not None
    if went_bad:
        tail = max(vals[-3:])
        if tail >= 100 * l0:
            return {"first": l0, "last": tail, "lo": lo}
        return None
    if n < 8:
        return None
    rest = sorted(vals[n // 2:])
    med = rest[len(rest) // 2]
    if med > 3 * l0 and hi >= 10 * l0:
        return {"first": l0, "last": med, "lo": lo}
    return None


def interleaved_objectives(tr: Any) -> bool:
    """Several optimizers, each stepped after its own loss (a GAN's discriminator and
    generator, actor and critic): the recorded losses alternate between objectives that
    are meant to pull against each other, so their sequence has no single trend."""
    n = getattr(tr, "n_optimizers", 0)
    return n >= 2 and tr.backward_calls > tr.step_calls / n


def loss_shape(tr: Any) -> tuple[str | None, dict[str, Any]]:
    """What the loss curve did: "nonfinite", "diverge", "oscillate", "plateau" or None."""
    if tr is None or not len(tr.losses):
        return None, {}
    if interleaved_objectives(tr):
        return ("nonfinite" if tr.losses.first_bad is not None else None), {}
    d = diverges(tr)
    if d:
        return "diverge", d
    if tr.losses.first_bad is not None:
        return "nonfinite", {}
    vals = _finite_prefix(tr)
    n = len(vals)
    if n < 20:
        return None, {}
    first, last, w = _windows(vals)
    diffs = [b - a for a, b in zip(vals, vals[1:], strict=False)]
    nz = [d for d in diffs if d != 0]
    flips = sum(1 for a, b in zip(nz, nz[1:], strict=False) if (a > 0) != (b > 0))
    flip_frac = flips / max(1, len(nz) - 1)
    level = median(vals)
    amp = median(abs(d) for d in diffs)
    if level > 0 and flip_frac >= 0.55 and amp >= 0.5 * level and amp >= 0.2 * vals[0]:
        return "oscillate", {"amp": amp, "level": level, "flip": flip_frac}
    if first > 0.05 and abs(last - first) <= 0.02 * first:
        return "plateau", {"first": first, "last": last, "w": w}
    return None, {}


class RuntimeRule(Rule):
    evidence = "runtime"
    scope = "runtime"
    silent = True
    frameworks = ("torch", "keras")

    def __init_subclass__(cls, **kwargs: Any) -> None:
        """Every finding of a runtime rule carries ``framework`` ("torch"/"keras"), and is
        written with the rule's text variant of that name when it declares one
        (``texts = {"keras": Texts(...)}``: the Keras wording of a run of ``fit``), before
        any variant the check picks itself."""
        super().__init_subclass__(**kwargs)
        check = cls.__dict__.get("check")
        if check is None:
            return

        def framed(self: Any, ctx: CellContext) -> Iterator[Evidence]:
            fw = framework(ctx.runtime)
            for ev in check(self, ctx) or ():
                ev.fields.setdefault("framework", fw)
                if fw in cls.texts:
                    picked = (ev.variant,) if isinstance(ev.variant, str) else \
                        ev.variant or ()
                    ev.variant = (fw, *picked)
                yield ev

        framed.__doc__ = check.__doc__
        framed.__wrapped__ = check  # type: ignore[attr-defined]
        cls.check = framed  # type: ignore[method-assign]
