from __future__ import annotations

import ast
import json
import sys
from collections.abc import Iterator

from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register
from ...source.facts import CallFact, dotted

_VAR = "CUDA_VISIBLE_DEVICES"
_ID = "DLF-G112"
#: TensorFlow / Keras calls that do not start the runtime (seeds, logging)
_QUIET = ("seed", "logger", "set_log", "verbosity", "config.set_", "config.experimental.set_")


def _tf_devices_listed() -> bool:
    """Has TensorFlow enumerated its physical devices (``list_physical_devices``) or created
    its runtime (any op, variable, layer)? Both read ``CUDA_VISIBLE_DEVICES`` once. Read from
    the eager context object without creating it."""
    mod = sys.modules.get("tensorflow.python.eager.context")
    c = getattr(mod, "_context", None) if mod is not None else None
    if c is None:
        return False
    try:
        d = vars(c)
        return d.get("_context_handle") is not None or d.get("_physical_devices") is not None
    except Exception:  # noqa: BLE001
        return False


def _gpu_count() -> int:
    mod = sys.modules.get("tensorflow.python.eager.context")
    c = getattr(mod, "_context", None) if mod is not None else None
    devs = vars(c).get("_physical_devices") if c is not None else None
    try:
        return sum(1 for d in devs or () if getattr(d, "device_type", "") == "GPU")
    except Exception:  # noqa: BLE001
        return 0


def _env_setting(ctx: CellContext) -> tuple[int, int, str] | None:
    """(line, column, value code) of the first statement of the cell that sets
    CUDA_VISIBLE_DEVICES: ``os.environ[...] = v``, ``os.environ.setdefault/update``,
    ``os.putenv`` or ``%env`` (seen as IPython's ``run_line_magic('env', ...)``)."""
    src = ctx.source
    found: list[tuple[int, int, str]] = []
    for a in ast.walk(src.tree):  # type: ignore[arg-type]
        if isinstance(a, ast.Assign):
            for t in a.targets:
                if isinstance(t, ast.Subscript) and isinstance(t.slice, ast.Constant) and \
                        t.slice.value == _VAR and (src.qualname(dotted(t.value)) or "") \
                        .endswith("environ"):
                    found.append((a.lineno, a.col_offset, src.segment(a.value)))
    for c in src.calls:
        v = _call_value(ctx, c)
        if v is not None:
            found.append((c.line, c.node.col_offset, v))
    return min(found) if found else None


def _call_value(ctx: CellContext, c: CallFact) -> str | None:
    src = ctx.source
    args = c.args
    if c.attr == "run_line_magic" and len(args) == 2 and \
            isinstance(args[0], ast.Constant) and args[0].value == "env" and \
            isinstance(args[1], ast.Constant) and isinstance(args[1].value, str):
        text = args[1].value.strip()
        if text.startswith(_VAR):
            rest = text[len(_VAR):].strip().lstrip("=").strip()
            return json.dumps(rest)
        return None
    if c.attr in ("setdefault", "putenv") and len(args) == 2 and \
            isinstance(args[0], ast.Constant) and args[0].value == _VAR:
        recv = src.qualname(c.receiver) if c.receiver else None
        if (recv or "").endswith("environ") or (src.qualname(c.name) or "") == "os.putenv":
            return src.segment(args[1])
    if c.attr == "update" and len(args) == 1 and isinstance(args[0], ast.Dict) and \
            (src.qualname(c.receiver) or "").endswith("environ"):
        for k, v in zip(args[0].keys, args[0].values, strict=False):
            if isinstance(k, ast.Constant) and k.value == _VAR:
                return src.segment(v)
    return None


def _tf_use_before(ctx: CellContext, line: int, col: int) -> CallFact | None:
    """A TensorFlow / Keras call of this cell, before the setting, that may start the
    runtime (not a seed or logging call), outside any def."""
    for c in ctx.source.calls:
        if (c.line, c.node.col_offset) >= (line, col) or c.function is not None:
            continue
        q = ctx.source.qualname(c.name) or ""
        if q.split(".")[0] in ("tensorflow", "keras") and not any(w in q for w in _QUIET):
            return c
    return None


@register
class VisibleDevicesSetAfterInit(Rule):
    id = _ID
    name = "visible-devices-set-after-init"
    title = "CUDA_VISIBLE_DEVICES set after TensorFlow has listed its GPUs (no effect)"
    taxonomy = "gpu"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("tensorflow",)
    message = """`{var}` is set to {value} after TensorFlow already listed its GPUs
({when}): the setting is ignored, and TensorFlow keeps {gpus}."""
    beginner = """TensorFlow reads `{var}` once, when it first looks for GPUs (the first
tensor, model, layer or `list_physical_devices` call). That happened {when}, so changing the
variable now does nothing: the GPUs TensorFlow found stay in use, and their memory stays
taken. {here}Set `{var}` in the first cell, before `import tensorflow` (or restart the
kernel and run that cell first)."""
    expert = """The CUDA runtime enumerates devices at initialisation and applies
`{var}` then; TensorFlow's eager context caches the physical device list
(`context._physical_devices`) and creates the runtime once. A later change of `os.environ`
reaches neither: only a new process (a kernel restart) sees it. `tf.config.set_visible_devices`
is the in-process alternative, and it too must run before the runtime starts."""
    fix = """# the first cell of the notebook, before `import tensorflow`:
import os
os.environ["{var}"] = {value}"""
    texts = {
        "earlier_cell": Texts(when="in an earlier cell"),
        "this_cell": Texts(when="at line {use_line} of this cell, `{use}`"),
        "no_gpu": Texts(
            gpus="the devices it found",
            here="""Here TensorFlow sees no GPU, so nothing changes on this machine; on a
machine with GPUs the wrong ones are used. """),
        "gpu": Texts(gpus="all {n_gpu} GPU(s) it found", here=""),
    }
    known_false_alarms = ("A setting meant only for a subprocess started later from the "
                          "notebook (it inherits the environment).")
    references = ("https://www.tensorflow.org/guide/gpu",
                  "https://docs.nvidia.com/cuda/cuda-c-programming-guide/index.html#env-vars")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        mem = ctx.remember(_ID)
        before = mem.get("since")     # the first cell after which TF had listed devices
        now = _tf_devices_listed()
        if now and before is None:
            mem["since"] = ctx.cell
        if not ctx.source.ok or not now:
            return
        setting = _env_setting(ctx)
        if setting is None:
            return
        line, col, value = setting
        n = _gpu_count()
        gpu = "gpu" if n else "no_gpu"
        if before is not None and before != ctx.cell:
            yield Evidence(line=line, subject=_VAR, variant=("earlier_cell", gpu), var=_VAR,
                           value=value, n_gpu=n)
            return
        use = _tf_use_before(ctx, line, col)
        if use is not None:
            yield Evidence(line=line, subject=_VAR, variant=("this_cell", gpu), var=_VAR,
                           value=value, n_gpu=n, use_line=use.line,
                           use=ctx.source.segment(use.node.func) + "(...)")
