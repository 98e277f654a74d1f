from __future__ import annotations

import ast
from collections.abc import Iterator

from ... import frameworks
from ...analysis.models import _custom_random
from ...context import CellContext
from ...frameworks import type_name
from ...registry import Evidence, Rule, register


def _safe_to_call(model) -> bool:
    """Built, single input/output, and no custom layer whose code may draw random numbers
    (built-in layers draw none with training=False)."""
    k = frameworks.get("keras")
    if not k.built(model) or not k.single_output(model) or k.input_shape(model) is None:
        return False
    try:
        layers = list(model._flatten_layers(include_self=False))
    except Exception:  # noqa: BLE001
        return False
    return not any(_custom_random(la) for la in layers)


def _infer(model, x):
    """Inference-mode forward pass. Sequential: each layer's ``call`` in turn (cheap, no
    Keras __call__ bookkeeping); other models: ``model(x, training=False)``."""
    import inspect
    k = frameworks.get("keras")
    own = k.framework_name(model)
    # Keras's own Sequential only (not a subclass: it may override ``call``)
    if own in k.vocab.SEQUENTIAL_CONTAINERS and own == type_name(model):
        out = k._keras().ops.convert_to_tensor(x)
        for la in k.layers_of(model):
            try:
                params = inspect.signature(la.call).parameters
            except (TypeError, ValueError):
                params = {}
            out = la.call(out, training=False) if "training" in params else la.call(out)
        return out
    return model(x, training=False)


def _sample_input(ctx: CellContext, shape: tuple) -> tuple[str, object] | None:
    n = frameworks.get("numpy")
    if n is None:
        return None
    want = shape[1:]
    for name, obj in ctx.user_ns.items():
        if name.startswith("_") or not n.is_array(obj) or obj.dtype.kind not in "fiu":
            continue
        s = obj.shape
        if len(s) == len(shape) and s[0] >= 1 and all(
                w is None or w == d for w, d in zip(want, s[1:], strict=True)):
            return name, obj[:2]
    return None


@register
class ReloadedModelDiffers(Rule):
    id = "DLF-M104"
    expensive = True
    name = "reloaded-model-differs"
    title = "A saved and re-loaded model predicts differently from the original"
    taxonomy = "model.type"
    severity = "error"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{loaded}` (re-loaded from `{path}`) and `{orig}` give different outputs for "
               "the same input `{x}[:2]`: largest difference {diff:.3g} (outputs up to "
               "{scale:.3g}).")
    beginner = """The model loaded back from `{path}` should behave exactly like `{orig}`,
which was saved there. On the same two samples of `{x}` (inference mode), they disagree.
Something was not saved: typically a custom layer keeps a value in a plain Python attribute
instead of a weight, or its `get_config` misses an argument, so the re-loaded copy is built
differently. No error is raised, so a deployed model would silently behave differently.
Store such values with `self.add_weight(...)` and add every constructor argument to
`get_config()`."""
    expert = """Compared `{orig}(x, training=False)` and `{loaded}(x, training=False)` on
`{x}[:2]`: max |Δ| = {diff:.3g}. Keras (de)serialises the config (constructor arguments via
`get_config`) and the tracked variables; untracked state (Python attributes, `tf.Variable`s
created outside `add_weight` in a way the tracker misses, closures in Lambda layers) is
lost or re-initialised on load."""
    fix = """class MyLayer(keras.layers.Layer):
    def __init__(self, factor=1.0, **kwargs):
        super().__init__(**kwargs)
        self.factor = factor                      # constructor argument ...
    def get_config(self):
        return {{**super().get_config(), "factor": self.factor}}   # ... saved in the config
# or keep learned state in a weight: self.w = self.add_weight(shape=(), trainable=False)"""
    known_false_alarms = "Models saved with a deliberately different configuration."
    references = ("https://keras.io/guides/serialization_and_saving/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:  # noqa: C901 - the rule's chain of evidence, one guard per fact; to shrink as the facts move to analysis/ (issue 12)
        k = frameworks.get("keras")
        src = ctx.source
        if k is None or not src.ok or ctx.error is not None:
            return
        saves: dict[str, str] = ctx.remember(self.id).setdefault("saves", {})
        events: list[tuple[int, str, str, str | None]] = []
        for c in src.calls:
            if c.function is not None:
                continue
            if c.attr in ("save", "save_weights") and c.receiver and c.args:
                events.append((c.line, "save", src.segment(c.args[0]), c.receiver))
            elif c.attr == "save_model" and len(c.args) >= 2 and \
                    isinstance(c.args[0], ast.Name):
                events.append((c.line, "save", src.segment(c.args[1]), c.args[0].id))
            elif c.attr == "load_weights" and c.receiver and c.args:
                events.append((c.line, "load", src.segment(c.args[0]), c.receiver))
        for a in src.assigns:
            v = a.value
            if isinstance(v, ast.Call) and v.args and (
                    getattr(v.func, "attr", None) or getattr(v.func, "id", None)) \
                    == "load_model":
                events.append((a.line, "load", src.segment(v.args[0]), a.target))
        events.sort(key=lambda e: e[0])
        for line, kind, path, name in events:
            if not path:
                continue
            if kind == "save":
                saves[path] = name
                continue
            orig = saves.get(path)
            a, b = ctx.ns.get(orig), ctx.ns.get(name)
            if a is None or b is None or a.obj is b.obj or a.kind != "model" or \
                    b.kind != "model" or a.framework != "keras" or b.framework != "keras":
                continue
            if not (_safe_to_call(a.obj) and _safe_to_call(b.obj)):
                continue
            shape = k.input_shape(a.obj)
            if shape != k.input_shape(b.obj):
                continue
            sample = _sample_input(ctx, shape)
            if sample is None:
                continue
            xname, x = sample
            try:
                import numpy as np
                oa = np.asarray(_infer(a.obj, x), dtype="float64")
                ob = np.asarray(_infer(b.obj, x), dtype="float64")
            except Exception:  # noqa: BLE001
                continue
            if oa.shape != ob.shape:
                continue
            diff = float(np.max(np.abs(oa - ob))) if oa.size else 0.0
            scale = float(np.max(np.abs(oa))) if oa.size else 0.0
            if diff > 1e-4 * (1.0 + scale):
                yield Evidence(line=line, subject=name, loaded=name, orig=orig, path=path,
                               x=xname, diff=diff, scale=scale)
