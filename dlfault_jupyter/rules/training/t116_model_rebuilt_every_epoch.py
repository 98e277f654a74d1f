from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...context import CellContext
from ...registry import Evidence, Rule, register

# -- training process ---------------------------------------------------------------------------


def _fit_epochs(c: Any) -> Any:
    v = c.const("epochs", 2, default=None)
    if c.kwarg("epochs", 2) is None:
        return 1                      # Keras' default
    return v


def _varying(src: Any, loop: Any) -> set[str]:
    """The loop's targets and the names assigned inside it from them (``val = idx == fold``)."""
    from ...source.facts import iter_names
    out = set(loop.targets)
    inside = [a for a in src.assigns if loop in a.loops]
    for _ in range(3):
        more = {a.target for a in inside if set(iter_names(a.value)) & out} - out
        if not more:
            break
        out |= more
    return out


def _loop_count(loop: Any) -> int | None:
    it = loop.iter_node
    if isinstance(it, ast.Call) and getattr(it.func, "id", None) == "range" and \
            len(it.args) == 1 and isinstance(it.args[0], ast.Constant) and \
            isinstance(it.args[0].value, int):
        return it.args[0].value
    return None


@register
class ModelRebuiltEveryEpoch(Rule):
    id = "DLF-T116"
    name = "model-rebuilt-every-epoch"
    title = "A loop over epochs builds a new model each time before fit(epochs=1)"
    taxonomy = "training.process"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("The loop at line {loop_line} builds a new `{model}` (line {build_line}) on "
               "every pass and then trains it for one epoch: no pass continues the training "
               "of the previous one.")
    beginner = """`{model} = {build}` creates a brand-new model with random weights. Because
it is inside the loop, every pass throws away what the previous pass learned and trains a
fresh model for a single epoch: after {n} passes you have a model trained for one epoch,
not {n}. No error is raised. Build (and compile) the model once before the loop, or simply
call `{model}.fit(..., epochs={n})`."""
    expert = """Each iteration rebinds `{model}` to a newly initialised model (and a new
optimizer via compile), so weights and optimizer state never carry over; the per-pass
metrics are all first-epoch metrics of independent runs. The loop variable is not used to
vary the model or the data, so these are not deliberate repeated runs (seeds,
hyper-parameters, folds)."""
    fix = """{model} = {build}                  # once
history = {model}.fit(..., epochs={n})          # Keras loops over the epochs itself
# per-epoch output: history.history["loss"], or a callback"""
    known_false_alarms = ("Repeated independent one-epoch runs on purpose (e.g. to measure "
                          "the variance of the first epoch).")
    references = ("https://keras.io/api/models/model_training_apis/#fit-method",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from ...source.facts import iter_names
        src = ctx.source
        if frameworks.get("keras") is None or not src.ok:
            return
        for c in src.calls_to("fit"):
            if not c.loops or not c.receiver:
                continue
            var = ctx.ns.get(c.receiver)
            if var is None or var.kind != "model" or var.framework != "keras":
                continue
            if _fit_epochs(c) != 1:
                continue
            for a in src.assignments_to(c.receiver):
                loop = next((lf for lf in a.loops if lf in c.loops), None)
                if loop is None or a.line > c.line or not isinstance(a.value, ast.Call):
                    continue
                fn = a.value.func
                fname = fn.attr if isinstance(fn, ast.Attribute) else getattr(fn, "id", "")
                if fname in ("load_model", "clone_and_load", "load_weights", "set_weights"):
                    continue
                targets = _varying(src, loop)
                # the loop varies something: a hyper-parameter, a fold, a seed
                used = set(iter_names(a.value)) | set(iter_names(c.node))
                if targets & used or not loop.targets and loop.iter_name is None:
                    continue
                if any(set(iter_names(cc.node)) & targets for cc in loop.calls
                       if cc.attr not in ("print", "format", "append", "info", "write",
                                          "set_description", "log")):
                    continue
                if any(cc.attr in ("load_weights", "set_weights") and
                       cc.receiver == c.receiver for cc in loop.calls):
                    continue
                n = _loop_count(loop) or 10
                yield Evidence(line=a.line, subject=c.receiver, model=c.receiver,
                               loop_line=loop.line, build_line=a.line,
                               build=src.segment(a.value) or "make_model()", n=n)
                return
