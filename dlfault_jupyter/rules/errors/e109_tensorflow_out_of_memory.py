from __future__ import annotations

from collections.abc import Iterator

from ...analysis.errors import KerasCall, _msg, error_line
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


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
    texts = {
        "alloc_shape": Texts(alloc=" (allocating a tensor of shape [{shape}])"),
        "no_alloc_shape": Texts(alloc=""),
        "batch_size": Texts(
            summary="`{mdl}.{method}` uses batch_size={bs}: try {half} or less.",
            advice="Lower `batch_size` (now {bs}) until it fits.",
            fix_code="""{mdl}.{method}(..., batch_size={half})
keras.backend.clear_session()   # before re-creating models"""),
        "call_named": Texts(call=" (`{mdl}.{method}`)"),
        "call_unnamed": Texts(call=""),
        "batch_size_unknown": Texts(
            summary="reduce the batch size or the model size{call}.",
            advice="""Lower `batch_size` (Keras' default is 32), make the largest layers
smaller, and call `keras.backend.clear_session()` before building models again.""",
            fix_code="""{mdl}.fit(X, y, batch_size=16)
keras.backend.clear_session()   # before re-creating models"""),
    }
    references = ("https://www.tensorflow.org/guide/gpu#limiting_gpu_memory_growth",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        if ctx.error.type_name != "ResourceExhaustedError" and not _msg(
                ctx, r"OOM when allocating tensor"):
            return
        m = _msg(ctx, r"OOM when allocating tensor with shape\s*\[([\d,\s]+)\]")
        kc = KerasCall(ctx)
        bs = kc.call.const("batch_size") if kc.call is not None else None
        half = bs // 2 if isinstance(bs, int) and bs > 8 else None
        case = ("batch_size",) if half is not None else \
            ("call_named" if kc.model else "call_unnamed", "batch_size_unknown")
        yield Evidence(line=error_line(ctx), subject=kc.model,
                       variant=("alloc_shape" if m else "no_alloc_shape", *case),
                       shape=m.group(1) if m else None, mdl=kc.model or "model",
                       method=kc.method, bs=bs, half=half)
