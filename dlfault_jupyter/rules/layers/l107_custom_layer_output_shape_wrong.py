from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.models import _custom_random
from ...analysis.training import keras_models
from ...context import CellContext
from ...frameworks import type_name
from ...registry import Evidence, Rule, register


def _user_overrides(la, method: str) -> bool:
    for klass in type(la).__mro__:
        if (klass.__module__ or "").startswith(("keras.", "tensorflow.", "tf_keras.")):
            return False
        if method in vars(klass):
            return True
    return False


def _shape_tuple(s) -> tuple | None:
    try:
        t = tuple(None if d is None else int(d) for d in s)
    except Exception:  # noqa: BLE001
        return None
    return t


def _size(dims) -> int:
    n = 1
    for d in dims:
        n *= d
    return n


@register
class CustomLayerOutputShapeWrong(Rule):
    id = "DLF-L107"
    expensive = True
    name = "custom-layer-output-shape-wrong"
    title = "Custom layer's compute_output_shape disagrees with what call() returns"
    taxonomy = "model.layers.properties"
    severity = "error"
    silent = True
    evidence = "namespace"
    frameworks = ("keras", "tensorflow")
    message = ("Custom layer `{layer}` ({cls}) in `{model}` declares output shape {declared} "
               "in `compute_output_shape`, but its `call` returns shape {real} for input "
               "{inp}.")
    beginner = """Keras uses `compute_output_shape` to plan the layers that come after
`{layer}`, without running it. Your `call` actually returns {real}, not {declared}, so the
next layers were built for the wrong size: the model fails later at `fit`/`predict` with a
confusing shape error, or silently computes something else. Make `compute_output_shape`
return exactly what `call` returns (or delete it and let Keras infer the shape)."""
    expert = """When a layer overrides `compute_output_shape`, Keras 3's
`compute_output_spec` trusts it for symbolic (functional/Sequential) construction instead of
tracing `call`. Tracing `{cls}.call` symbolically on a {inp} input gives {real}; the override
gives {declared}. Downstream layers' weights were created from the declared shape."""
    fix = """class {cls}(keras.layers.Layer):
    def compute_output_shape(self, input_shape):
        return {real_code}     # what call() really returns
    # or remove compute_output_shape: Keras then infers it from call()"""
    references = ("https://keras.io/guides/making_new_layers_and_models_via_subclassing/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        import importlib
        import sys
        k = frameworks.get("keras")
        if k is None or "keras" not in sys.modules:
            return
        cache = ctx.remember(self.id)
        for v in keras_models(ctx):
            if not k.built(v.obj) or not k.is_graph_model(v.obj):
                continue
            try:
                layers = list(v.obj._flatten_layers(include_self=False))
            except Exception:  # noqa: BLE001
                continue
            for la in layers:
                if not k.built(la) or not _user_overrides(la, "compute_output_shape"):
                    continue
                key = (id(la), id(v.obj))
                if key not in cache:
                    cache[key] = self._compare(importlib, k, la)
                res = cache[key]
                if res:
                    inp, declared, real = res
                    yield Evidence(subject=v.name, key=(v.name, la.name), model=v.name,
                                   layer=la.name, cls=type_name(la), inp=inp,
                                   declared=declared, real=real,
                                   real_code="(input_shape[0], " + ", ".join(
                                       str(d) for d in real[1:]) + ")")

    @staticmethod
    def _compare(importlib, k, la):
        """(input, declared, real) shapes when they disagree. The real shape comes from
        ``la.call`` on a zero batch of one sample (inference mode, no Keras __call__
        machinery, so nothing is built or tracked); layers whose code mentions random
        numbers are skipped."""
        if _custom_random(la):
            return None
        try:
            x = la.input
            if isinstance(x, (list, tuple, dict)):
                return None
            inp = _shape_tuple(x.shape)
            if inp is None or any(d is None for d in inp[1:]) or \
                    _size(inp[1:]) > 65536:
                return None
            declared = _shape_tuple(la.compute_output_shape(x.shape))
            np = importlib.import_module("numpy")
            ops = importlib.import_module("keras").ops
            zeros = ops.convert_to_tensor(np.zeros((1, *inp[1:]), dtype=str(x.dtype)))
            out = la.call(zeros)
            real = _shape_tuple(out.shape)
        except Exception:  # noqa: BLE001
            return None
        if declared is None or real is None or len(declared) != len(real):
            return (inp, declared, real) if declared and real else None
        if all(d is None or r is None or d == r or (i == 0) for i, (d, r) in
               enumerate(zip(declared, real, strict=True))):
            return None
        real = (None, *real[1:])
        return inp, declared, real
