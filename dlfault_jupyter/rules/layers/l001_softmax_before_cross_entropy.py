from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.model_facts import output_layer
from ...analysis.training import loss_users, paired_models, torch_models
from ...context import CellContext
from ...registry import Evidence, Rule, register
from ...wording import layer_label

# -- rules -----------------------------------------------------------------------------

@register
class SoftmaxBeforeCrossEntropy(Rule):
    id = "DLF-L001"
    name = "softmax-before-cross-entropy"
    title = "Softmax at the end of a model trained with CrossEntropyLoss"
    taxonomy = "model.layers.choice"
    severity = "error"
    silent = True
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("`{model}` ends with `{layer}` ({kind}), but `{loss}` is "
               "`{loss_kind}`, which applies log-softmax itself: the softmax is applied twice.")
    beginner = """`{loss_kind}` expects raw scores (logits) and turns them into
probabilities itself. Because `{model}` already ends with `{layer}`, the probabilities are
squashed a second time: the model still runs, but it learns slowly or gets stuck, and no
error tells you why. Remove the final {kind} from the model. If you need probabilities for
predictions, apply `torch.softmax(logits, dim=1)` after the model, outside the training loss."""
    expert = """`CrossEntropyLoss(x, y) = NLLLoss(log_softmax(x), y)`. Feeding it
`{kind}` outputs computes `log_softmax(softmax(z))`, whose inputs lie in [0, 1]: the
effective logits have a range of at most 1, so the loss is bounded far from 0 and its
gradient w.r.t. `z` is damped by the softmax Jacobian; training stalls or converges to a
poor optimum. (With `LogSoftmax`, log_softmax is idempotent, so the loss value is right,
but the pairing intended is `LogSoftmax` + `NLLLoss`; the model's outputs are then
log-probabilities, not logits, which misleads every later use.)"""
    fix = """# make {model} return raw logits (remove its final {kind}), then
{loss} = nn.CrossEntropyLoss()
loss = {loss}({model}(x), y)              # raw logits in
probs = torch.softmax({model}(x), dim=1)  # only when you need probabilities"""
    known_false_alarms = ("A model whose softmax output is used only for inference while the "
                          "loss is computed on another head's logits.")
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        t = frameworks.get("torch")
        losses = {v.name: v for v in ctx.ns.of_kind("loss", framework="torch")
                  if t.framework_name(v.obj) in t.vocab.CROSS_ENTROPY}
        models = torch_models(ctx)
        if not models:
            return
        pairs: dict[str, str] = {}
        for ln in losses:
            for m in paired_models(ctx, ln, models, list(losses)):
                pairs.setdefault(m, ln)
        # functional cross_entropy(model(x), y) seen in any cell
        cross_entropy = frameworks.get("torch").api("torch.nn.functional.cross_entropy")
        for f, m in ctx.flows:
            if m in models and m not in pairs and f.split(".")[-1] == "cross_entropy":
                if ctx.source.resolve(f) is cross_entropy or f.startswith(("F.", "torch.")):
                    pairs[m] = f
        for m, ln in pairs.items():
            wr = loss_users(ctx, ln, models).get(m)
            if wr and all(w for w in wr):
                continue  # every use applies something in between: not the raw output
            out = output_layer(models[m].obj)   # behind compile/DataParallel
            if out and out[1] in ("Softmax", "LogSoftmax"):
                yield Evidence(subject=m, model=m, layer=layer_label(m, out[0]), kind=out[1], loss=ln,
                               loss_kind="nn.CrossEntropyLoss" if ln in losses
                               else "F.cross_entropy")
