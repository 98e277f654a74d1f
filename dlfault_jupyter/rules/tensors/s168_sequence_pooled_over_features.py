from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...analysis.training import keras_models
from ...analysis.user_classes import Method, keras_class_of
from ...context import CellContext
from ...registry import Evidence, Rule, register

_REDUCE = ("mean", "sum", "max", "min", "reduce_mean", "reduce_sum", "reduce_max",
           "reduce_min", "logsumexp")


def _last_axis_reduction(fn: Method) -> ast.Call | None:
    """A reduction over axis -1 / 2 in call()."""
    for site in fn.calls:
        c = site.node
        name = (site.name or "").rsplit(".", 1)[-1]
        if name not in _REDUCE or (site.name or "").startswith("self."):
            continue
        ax = next((k.value for k in c.keywords if k.arg == "axis"),
                  c.args[1] if len(c.args) > 1 else None)
        if isinstance(ax, ast.UnaryOp) and isinstance(ax.op, ast.USub) and \
                isinstance(ax.operand, ast.Constant) and ax.operand.value == 1:
            return c
        if isinstance(ax, ast.Constant) and ax.value == 2:
            return c
    return None


@register
class SequencePooledOverFeatures(Rule):
    id = "DLF-S168"
    name = "sequence-pooled-over-features"
    title = "Custom pooling reduces the feature axis of a sequence instead of the time axis"
    taxonomy = "tensors.shape"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("keras", "tensorflow")
    message = ("`{layer}` ({cls}) turns the {src_shape} output of `{src}` into {out_shape}: "
               "`{call}` in `{cls}.call` reduces the {feat} features of each "
               "of the {steps} steps, so what follows sees one number per position, not a "
               "pooled feature vector.")
    beginner = """The output of `{src}` has one {feat}-number vector per position (shape
{src_shape}: batch, positions, features). Pooling a sequence means combining the positions
(axis 1) and keeping the features. `{cls}` reduces the last axis instead: each position's
features are squashed into a single number and the layers after it only see a list of
{steps} per-position averages, which carry almost no information. Reduce over axis=1."""
    expert = """`{call}` on a (batch, {steps}, {feat}) tensor reduces axis -1 (features):
output {out_shape}. For an Embedding this is the mean of a random projection per token: the
token identities are mostly lost and the downstream Dense sees a length-{steps} vector of
near-zero values. Mean/max pooling over time is `axis=1` (`GlobalAveragePooling1D`)."""
    fix = """{fixed_call}   # pool over the {steps} positions, keep the {feat} features"""
    known_false_alarms = ("A layer meant to score each position (one value per step, "
                          "followed by a softmax over the steps).")
    references = ("https://keras.io/api/ops/numpy/#mean-function",
                  "https://keras.io/api/layers/pooling_layers/global_average_pooling1d/")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        k = frameworks.get("keras")
        if k is None:
            return
        for v in keras_models(ctx):
            for layer in _graph_layers(k, v.obj):
                seq = k.sequence_input(layer)
                kc = keras_class_of(ctx, layer) if seq is not None else None
                fn = kc.body("call") if kc is not None else None
                if seq is None or fn is None or kc is None:
                    continue
                src, ins, outs = seq
                if len(outs) != 2 or outs[1] != ins[1] or ins[1] == ins[2]:
                    continue
                red = _last_axis_reduction(fn)
                if red is None:
                    continue
                call = ast.unparse(red)
                fixed = call.replace("axis=-1", "axis=1").replace("axis=2", "axis=1")
                yield Evidence(subject=getattr(layer, "name", kc.name),
                               key=(v.name, getattr(layer, "name", "")),
                               layer=getattr(layer, "name", kc.name), cls=kc.name,
                               src=src, src_shape=_shape(ins), out_shape=_shape(outs),
                               call=call,
                               feat=ins[2], steps=ins[1], fixed_call=fixed)
                return


def _graph_layers(k: Any, model: Any) -> list[Any]:
    return k.layers_of(model) if k.is_graph_model(model) else []


def _shape(s: tuple) -> str:
    return "(" + ", ".join("None" if d is None else str(d) for d in s) + ")"
