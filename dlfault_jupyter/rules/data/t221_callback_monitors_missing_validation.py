from __future__ import annotations

from collections.abc import Iterator

from ... import frameworks
from ...analysis.callbacks import fit_callbacks
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


def _is_dataset(obj: object) -> bool:
    k = frameworks.get("keras")
    return obj is not None and k is not None and bool(k.is_dataset(obj))


@register
class CallbackMonitorsMissingValidation(Rule):
    id = "DLF-T221"
    name = "callback-monitors-missing-validation"
    title = "A callback monitors a validation metric, but fit() gets no validation data"
    taxonomy = "training.validation"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{label}` ({cls}) monitors `{monitor}`, but `{model}.fit` gets neither "
               "`validation_data` nor `validation_split`, so no `val_` value is ever "
               "logged: it {effect}.")
    beginner = """`{monitor}` is computed on validation data, and `{model}.fit` was given
none. Keras only prints a warning that `{monitor}` is not available, and {cls} {effect}.
Give `fit` validation data (`validation_split=0.2`, or `validation_data=(x_val, y_val)`
with a split that is not the test set)."""
    expert = """Without `validation_data`/`validation_split`, `fit` logs only training
quantities; `MonitorCallback` finds no `{monitor}` in the epoch logs, warns, and the
callback {effect}. Either validate or monitor a training quantity on purpose."""
    fix = """{fixed}"""
    texts = {
        "stop": Texts(effect="never stops training early"),
        "stop_restore": Texts(effect="never stops training early and never restores the "
                                     "best weights"),
        "save": Texts(effect="saves the model after every epoch, so the \"best\" checkpoint "
                             "is simply the last epoch"),
        "lr": Texts(effect="never lowers the learning rate"),
        "dataset": Texts(fix="""# val_ds: a held-out tf.data.Dataset (not the test set)
{fixed}"""),
    }
    known_false_alarms = ("A `tf.data.Dataset` or generator that validates through a custom "
                          "callback adding `val_` keys to the logs.")
    references = ("https://keras.io/api/callbacks/early_stopping/",
                  "https://github.com/ReDASers/PhishBench/issues/158")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        if ctx.error is not None:
            return   # Keras raised (e.g. a mode it cannot infer): the explainers own it
        for fw in fit_callbacks(ctx):
            if fw.validated is not False:
                continue
            if fw.logged is not None and fw.observed and \
                    any(k.startswith("val_") for k in fw.logged):
                continue   # something logged validation values after all
            for cb in fw.callbacks:
                if not cb.monitor.startswith("val_"):
                    continue
                if cb.cls == "ModelCheckpoint" and cb.best != "save_best_only":
                    continue
                effect = {"EarlyStopping": "stop", "ModelCheckpoint": "save",
                          "ReduceLROnPlateau": "lr"}.get(cb.cls)
                if effect is None:
                    continue
                if effect == "stop" and cb.best == "restore_best_weights":
                    effect = "stop_restore"
                c = fw.call
                seg = ctx.source.segment
                x = ctx.user_ns.get(seg(c.args[0])) if c.args else None
                add = ("validation_data=val_ds" if _is_dataset(x) else "validation_split=0.2")
                parts = [seg(a) for a in c.args] + \
                    [f"{k.arg}={seg(k.value)}" for k in c.node.keywords if k.arg]
                fixed = f"{seg(c.node.func)}({', '.join(parts + [add])})"
                variant = (effect, "dataset") if _is_dataset(x) else effect
                yield Evidence(variant=variant, line=c.line, subject=fw.model_name,
                               key=(cb.label, cb.monitor), label=cb.label, cls=cb.cls,
                               monitor=cb.monitor, model=fw.model_name, fixed=fixed)
