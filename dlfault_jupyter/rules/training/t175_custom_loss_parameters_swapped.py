from __future__ import annotations

import inspect
import re
from collections.abc import Iterator
from typing import Any

from ...context import CellContext
from ...registry import Evidence, Rule, register

#: parameter names that say "the model's prediction" / "the true labels"
_PRED = re.compile(r"(y_?)?(pred|preds|prediction|predictions|hat|logits?|probs?|outputs?)"
                   r"|(y_?pred|y_?hat|pred|output|logit|prob)\w*")
_TRUE = re.compile(r"(y_?)?(true|truth|gt)|(target|label|ground_?truth)\w*")


def _function(loss: Any) -> Any:
    """The user's Python function behind a compiled loss (a plain function, or the ``fn``
    of a ``LossFunctionWrapper``), or None."""
    fn = loss if inspect.isfunction(loss) else getattr(loss, "fn", None)
    if not inspect.isfunction(fn) or fn.__module__ not in ("__main__", None) and \
            fn.__module__.startswith(("keras", "tensorflow")):
        return None
    return fn


def _params(fn: Any) -> list[str] | None:
    try:
        ps = list(inspect.signature(fn).parameters.values())
    except (TypeError, ValueError):
        return None
    pos = [p.name for p in ps if p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)]
    return pos if len(pos) >= 2 else None


@register
class CustomLossParametersSwapped(Rule):
    id = "DLF-T175"
    name = "custom-loss-parameters-swapped"
    title = "A custom Keras loss declares (prediction, truth) but Keras passes (y_true, y_pred)"
    taxonomy = "training.loss"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras",)
    message = ("`{model}` is compiled with the loss `{fn}({p0}, {p1}{rest})`, whose parameter "
               "names put the prediction first, but Keras calls a loss as "
               "`loss(y_true, y_pred)`: inside `{fn}`, `{p0}` receives the labels and `{p1}` "
               "the model's output.")
    beginner = """Keras always calls a loss function with the true labels first and the
model's prediction second: `loss(y_true, y_pred)`. `{fn}` is written the other way round,
so every line of it that means the prediction (`{p0}`) actually works on the labels, and
the other way round. No error is raised (the shapes usually match) and training runs,
but it minimises a different quantity: for a cross-entropy, the logarithm is taken of
the 0/1 labels instead of the predictions. Swap the two parameters (the body can stay as
it is)."""
    expert = """Keras binds the loss positionally: `Loss.__call__` / `compute_loss` call
`fn(y_true, y_pred)`, whatever the parameter names. With `{fn}({p0}, {p1})` the names are
inverted, so the gradient of `{fn}` flows into the model through the argument the body
treats as the target. Asymmetric losses (cross-entropies, weighted or focal losses, KL)
then optimise a wrong objective silently; only symmetric distances are unaffected."""
    fix = """def {fn}({p1}, {p0}{rest}):   # Keras calls loss(y_true, y_pred): the labels first"""
    known_false_alarms = ("A function whose parameter names are misleading but whose body "
                          "uses them in Keras's order.")
    references = ("https://keras.io/api/losses/#creating-custom-losses",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        from ... import frameworks
        from ...analysis.training import fit_calls

        k = frameworks.get("keras")
        if k is None or not ctx.source.ok:
            return
        for fc in fit_calls(ctx, ("compile",)):
            cfg = k.compile_config(fc.model.obj)
            fn = _function(cfg.get("loss")) if cfg else None
            ps = _params(fn) if fn is not None else None
            if fn is None or not ps:
                continue
            p0, p1 = ps[0], ps[1]
            if not (_PRED.fullmatch(p0.lower()) and _TRUE.fullmatch(p1.lower())):
                continue
            rest = "".join(", " + p for p in ps[2:])
            yield Evidence(line=fc.call.line, subject=fn.__name__, model=fc.model.name,
                           fn=fn.__name__, p0=p0, p1=p1, rest=rest)
