from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ...context import CellContext
from ...frameworks import adapter
from ...frameworks.base import LayerKind
from ...registry import Evidence, Rule, register

# -- calls and assignments seen in the source ---------------------------------------------------

def _mode_layers(model: Any) -> list[str]:
    try:
        it = model._flatten_layers(include_self=False)
        k = adapter("keras")
        if k is None:
            return []
        return [la.name for la in it if k.framework_name(la) in k.vocab.MODE_LAYERS][:4]
    except Exception:  # noqa: BLE001
        return []


def _mc_dropout(src: Any, node: ast.AST, model: Any) -> bool:
    """Monte-Carlo dropout: the training=True call repeats inside a loop or comprehension
    whose variable it does not use (``[model(x, training=True) for _ in range(50)]``), on a
    model with Dropout."""
    from ...source.facts import iter_names
    try:
        k = adapter("keras")
        if k is None or not any(k.layer_kind(la) is LayerKind.DROPOUT
                   for la in model._flatten_layers(include_self=False)):
            return False
    except Exception:  # noqa: BLE001
        return False
    used = set(iter_names(node))
    p = src.parent(node)
    while p is not None:
        if isinstance(p, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            return False
        gens = []
        if isinstance(p, (ast.ListComp, ast.GeneratorExp, ast.SetComp, ast.DictComp)):
            gens = [g.target for g in p.generators]
        elif isinstance(p, (ast.For, ast.AsyncFor)):
            gens = [p.target]
        for t in gens:
            if not set(iter_names(t)) & used:
                return True
        p = src.parent(p)
    return False


@register
class TrainingModeAtInference(Rule):
    id = "DLF-T110"
    name = "training-mode-at-inference"
    title = "Model called with training=True outside a training step"
    taxonomy = "training.validation"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{call}` runs `{model}` in training mode outside a training step: {layers} "
               "behave as during training.")
    beginner = """`training=True` switches on training behaviour: Dropout randomly drops
units, and BatchNormalization uses the current batch's statistics (and updates its stored
averages). Here `{model}` is called like that outside any training step (no
`tf.GradientTape`), so predictions are noisy or wrong, and no error appears. For
predictions use `{model}(x, training=False)` or `{model}.predict(x)`."""
    expert = """With training=True, Dropout samples masks (RNG draws, non-deterministic
output) and BatchNormalization normalises with batch moments and updates its moving
mean/variance — a side effect on the model's state. Outside a `GradientTape` no gradient is
taken, so this is inference in training mode: outputs depend on the batch composition.
(MC-dropout is the deliberate exception.) Layers affected: {layers}."""
    fix = """preds = {model}(x, training=False)    # or {model}.predict(x)"""
    known_false_alarms = "Monte-Carlo dropout (repeated stochastic forward passes on purpose)."
    references = ("https://keras.io/getting_started/faq/#whats-the-difference-between-the-training-argument-in-call-and-the-trainable-attribute",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        src = ctx.source
        for c in src.calls:
            if c.function is not None or c.receiver is not None:
                continue
            var = ctx.ns.get(c.name)
            if var is None or var.kind != "model" or var.framework != "keras":
                continue
            if c.const("training") is not True:
                continue
            if src.inside_with(c.node, "GradientTape"):
                continue
            if any(lf.has_call("gradient", "apply_gradients", "minimize") for lf in c.loops):
                continue
            layers = _mode_layers(var.obj)
            if not layers:
                continue
            if _mc_dropout(src, c.node, var.obj):
                continue
            yield Evidence(line=c.line, subject=var.name, model=var.name,
                           call=src.segment(c.node) or f"{var.name}(..., training=True)",
                           layers=", ".join(f"`{n}`" for n in layers))
