from __future__ import annotations

from collections.abc import Iterator

from ...analysis.errors import KerasCall, _msg, error_line, lc
from ...context import CellContext
from ...registry import Evidence, Rule, register


@register
class ResourceExhausted(Rule):
    id = "DLF-E109"
    name = "tensorflow-out-of-memory"
    title = "ResourceExhaustedError: OOM when allocating a tensor"
    taxonomy = "training.process"
    severity = "error"
    silent = False
    evidence = "exception"
    frameworks = ("keras", "tensorflow")
    message = "Out of memory (ResourceExhaustedError): {summary}"
    beginner = """The device ran out of memory{alloc}. Memory grows with the batch size and the
size of the layers. {advice}"""
    expert = """Peak memory = weights + optimizer slots + activations (∝ batch size). TF's BFC
allocator reserves most of the GPU at start-up by default; enable
`tf.config.experimental.set_memory_growth(gpu, True)` to share it. Models created again and
again in a notebook keep their graphs: `keras.backend.clear_session()`. Also: mixed precision
(`keras.mixed_precision.set_global_policy("mixed_float16")`), smaller Dense layers after
Flatten (often the largest weight matrix)."""
    fix = """{fix_code}"""
    references = ("https://www.tensorflow.org/guide/gpu#limiting_gpu_memory_growth",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        if ctx.error.type_name != "ResourceExhaustedError" and not _msg(
                ctx, r"OOM when allocating tensor"):
            return
        m = _msg(ctx, r"OOM when allocating tensor with shape\s*\[([\d,\s]+)\]")
        alloc = f" (allocating a tensor of shape [{m.group(1)}])" if m else ""
        kc = KerasCall(ctx)
        bs = kc.call.const("batch_size") if kc.call is not None else None
        mdl = kc.model or "model"
        if isinstance(bs, int) and bs > 8:
            summary = f"`{mdl}.{kc.method}` uses batch_size={bs}: try {bs // 2} or less."
            advice = f"Lower `batch_size` (now {bs}) until it fits."
            fix_code = (f"{mdl}.{kc.method}(..., batch_size={bs // 2})\n"
                        f"keras.backend.clear_session()   # before re-creating models")
        else:
            summary = "reduce the batch size or the model size" + (
                f" (`{mdl}.{kc.method}`)" if kc.model else "") + "."
            advice = ("Lower `batch_size` (Keras' default is 32), make the largest layers "
                      "smaller, and call `keras.backend.clear_session()` before building "
                      "models again.")
            fix_code = (f"{mdl}.fit(X, y, batch_size=16)\n"
                        f"keras.backend.clear_session()   # before re-creating models")
        yield Evidence(line=error_line(ctx), subject=kc.model, summary=lc(summary), alloc=alloc,
                       advice=advice, fix_code=fix_code)
