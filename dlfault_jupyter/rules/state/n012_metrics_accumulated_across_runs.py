from __future__ import annotations

from collections.abc import Iterator

from ...analysis.history import trained_here
from ...analysis.state import RESTART, _current, _first_write_line, _run
from ...context import CellContext
from ...registry import Evidence, Rule, register


@register
class MetricsAccumulatedAcrossRuns(Rule):
    id = "DLF-N012"
    name = "metrics-accumulated-across-runs"
    title = "A re-run training cell appended to the metrics of the previous run"
    taxonomy = "training.validation"
    severity = "warning"
    silent = True
    evidence = "source"
    message = ("This training cell ran again and appended to `{name}`, created outside it: "
               "{n0} values after its previous run ({first}), {n1} now — the two runs' "
               "values are mixed.")
    beginner = """`{name}` is created in another cell, and the training cell appends to it.
Running the training cell again (after changing the model, say) added this run's values
after the previous run's: the best epoch, the minimum of the list, the curves you plot and
any checkpoint chosen from it now mix two trainings. Create the list at the top of the
training cell, so each run starts from an empty one. {restart}"""
    expert = """`{name}` at the start of {now} holds the {n0} values {first} left (not reset
in between), and this execution, which trained `{model}`, appended {added} more. Any
statistic over the list (argmin for early stopping or checkpointing, plotted curves) is
computed over the concatenation of two training runs."""
    fix = """{name} = []          # at the top of the training cell: each run starts afresh
for epoch in range(num_epochs):
    ...
    {name}.append(value)"""
    references = ("https://github.com/keras-team/keras/issues/20521",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        ex = _current(ctx)
        if ex is None or not ex.rerun:
            return
        trained = trained_here(ex, ctx.source)
        if not trained:
            return
        prev = ex.previous
        for name in sorted(ex.reads & prev.reads):
            b0, a0 = prev.before.get(name), prev.after.get(name)
            b1, a1 = ex.before.get(name), ex.after.get(name)
            if None in (b0, a0, b1, a1) or a1.kind != "sequence" or a1.element != "number":
                continue
            if b1.length != a0.length or not (a0.length > (b0.length or 0)) \
                    or not (a1.length > b1.length):
                continue
            yield Evidence(line=_first_write_line(ctx, name), subject=name, key=ex.n,
                           name=name, n0=a0.length, n1=a1.length,
                           added=a1.length - b1.length, first=_run(prev), now=_run(ex),
                           model=trained[0], restart=RESTART)
