from __future__ import annotations

import ast
from collections.abc import Iterator

from ...context import CellContext
from ...frameworks import adapter
from ...registry import Evidence, Rule, Texts, register


def _values(obj) -> tuple[str, dict] | None:
    """(variant, fields) describing the values of the labels passed as the prediction,
    from the adapter's bounded sample; ``None`` when they cannot be read or require grad
    (a tensor that requires grad is a computed prediction, not labels)."""
    from ... import frameworks

    if getattr(obj, "requires_grad", False):
        return None
    mod = type(obj).__module__.split(".")[0]
    ad = frameworks.get("torch" if mod == "torch" else "numpy" if mod == "numpy" else "")
    if ad is None:
        return None
    try:
        s = ad.summary(obj)
    except Exception:  # noqa: BLE001 - an exotic object: not read
        return None
    if s is None or not s.has_values or s.min is None or s.max is None:
        return None
    shape = "×".join(str(d) for d in s.shape)
    u = s.uniques
    if u is not None and set(u) <= {0.0, 1.0} and len(u) == 2:
        return "binary", {"shape": shape}
    if u is not None and s.integral and len(u) <= 64:
        return "classes", {"shape": shape, "k": len(u), "lo": f"{s.min:g}", "hi": f"{s.max:g}"}
    return "range", {"shape": shape, "lo": f"{s.min:.3g}", "hi": f"{s.max:.3g}"}


#: cross-entropies: linear in their target (the swapped loss is unbounded below)
_XENT = ("CrossEntropyLoss", "cross_entropy", "BCELoss", "binary_cross_entropy")


@register
class LossArgumentsSwapped(Rule):
    id = "DLF-T016"
    name = "loss-arguments-swapped"
    title = "Loss called with the labels first and the model's output second"
    taxonomy = "training.loss"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("torch",)
    message = ("`{call}` passes {data} as the prediction and "
               "`{model}`'s output as the target: {loss_cls} takes (input, target), so it "
               "trains `{model}` toward a function of the labels, not toward the labels.")
    beginner = """A PyTorch loss is always called as `loss(prediction, target)`: the model's
output first, the true labels second. Here the order is reversed: `{labels}` is in the
prediction's place and the output of `{model}` is in the target's place. {loss_cls} is
not symmetric, so the number it computes is a different quantity, yet no error is raised
and the loss may even go down while the model learns the wrong thing. Swap the two
arguments."""
    expert = """{loss_cls}(input, target) scores `input` as the prediction against `target`
as the reference. Swapped, the labels ({seen}) are read as {as_what} and `{model}`'s
output becomes the reference{drift}. Distances (MSE, L1, Huber) give the same value
either way and are not reported."""
    fix = """loss = {loss}({pred_arg}, {target_arg})   # (input, target): the model's output first"""
    texts = {
        "binary": Texts(seen="{shape}, only 0 and 1"),
        "classes": Texts(seen="{shape}, {k} whole numbers from {lo} to {hi}"),
        "range": Texts(seen="{shape}, values from {lo} to {hi}"),
        "xent": Texts(as_what="{as_kind}",
                      drift=": a cross-entropy is linear in its target, so the swapped loss "
                            "has no minimum: it falls without bound while the outputs drift off "
                            "to infinity"),
        "xent_logits": Texts(as_what="logits",
                             drift=": a cross-entropy is linear in its target, and here the "
                                   "gradient on each output is minus its label, so the outputs "
                                   "of the positives grow without bound, the zeros get no "
                                   "gradient at all, and the loss falls below zero"),
        "other": Texts(as_what="{as_kind}",
                       drift=", so gradient descent moves it toward whatever lowers the loss "
                             "with the labels as {as_kind}, not toward the labels"),
        "whole": Texts(data="the data `{labels}` ({seen})"),
        "batch": Texts(data="`{input}` (a batch of the data `{labels}`: {seen})"),
    }
    known_false_alarms = ("A loss deliberately evaluated against the model's output as the "
                          "reference (a reversed KL divergence to a fixed distribution).")
    references = ("https://pytorch.org/docs/stable/nn.html#loss-functions",
                  "https://pytorch.org/docs/stable/generated/torch.nn.BCEWithLogitsLoss.html")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from ...analysis.losses import loss_uses

        ad = adapter("torch")
        if not ctx.source.ok or ad is None:
            return
        symmetric = ad.vocab.SYMMETRIC_LOSSES
        seen: set[tuple[str, int]] = set()
        for u in loss_uses(ctx):
            # the target is a model's output, the input is data (not a model's output)
            if u.target_model is None or u.model is not None or u.input is None:
                continue
            if not u.kind or u.kind in symmetric or (u.loss, u.line) in seen:
                continue
            call = u.call
            args = [call.kwarg("input", 0), call.kwarg("target", 1)] if call else []
            if len(args) != 2 or any(a is None for a in args):
                continue
            vals = _values(u.input_obj)
            if vals is None:
                continue
            seen.add((u.loss, u.line))
            variant, fields = vals
            logits = "logits" in u.kind.lower() or u.kind in ("CrossEntropyLoss",
                                                               "cross_entropy")
            as_what = "xent_logits" if u.kind in ("BCEWithLogitsLoss",
                                                  "binary_cross_entropy_with_logits") \
                else "xent" if u.kind in _XENT else "other"
            labels = u.input_labels or u.input
            yield Evidence(line=u.line, subject=u.loss,
                           variant=(variant, as_what, "whole" if labels == u.input else "batch"),
                           loss=u.loss, loss_cls=u.kind, model=u.target_model,
                           labels=labels, input=u.input,
                           as_kind="logits" if logits else "probabilities",
                           call=f"{u.loss}({ast.unparse(args[0])}, {ast.unparse(args[1])})",
                           pred_arg=ast.unparse(args[1]), target_arg=ast.unparse(args[0]),
                           **fields)
