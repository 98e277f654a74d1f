from __future__ import annotations

import ast
import re
import sys
from collections.abc import Iterator

from ...context import CellContext
from ...registry import Evidence, Rule, register
from ...source.facts import dotted

_GPU_RE = re.compile(r"^/?(?:job:[^/]+/)?(?:replica:\d+/)?(?:task:\d+/)?(?:device:)?GPU:?(\d*)$",
                     re.I)


def _gpu_count() -> int | None:
    tf = sys.modules.get("tensorflow")
    if tf is None:
        return None
    try:
        return len(tf.config.list_physical_devices("GPU"))
    except Exception:  # noqa: BLE001
        return None


@register
class DeviceBlockWithoutGpu(Rule):
    id = "DLF-G102"
    name = "gpu-device-not-available"
    title = "tf.device names a GPU that this machine does not have (silently runs on CPU)"
    taxonomy = "gpu"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("tensorflow",)
    message = ("`with tf.device({dev!r})` asks for GPU {idx}, but TensorFlow sees {count} "
               "GPU(s) here: the block runs on the CPU without any error.")
    beginner = """`tf.device({dev!r})` only asks TensorFlow to use that GPU. This machine
has {count} GPU(s) visible to TensorFlow, so TensorFlow quietly places the work on the CPU
instead (soft device placement): the code runs, just much slower than you expect, and
nothing tells you. Check the GPU setup (drivers, the CUDA build of TensorFlow, a GPU
runtime in Colab) with `tf.config.list_physical_devices("GPU")`, and choose the device
from what is available."""
    expert = """With soft device placement (the eager default), an op pinned to a
non-existent device falls back to an available one; only `tf.config.set_soft_device_placement(False)`
turns this into an error. `tf.config.list_physical_devices("GPU")` returns {count}
device(s), so device index {idx} does not exist. Typical causes: tensorflow-cpu installed,
CUDA/cuDNN not found, or `CUDA_VISIBLE_DEVICES` hiding the GPU."""
    fix = """gpus = tf.config.list_physical_devices("GPU")
device = "/GPU:0" if gpus else "/CPU:0"
print("training on", device)
with tf.device(device):
    ..."""
    known_false_alarms = ("A notebook written for a GPU machine and run on purpose on a "
                          "CPU one (the message is then true, but expected).")
    references = ("https://www.tensorflow.org/guide/gpu",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        if not src.ok:
            return
        count = None
        for expr, node in src.withs:
            if not isinstance(expr, ast.Call) or not expr.args:
                continue
            name = dotted(expr.func) or ""
            if name.split(".")[-1] != "device" or "tensorflow" not in (
                    src.qualname(name) or ""):
                continue
            a = expr.args[0]
            if not isinstance(a, ast.Constant) or not isinstance(a.value, str):
                continue
            m = _GPU_RE.match(a.value.strip())
            if not m:
                continue
            idx = int(m.group(1) or 0)
            if count is None:
                count = _gpu_count()
                if count is None:
                    return
            if idx < count:
                continue
            yield Evidence(line=node.lineno, dev=a.value, idx=idx, count=count)
