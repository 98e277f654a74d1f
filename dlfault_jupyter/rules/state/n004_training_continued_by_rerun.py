from __future__ import annotations

from collections.abc import Iterator

from ...analysis.state import RESTART, _current, _run
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


# -- 3. training that goes on across re-runs -----------------------------------------------
@register
class TrainingContinuedByRerun(Rule):
    id = "DLF-N004"
    name = "training-continued-by-rerun"
    title = "A re-run training cell went on training the already-trained model"
    taxonomy = "training.process"
    severity = "warning"
    silent = True
    evidence = "source"
    message = ("This training cell ran again ({now}) on the same `{model}` that its previous "
               "run ({first}) had trained, starting from those weights: `{model}` has now "
               "been trained by both runs.")
    beginner = """Running a training cell again does not start training over: it continues
from the weights the model already has. `{model}` was trained by {first} and, without
being re-created, trained again by {now} — so it has had twice the epochs you asked for
(and the loss or history you see continues from the first run). Any setting you changed
in between applies to a model that was already trained. Re-create the model (and its
optimizer) before training — in the training cell itself, or by re-running the cell that
builds them. {restart}"""
    expert = """History: `{model}` is the same object before and after {now}, its weights
at the start of {now} are those {first} left (no cell re-created or re-initialised it in
between), and both executions of this cell wrote its weights. Training is
path-dependent: results from this notebook describe cumulative training
({first} + {now}), which a fresh run of the notebook will not reproduce."""
    fix = """{fix_code}"""
    texts = {
        "keras_model": Texts(fix_code="""{model} = build_model()          # a fresh model: training starts over
{model}.compile(optimizer=..., loss=..., metrics=[...])
history = {model}.fit(...)"""),
        "torch_model": Texts(fix_code="""{model} = Net()                  # a fresh model: training starts over
optimizer = torch.optim.Adam({model}.parameters(), lr=1e-3)
for epoch in range(num_epochs):
    ..."""),
    }
    known_false_alarms = ("Training on purpose in several rounds by running the same cell "
                          "again (continue training).")
    references = ("https://keras.io/api/models/model_training_apis/#fit-method",
                  "https://doi.org/10.1109/MSR.2019.00077")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        ex = _current(ctx)
        if ex is None or not ex.rerun:
            return
        prev = ex.previous
        now_trained = ex.trained()
        if not now_trained:
            return
        before_trained = set(prev.trained())
        for m in now_trained:
            if m not in before_trained:
                continue
            b1, a0 = ex.before.get(m), prev.after.get(m)
            if b1 is None or a0 is None or b1.ident != a0.ident or b1.weights != a0.weights:
                continue  # re-created or re-initialised in between: a fresh training
            keras = a0.framework == "keras"
            yield Evidence(line=None, subject=m, key=ex.n, model=m, first=_run(prev),
                           now=_run(ex), restart=RESTART,
                           variant="keras_model" if keras else "torch_model")
