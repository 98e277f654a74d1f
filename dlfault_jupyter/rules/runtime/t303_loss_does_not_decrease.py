from __future__ import annotations

from collections.abc import Iterator

from ...analysis.runtime import RuntimeRule, _fmt, _lr_line, _model, _opt, loss_shape
from ...context import CellContext
from ...registry import Evidence, Texts, register


@register
class PlateauLoss(RuntimeRule):
    id = "DLF-T303"
    name = "loss-does-not-decrease"
    title = "The loss does not go down"
    taxonomy = "training.process"
    severity = "warning"
    message = ("Over {steps} steps the loss stayed at {first} → {last} (change {change}): "
               "the model is not learning.")
    beginner = """The loss at the end of this run is practically the same as at the
start: the updates do not improve the model. Common causes: a learning rate far too low,
an optimizer that does not hold this model's parameters, gradients that never reach the
weights (detached tensors, frozen layers), labels that do not match the inputs, or a
softmax applied before a loss that already applies one."""
    expert = """Relative change of the windowed mean loss below 2% over {steps} steps.
Look at the other runtime findings first (zero or vanishing gradients, tiny
update-to-weight ratios, dead units): they name the cause. Otherwise check that
`optimizer.param_groups` hold `model.parameters()`, that nothing calls `.detach()`,
`.item()` or `.numpy()` inside the forward, and the loss/activation pairing."""
    fix = """{lr_line}
# and check they get gradients after loss.backward():
print([(n, p.grad is None) for n, p in {model}.named_parameters()])"""
    texts = {
        "keras": Texts(
            beginner="""The loss at the end of this run is practically the same as at the
start: the updates do not improve the model. Common causes: a learning rate far too low,
layers that do not train (`trainable = False`), gradients that never reach the weights (a
`stop_gradient` or a conversion to NumPy inside a layer), labels that do not match the
inputs, or a last layer and a loss that do not fit together (a softmax output with
`from_logits=True`, raw scores without it).""",
            expert="""Relative change of the windowed mean loss below 2% over {steps} steps.
Look at the other runtime findings first (zero or vanishing gradients, tiny
update-to-weight ratios, dead units): they name the cause. Otherwise check that
`{model}.trainable_weights` holds the layers you mean to train, that no layer's `call`
uses `stop_gradient` or NumPy, and the pairing of the last activation with the loss
(`from_logits`).""",
            fix="""{model}.compile(optimizer=keras.optimizers.Adam(1e-3), loss=...)
# and check which weights train:
print([w.path for w in {model}.trainable_weights])""",
        ),
    }
    known_false_alarms = ("Continuing to train a model that has already converged (the loss "
                          "is flat because it is at its minimum).")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        tr = ctx.runtime
        shape, d = loss_shape(tr)
        if shape != "plateau":
            return
        yield Evidence(subject=_model(tr), key="plateau", steps=tr.steps or len(tr.losses),
                       first=_fmt(d["first"]), last=_fmt(d["last"]),
                       change=f"{(d['last'] - d['first']) / d['first']:+.1%}", opt=_opt(tr),
                       model=_model(tr), lr_line=_lr_line(ctx, tr, "typical"))
