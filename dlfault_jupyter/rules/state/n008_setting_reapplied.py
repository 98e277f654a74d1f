from __future__ import annotations

import re
from collections.abc import Iterator

from ...analysis.history import Execution
from ...analysis.state import RESTART, _current, _first_write_line, _run
from ...context import CellContext
from ...registry import Evidence, Rule, register

_SETTING = re.compile(r"(^|_)(lr|learning_rate|rate|epochs?|n_epochs|num_epochs|batch_size|"
                      r"momentum|decay|weight_decay|dropout|gamma|step_size|warmup|clip|"
                      r"temperature|patience)($|_)", re.I)


def _settings_reapplied(ex: Execution) -> Iterator[tuple[str, str, float, float, float]]:
    """(name, what, value before the first run, after it, after this run) of hyperparameters
    this re-run rewrote from their own previous value: a number named like a setting
    (``lr``, ``epochs``…), or the learning rate of an optimizer or compiled model."""
    prev = ex.previous
    if prev is None:
        return
    for name in sorted(ex.reads & prev.reads):
        b0, a0 = prev.before.get(name), prev.after.get(name)
        b1, a1 = ex.before.get(name), ex.after.get(name)
        if None in (b0, a0, b1, a1):
            continue
        if a1.kind == "scalar" and _SETTING.search(name):
            what = f"`{name}`"
        elif a1.kind in ("optimizer", "model") and a1.ident == b1.ident == a0.ident:
            what = f"the learning rate of `{name}`"
        else:
            continue
        v = [b0.value, a0.value, b1.value, a1.value]
        if any(x is None for x in v):
            continue
        if abs(v[2] - v[1]) > 1e-12 * max(1.0, abs(v[1])):
            continue          # set again in between
        if v[0] == v[1] or v[2] == v[3]:
            continue          # not changed by the first run, or not by this one
        yield name, what, v[0], v[1], v[3]


@register
class SettingReapplied(Rule):
    id = "DLF-N008"
    name = "setting-reapplied"
    title = "A re-run cell changed a hyperparameter again from its own result"
    taxonomy = "training.hyperparameters"
    severity = "warning"
    silent = True
    evidence = "source"
    message = ("This cell ran again on its own result: {what} was {v0} before its first run "
               "({first}), {v1} after it, and is now {v2}.")
    beginner = """The cell changes {what} starting from its current value (for example
multiplying the learning rate by 0.1), so running it again changed it a second time: the
model now trains with {v2}, not the {v1} the cell was meant to give. Nothing warns you.
Set the value explicitly (`lr = 0.001`) instead of deriving it from itself, or restart
and run all cells. {restart}"""
    expert = """The value at the start of {now} equals the value {first} left, and this
execution changed it again ({v1} → {v2}): an update `x = f(x)` with `f(f(x)) ≠ f(x)`
executed twice. For an optimizer, `param_groups[i]["lr"]` (or a compiled Keras model's
optimizer learning rate) is the state that was rewritten."""
    fix = """{name} = ...   # an explicit value: running the cell again gives the same setting"""
    references = ("https://doi.org/10.1109/MSR.2019.00077",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        ex = _current(ctx)
        if ex is None or not ex.rerun:
            return
        for name, what, v0, v1, v2 in _settings_reapplied(ex):
            yield Evidence(line=_first_write_line(ctx, name), subject=name, key=ex.n,
                           name=name, what=what, v0=f"{v0:g}", v1=f"{v1:g}", v2=f"{v2:g}",
                           first=_run(ex.previous), now=_run(ex), restart=RESTART)
