from __future__ import annotations

import ast
import re
from collections.abc import Iterator

from ...analysis.pipelines import _FW, Op, _move_before, _pipelines, _seg
from ...context import CellContext
from ...registry import Evidence, Rule, register

_RANDOM_RE = re.compile(r"random|augment|Random[A-Z]|stateless_")


def _random_map(ctx: CellContext, op: Op) -> str | None:
    """The map function's text when it is random (augmentation), else None."""
    if op.call is None or not op.call.args:
        return None
    fn = op.call.args[0]
    text = ctx.source.segment(fn)
    if isinstance(fn, ast.Name):
        obj = ctx.user_ns.get(fn.id)
        body = ""
        if obj is not None and callable(obj):
            import inspect
            try:
                body = inspect.getsource(obj)
            except (OSError, TypeError):
                body = ""
        if _RANDOM_RE.search(fn.id) or _RANDOM_RE.search(body):
            return fn.id
        return None
    return text if _RANDOM_RE.search(text or "") else None


@register
class CacheAfterRandomMap(Rule):
    id = "DLF-A106"
    name = "cache-after-random-map"
    title = "tf.data: cache after a random augmentation freezes the augmentation"
    taxonomy = "api"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = _FW
    message = ("`{cache}` comes after the random `.map({fn})`: the augmented samples of the "
               "first epoch are stored and replayed, so every later epoch sees the same "
               "augmentation.")
    beginner = """`.cache()` remembers the elements it has seen and replays them in the
next epochs. Put after a random augmentation (`{fn}`), it stores the first epoch's random
flips/crops and repeats them for ever: the augmentation no longer adds variety and the
model overfits sooner. No error tells you. Cache before the random map:
`ds.map(load).cache().map({fn})`."""
    expert = """`cache()` materialises the upstream elements on the first full iteration;
later epochs read from the cache without re-running upstream transformations, so random
ops in `{fn}` are evaluated once per sample. Place deterministic, expensive work before
`cache()` and random augmentation after it."""
    fix = """{fixed}"""
    references = ("https://www.tensorflow.org/guide/data_performance#caching",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for ops in _pipelines(ctx).all_chains():
            rnd: Op | None = None
            for o in ops:
                if o.name == "map" and _random_map(ctx, o):
                    rnd = o
                elif o.name == "cache" and rnd is not None and o.line is not None:
                    fn = _random_map(ctx, rnd)
                    fixed = _move_before(ctx, o, rnd) or (
                        f"ds = ds.map(preprocess).cache().map({fn}, "
                        "num_parallel_calls=tf.data.AUTOTUNE)   # cache before the random map")
                    yield Evidence(line=o.line, cache=_seg(ctx, o), fn=fn, fixed=fixed)
                    break
