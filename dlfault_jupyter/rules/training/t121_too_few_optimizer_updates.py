from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...analysis.training import fit_calls
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register

#: fewer optimizer updates than this in the whole training of a model is "a handful"
_FEW = 50
#: "still falling": the last epoch lowered the training loss by this share or more ...
_STEEP = 0.005
#: ... and by at least this share of its average fall per epoch (no plateau reached)
_PACE = 0.5
#: at most this many batches per epoch: a batch of (nearly) the whole training set
_FULL = 2
#: the batch size the fix proposes
_BATCH = 32


def _losses(model: Any) -> list[float] | None:
    """The training loss per epoch of the model's last ``fit`` (its History)."""
    h = getattr(model, "history", None)
    hist = getattr(h, "history", None)
    seq = hist.get("loss") if isinstance(hist, dict) else None
    if not isinstance(seq, list) or not seq:
        return None
    try:
        out = [float(x) for x in seq]
    except (TypeError, ValueError):
        return None
    return out if all(math.isfinite(x) for x in out) else None


def _shape(model: Any) -> tuple[int, int] | None:
    """(epochs, steps per epoch) of the model's last ``fit``."""
    params = getattr(getattr(model, "history", None), "params", None)
    if not isinstance(params, dict):
        return None
    epochs, steps = params.get("epochs"), params.get("steps")
    if not isinstance(epochs, int) or not isinstance(steps, int) or epochs < 1 or steps < 1:
        return None
    return epochs, steps


@register
class TooFewOptimizerUpdates(Rule):
    id = "DLF-T121"
    name = "too-few-optimizer-updates"
    title = "(Nearly) full-batch training for a few epochs: only a handful of optimizer updates"
    taxonomy = "training.hyperparameters"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}` was trained with only {updates} optimizer updates in all "
               "({epochs} epochs × {spe} batch{es} per epoch){curve}")
    beginner = """The weights change once per batch, not once per epoch. With {spe}
batch{es} per epoch and {epochs} epochs, `{model}` took {updates} steps in all, far too few
to train a network: it stops long before it has learned what the data
allow{falling_words}. {advice}"""
    expert = """The number of parameter updates is epochs × ceil(n / batch_size) =
{epochs} × {spe} = {updates}. Whatever the optimizer, a few dozen steps of size ~lr move a
freshly initialised network only a short way from its initialisation; large batches do not
make up for it (each step's direction is better estimated, its length is not
larger).{curve_expert}"""
    fix = """{fix_line}"""
    texts = {
        "falling": Texts(
            curve=(": its training loss was still falling, {first:.4g} → {last:.4g}, by "
                   "{drop:.1%} in the last epoch ({pace:.0%} of its average fall per epoch)."),
            falling_words=(" (its training loss still fell by {drop:.1%} in the last "
                           "epoch)"),
            curve_expert=""" The training loss went {first:.4g} → {last:.4g} and the last
epoch still lowered it by {drop:.1%}, {pace:.0%} of the average fall per epoch: training
stopped on the slope, not on a plateau."""),
        "smaller_batch": Texts(
            advice="""Use smaller batches (e.g. {batch}, {new_updates} updates with the same
epochs) or train for many more epochs.""",
            fix_line="""{model}.fit({args}batch_size={batch}, epochs={epochs}, ...)   # {new_updates} updates instead of {updates}"""),
        "more_epochs": Texts(
            advice="""Train for many more epochs (e.g. {new_epochs}, {new_updates}
updates).""",
            fix_line="""{model}.fit({args}epochs={new_epochs}, ...)   # {new_updates} updates instead of {updates}"""),
    }
    known_false_alarms = ("A short fine-tuning of a pretrained model whose loss still falls; "
                          "a quick smoke test run on purpose before the real training.")
    references = ("https://keras.io/api/models/model_training_apis/#fit-method",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        k = frameworks.get("keras")
        if k is None or ctx.error is not None:
            return
        seen: set[str] = set()
        for fc in fit_calls(ctx):
            v = fc.model
            if v.name in seen or fc.call.function is not None:
                continue
            seen.add(v.name)
            opt = getattr(v.obj, "optimizer", None)
            updates = k.iterations(opt) if opt is not None else None
            shape = _shape(v.obj)
            losses = _losses(v.obj)
            if not updates or shape is None or losses is None or len(losses) < 2:
                continue
            epochs, spe = shape
            if updates >= _FEW or spe > _FULL or len(losses) != epochs:
                continue
            n = _samples(fc.x)
            # the fault is a batch chosen as (nearly) the whole training set: an explicit
            # batch_size larger than Keras' default, not a short run on a few rows
            if fc.call.kwarg("batch_size", 2) is None or n is None \
                    or math.ceil(n / spe) <= _BATCH:
                continue
            first, prev, last = losses[0], losses[-2], losses[-1]
            if prev <= 0 or last >= prev or (prev - last) / prev < _STEEP:
                continue
            drop = (prev - last) / prev
            pace = (prev - last) / ((first - last) / (epochs - 1))
            if pace < _PACE:
                continue
            args = f"{fc.x_name}, {fc.y_name}, " if fc.x_name and fc.y_name else "..., "
            if n is not None and math.ceil(n / _BATCH) >= 2 * spe:
                how, new_epochs = "smaller_batch", epochs
                new_updates = epochs * math.ceil(n / _BATCH)
            else:
                how = "more_epochs"
                new_epochs = max(10 * epochs, math.ceil(10 * _FEW / spe))
                new_updates = new_epochs * spe
            yield Evidence(
                line=fc.call.line, subject=v.name, key=(v.name, updates),
                variant=("falling", how), model=v.name, updates=updates, epochs=epochs,
                spe=spe, es="" if spe == 1 else "es", first=first, last=last, drop=drop, pace=pace,
                batch=_BATCH, new_epochs=new_epochs, new_updates=new_updates, args=args)


def _samples(x: Any) -> int | None:
    shape = getattr(x, "shape", None)
    try:
        n = int(shape[0]) if shape is not None and len(shape) else None
    except (TypeError, ValueError, IndexError):
        return None
    return n if n and n > 0 else None
