from __future__ import annotations

from collections.abc import Iterator

from ...analysis.runtime import RuntimeRule, _fmt, _keras_loss, _model, keras_run
from ...context import CellContext
from ...registry import Evidence, Texts, register


# -- loss ----------------------------------------------------------------------------
@register
class NonFiniteLoss(RuntimeRule):
    id = "DLF-T301"
    name = "loss-became-nan"
    title = "The loss became NaN or infinite during training"
    taxonomy = "training.process"
    severity = "error"
    message = "The loss became `{value}` at step {step} of this run; {where}"
    beginner = """Once the loss is NaN (not a number) or infinite, every gradient and then
every weight becomes NaN too: the model stops learning for good and its predictions are
garbage. It usually comes from the data (a NaN or infinite value in a batch), from a
learning rate so high that the numbers overflow, or from a loss computed by hand that
takes the log of 0 or divides by 0."""
    expert = """Non-finite values propagate through every floating-point operation
(NaN·0 = NaN), so a single non-finite loss at step {step} poisons `param.grad` and, after
`step()`, the parameters. It comes from the input batch, from the loss computation itself
(`log(0)`, `0/0`, `exp` overflow in a hand-written loss) or from weights that an update
made non-finite. Use numerically stable fused losses (`cross_entropy` on
logits, `BCEWithLogitsLoss`, `logsumexp`) and check the data with
`torch.isfinite(x).all()`."""
    fix = """# clean the data once, use a stable loss, and stop early on a bad value
X = torch.nan_to_num(X)                     # or drop the rows that are not finite
loss = torch.nn.functional.cross_entropy(logits, y)   # not log(softmax(...))
if not torch.isfinite(loss):
    raise FloatingPointError(f"non-finite loss at step {{step}}")"""
    texts = {
        "keras": Texts(
            expert="""Non-finite values propagate through every floating-point operation
(NaN·0 = NaN), so a single non-finite loss at step {step} makes the gradients and, after
the optimizer's update, the weights non-finite. It comes from the input data, from the
loss computation (a probability of exactly 0 or 1, a hand-written loss) or from weights
that an update made non-finite. Use numerically stable losses
(`from_logits=True` on the raw scores of the last layer instead of a softmax output),
check the data with `np.isfinite(X).all()`, and stop a run early with
`keras.callbacks.TerminateOnNaN()`.""",
            fix="""# clean the data once, use a stable loss, and stop early on a bad value
X = np.nan_to_num(X)                        # or drop the rows that are not finite
{model}.compile(optimizer=..., loss={kloss})   # a numerically stable loss
{model}.fit(X, y, callbacks=[keras.callbacks.TerminateOnNaN()])""",
        ),
        # -- where the non-finite value came from (the end of the message)
        "input_not_finite": Texts(where="""the model's input batch already contained NaN/Inf
(seen at step {input_step}): the data is not clean."""),
        "weights_not_finite": Texts(where="""afterwards the weights were NaN/Inf too
(`{nan_layer}` at step {nan_step}): an update wrote them (learning rate too high, exploding
gradients, or the non-finite loss itself)."""),
        "origin_unknown": Texts(where="""check the data for NaN/Inf, a hand-written loss for a
log of 0 or a division by 0, and lower the learning rate."""),
        "outputs_finite": Texts(where="""every layer's output was finite at the probed steps:
the loss computation (log of 0, division by 0) or an overflow produced it."""),
    }
    known_false_alarms = "None known: a non-finite loss is never part of a healthy run."
    references = ("https://pytorch.org/docs/stable/generated/torch.isfinite.html",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        tr = ctx.runtime
        if tr is None or tr.losses.first_bad is None:
            return
        origin = tr.nan_origin
        if origin and origin.get("layer") and origin.get("params_finite", True) and \
                origin.get("step", 0) <= tr.losses.first_bad[0]:
            return  # DLF-T310 names the layer that produced it
        step, value = tr.losses.first_bad
        if tr.input_nonfinite_step is not None and tr.input_nonfinite_step <= step:
            where = "input_not_finite"
        elif origin and origin.get("layer"):
            where = "weights_not_finite"
        elif keras_run(tr):
            where = "origin_unknown"
        else:
            where = "outputs_finite"
        # weights made non-finite by an update on clean data: a learning-rate finding of
        # the same run (diverging loss, exploding gradients) is the same cause
        cause = "learning-rate" if origin and origin.get("layer") and \
            tr.input_nonfinite_step is None else None
        yield Evidence(subject=tr.loss_subject or _model(tr), key=step, step=step,
                       value=_fmt(value), variant=where, input_step=tr.input_nonfinite_step,
                       nan_layer=origin.get("layer") if origin else None,
                       nan_step=origin.get("step") if origin else None, model=_model(tr),
                       kloss=_keras_loss(tr), same_cause=cause)
