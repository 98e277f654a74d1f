from __future__ import annotations

from collections.abc import Iterator

from ...analysis.state import RESTART, _changed_after_training
from ...context import CellContext
from ...registry import Evidence, Rule, register


@register
class TrainedBeforePreprocessing(Rule):
    id = "DLF-N009"
    name = "trained-before-preprocessing"
    title = "The data was preprocessed after the model was trained on it"
    taxonomy = "training.preprocessing"
    severity = "warning"
    silent = True
    evidence = "source"
    message = ("`{model}` was trained in {trained_in} on `{train}` when it was {v_then}; "
               "{split_in} then changed `{train}` to {v_now}, and `{model}` — not trained "
               "again — is now used on `{test}` from that cell.")
    beginner = """The cells ran out of order: `{model}` learned from `{train}` before the
cell that preprocesses it ({split_in}) ran. The data you now feed it (`{test}`) is on the
new scale, the model's weights are fitted to the old one, so its predictions and scores are
wrong — silently. Run the preprocessing before training (restart and run all cells in
order), or train again after changing the data. {restart}"""
    expert = """History: the last execution that wrote `{model}`'s weights ({trained_in})
read `{train}` ({v_then}); the later {split_in} changed `{train}` ({v_now}: another scale
or shape) and also bound `{test}`, which this execution feeds to `{model}` without
training it. The model is evaluated on a distribution it was not trained on."""
    fix = """# run the cells in order: preprocess, then train, then evaluate
{train} = ...   # preprocessing
{model}.fit({train}, ...)   # or the training loop, after the preprocessing"""
    references = ("https://doi.org/10.1109/MSR.2019.00077",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for e in _changed_after_training(ctx):
            if e["how"] == "rescaled":
                yield Evidence(line=None, subject=e["model"], key=e["key"], restart=RESTART,
                               **{k: v for k, v in e.items() if k not in ("how", "key")})
                return
