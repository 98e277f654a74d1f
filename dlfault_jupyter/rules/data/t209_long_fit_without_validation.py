from __future__ import annotations

import ast
from collections.abc import Iterator

from ...analysis.roles import ROLES, _var_kind
from ...context import CellContext
from ...registry import Evidence, Rule, register

_LONG_TRAINING = 20


@register
class LongFitWithoutValidation(Rule):
    id = "DLF-T209"
    name = "long-fit-without-validation"
    title = "Many epochs of training with no validation data to watch"
    taxonomy = "training.validation"
    severity = "info"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{call}` trains for {epochs} epochs without `validation_data` or "
               "`validation_split`: overfitting cannot be seen while it happens.")
    beginner = """After many epochs a model often starts to memorise the training data: the
training loss keeps going down while the results on new data get worse. Without
validation data, `fit` only shows the training loss, so you cannot see when this starts.
Keep part of the training data aside for validation (`validation_split=0.2`) and stop
when the validation loss stops improving (the `EarlyStopping` callback)."""
    expert = """`fit` reports only training metrics unless `validation_data`/
`validation_split` is given; over {epochs} epochs generalisation error is unobservable,
so neither early stopping nor a learning-rate schedule on `val_loss` is possible and the
final weights are those of the last epoch, not the best one. Add a held-out split (not
the test set), monitor `val_loss`, and use `EarlyStopping(restore_best_weights=True)`."""
    fix = """{model}.fit({args}, epochs={epochs}, validation_split=0.2,
          callbacks=[keras.callbacks.EarlyStopping(patience=5, restore_best_weights=True)])"""
    known_false_alarms = ("A final re-training on all data after the number of epochs was "
                          "chosen with validation earlier (reported once per notebook).")
    references = ("https://keras.io/api/callbacks/early_stopping/",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        mem = ctx.remember(self.id)
        if mem.get("reported"):
            return
        validated = ctx.remember(ROLES).setdefault("validated", False)
        for c in ctx.source.calls:
            if c.attr != "fit" or not c.receiver or \
                    _var_kind(ctx, c.receiver_root) != "model":
                continue
            mv = ctx.ns.get(c.receiver_root)
            if mv is None or mv.framework != "keras":
                continue
            kw = c.kwargs
            if any(k in kw for k in ("validation_data", "validation_split")) or \
                    len(c.args) >= 8 or any(isinstance(a, ast.Starred) for a in c.args) \
                    or None in [k.arg for k in c.node.keywords]:
                ctx.remember(ROLES)["validated"] = True
                continue
            epochs = c.const("epochs", 3)
            node = c.kwarg("epochs", 3)
            if epochs is None and isinstance(node, ast.Name):
                epochs = ctx.user_ns.get(node.id)
            if not isinstance(epochs, int) or isinstance(epochs, bool) or \
                    epochs < _LONG_TRAINING or validated:
                continue
            if "callbacks" in kw:
                continue   # callbacks may validate (custom) or stop early
            mem["reported"] = True
            args = ", ".join(ctx.source.segment(a) for a in c.args[:2]) or "x, y"
            yield Evidence(line=c.line, subject=c.receiver_root, model=c.receiver,
                           epochs=epochs, args=args,
                           call=f"{c.receiver}.fit({args}, epochs={epochs})")
            return
