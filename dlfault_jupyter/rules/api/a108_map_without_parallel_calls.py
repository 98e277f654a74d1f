from __future__ import annotations

from collections.abc import Iterator

from ...analysis.pipelines import _FW, _mtext, _pipelines, _replace_call, _seg
from ...context import CellContext
from ...registry import Evidence, Rule, register


@register
class MapWithoutParallelCalls(Rule):
    id = "DLF-A108"
    name = "map-without-parallel-calls"
    title = "tf.data: map runs on one core (no num_parallel_calls)"
    taxonomy = "api"
    severity = "info"
    silent = False
    evidence = "source"
    frameworks = _FW
    message = "`{map}` has no `num_parallel_calls`: the function runs on one element at a time."
    beginner = """By default `Dataset.map` processes one element at a time. Adding
`num_parallel_calls=tf.data.AUTOTUNE` lets TensorFlow use several CPU cores, which often
makes the input pipeline (and so the training) much faster."""
    expert = """Without `num_parallel_calls`, `map` is sequential; with AUTOTUNE, tf.data
parallelises the map function across a tuned number of threads (element order is kept
unless `deterministic=False`)."""
    fix = """{fixed}"""
    references = ("https://www.tensorflow.org/guide/data_performance#parallelizing_data_transformation",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        seen: set[int] = set()
        for ops in _pipelines(ctx).all_chains():
            for o in ops:
                if o.name == "map" and o.line is not None and o.call is not None and \
                        id(o.call) not in seen:
                    seen.add(id(o.call))
                    if len(o.call.args) < 2 and not any(
                            k.arg == "num_parallel_calls" for k in o.call.keywords):
                        mt = _mtext(ctx, o)
                        fixed = (_replace_call(ctx, o, mt[:-1] + ", num_parallel_calls="
                                               "tf.data.AUTOTUNE)") if mt else None) or \
                            "ds = ds.map(fn, num_parallel_calls=tf.data.AUTOTUNE)"
                        yield Evidence(line=o.line, map=_seg(ctx, o), fixed=fixed)
