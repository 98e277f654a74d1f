from __future__ import annotations

import ast
from collections.abc import Iterator

from ... import frameworks
from ...analysis.callbacks import fit_callbacks
from ...analysis.roles import _arg, _strict_test_name, uses
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register

#: what a callback picks by its ``val_`` quantity, by class
_PICKS = {"EarlyStopping": "stop", "ModelCheckpoint": "save", "ReduceLROnPlateau": "lr"}


def _is_dataset(obj: object) -> bool:
    k = frameworks.get("keras")
    return obj is not None and k is not None and bool(k.is_dataset(obj))


def _validation_names(vd: ast.expr) -> tuple[str | None, str | None]:
    """(features, labels) variables of ``validation_data=(x, y)``, or (dataset, None)."""
    if isinstance(vd, (ast.Tuple, ast.List)) and len(vd.elts) >= 2:
        return _arg(vd.elts[0])[0], _arg(vd.elts[1])[0]
    return _arg(vd)[0], None


@register
class CallbackSelectsOnTestData(Rule):
    id = "DLF-T176"
    name = "callback-selects-on-test-data"
    title = "A callback picks the epoch by a val_ metric computed on the test split"
    taxonomy = "training.validation"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{model}.fit` validates on `{test}`, the test split{evaluated}, and "
               "`{label}` ({cls}) watches `{monitor}` on it: it {effect}, so the test set "
               "takes part in training and a test score measured on `{test}` is "
               "optimistic.")
    beginner = """With `validation_data` set to `{test}`, every `val_` number Keras logs is
computed on the test data. {cls} watches `{monitor}` and {effect}: the test set chooses the
model. A score measured afterwards on `{test}` then rewards that choice and is higher than
what the model will get on new data. Hold out a validation split of the training data for
the callbacks, and use `{test}` once, at the end."""
    expert = """Early stopping, best-checkpoint saving and plateau schedules are model
selection on the monitored split. Selecting on `{test}` and reporting on it makes the test
estimate optimistically biased (selection-induced overfitting to the test sample), the
more so with small test sets and many epochs. Validate on a split of the training data
(`validation_split` or an explicit `(x_val, y_val)`)."""
    fix = """{fixed}"""
    texts = {
        "stop": Texts(effect="stops training at the epoch that looks best on it"),
        "stop_restore": Texts(effect="stops training and restores the weights of the epoch "
                                     "that looks best on it"),
        "save": Texts(effect="keeps the checkpoint of the epoch that looks best on it"),
        "lr": Texts(effect="lowers the learning rate when it stops improving on it"),
        "evaluated": Texts(evaluated=" also given to `{model}.evaluate`"),
        "named": Texts(evaluated=" by its name"),
        "dataset": Texts(fix="""# val_ds: a held-out split of the training data (not the test set)
{fixed}"""),
    }
    known_false_alarms = ("A variable named like a test split that is in fact the "
                          "validation split (a separate test split exists under another "
                          "name).")
    references = ("https://keras.io/api/callbacks/early_stopping/",
                  "https://scikit-learn.org/stable/modules/cross_validation.html")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        if ctx.error is not None:
            return
        for fw in fit_callbacks(ctx):
            c = fw.call
            vd = c.kwargs.get("validation_data")
            if not fw.validated or vd is None:
                continue
            test, test_y = _validation_names(vd)
            if not test or not _strict_test_name(test) or \
                    (test_y is not None and not _strict_test_name(test_y)):
                continue
            cb = next((w for w in fw.callbacks if w.monitor.startswith("val_") and
                       w.cls in _PICKS and
                       (w.cls != "ModelCheckpoint" or w.best == "save_best_only")), None)
            if cb is None:
                continue
            effect = _PICKS[cb.cls]
            if effect == "stop" and cb.best == "restore_best_weights":
                effect = "stop_restore"
            evaluated = any(u.how == "evaluate" and u.model == fw.model_name and
                            u.name == test for u in uses(ctx))
            seg = ctx.source.segment
            is_ds = _is_dataset(ctx.user_ns.get(test))
            add = "validation_data=val_ds" if is_ds else "validation_split=0.2"
            parts = [seg(a) for a in c.args] + \
                [f"{k.arg}={seg(k.value)}" if k.arg != "validation_data" else add
                 for k in c.node.keywords if k.arg]
            fixed = f"{seg(c.node.func)}({', '.join(parts)})"
            variant = [effect, "evaluated" if evaluated else "named"]
            if is_ds:
                variant.append("dataset")
            yield Evidence(variant=tuple(variant), line=c.line, subject=test,
                           model=fw.model_name, test=test, label=cb.label, cls=cb.cls,
                           monitor=cb.monitor, fixed=fixed)
