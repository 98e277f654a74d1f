from __future__ import annotations

import difflib
from collections.abc import Iterator

from ...analysis.callbacks import direction, fit_callbacks
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register

#: what a monitoring callback does when its quantity is never logged (Keras 3 only warns)
_UNLOGGED = {"EarlyStopping": "u_stop", "ModelCheckpoint": "u_save",
             "ReduceLROnPlateau": "u_lr"}
#: what it does when its mode points the wrong way
_AGAINST = {"EarlyStopping": "m_stop", "ModelCheckpoint": "m_save",
            "ReduceLROnPlateau": "m_lr"}


@register
class CallbackMonitorMismatch(Rule):
    id = "DLF-T141"
    name = "callback-monitor-mismatch"
    title = "A callback watches a quantity fit() never logs, or counts the wrong direction as better"
    taxonomy = "training.process"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{label}` ({cls}) monitors `{monitor}`, but `{model}.fit` logs only "
               "{logged}: it {effect}.")
    beginner = """A callback such as {cls} looks up `{monitor}` by name in what `fit` logs
after each epoch. `{model}.fit` logs {logged}, so the name never matches: Keras only prints
a warning, and the callback {effect}. Monitor a name that is logged, e.g. `{suggest}`."""
    expert = """Keras names logged metrics by the names given to `compile(metrics=...)` (a
string as written, a metric object by its `name`) plus `loss`, with a `val_` twin for each
when validating. `{monitor}` is not among them ({logged}); `MonitorCallback` then warns and
the callback {effect}."""
    fix = """{assign}{code}"""
    texts = {
        "mode": Texts(
            message=("`{label}` ({cls}) monitors `{monitor}` with `mode=\"{mode}\"`, but "
                     "`{monitor}` gets better as it goes {better}: it {effect}."),
            beginner="""`mode` tells {cls} which way `{monitor}` improves: "min" for a loss or
an error, "max" for accuracy-like scores. `{monitor}` is better when it goes {better}, but
the callback was told `mode="{mode}"`, so it {effect}. Use `mode="{right}"` (or leave
`mode="auto"`, which Keras infers from the metric).""",
            expert="""With `mode="{mode}"` the monitor operator is inverted for `{monitor}`,
whose improvement direction is {better}: the "best" value tracked is the worst, so the
callback {effect}. Set `mode="{right}"` or `"auto"`."""),
        "u_stop": Texts(effect="never stops training early"),
        "u_stop_restore": Texts(effect="never stops training early and never restores the "
                                       "best weights"),
        "u_save": Texts(effect="saves the model after every epoch, so the \"best\" "
                               "checkpoint is simply the last epoch"),
        "u_lr": Texts(effect="never lowers the learning rate"),
        "m_stop": Texts(effect="takes each improving epoch for a setback and stops training "
                               "while the model still improves"),
        "m_stop_restore": Texts(effect="takes each improving epoch for a setback, stops "
                                       "training while the model still improves and "
                                       "restores the weights of its worst epoch"),
        "m_save": Texts(effect="keeps the checkpoint of the worst epoch as the \"best\" one"),
        "m_lr": Texts(effect="lowers the learning rate while the model is improving and "
                             "keeps it while it is not"),
    }
    known_false_alarms = ("A custom callback placed before it that adds the quantity to "
                          "the logs (not reported when the fit ran and logged it).")
    references = ("https://keras.io/api/callbacks/early_stopping/",
                  "https://keras.io/api/callbacks/model_checkpoint/",
                  "https://github.com/tensorflow/tensorflow/issues/38648")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        if ctx.error is not None:
            return   # Keras raised (e.g. a mode it cannot infer): the explainers own it
        for fw in fit_callbacks(ctx):
            for cb in fw.callbacks:
                if cb.cls == "ModelCheckpoint" and cb.best != "save_best_only":
                    continue   # saves every epoch anyway: the monitor is not used
                assign = f"{cb.bound} = " if cb.bound else ""
                common = dict(line=fw.call.line, subject=cb.bound or fw.model_name,
                              label=cb.label, cls=cb.cls, monitor=cb.monitor,
                              model=fw.model_name, assign=assign)
                if fw.logged is not None and cb.monitor not in fw.logged:
                    if cb.monitor.startswith("val_") and not fw.validated:
                        continue   # no validation at all: DLF-T221
                    effect = _UNLOGGED.get(cb.cls)
                    if effect is None:
                        continue
                    if effect == "u_stop" and cb.best == "restore_best_weights":
                        effect = "u_stop_restore"
                    pool = [k for k in fw.logged
                            if k.startswith("val_") == cb.monitor.startswith("val_")]
                    near = difflib.get_close_matches(cb.monitor, pool, n=1, cutoff=0.5)
                    suggest = near[0] if near else ("val_loss" if "val_loss" in pool
                                                    else "loss")
                    mode = cb.mode
                    d = direction(fw, suggest)
                    if d is not None:
                        mode = "max" if d == "up" else "min"
                    yield Evidence(variant=effect, key=("unlogged", cb.label, cb.monitor),
                                   logged=", ".join(f"`{k}`" for k in fw.logged),
                                   suggest=suggest,
                                   code=cb.code(monitor=suggest, mode=mode), **common)
                    continue
                if cb.mode not in ("min", "max"):
                    continue
                d = direction(fw, cb.monitor)
                if d is None or (d == "up") == (cb.mode == "max"):
                    continue
                effect = _AGAINST.get(cb.cls)
                if effect is None:
                    continue
                if effect == "m_stop" and cb.best == "restore_best_weights":
                    effect = "m_stop_restore"
                right = "max" if d == "up" else "min"
                yield Evidence(variant=("mode", effect), key=("mode", cb.label, cb.monitor),
                               mode=cb.mode, right=right,
                               better="up" if d == "up" else "down",
                               code=cb.code(mode=right), **common)
