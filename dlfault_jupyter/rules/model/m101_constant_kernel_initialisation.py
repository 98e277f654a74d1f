from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.training import keras_models
from ...context import CellContext
from ...frameworks import type_name
from ...frameworks.base import LayerKind
from ...registry import Evidence, Rule, Texts, register


@register
class ConstantKernelInit(Rule):
    id = "DLF-M101"
    name = "constant-kernel-initialisation"
    title = "Hidden layer initialised with constant (e.g. all-zero) weights"
    taxonomy = "model.type"
    severity = "error"
    silent = True
    evidence = "namespace"
    frameworks = ("keras", "tensorflow")
    message = ("Layer `{layer}` of `{model}` ({cls}, {units}) {how}: all its units start "
               "identical and stay identical during training.")
    beginner = """Every unit of `{layer}` starts with exactly the same weights. They then
compute the same output and receive the same gradient, so they stay copies of each other
for ever: the layer behaves like a layer with a single unit, and the model cannot learn
much. No error is raised. Use a random initialiser (the default, Glorot uniform, or
`"he_normal"` before ReLU) for hidden layers."""
    expert = """Constant initialisation does not break the symmetry between units: with
W = c·1, every unit of `{layer}` has the same pre-activation, the backward pass gives every
column of W the same gradient, and the update preserves W's column equality (with zeros and
ReLU/tanh the gradients of earlier layers are even exactly zero). The effective width is 1.
Zero-initialising only the output layer is harmless; hidden layers need random
initialisation."""
    fix = """keras.layers.{cls}(..., kernel_initializer="glorot_uniform")  # the default
# or "he_normal" for ReLU layers; keep zeros only for the output layer if you want"""
    texts = {
        "constant_initializer": Texts(how="uses kernel_initializer={init}"),
        "constant_kernel": Texts(how="has a constant kernel (every weight = {weight:g})"),
    }
    known_false_alarms = ("Deliberate constant initialisation of a layer whose units are "
                          "made different by other means (e.g. set_weights later).")
    references = ("https://keras.io/api/layers/initializers/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        k = frameworks.get("keras")
        for v in keras_models(ctx):
            if not k.is_graph_model(v.obj):
                continue
            layers = [la for la in k.layers_of(v.obj)
                      if k.framework_name(la) in k.vocab.WEIGHT_LAYERS]
            for layer in layers[:-1]:  # the output layer may be zero-initialised
                cls = type_name(layer)
                init = getattr(layer, "kernel_initializer", None)
                init_cls = type_name(init)
                size = getattr(layer, "units", None) or getattr(layer, "filters", None)
                units = f"{size} units" if k.layer_kind(layer) is LayerKind.LINEAR \
                    else f"{size} filters"
                if k.framework_name(init) not in k.vocab.CONSTANT_INITIALIZERS:
                    continue
                variant, weight = "constant_initializer", None
                # built: confirm the kernel is still constant (training may have changed it)
                s = k.kernel_summary(layer) if k.built(layer) else None
                if s is not None and s.has_values and s.size > 1:
                    if s.std != 0:
                        continue
                    variant, weight = "constant_kernel", s.min
                yield Evidence(subject=v.name, key=(v.name, layer.name), variant=variant,
                               model=v.name, layer=layer.name, cls=cls, units=units,
                               init=init_cls, weight=weight)
