from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.user_classes import keras_classes
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


@register
class LayerCreatedInCall(Rule):
    id = "DLF-A161"
    name = "layer-created-in-call"
    title = "Keras layer constructed inside call(): new, untracked weights on every call"
    taxonomy = "api"
    severity = "warning"
    silent = False
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{cls}.call` constructs `{layer}(...)` (line {aline}): a new layer, with new "
               "weights, is made every time the {kind} is called.")
    beginner = """Layers hold the weights a model learns. `{cls}` creates `{layer}` inside
`call()`, which runs for every batch, so each batch gets a brand-new, randomly initialised
layer: nothing is learned, and Keras either refuses to create variables inside the compiled
training step or trains weights that are thrown away. Create the layer once in `__init__`
(as `self.something = {layer}(...)`) and only use it in `call()`."""
    expert = """`call()` is traced by `tf.function`/`jit` in `fit()`; a layer constructed
there creates its variables on every trace (`ValueError: tf.function only supports
singleton tf.Variables created on the first call` in TensorFlow) or, eagerly, on every
batch: its weights are not in `{cls}.trainable_weights` at compile time, the optimizer never
sees a stable set of variables, and each step starts from a fresh initialisation."""
    fix = """def __init__(self, **kwargs):
    super().__init__(**kwargs)
    self.{attr} = {ctor}(...)      # once: its weights are tracked and trained
def call(self, inputs{training_arg}):
    ...  # use self.{attr}(...) here"""
    texts = {"layer": Texts(kind="layer"), "model": Texts(kind="model")}
    known_false_alarms = ("A layer without weights made in call() (Activation, Dropout) is "
                          "only wasteful; it is reported too, since the pattern breaks as "
                          "soon as the layer has weights.")
    references = ("https://keras.io/guides/making_new_layers_and_models_via_subclassing/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        k = frameworks.get("keras")
        if k is None:
            return
        for kc in keras_classes(ctx):
            fn = kc.body("call")
            if fn is None:
                continue
            for c in fn.calls:
                name = c.name
                if not name or name.split(".")[0] == "self":
                    continue
                obj = ctx.source.resolve(name)
                if not k.is_layer_class(obj):
                    continue
                layer = getattr(obj, "__name__", name.rsplit(".", 1)[-1])
                has_training = any(a.arg == "training" for a in fn.node.args.args)
                yield Evidence(
                    line=c.line, aline=c.line, subject=kc.name, key=(kc.name, layer),
                    variant="model" if kc.is_model else "layer", cls=kc.name,
                    layer=layer, ctor=name, attr=layer.lower(),
                    training_arg=", training=False" if has_training else "")
                break
