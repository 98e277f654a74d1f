from __future__ import annotations

from collections.abc import Iterator

from ...analysis.splits import fit_splits
from ...context import CellContext
from ...registry import Evidence, Rule, Texts, register


@register
class SplitOfReshuffledDataset(Rule):
    id = "DLF-T223"
    name = "split-of-reshuffled-dataset"
    title = "Training and validation take()/skip() one tf.data pipeline that reshuffles every pass"
    taxonomy = "training.validation"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = ("keras", "tensorflow")
    message = ("`{train}` and `{val}` are `{tstep}`/`{vstep}` of one pipeline whose "
               "`shuffle({buffer})` reshuffles on every pass{repeat_note}: each epoch splits "
               "a new order, so examples validated on are also trained on.")
    beginner = """`shuffle` draws a new order every time the dataset is iterated (its
`reshuffle_each_iteration` is True by default). `{train}` and `{val}` cut that order at
the same place, but they are iterated separately and every epoch again, so each cut sees
a different order: over the epochs the validation part contains training examples, and
the validation score looks better than it is. Shuffle once with a fixed order before the
split (`reshuffle_each_iteration=False`), or split the data first and shuffle only the
training part."""
    expert = """`take`/`skip` partition positions, not elements: with a reshuffling
upstream `shuffle` the two pipelines re-run it independently (and per epoch), so the
partition changes and training/validation overlap{repeat_note}. Use
`reshuffle_each_iteration=False` (with a seed) above the split, or split before shuffling
and shuffle the training pipeline alone."""
    fix = """# where {common} is built: .shuffle({buffer}, seed=0, reshuffle_each_iteration=False)
# (one fixed order){repeat_fix}; then split it and shuffle only the training part:
{train} = {common}.{tstep}({n}).shuffle({buffer})
{val} = {common}.{vstep}({n})"""
    texts = {
        "repeat": Texts(repeat_note=" and a `repeat()` sits between that shuffle and the "
                                    "split (the later part is the next pass)",
                        repeat_fix=" and without `.repeat()` (Keras repeats per epoch)"),
        "plain": Texts(repeat_note="", repeat_fix=""),
    }
    known_false_alarms = ("A `cache()` between the shuffle and the split is not reported "
                          "(whether it fixes the order depends on how the cache fills).")
    references = ("https://github.com/tensorflow/tensorflow/issues/59279",
                  "https://www.tensorflow.org/api_docs/python/tf/data/Dataset#shuffle")

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for s in fit_splits(ctx):
            yield Evidence(variant="repeat" if s.repeat else "plain", line=s.call.line,
                           subject=s.val, key=(s.train, s.val), train=s.train, val=s.val,
                           tstep=s.train_step, vstep=s.val_step,
                           buffer=s.buffer if s.buffer is not None else "buffer_size",
                           common=s.common or "ds", n=s.count if s.count is not None else "n")
