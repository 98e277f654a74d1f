from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...analysis.training import keras_models
from ...context import CellContext
from ...frameworks import type_name
from ...registry import Evidence, Rule, Texts, register

_FLOOR = 1e-3      # "~0": below this share of the schedule's peak


def _fit_shape(model: Any) -> tuple[int, int] | None:
    """(epochs run, steps per epoch) of the model's last ``fit``."""
    h = getattr(model, "history", None)
    params = getattr(h, "params", None)
    epochs = getattr(h, "epoch", None)
    if not isinstance(params, dict) or not isinstance(epochs, list):
        return None
    steps = params.get("steps")
    if not isinstance(steps, int) or steps < 1 or len(epochs) < 2:
        return None
    return len(epochs), steps


@register
class ScheduleEndsInFirstEpoch(Rule):
    id = "DLF-T163"
    name = "schedule-ends-in-first-epoch"
    title = "Learning-rate schedule sized in epochs: it is spent within the first epoch"
    taxonomy = "training.hyperparameters"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}.optimizer`'s {sched}({horizon}) falls to {end:.3g} (peak {peak:.3g}) "
               "by step {when}, inside the first of {epochs} epochs of {spe} steps: "
               "{rest} epochs trained with a learning rate of ~0.")
    beginner = """A Keras learning-rate schedule counts optimizer steps (batches), not
epochs. `{sched}` was given {horizon}, numbers that fit epochs, but one epoch here is {spe}
steps, so the whole schedule{warm_words} is over after {when} steps and the learning rate
stays near zero for the rest of training: the model stops improving early. Express the
schedule in steps: multiply by the steps per epoch."""
    expert = """`LearningRateSchedule.__call__(step)` is evaluated on
`optimizer.iterations`, incremented once per batch. With {horizon} the schedule reaches
{end:.3g} (< {floor:g} × its peak {peak:.3g}) at step {when} < {spe} steps per epoch; over the
{total} steps of this fit the effective learning rate is ~0 after the first epoch."""
    fix = """steps_per_epoch = {spe}   # batches per epoch: ceil(len(x_train) / batch_size)
schedule = keras.optimizers.schedules.{sched}(..., {fixed_args})"""
    texts = {
        "warmup": Texts(warm_words=" (warm-up and decay)"),
        "plain": Texts(warm_words=""),
    }
    known_false_alarms = ("A schedule meant to reach ~0 within one epoch on purpose (a "
                          "learning-rate range test run for several epochs).")
    references = ("https://keras.io/api/optimizers/learning_rate_schedules/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        k = frameworks.get("keras")
        if k is None:
            return
        for v in keras_models(ctx):
            opt = getattr(v.obj, "optimizer", None)
            sched = k.lr_schedule(opt) if opt is not None else None
            if sched is None:
                continue
            shape = _fit_shape(v.obj)
            total = k.iterations(opt)
            if shape is None or not total:
                continue
            epochs, spe = shape
            if total < 2 * spe:
                continue
            grid = sorted({*range(0, min(total, 4 * spe) + 1, max(1, spe // 50)), spe, total})
            vals = [(s, k.schedule_value(sched, s)) for s in grid]
            if any(x is None for _, x in vals):
                continue
            peak = max(x for _, x in vals)
            if not peak or peak <= 0:
                continue
            thr = _FLOOR * peak
            after_peak = False
            when = None
            for s, x in vals:
                after_peak = after_peak or x >= peak
                if after_peak and x < thr and when is None:
                    when = s
                if when is not None and x >= thr:
                    when = None
            if when is None or when > spe:
                continue
            try:
                cfg = sched.get_config()
            except Exception:  # noqa: BLE001
                cfg = {}
            keys = [key for key in ("decay_steps", "warmup_steps", "first_decay_steps")
                    if isinstance(cfg.get(key), int)]
            if not keys:
                continue
            horizon = ", ".join(f"{key}={cfg[key]}" for key in keys)
            fixed = ", ".join(f"{key}={cfg[key]} * steps_per_epoch" for key in keys)
            warm = "warmup_steps" in keys
            yield Evidence(
                subject=v.name, key=(v.name, horizon),
                variant="warmup" if warm else "plain",
                model=v.name, sched=type_name(sched), horizon=horizon, end=vals[-1][1],
                peak=peak, when=when, epochs=epochs, spe=spe, rest=epochs - 1,
                floor=_FLOOR, total=total, fixed_args=fixed)
