from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.model_facts import output_layer
from ...analysis.training import loss_users, torch_models
from ...context import CellContext
from ...registry import Evidence, Rule, register
from ...wording import layer_label


@register
class BCELossWithoutSigmoid(Rule):
    id = "DLF-L004"
    name = "bce-loss-without-sigmoid"
    title = "BCELoss on raw outputs: the model has no sigmoid at the end"
    taxonomy = "model.layers.activation"
    severity = "error"
    silent = False
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("`{loss}` is `nn.BCELoss`, which needs probabilities in [0, 1], but "
               "`{model}` ends with `{layer}` (raw scores) and its output goes into "
               "`{loss}` directly.")
    beginner = """`nn.BCELoss` expects probabilities between 0 and 1, but the last layer
of `{model}` is `{layer}`, which outputs any number. PyTorch raises an error as soon as an
output falls outside [0, 1] ("all elements of input should be between 0 and 1"), and
until then the loss is meaningless. The simplest and most stable fix is to use
`nn.BCEWithLogitsLoss()` instead, which applies the sigmoid for you."""
    expert = """`BCELoss(p, y) = −[y log p + (1−y) log(1−p)]` is only defined for
p ∈ [0, 1]; the CPU/CUDA kernels assert it. `BCEWithLogitsLoss` fuses σ with the loss using
the log-sum-exp trick, which is numerically stable for large |z| (BCELoss clamps log at
−100 instead)."""
    fix = """{loss} = nn.BCEWithLogitsLoss()     # takes raw scores
loss = {loss}({model}(x), y)
probs = torch.sigmoid({model}(x))      # probabilities, for predictions"""
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.BCELoss.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        t = frameworks.get("torch")
        models = torch_models(ctx)
        for v in ctx.ns.of_kind("loss", framework="torch"):
            if t.framework_name(v.obj) not in t.vocab.PROBABILITY_BINARY_LOSSES:
                continue
            for m, wrs in loss_users(ctx, v.name, models).items():
                # only the raw output, possibly reshaped, goes in
                if not any(all(w in ("squeeze", "view", "reshape", "flatten", "[]", "[:]",
                                     "float") for w in wr) for wr in wrs):
                    continue
                out = output_layer(models[m].obj)   # behind compile/DataParallel
                if out and out[1] in t.WEIGHT_LAYERS:
                    yield Evidence(subject=m, model=m, layer=layer_label(m, out[0]), loss=v.name)
