from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...context import CellContext
from ...frameworks import type_name
from ...registry import Evidence, Rule, register
from ...source.facts import dotted


def _callbacks(ctx: CellContext, node: ast.expr | None, k: Any) -> Iterator[str]:
    """Names (or constructor text) of the ReduceLROnPlateau callbacks in a
    ``callbacks=`` argument: a list literal, a variable holding a list, or a callback."""
    if node is None:
        return
    if isinstance(node, (ast.List, ast.Tuple)):
        for e in node.elts:
            yield from _callbacks(ctx, e, k)
        return
    if isinstance(node, ast.Call):
        if k.is_reduce_lr_on_plateau_class(ctx.source.resolve(dotted(node.func))):
            yield f"{dotted(node.func) or 'ReduceLROnPlateau'}(...)"
        return
    if isinstance(node, ast.Name):
        obj = ctx.user_ns.get(node.id)
        items = obj if isinstance(obj, (list, tuple)) else [obj]
        for i, o in enumerate(items):
            if k.is_reduce_lr_on_plateau(o):
                yield node.id if items is not obj else f"{node.id}[{i}]"


@register
class ScheduleWithReduceLROnPlateau(Rule):
    id = "DLF-A164"
    name = "schedule-with-reduce-lr-on-plateau"
    title = "ReduceLROnPlateau on an optimizer whose learning rate is a LearningRateSchedule"
    taxonomy = "api"
    severity = "error"
    silent = False
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}.fit(..., callbacks=...)` (line {aline}) uses `{cb}`, a ReduceLROnPlateau, "
               "but `{model}.optimizer` takes its learning rate from a `{sched}` schedule: "
               "the callback cannot set it.")
    beginner = """`ReduceLROnPlateau` lowers the learning rate by writing a new number into
the optimizer. Your optimizer gets its learning rate from a schedule (`{sched}`) instead,
which computes it from the step count, so there is nothing to overwrite: the first time the
plateau is reached, `fit()` stops with `TypeError: ... learning rate is not settable`. Use
one of the two: either a constant learning rate with `ReduceLROnPlateau`, or the schedule
without the callback."""
    expert = """`ReduceLROnPlateau.on_epoch_end` assigns
`model.optimizer.learning_rate = new_lr`; a Keras 3 optimizer built with a
`LearningRateSchedule` raises `TypeError` in the `learning_rate` setter. The schedule and
the callback are two competing controllers of the same quantity."""
    fix = """{model}.compile(optimizer=keras.optimizers.{opt_cls}(learning_rate={lr0:g}), loss=...)
# constant start value; ReduceLROnPlateau lowers it on plateaus
# or: keep the {sched} schedule and drop ReduceLROnPlateau from callbacks"""
    known_false_alarms = "None: the combination raises as soon as the plateau is reached."
    references = ("https://keras.io/api/callbacks/reduce_lr_on_plateau/",
                  "https://github.com/tensorflow/tensorflow/issues/36612")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        k = frameworks.get("keras")
        if k is None:
            return
        for c in ctx.source.calls_to("fit"):
            call = c.node
            kw = next((x.value for x in call.keywords if x.arg == "callbacks"), None)
            if kw is None or not c.receiver:
                continue
            model = ctx.user_ns.get(c.receiver)
            if not k.is_model(model):
                continue
            sched = k.lr_schedule(getattr(model, "optimizer", None))
            if sched is None:
                continue
            cbs = list(_callbacks(ctx, kw, k))
            if not cbs:
                continue
            lr0 = k.schedule_value(sched, 0) or 1e-3
            opt = k.unwrap_optimizer(getattr(model, "optimizer", None))
            yield Evidence(line=call.lineno, aline=call.lineno, subject=c.receiver,
                           key=(c.receiver, cbs[0]),
                           model=c.receiver, cb=cbs[0], sched=type_name(sched),
                           opt_cls=type_name(opt), lr0=lr0)
