from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.training import keras_models
from ...context import CellContext
from ...frameworks.base import LayerKind
from ...registry import Evidence, Rule, Texts, register

#: layers that pass a linear output on unchanged at inference (dropout, noise, identity)
_LINEAR_PASS = frozenset({LayerKind.DROPOUT, LayerKind.IDENTITY})


def _consumers(layer) -> list | None:
    """Layers that consume ``layer``'s output in the model graph, looking through
    pass-through regularisers (Dropout...); None when that cannot be read."""
    try:
        nodes = list(layer._outbound_nodes)
    except Exception:  # noqa: BLE001
        return None
    k = frameworks.get("keras")
    out = []
    for n in nodes:
        op = getattr(n, "operation", None)
        if op is None:
            return None
        if k.layer_kind(op) in _LINEAR_PASS:
            more = _consumers(op)
            if more is None:
                return None
            out += more
        else:
            out.append(op)
    return out


def _is_output(model, layer) -> bool:
    try:
        return any(getattr(o, "_keras_history", (None,))[0] is layer for o in model.outputs)
    except Exception:  # noqa: BLE001
        return True


def linear_dense_pairs(k, model) -> Iterator[tuple]:
    """(a, b): a hidden Dense without activation whose output goes only into Dense layers
    (b is the first), through Dropout-like layers only; Sequential and functional models."""
    if not k.is_graph_model(model):
        return
    for a in k.layers_of(model):
        if k.layer_kind(a) is not LayerKind.LINEAR or \
                k.activation_name(getattr(a, "activation", None)) != "linear":
            continue
        if _is_output(model, a):
            continue
        cons = _consumers(a)
        if not cons or not all(k.layer_kind(b) is LayerKind.LINEAR for b in cons):
            continue
        layers = k.layers_of(model)
        if not all(any(b is la for la in layers) for b in cons):
            continue   # consumed by another model: not this model's stack
        b = cons[0]
        # a linear layer into a linear layer collapses; into the output layer it makes the
        # model a linear classifier/regressor. A narrow linear code feeding a wider
        # non-linear hidden layer is the autoencoder bottleneck: left alone.
        if k.activation_name(getattr(b, "activation", None)) != "linear" and \
                not _is_output(model, b):
            continue
        yield a, b


@register
class LinearDenseStack(Rule):
    id = "DLF-L108"
    name = "linear-dense-stack"
    title = "Hidden Dense layer without activation: it collapses into the next layer"
    taxonomy = "model.layers.activation"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("keras", "tensorflow")
    message = ("In `{model}`, the hidden Dense layer `{layer}` ({units} units) has no "
               "activation and feeds `{next}` directly: together they compute {what}.")
    beginner = """A hidden layer needs an activation function (such as ReLU) to add
anything: without one, `{layer}` followed by `{next}` is no more powerful than `{next}`
alone, because a linear function of a linear function is still linear. The model then
cannot learn curved patterns (circles, interactions between features), and no error tells
you so. Give the hidden layer a non-linearity, e.g.
`keras.layers.Dense({units}, activation="relu")`."""
    expert = """Dense(W2)∘Dense(W1) with identity activation equals Dense(W2·W1, W2·b1+b2):
`{layer}` only adds a rank-{units} factorisation of one affine map{after}. A non-linearity
(ReLU, GELU, tanh) between them is needed for the composition to be more expressive than a
single layer (universal approximation needs it)."""
    fix = """keras.layers.Dense({units}, activation="relu"{name_kw})"""
    known_false_alarms = ("A deliberate linear bottleneck (low-rank factorisation, linear "
                          "projection of embeddings). Dense → BatchNormalization → "
                          "Activation is recognised as having an activation.")
    texts = {
        "linear": Texts(what="one linear map", after=""),
        "activated": Texts(
            what="`{act}` of one linear map (a model no more expressive than a single layer)",
            after=", before `{act}`"),
    }
    references = ("https://keras.io/api/layers/core_layers/dense/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        k = frameworks.get("keras")
        for v in keras_models(ctx):
            inp, out = k.input_shape(v.obj), k.output_shape(v.obj)
            for a, b in linear_dense_pairs(k, v.obj):
                if inp is not None and inp == out and isinstance(inp[-1], int) and \
                        a.units < inp[-1]:
                    continue   # a linear autoencoder (PCA): the narrow code is the point
                act = k.activation_name(getattr(b, "activation", None)) or "linear"
                yield Evidence(subject=v.name, key=(v.name, a.name),
                               variant="linear" if act == "linear" else "activated",
                               model=v.name, layer=a.name, units=a.units, next=b.name, act=act)
                break
