"""PyTorch model, layer and activation rules (namespace and source evidence)."""

from __future__ import annotations

from collections.abc import Iterator

from .. import frameworks
from ..context import CellContext
from . import Evidence, Rule, register


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
    message = ("`{model}` ends with `{layer}` ({kind}), but `{loss}` is `nn.CrossEntropyLoss`, "
               "which applies log-softmax itself: the softmax is applied twice.")
    beginner = """`nn.CrossEntropyLoss` expects raw scores (logits) and turns them into
probabilities itself. Because `{model}` already ends with `{layer}`, the probabilities are
squashed a second time: the model still runs, but it learns slowly or gets stuck, and no
error tells you why. Remove `{layer}` from the model. If you need probabilities for
predictions, apply `torch.softmax(logits, dim=1)` after the model, outside the training loss."""
    expert = """`CrossEntropyLoss(x, y) = NLLLoss(log_softmax(x), y)`. Feeding it
`{kind}` outputs computes `log_softmax(softmax(z))`, whose inputs lie in [0, 1]: the
effective logits have a range of at most 1, so the loss is bounded far from 0 and its
gradient w.r.t. `z` is damped by the softmax Jacobian; training stalls or converges to a
poor optimum. (With `LogSoftmax`, log_softmax is idempotent but the pairing intended is
`LogSoftmax` + `NLLLoss`.)"""
    fix = """# drop the final {layer} from the model and keep
{loss} = nn.CrossEntropyLoss()
loss = {loss}({model}(x), y)          # raw logits in
probs = torch.softmax({model}(x), dim=1)  # only when you need probabilities"""
    known_false_alarms = ("A model whose softmax output is used only for inference while the "
                          "loss is computed on another head's logits.")
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.CrossEntropyLoss.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        t = frameworks.get("torch")
        losses = [v for v in ctx.ns.of_kind("loss", framework="torch")
                  if type(v.obj).__name__ == "CrossEntropyLoss"]
        if not losses:
            return
        models = ctx.ns.models("torch")
        for m in models:
            # which CE loss is this model trained with? Known from usage (loss_fn(model(x), y))
            # in any cell; without usage, only when the pairing is unambiguous.
            paired = [v for v in losses if m.name in ctx.used_with(v.name)]
            if not paired:
                used_elsewhere = any(ctx.used_with(v.name) for v in losses)
                if len(models) != 1 or used_elsewhere:
                    continue
                paired = losses
            chain = t.sequential_chain(m.obj)
            if not chain:
                continue
            tail = [(n, mod) for n, mod in chain if type(mod).__name__ not in ("Dropout",
                                                                               "Identity")]
            if not tail:
                continue
            lname, last = tail[-1]
            kind = type(last).__name__
            if kind in ("Softmax", "LogSoftmax"):
                yield Evidence(subject=m.name, model=m.name, layer=f"{lname}: {kind}()",
                               kind=kind, loss=paired[0].name)
