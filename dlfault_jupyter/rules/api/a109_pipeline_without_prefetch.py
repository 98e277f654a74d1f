from __future__ import annotations

import ast
from collections.abc import Iterator

from ... import frameworks
from ...analysis.pipelines import _FW, _pipelines
from ...context import CellContext
from ...registry import Evidence, Rule, register


@register
class PipelineWithoutPrefetch(Rule):
    id = "DLF-A109"
    name = "pipeline-without-prefetch"
    title = "tf.data pipeline passed to fit without prefetch"
    taxonomy = "api"
    severity = "info"
    silent = False
    evidence = "source"
    frameworks = _FW
    message = ("`{ds}` goes to `{call}` without `.prefetch(...)`: the input pipeline and "
               "the training step wait for each other.")
    beginner = """`prefetch` lets TensorFlow prepare the next batch while the model trains
on the current one. Without it, the model waits for the data and the data waits for the
model. Add `.prefetch(tf.data.AUTOTUNE)` at the end of the pipeline."""
    expert = """`prefetch(AUTOTUNE)` decouples producer and consumer with a buffer so
input preprocessing overlaps with the training step; without it each step's wall time is
input time + compute time."""
    fix = """{ds} = {ds}.prefetch(tf.data.AUTOTUNE)
{call}({ds}, ...)"""
    references = ("https://www.tensorflow.org/guide/data_performance#prefetching",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        p = _pipelines(ctx)
        if frameworks.get("keras") is None:
            return
        for c in ctx.source.calls_to("fit"):
            var = ctx.ns.get(c.receiver)
            if var is None or var.kind != "model" or var.framework != "keras":
                continue
            a = c.kwarg("x", 0)
            if not isinstance(a, ast.Name):
                continue
            ops = p.history(a.id)
            if not ops or ops[0].name == "?":
                continue
            names = [o.name for o in ops]
            if "batch" in names and "prefetch" not in names:
                yield Evidence(line=c.line, subject=a.id, ds=a.id,
                               call=f"{c.receiver}.fit")
