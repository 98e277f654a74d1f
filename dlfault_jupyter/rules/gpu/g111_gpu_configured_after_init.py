from __future__ import annotations

import sys
from collections.abc import Iterator
from typing import Any

from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register
from ...source.facts import dotted

#: tf.config functions that change the physical devices: TensorFlow refuses them once its
#: runtime is initialised ("Physical devices cannot be modified after being initialized")
_DEVICE_SETTERS = ("set_memory_growth", "set_visible_devices",
                   "set_logical_device_configuration", "set_virtual_device_configuration")
_MEM = "DLF-G111"


def _tf_initialised() -> bool | None:
    """Has TensorFlow's eager context created its runtime (the handle that makes device
    changes raise)? Read from the module's context object, without creating it; None when
    TensorFlow is not imported."""
    mod = sys.modules.get("tensorflow.python.eager.context")
    if mod is None:
        return None
    c = getattr(mod, "_context", None)
    if c is None:
        return False
    try:
        return vars(c).get("_context_handle") is not None
    except Exception:  # noqa: BLE001
        return None


def _gpu_count() -> int | None:
    mod = sys.modules.get("tensorflow.python.eager.context")
    c = getattr(mod, "_context", None) if mod is not None else None
    devs = vars(c).get("_physical_devices") if c is not None else None
    if devs is None:
        return None
    try:
        return sum(1 for d in devs if getattr(d, "device_type", "") == "GPU")
    except Exception:  # noqa: BLE001
        return None


@register
class GpuConfiguredAfterInit(Rule):
    id = "DLF-G111"
    name = "gpu-configured-after-init"
    title = "GPU memory growth / visible devices set after TensorFlow has started"
    taxonomy = "gpu"
    severity = "warning"
    silent = False
    evidence = "source"
    frameworks = ("tensorflow",)
    message = ("`{call}` runs after TensorFlow initialised its devices (an earlier cell "
               "created a tensor, layer or model){here}.")
    beginner = """`{fn}` changes how TensorFlow sets up the GPUs, and TensorFlow only
accepts that before it has started: before the first model, layer, tensor or dataset is
created. An earlier cell already created one, so on a machine with a GPU this line stops with
`RuntimeError: Physical devices cannot be modified after being initialized`{effect}. Put
the GPU setup in the first cell, right after `import tensorflow as tf`."""
    expert = """`{api}` edits the context's physical-device configuration, which
is frozen once `context.ensure_initialized()` has created the runtime (any op, variable or
Keras layer build does): `Context.{fn}` raises RuntimeError when `_context_handle` is set.
{gpus}"""
    fix = """{fix_code}"""
    texts = {
        "no_gpu": Texts(
            here=": this machine lists no GPU, so nothing happens here, but with a GPU it "
                 "raises RuntimeError",
            effect=" (here no GPU is listed, so the problem stays hidden)",
            gpus="This process sees no GPU, so the guarded call is skipped or a no-op."),
        "gpu": Texts(
            here=": with a GPU, as here, it raises RuntimeError",
            effect="",
            gpus="This process sees {n_gpu} GPU(s)."),
        "memory_growth": Texts(fix_code="""# the first cell, right after `import tensorflow as tf`, before any model or tensor:
for gpu in tf.config.list_physical_devices("GPU"):
    tf.config.experimental.set_memory_growth(gpu, True)"""),
        "devices": Texts(fix_code="""# the first cell, right after `import tensorflow as tf`, before any model or tensor:
gpus = tf.config.list_physical_devices("GPU")
{call}"""),
    }
    known_false_alarms = ("A call that is meant to fail and is caught by `try/except "
                          "RuntimeError` (it then does nothing).")
    references = ("https://www.tensorflow.org/guide/gpu#limiting_gpu_memory_growth",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        mem = ctx.remember(_MEM)
        before = mem.get("since")   # the first cell after which the runtime existed
        now = _tf_initialised()
        if now and before is None:
            mem["since"] = ctx.cell
        if before is None or before == ctx.cell or not ctx.source.ok:
            return
        for c in ctx.source.calls:
            fn = self._setter(ctx, c)
            if fn is None:
                continue
            n = _gpu_count()
            how = "memory_growth" if fn.endswith("memory_growth") else "devices"
            yield Evidence(line=c.line, subject=fn,
                           variant=("gpu" if n else "no_gpu", how),
                           call=ctx.source.segment(c.node), fn=fn,
                           api=dotted(c.node.func) or fn,
                           n_gpu=n or 0)
            return

    @staticmethod
    def _setter(ctx: CellContext, c: Any) -> str | None:
        name = dotted(c.node.func) or ""
        last = name.split(".")[-1]
        if last not in _DEVICE_SETTERS:
            return None
        q = ctx.source.qualname(name) or ""
        return last if q.split(".")[0] == "tensorflow" else None
