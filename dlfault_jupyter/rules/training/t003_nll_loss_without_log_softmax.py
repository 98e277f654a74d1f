from __future__ import annotations

from collections.abc import Iterator

from ...analysis.model_facts import output_layer
from ...analysis.provenance import VALUES, kept
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register

# -- group 2 ---------------------------------------------------------------------------


@register
class NLLLossOnRawOutputs(Rule):
    id = "DLF-T003"
    name = "nll-loss-without-log-softmax"
    title = "NLLLoss on outputs that are not log-probabilities"
    taxonomy = "training.loss"
    severity = "error"
    silent = True
    evidence = "namespace"
    frameworks = ("torch",)
    message = ("`{loss}` is `nn.NLLLoss`, which expects log-probabilities, but `{model}` "
               "ends with `{layer}` ({what}) and its output goes into `{loss}` directly.")
    beginner = """`nn.NLLLoss` does not compute a softmax or a logarithm: it only picks the
value of the correct class and negates it. It must be given log-probabilities
(the output of `nn.LogSoftmax`). `{model}` outputs {what}, so the "loss" can go to minus
infinity by making that one number large: the model learns nothing useful and no error
is shown. Either add `nn.LogSoftmax(dim=1)` at the end of `{model}`, or (simpler) use
`nn.CrossEntropyLoss()`, which does LogSoftmax + NLLLoss for you."""
    expert = """`NLLLoss(x, y) = −mean_i x[i, y_i]`. On unnormalised logits it is
unbounded below and its gradient is a constant −1 on the target logit and 0 elsewhere:
the other classes are never pushed down and the logits diverge. On probabilities
(Softmax output) it maximises p_y linearly instead of log-linearly, with vanishing
gradients near 0. `CrossEntropyLoss` fuses `log_softmax` + `nll_loss` stably."""
    fix = """{loss} = nn.CrossEntropyLoss()          # takes raw logits
loss = {loss}({model}(x), y)
# or keep NLLLoss and end the model with nn.LogSoftmax(dim=1)"""
    texts = {
        "logits": Texts(what="raw scores (logits)"),
        "probabilities": Texts(what="probabilities, not their logarithm"),
    }
    references = ("https://pytorch.org/docs/stable/generated/torch.nn.NLLLoss.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from ... import frameworks
        from ...analysis.training import loss_users, torch_models

        t = frameworks.get("torch")
        models = torch_models(ctx)
        for v in ctx.ns.of_kind("loss", framework="torch"):
            if t.framework_name(v.obj) not in t.vocab.LOG_PROBABILITY_LOSSES:
                continue
            for m, wrs in loss_users(ctx, v.name, models).items():
                if not any(VALUES in kept(wr) for wr in wrs):   # the raw output, converted
                    continue
                out = output_layer(models[m].obj)   # behind compile/DataParallel
                if not out:
                    continue
                if out[1] in t.WEIGHT_LAYERS:
                    variant = "logits"
                elif out[1] in ("Softmax", "Sigmoid"):
                    variant = "probabilities"
                else:
                    continue
                yield Evidence(subject=m, variant=variant, model=m, layer=out[0], loss=v.name)
