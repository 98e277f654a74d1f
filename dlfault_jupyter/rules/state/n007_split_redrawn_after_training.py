from __future__ import annotations

from collections.abc import Iterator

from ...analysis.state import RESTART, _changed_after_training
from ...context import CellContext
from ...registry import Evidence, Rule, register


@register
class SplitRedrawnAfterTraining(Rule):
    id = "DLF-N007"
    name = "split-redrawn-after-training"
    title = "The train/test split was drawn again after the model was trained"
    taxonomy = "training.validation"
    severity = "warning"
    silent = True
    evidence = "source"
    message = ("`{model}` was trained in {trained_in} on `{train}`; {what}, so `{test}` now "
               "holds samples `{model}` was trained on.")
    beginner = """The test set must hold samples the model never saw. Here the split was made
after `{model}` was trained: {what}. `{model}` was not trained again, so `{test}` overlaps
the data it learned from: the score you get is too good, and says little about new data.
Split first, with a fixed seed (`random_state=42`), then train, then evaluate — and
re-train after re-running the split. {restart}"""
    expert = """History: `{model}`'s weights were last written in {trained_in}, an execution
that read `{train}` ({v_then}). Afterwards {what}; this execution reads `{model}` and
`{test}` ({v_now}) without training: evaluation on a test set that overlaps the model's
training set (leakage through execution order)."""
    fix = """X_train, X_test, y_train, y_test = train_test_split(
    X, y, test_size=0.2, random_state=42)   # the same split every time the cell runs"""

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for e in _changed_after_training(ctx):
            if e["how"] == "redrawn":
                yield Evidence(line=None, subject=e["model"], key=e["key"], restart=RESTART,
                               **{k: v for k, v in e.items() if k not in ("how", "key")})
                return
