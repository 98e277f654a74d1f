from __future__ import annotations

from collections.abc import Iterator

from ...analysis.errors import _line, _msg, error_calls
from ...context import CellContext
from ...registry import Evidence, Rule, register


@register
class PlateauStepWithoutMetric(Rule):
    id = "DLF-E131"
    name = "plateau-step-without-metric"
    title = "ReduceLROnPlateau.step() called without the value it monitors"
    taxonomy = "api"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("torch",)
    message = ("`{call}`: `{sched}` is a ReduceLROnPlateau, whose `step` needs the monitored "
               "value (e.g. the validation loss); it was called with none.")
    beginner = """Most schedulers change the learning rate on a fixed timetable and are stepped
with `step()`. ReduceLROnPlateau instead watches a number you give it and lowers the rate when
that number stops improving, so each call must pass it: `{sched}.step({metric})`, once per
epoch after validation."""
    expert = """`ReduceLROnPlateau.step(metrics)` compares `metrics` with its best value
(`mode="min"`/`"max"`, `threshold`, `patience`); it is not an `LRScheduler` and has no
timetable. Pass a Python float (`val_loss.item()`) or a 0-d tensor."""
    fix = """{sched}.step({metric})   # once per epoch, after validation"""
    known_false_alarms = ""
    references = ("https://pytorch.org/docs/stable/generated/torch.optim.lr_scheduler.ReduceLROnPlateau.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        if not _msg(ctx, r"ReduceLROnPlateau\.step\(\) missing 1 required positional "
                         r"argument: 'metrics'"):
            return
        for c in error_calls(ctx):
            if c.attr != "step" or c.receiver is None or c.args or c.node.keywords:
                continue
            metric = next((n for n in ("val_loss", "valid_loss", "validation_loss", "vloss")
                           if n in ctx.source.assigned_names()), "val_loss")
            yield Evidence(line=_line(ctx), subject=c.receiver, sched=c.receiver,
                           call=ctx.source.segment(c.node) or f"{c.receiver}.step()",
                           metric=metric)
            return
