from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.training import keras_models
from ...context import CellContext
from ...frameworks import type_name
from ...frameworks.base import LayerKind
from ...registry import Evidence, Rule, register


@register
class LayerAfterOutput(Rule):
    id = "DLF-L104"
    name = "layer-after-output"
    title = "Dropout or BatchNormalization after the output layer"
    taxonomy = "model.layers.choice"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}` ends with `{extra}` ({extra_cls}) after its output layer `{layer}`: "
               "{effect}")
    beginner = """Layers like Dropout and BatchNormalization belong between hidden layers.
Placed after the output layer `{layer}`, `{extra}` changes the model's predictions
themselves: {effect} Move `{extra}` before `{layer}` (or remove it)."""
    expert = """Dropout after the output zeroes output units at random and rescales the
others by 1/(1-rate) during training, so the loss sees corrupted predictions (probabilities
above 1 after a softmax/sigmoid) and the train/inference outputs differ in distribution.
BatchNormalization after the output re-centres and re-scales the predictions with batch
statistics, breaking the meaning of probabilities or regression targets."""
    fix = """{model} = keras.Sequential([
    ...,
    keras.layers.{extra_cls}(...),      # regularise the hidden features
    keras.layers.Dense(...),            # output layer last
])"""
    references = ("https://keras.io/api/layers/regularization_layers/dropout/",)

    _EFFECT = {
        LayerKind.DROPOUT: "during training it zeroes some outputs and scales up the rest.",
        LayerKind.BATCH_NORM: "it rescales the predictions with batch statistics.",
    }

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        k = frameworks.get("keras")
        for v in keras_models(ctx):
            head = k.output_head(v.obj)
            if head is None:
                continue
            for la in head.trailing:
                cls = type_name(la)
                # additive noise layers are DROPOUT too but zero nothing
                eff = None if k.framework_name(la) in k.vocab.NOISE_LAYERS \
                    else self._EFFECT.get(k.layer_kind(la))
                if eff:
                    yield Evidence(subject=v.name, key=(v.name, la.name), model=v.name,
                                   extra=la.name, extra_cls=cls, layer=head.name, effect=eff)
                    break
