from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.model_facts import output_layer
from ...analysis.training import loss_users, paired_models, torch_models
from ...context import CellContext
from ...registry import Evidence, Rule, register
from ...wording import layer_label


@register
class SigmoidBeforeBCEWithLogits(Rule):
    id = "DLF-T030"
    name = "sigmoid-before-bce-with-logits"
    title = "Sigmoid at the end of a model trained with BCEWithLogitsLoss"
    taxonomy = "training.loss"
    severity = "error"
    silent = True
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("`{model}` ends with `{layer}` (Sigmoid), but `{loss}` is `nn.BCEWithLogitsLoss`, "
               "which applies the sigmoid itself: the sigmoid is applied twice.")
    beginner = """`nn.BCEWithLogitsLoss` expects raw scores (logits) and applies the
sigmoid itself. Since `{model}` already ends with a sigmoid, its outputs (between 0 and 1)
are squashed again into 0.5–0.73: the model learns very slowly and its predictions are
poorly separated, with no error. Remove the final sigmoid from the model and keep
`BCEWithLogitsLoss`; apply `torch.sigmoid` only when you need probabilities."""
    expert = """`BCEWithLogitsLoss(z, y) = BCE(σ(z), y)` computed stably. With `z = σ(h)`
∈ (0, 1), `σ(z)` ∈ (0.5, 0.731): the loss for a positive can never go below
−log 0.731 ≈ 0.31 and for a negative never below −log 0.5 ≈ 0.69, and gradients are
scaled by σ'(h)·σ'(z) ≤ 1/16. Training plateaus at a poor optimum."""
    fix = """# remove the final Sigmoid from {model}, keep
{loss} = nn.BCEWithLogitsLoss()
loss = {loss}({model}(x), y)              # logits in
probs = torch.sigmoid({model}(x))         # for predictions only"""
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.BCEWithLogitsLoss.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        models = torch_models(ctx)
        t = frameworks.get("torch")
        losses = [v.name for v in ctx.ns.of_kind("loss", framework="torch")
                  if t.framework_name(v.obj) in t.vocab.LOGIT_BINARY_LOSSES]
        for ln in losses:
            for m in paired_models(ctx, ln, models, losses):
                wr = loss_users(ctx, ln, models).get(m)
                if wr and all(w for w in wr):
                    continue
                out = output_layer(models[m].obj)   # behind compile/DataParallel
                if out and out[1] == "Sigmoid":
                    yield Evidence(subject=m, model=m, layer=layer_label(m, out[0]), loss=ln)
