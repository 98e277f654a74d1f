from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from ...analysis.errors import _local, _msg, error_line, tb_frames
from ...context import CellContext
from ...frameworks import type_name
from ...registry import Evidence, Rule, register


def _optimizer_of(ctx: CellContext) -> Any:
    """The optimizer object (``self``) of the frame that raised, from the traceback."""
    exc = ctx.error.exc if ctx.error is not None else None
    if exc is None:
        return None
    for fr in reversed(tb_frames(exc)):
        if getattr(fr.f_code, "co_name", None) == "_check_variables_are_known":
            return _local(fr, "self")
    return None


@register
class OptimizerReusedForNewModel(Rule):
    id = "DLF-E151"
    name = "optimizer-reused-for-new-model"
    title = "One Keras optimizer object used to train a second, new model"
    taxonomy = "training.optimizer"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("keras", "tensorflow")
    message = ("`{opt}` ({cls}) was built for the variables of the model it trained first, "
               "and is now given a new model's variable `{var}`: a Keras optimizer belongs "
               "to one set of variables.")
    beginner = """An optimizer object keeps state for each variable it trains (Adam's
moving averages, the step count), created the first time it trains a model. Passing the
same `{opt}` to a model built later — a new model for every cross-validation fold, say —
gives it variables it has no state for, and Keras stops. Create a new optimizer for every
new model, with the same settings."""
    expert = """Keras 3's `BaseOptimizer.build` allocates slot variables for the
variables of its first `apply`, and `_check_variables_are_known` rejects any other
variable (the new model's `{var}`). Older tf.keras silently reused the first model's slots
and iteration count. Instantiate the optimizer where the model is built (or from
`{opt}.get_config()`), so that every model gets fresh state."""
    fix = """# a new {cls} with the same settings for each new model (e.g. inside the loop):
new_opt = keras.optimizers.{cls}.from_config({opt}.get_config())
# ... and compile the new model with it: model.compile(optimizer=new_opt, ...)"""
    references = ("https://keras.io/api/optimizers/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        m = _msg(ctx, r"Unknown variable: <Variable path=(?P<var>[^,>]+)[^>]*>\. This "
                      r"optimizer can only be called for the variables it was originally "
                      r"built with")
        if not m:
            return
        opt = _optimizer_of(ctx)
        name = next((k for k, v in ctx.user_ns.items()
                     if v is opt and not k.startswith("_")), None) if opt is not None \
            else None
        yield Evidence(line=error_line(ctx), subject=name or "optimizer",
                       opt=name or "optimizer",
                       cls=type_name(opt) if opt is not None else "Adam",
                       var=m.group("var"))
