"""Shared by several rules (moved from rules/_lr.py)."""

from __future__ import annotations

from typing import Any

from ..frameworks import type_name

#: a typical starting learning rate per PyTorch optimizer class
TYPICAL = {"SGD": "0.01", "Adagrad": "0.01", "Adadelta": "1.0"}


DEFAULT_TYPICAL = "1e-3"   # Adam, AdamW, NAdam, RAdam, Adamax, RMSprop


def typical_lr(kind: str) -> str:
    return TYPICAL.get(kind, DEFAULT_TYPICAL)


def owner_model(ctx: Any, opt: Any) -> str | None:
    """The name of the model variable whose parameters the optimizer holds (the first
    parameter is enough; cost bounded by the number of parameter tensors)."""
    try:
        first = next(p for g in opt.param_groups for p in g["params"])
    except Exception:  # noqa: BLE001 - an odd optimizer: no name
        return None
    for v in ctx.ns.of_kind("model", framework="torch"):
        try:
            if any(p is first for p in v.obj.parameters()):
                return v.name
        except Exception:  # noqa: BLE001
            continue
    return None


def torch_lr_fix(ctx: Any, opt_name: str, model: str | None = None,
                 direction: str = "high") -> tuple[str, str, float | None]:
    """(fix line, optimizer class, current lr) for the PyTorch optimizer ``opt_name``:
    ``opt = torch.optim.SGD(model.parameters(), lr=0.01, momentum=0.9)   # was lr=10``.
    ``direction``: the learning rate is too "high" or too "low"; when the current one is
    already on the typical value's side, the advice is 10× further (never the same lr)."""
    opt = ctx.user_ns.get(opt_name) if opt_name and opt_name.isidentifier() else None
    kind, lr, extra = "SGD", None, ""
    groups = getattr(opt, "param_groups", None)
    if opt is not None and isinstance(groups, list) and groups:
        kind = type_name(opt)
        g = groups[0]
        v = g.get("initial_lr", g.get("lr"))
        lr = float(v) if isinstance(v, (int, float)) else None
        m = g.get("momentum")
        if kind == "SGD" and isinstance(m, (int, float)) and m > 0:
            extra = f", momentum={m:g}"
        model = model or owner_model(ctx, opt)
    typical = typical_lr(kind)
    if lr is not None and lr > 0:
        if direction == "high" and lr <= float(typical):
            typical = f"{lr / 10:g}"
        elif direction == "low" and lr >= float(typical):
            typical = f"{lr * 10:g}"
    was = f"   # was lr={lr:g}" if lr is not None else ""
    return (f"{opt_name} = torch.optim.{kind}({model or 'model'}.parameters(), "
            f"lr={typical}{extra}){was}", kind, lr)


#: Keras: a typical starting learning rate per optimizer class (Adam-type and RMSprop 1e-3)
KERAS_TYPICAL = {"SGD": "0.01", "Adagrad": "0.01", "Adadelta": "1.0"}


def keras_lr_fix(ctx: Any, model: str, direction: str = "high") -> str:
    """``model.compile(optimizer=keras.optimizers.Adam(learning_rate=1e-3), loss=...)   # was
    learning_rate=0.5``: the class the user compiled with, a typical learning rate."""
    from .. import frameworks

    k = frameworks.get("keras")
    obj = ctx.user_ns.get(model) if model and model.isidentifier() else None
    opt = getattr(obj, "optimizer", None) if obj is not None else None
    if k is not None and opt is not None:
        opt = k.unwrap_optimizer(opt)
    kind = type_name(opt) if opt is not None else "Adam"
    lr = k.learning_rate(opt) if (k is not None and opt is not None) else None
    typical = KERAS_TYPICAL.get(kind, "1e-3")
    if lr is not None and lr > 0:
        if direction == "high" and lr <= float(typical):
            typical = f"{lr / 10:g}"
        elif direction == "low" and lr >= float(typical):
            typical = f"{lr * 10:g}"
    was = f"   # was learning_rate={lr:g}" if lr is not None else ""
    return (f"{model}.compile(optimizer=keras.optimizers.{kind}(learning_rate={typical}), "
            f"loss=...){was}")


def step_to_weight_ratio(ctx: Any, opt: Any, lr: float) -> tuple[float, int] | None:
    """(the largest over the optimizer's weight matrices of lr·rms(grad)/rms(weight), how
    many matrices) for plain SGD: the share of its size by which one step with the gradients
    left in ``.grad`` moves a weight matrix. Read through the adapter's sampled summaries
    (bounded per tensor, at most 64 tensors); None when no gradient is there to read."""
    from .. import frameworks

    t = frameworks.get("torch")
    if t is None:
        return None
    ratios: list[float] = []
    try:
        params = [p for g in opt.param_groups for p in g["params"]][:64]
    except Exception:  # noqa: BLE001 - an odd optimizer
        return None
    for p in params:
        g = getattr(p, "grad", None)
        if g is None or len(getattr(p, "shape", ())) < 2:
            continue
        sw, sg = t.summary(p), t.summary(g)
        if not (sw.has_values and sg.has_values) or sw.mean is None or sg.mean is None:
            continue
        rw = (sw.mean ** 2 + (sw.std or 0.0) ** 2) ** 0.5
        rg = (sg.mean ** 2 + (sg.std or 0.0) ** 2) ** 0.5
        if rw > 0 and rg > 0:
            ratios.append(lr * rg / rw)
    if not ratios:
        return None
    return max(ratios), len(ratios)


def flat_loss_record(ctx: Any) -> tuple[str, int, float, float] | None:
    """(name, length, first, last) of a list of per-step/epoch loss values recorded in the
    namespace (a list of ≥ 3 numbers bound to a name containing "loss"); read in O(1):
    its first and last values only."""
    best = None
    for name, val in ctx.user_ns.items():
        if "loss" not in name.lower() or name.startswith("_") or not isinstance(val, list):
            continue
        if len(val) < 3:
            continue
        a, b = val[0], val[-1]
        if not all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (a, b)):
            continue
        if best is None or len(val) > best[1]:
            best = (name, len(val), float(a), float(b))
    return best
