from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


def _holder(ctx: CellContext, layer: Any, model_name: str) -> tuple[str, str] | None:
    """A namespace variable (not the model) that holds ``layer``: the layer itself or a
    list/tuple/dict of layers; with "single" or "collection"."""
    for name, v in ctx.user_ns.items():
        if name.startswith("_") or name == model_name:
            continue
        if v is layer:
            return name, "single"
        if isinstance(v, (list, tuple)) and len(v) <= 1000 and any(e is layer for e in v):
            return name, "collection"
    return None


@register
class ModelRebuiltFromTrainedLayers(Rule):
    id = "DLF-M111"
    name = "model-rebuilt-from-trained-layers"
    title = "A model rebuilt in a loop from the same layer objects keeps their trained weights"
    taxonomy = "model.type"
    severity = "warning"
    silent = True
    evidence = "namespace"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}` is built again in the loop (line {at}) from layer objects made "
               "once, held in `{holder}`: its layer `{layer}` is now part of {k} models, so "
               "each new `{model}` starts from the weights the previous one trained.")
    beginner = """A Keras layer object owns its weights. Putting the same layer objects
into a new `Sequential` does not create new weights: the "new" model shares them with
every model built before it. Here every pass of the loop builds `{model}` from the layers
in `{holder}` and trains it, so the second model continues from the first one's training,
and so on — with cross-validation, later folds have already seen their validation data,
and their scores are too good. Create new layer objects for every model."""
    expert = """`keras.Sequential(layers)` calls the given layer instances on a new
symbolic input; built layers keep their variables, so all {k} models alias the same
kernels (`{layer}` has {k} inbound nodes). Training any of them updates all; per-fold
re-initialisation never happens, and fold k's model starts from parameters fitted on
folds 1..k-1 (training.validation leakage in CV)."""
    fix = """{fix_code}"""
    texts = {
        "collection": Texts(fix_code="""# new, untrained layers with the same settings for every model built in the loop:
fresh = [type(layer).from_config(layer.get_config()) for layer in {holder}]
# ... build {model} from `fresh` (or create the layers inside the function that builds it)"""),
        "single": Texts(fix_code="""# a new, untrained layer with the same settings for every model built in the loop:
new_{holder} = type({holder}).from_config({holder}.get_config())
# ... build {model} from `new_{holder}` (the same for every other layer made once)"""),
    }
    known_false_alarms = ("Fine-tuning on purpose: a loop that continues training the same "
                          "layers in models of growing size.")
    references = ("https://keras.io/guides/sequential_model/",
                  "https://github.com/keras-team/keras/issues/13872")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        k = frameworks.get("keras")
        if k is None or not ctx.source.ok:
            return
        done: set[str] = set()
        for lp in ctx.source.loops:
            for name in sorted(lp.assigned):
                if name in done:
                    continue
                var = ctx.ns.get(name)
                if var is None or var.kind != "model" or var.framework != "keras":
                    continue
                fits = [c for c in lp.calls_to("fit") if c.receiver == name]
                # a Sequential model calls each of its layers once: more inbound nodes
                # mean other models
                if not fits or k.framework_name(var.obj) not in k.vocab.SEQUENTIAL_CONTAINERS:
                    continue
                ev = self._evidence(ctx, k, name, var.obj, lp)
                if ev is not None:
                    done.add(name)
                    yield ev

    def _evidence(self, ctx: CellContext, k: Any, name: str, model: Any, lp: Any
                  ) -> Evidence | None:
        for layer in k.layers_of(model):
            if not getattr(layer, "weights", None):
                continue
            n = k.graphs_built_into(layer)
            if n < 2:
                continue
            held = _holder(ctx, layer, name)
            if held is None:
                return None
            holder, how = held
            line = next((a.lineno for a in ast.walk(lp.node) if isinstance(a, ast.Assign)
                         and any(isinstance(t, ast.Name) and t.id == name
                                 for t in a.targets)), lp.line)
            return Evidence(line=line, subject=name, variant=how, model=name, holder=holder, at=line,
                            layer=getattr(layer, "name", "?"), k=n)
        return None
