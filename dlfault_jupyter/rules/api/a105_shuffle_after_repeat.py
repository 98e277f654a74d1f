from __future__ import annotations

from collections.abc import Iterator

from ...analysis.pipelines import _FW, _after, _move_before, _pipelines, _seg
from ...context import CellContext
from ...registry import Evidence, Rule, register


@register
class ShuffleAfterRepeat(Rule):
    id = "DLF-A105"
    name = "shuffle-after-repeat"
    title = "tf.data: shuffle after repeat blurs the epoch boundaries"
    taxonomy = "api"
    severity = "info"
    silent = True
    evidence = "source"
    frameworks = _FW
    message = ("`{shuffle}` comes after `{repeat}`: samples of the next epoch are mixed into "
               "the current one, so an epoch may see some samples twice and others never.")
    beginner = """With `.repeat()` before `.shuffle(...)`, the shuffle buffer takes samples
from several passes over the data at once. Some samples then appear twice in an "epoch"
and others not at all. Usually you want `ds.shuffle(buffer).repeat()` (or no repeat at all
with `model.fit`, which repeats per epoch itself)."""
    expert = """`repeat().shuffle(b)` draws from a buffer spanning the boundary between
epochs, so the per-epoch multiset of samples is not the dataset; `shuffle(b).repeat()`
guarantees each epoch is a permutation (with reshuffle_each_iteration=True)."""
    fix = """{fixed}"""
    references = ("https://www.tensorflow.org/guide/data#training_workflows",)

    def check(self, ctx: CellContext) -> Iterator[Evidence]:
        for ops in _pipelines(ctx).all_chains():
            for r, s in _after(ops, ("repeat",), "shuffle"):
                fixed = _move_before(ctx, s, r) or (
                    "ds = ds.shuffle(buffer_size).repeat()   # shuffle each epoch, then repeat")
                yield Evidence(line=s.line, shuffle=_seg(ctx, s), repeat=_seg(ctx, r),
                               fixed=fixed)
                break
