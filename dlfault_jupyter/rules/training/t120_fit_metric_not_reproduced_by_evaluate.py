from __future__ import annotations

import ast
from collections.abc import Iterator
from typing import Any

from ... import frameworks
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register

# -- silent-bug safeguard: fit's validation metrics reproduced by evaluate ------------------------

_WEIGHT_CHANGERS = ("fit", "train_on_batch", "load_weights", "set_weights", "fit_generator")


def _assigned_to(src: Any, node: ast.AST) -> list[str]:
    return [a.target for a in src.assigns if a.value is node and not a.augmented]


def _float(v: Any) -> float | None:
    try:
        f = float(v)
    except (TypeError, ValueError):
        return None
    return f if f == f else None


@register
class FitMetricNotReproduced(Rule):
    id = "DLF-T120"
    name = "fit-metric-not-reproduced-by-evaluate"
    title = "evaluate() on fit's validation data does not reproduce fit's validation metric"
    taxonomy = "training.validation"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}.evaluate({data})` gives {metric} = {got:.4g}, but `fit` reported "
               "`val_{metric}` {reported} on the same validation data: {cause}")
    beginner = """After training, evaluating the model on its validation data must give the
numbers `fit` printed for that data: both run the model in inference mode on the same
samples with the same weights. Here they differ ({got:.4g} vs {reported}), so something
changed between the two without you noticing: {cause} Find out what before trusting
either number."""
    expert = """`fit` computes `val_*` with `test_step` at the end of each epoch; `evaluate`
runs the same `test_step`. With unchanged weights, BatchNorm moving statistics and data,
they agree to float rounding (checked against every epoch, so EarlyStopping's
restore_best_weights is covered). A mismatch means the model state or the data differ:
moving statistics updated by a `model(x, training=True)` call, weights changed by another
training step, or the arrays re-bound/preprocessed after `fit`. This is one of the
safeguards recommended by studies of silent bugs in Keras/TensorFlow."""
    fix = """history = {model}.fit(X_train, y_train, validation_data=({data}), ...)
print(history.history["val_{metric}"][-1], {model}.evaluate({data}, verbose=0))
# they must agree; call the model with training=False for predictions, and preprocess the
# validation data once, before fit"""
    texts = {
        # what changed between fit and evaluate
        "data_rebound": Texts(cause="""{rebound} was assigned a new value after `fit`, so
the data evaluated is not the data fit validated on."""),
        "one_rebound": Texts(rebound="`{rebound_name}`"),
        "both_rebound": Texts(rebound="`{x_name}` and `{y_name}`"),
        "training_call": Texts(cause="""`{model}` was called with `training=True` after `fit`,
which updates the BatchNormalization moving statistics (and applies Dropout)."""),
        "unknown_change": Texts(cause="""the model or the data changed between them (weights
changed by another training step, BatchNormalization statistics updated by a
`training=True` call, or the arrays modified in place)."""),
        # fit's val_ metric over the epochs
        "one_epoch": Texts(reported="{last} (last epoch)"),
        "several_epochs": Texts(reported="between {lowest} and {highest} (last {last})"),
    }
    known_false_alarms = ("Weights changed on purpose between fit and evaluate in a way the "
                          "check cannot see (inside a helper function).")
    references = ("https://keras.io/api/models/model_training_apis/#evaluate-method",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:  # noqa: C901 - the rule's chain of evidence, one guard per fact; to shrink as the facts move to analysis/ (issue 12)
        src = ctx.source
        if frameworks.get("keras") is None or not src.ok:
            return
        # id(model) -> (history name, x name, y name, id(x), id(y), training-mode calls)
        runs: dict[int, list] = ctx.remember(self.id).setdefault("runs", {})
        for c in sorted(src.calls, key=lambda c: c.line):
            if c.function is not None:
                continue
            name = c.receiver if c.receiver else c.name
            var = ctx.ns.get(name)
            if var is None or var.kind != "model" or var.framework != "keras":
                if c.attr in ("apply_gradients", "minimize") and runs:
                    runs.clear()    # a custom training step: weights changed
                continue
            oid = id(var.obj)
            if c.receiver is None:        # model(x, training=True): BN statistics move
                if c.const("training") is True and oid in runs and \
                        not src.inside_with(c.node, "GradientTape"):
                    runs[oid][5] = True
                continue
            if c.attr in _WEIGHT_CHANGERS:
                runs.pop(oid, None)
                if c.attr != "fit":
                    continue
                vd = c.kwarg("validation_data")
                hist = _assigned_to(src, c.node)
                if not hist or not isinstance(vd, (ast.Tuple, ast.List)) or \
                        len(vd.elts) != 2 or not all(isinstance(e, ast.Name)
                                                     for e in vd.elts):
                    continue
                xn, yn = vd.elts[0].id, vd.elts[1].id
                runs[oid] = [hist[0], xn, yn, id(ctx.user_ns.get(xn)),
                             id(ctx.user_ns.get(yn)), False]
                continue
            if c.attr != "evaluate" or oid not in runs:
                continue
            hname, xn, yn, xid, yid, trained_mode = runs[oid]
            x, y = c.kwarg("x", 0), c.kwarg("y", 1)
            if not (isinstance(x, ast.Name) and isinstance(y, ast.Name) and x.id == xn
                    and y.id == yn) or c.kwarg("sample_weight") is not None:
                continue
            targets = _assigned_to(src, c.node)
            hist = ctx.user_ns.get(hname)
            k = frameworks.get("keras")
            h = getattr(hist, "history", None) \
                if k.framework_name(hist) in k.vocab.FIT_HISTORIES else None
            if not targets or not isinstance(h, dict):
                continue
            got = self._results(ctx, targets)
            for metric, value in got:
                series = h.get(f"val_{metric}")
                if not isinstance(series, list) or not series:
                    continue
                vals = [f for f in map(_float, series) if f is not None]
                if not vals or any(abs(v - value) <= 1e-3 * max(abs(v), abs(value)) + 1e-5
                                   for v in vals):
                    continue
                rebound = [n for n, i in ((xn, xid), (yn, yid)) if id(ctx.user_ns.get(n)) != i]
                if rebound:
                    cause: tuple[str, ...] = (
                        "data_rebound", "both_rebound" if len(rebound) == 2 else "one_rebound")
                elif trained_mode:
                    cause = ("training_call",)
                else:
                    cause = ("unknown_change",)
                runs.pop(oid, None)
                yield Evidence(line=c.line, subject=var.name, model=var.name,
                               variant=(*cause,
                                        "one_epoch" if len(vals) == 1 else "several_epochs"),
                               data=f"{xn}, {yn}", metric=metric, got=value,
                               x_name=xn, y_name=yn, rebound_name=rebound[0] if rebound else None,
                               last=f"{vals[-1]:.4g}", lowest=f"{min(vals):.4g}",
                               highest=f"{max(vals):.4g}")
                break

    @staticmethod
    def _results(ctx: CellContext, targets: list[str]) -> list[tuple[str, float]]:
        """(metric, value) pairs from evaluate's result: a dict (return_dict=True), a list
        [loss, ...] or a scalar loss, or ``loss, acc = ...`` (only the loss is named)."""
        if len(targets) > 1:
            v = _float(ctx.user_ns.get(targets[0]))
            return [("loss", v)] if v is not None else []
        res = ctx.user_ns.get(targets[0])
        if isinstance(res, dict):
            return [(str(k), f) for k, f in ((k, _float(v)) for k, v in res.items())
                    if f is not None]
        if isinstance(res, (list, tuple)) and res:
            v = _float(res[0])
        else:
            v = _float(res)
        return [("loss", v)] if v is not None else []
