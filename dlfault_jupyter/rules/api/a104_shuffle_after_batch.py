from __future__ import annotations

from collections.abc import Iterator

from ...analysis.pipelines import _FW, _after, _move_before, _pipelines, _seg
from ...context import CellContext
from ...registry import Evidence, Rule, register


@register
class ShuffleAfterBatch(Rule):
    id = "DLF-A104"
    name = "shuffle-after-batch"
    title = "tf.data: shuffle after batch shuffles whole batches, not samples"
    taxonomy = "api"
    severity = "warning"
    silent = True
    evidence = "source"
    frameworks = _FW
    message = ("`{shuffle}` comes after `{batch}`: the pipeline shuffles the order of whole "
               "batches, and each batch holds the same samples in every epoch.")
    beginner = """After `.batch(...)`, each element of the dataset is a whole batch. A
`.shuffle(...)` placed after it only changes the order of the batches: the samples inside
each batch stay together in every epoch, and if the data is sorted each batch may hold a
single class. Training is worse and nothing warns you. Shuffle first, then batch:
`ds.shuffle(buffer).batch(size)`."""
    expert = """`Dataset.shuffle` permutes elements of its input; after `batch` the elements
are batches, so the per-epoch permutation is over N/B fixed groups. Batch composition is
then constant across epochs (correlated gradient noise; class-homogeneous batches on
sorted data, which also biases BatchNormalization statistics)."""
    fix = """{fixed}"""
    references = ("https://www.tensorflow.org/guide/data#randomly_shuffling_input_data",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for ops in _pipelines(ctx).all_chains():
            for b, s in _after(ops, ("batch", "padded_batch", "ragged_batch"), "shuffle",
                               reset=("unbatch",)):
                fixed = _move_before(ctx, s, b) or (
                    "ds = ds.shuffle(buffer_size).batch(batch_size)   # shuffle samples, then batch")
                yield Evidence(line=s.line, shuffle=_seg(ctx, s), batch=_seg(ctx, b),
                               fixed=fixed)
                break
